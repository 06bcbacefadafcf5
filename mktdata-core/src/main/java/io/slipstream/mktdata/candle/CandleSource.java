package io.slipstream.mktdata.candle;

/** Where a candle's values came from. */
public enum CandleSource {
    /** Pushed by the venue's websocket. */
    LIVE,
    /** Fetched from the venue's REST history. */
    BACKFILL,
    /** Built by the service from the trade stream. */
    TRADES,
    /** A placeholder: no data for this bucket. It has no prices; it shows a hole instead of hiding it. */
    MISSING;

    private static final CandleSource[] VALUES = values();

    /**
     * @param code an {@link #ordinal()}
     * @return the source, or null if unknown
     */
    public static CandleSource fromCode(final int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }
}
