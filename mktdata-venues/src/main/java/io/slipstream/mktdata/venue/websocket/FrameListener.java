package io.slipstream.mktdata.venue.websocket;

import java.nio.ByteBuffer;

/** What a {@link VenueWebSocket} reports, on its connection's read thread. */
public interface FrameListener {
    /**
     * The connection is open (first time or after a reconnect): (re)subscribe here.
     *
     * @param socket the socket
     */
    void onOpen(VenueWebSocket socket);

    /**
     * A complete text frame, as UTF-8 bytes between the buffer's position and limit; valid only during the call.
     *
     * @param socket        the socket
     * @param payload       the frame's bytes
     * @param receiveTimeNs local receive time, epoch nanoseconds
     */
    void onFrame(VenueWebSocket socket, ByteBuffer payload, long receiveTimeNs);

    /**
     * The connection closed; the socket reconnects by itself unless closed by its owner.
     *
     * @param socket the socket
     * @param code   the close code (1006 when the connection dropped without a close frame)
     * @param reason the reason, possibly empty
     */
    void onClose(VenueWebSocket socket, int code, String reason);
}
