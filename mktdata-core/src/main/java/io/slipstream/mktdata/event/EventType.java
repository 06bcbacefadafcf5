package io.slipstream.mktdata.event;

/** The kinds of normalised event; {@link #code()} is the type id in the ring and the event header. */
public enum EventType {
    /** A trade with its aggressor side. */
    TRADE(1),
    /** A best bid/offer. */
    QUOTE(2),
    /** A full book: from a venue (input) or the engine's state for a new subscriber (output). */
    BOOK_SNAPSHOT(3),
    /** Changed book levels, each with its new absolute size, 0 for removed. */
    BOOK_DELTA(4),
    /** One candle bucket (open or closed). */
    CANDLE(5),
    /** A stream's health changed (connected, live, gap, stale...). */
    STATUS(6),
    /** Mark price, index price and funding of a perpetual (Binance {@code markPrice}, Hyperliquid asset context). */
    MARK_PRICE(7),
    /** Order-flow features of one instrument, computed by the engine (never accepted from producers). */
    FEATURES(8);

    private static final EventType[] BY_CODE = new EventType[9];

    static {
        for (final EventType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    EventType(final int code) {
        this.code = code;
    }

    /** @return the type id on the wire */
    public int code() {
        return code;
    }

    /**
     * @param code a type id
     * @return the type, or null if unknown
     */
    public static EventType fromCode(final int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
