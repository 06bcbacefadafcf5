package io.slipstream.mktdata.ipc.client;

/** The taker's side of a trade. */
public enum TradeSide {
    /** The taker bought. */
    BUY,
    /** The taker sold. */
    SELL,
    /** The server sent something else (a later protocol version). */
    UNKNOWN
}
