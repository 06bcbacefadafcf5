package io.slipstream.mktdata.ipc.server;

/** A request that cannot be served: becomes an {@code error} reply with {@link #code()}; the connection lives on. */
final class RequestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    RequestException(final String code, final String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
