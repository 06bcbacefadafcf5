package io.slipstream.mktdata.ipc.client;

/** How an order book subscription is streamed. */
public enum BookMode {
    /** Conflated: every message is the complete top {@code depth}; {@code seq} may jump. */
    TOP("top"),
    /** Exact: a snapshot, then one delta per engine event; {@code seq} grows by one, so gaps are detected. */
    DELTA("delta");

    private final String wireName;

    BookMode(final String wireName) {
        this.wireName = wireName;
    }

    /** @return the protocol's name */
    public String wireName() {
        return wireName;
    }
}
