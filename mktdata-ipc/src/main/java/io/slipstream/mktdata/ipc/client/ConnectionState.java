package io.slipstream.mktdata.ipc.client;

/** Connection changes reported to {@link MarketDataListener#onConnectionState}. */
public enum ConnectionState {
    /** The connection dropped (or went silent); pending requests failed. The client reconnects if allowed. */
    DISCONNECTED,
    /** Connected again: hello done and every live subscription re-sent. */
    RECONNECTED,
    /** The client was closed, or gave up because reconnecting is disabled; it sends no more events. */
    CLOSED
}
