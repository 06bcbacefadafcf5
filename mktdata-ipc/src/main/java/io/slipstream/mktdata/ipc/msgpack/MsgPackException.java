package io.slipstream.mktdata.ipc.msgpack;

/** A MessagePack value that is truncated, malformed or not of the expected type. */
public final class MsgPackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong */
    public MsgPackException(final String message) {
        super(message);
    }
}
