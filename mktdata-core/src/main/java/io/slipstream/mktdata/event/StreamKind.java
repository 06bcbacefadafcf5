package io.slipstream.mktdata.event;

/**
 * A kind of stream. A stream is (instrument, kind), and for candles also the interval; each carries its own
 * sequence number. Status has one stream per venue.
 */
public enum StreamKind {
    /** L2 book snapshots and deltas. */
    BOOK,
    /** Trades. */
    TRADES,
    /** Best bid/offer quotes. */
    QUOTES,
    /** Candles of one interval. */
    CANDLES,
    /** Mark price, index price and funding. */
    MARK,
    /** Status events of one venue. */
    STATUS,
    /** Order-flow features computed by the engine (last, so the codes of the others never change). */
    FEATURES;

    private static final StreamKind[] VALUES = values();

    /**
     * @param code an {@link #ordinal()}
     * @return the kind, or null if unknown
     */
    public static StreamKind fromCode(final int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }
}
