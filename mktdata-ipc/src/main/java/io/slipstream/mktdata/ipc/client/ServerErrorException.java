package io.slipstream.mktdata.ipc.client;

/** The server answered a request with an {@code error} message. */
public final class ServerErrorException extends MarketDataException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String serverMessage;

    /**
     * @param code          the protocol's error code, e.g. {@code unknown_symbol}
     * @param serverMessage the server's explanation
     */
    public ServerErrorException(final String code, final String serverMessage) {
        super(code + ": " + serverMessage);
        this.code = code;
        this.serverMessage = serverMessage;
    }

    /** @return the protocol's error code, e.g. {@code bad_request}, {@code unknown_symbol} */
    public String code() {
        return code;
    }

    /** @return the server's explanation */
    public String serverMessage() {
        return serverMessage;
    }
}
