package io.slipstream.mktdata.venuesim.net;

import java.io.IOException;
import java.net.URI;

/** One simulated venue: its websocket server and its REST server on 127.0.0.1. */
public interface SimVenue extends AutoCloseable {
    /**
     * Binds the ports and starts serving.
     *
     * @throws IOException if a port cannot be bound
     */
    void start() throws IOException;

    /** @return the websocket base, e.g. {@code ws://127.0.0.1:41234} */
    URI webSocketUri();

    /** @return the REST base, e.g. {@code http://127.0.0.1:41235} */
    URI restUri();

    /** Stops both servers and closes every connection. */
    @Override
    void close();
}
