package io.slipstream.mktdata.ipc.client;

/** Base of the client's failures; unchecked because a strategy rarely has a useful local recovery. */
public class MarketDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public MarketDataException(final String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public MarketDataException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
