package io.slipstream.mktdata.replay;

/** Nothing to replay, or not what was asked: the command exits with status 2 and this message. */
public final class ReplayException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, for the user */
    public ReplayException(final String message) {
        super(message);
    }
}
