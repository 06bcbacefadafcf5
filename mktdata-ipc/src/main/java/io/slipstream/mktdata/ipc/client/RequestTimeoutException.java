package io.slipstream.mktdata.ipc.client;

/** No reply within {@link ClientOptions#requestTimeoutMs()}; the connection is left as it is. */
public final class RequestTimeoutException extends MarketDataException {
    private static final long serialVersionUID = 1L;

    /** @param message which request timed out */
    public RequestTimeoutException(final String message) {
        super(message);
    }
}
