package io.slipstream.mktdata.ipc.client;

/** What the server does when a lossless stream overflows this client's queue (the hello's {@code slow_consumer}). */
public enum SlowConsumerPolicy {
    /** Drop events and send a {@code status} {@code gap} with the lost count once there is room. */
    DROP("drop"),
    /** Send an {@code error} {@code slow_consumer} and close the connection (the client then reconnects). */
    DISCONNECT("disconnect");

    private final String wireName;

    SlowConsumerPolicy(final String wireName) {
        this.wireName = wireName;
    }

    /** @return the protocol's name */
    public String wireName() {
        return wireName;
    }
}
