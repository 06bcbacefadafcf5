package io.slipstream.mktdata.ipc.client;

/** The connection is down (or dropped while a request was in flight), or the client is closed. */
public final class ConnectionLostException extends MarketDataException {
    private static final long serialVersionUID = 1L;

    /** @param message why */
    public ConnectionLostException(final String message) {
        super(message);
    }

    /**
     * @param message why
     * @param cause   the underlying failure
     */
    public ConnectionLostException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
