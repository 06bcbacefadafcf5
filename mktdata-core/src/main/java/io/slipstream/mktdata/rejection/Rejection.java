package io.slipstream.mktdata.rejection;

/**
 * Why an input was refused. Every refusal is counted in {@link RejectionCounters} and leaves state untouched:
 * bad input never half-applies and never throws into the engine loop.
 */
public enum Rejection {
    /** Not a rejection: the input was accepted. */
    NONE("accepted"),
    /** The instrument id is not registered. */
    UNKNOWN_INSTRUMENT("unknown instrument"),
    /** A price was zero, negative or not a valid decimal. */
    INVALID_PRICE("price not positive or not a valid decimal"),
    /** A size was negative (or zero in a snapshot) or not a valid decimal. */
    INVALID_SIZE("size negative, zero in a snapshot, or not a valid decimal"),
    /** A decimal was NaN, infinite, out of range or more precise than the instrument's scale. */
    INVALID_DECIMAL("NaN, infinite, out of range or too precise for the instrument"),
    /** A book sequence went backwards, or a delta repeated the last applied sequence. */
    SEQUENCE_REGRESSION("sequence went backwards"),
    /** Snapshot levels were not strictly ordered best first. */
    UNORDERED_LEVELS("snapshot levels not strictly ordered best first"),
    /** A candle's open time is not on its interval's UTC boundary. */
    CANDLE_MISALIGNED("candle open time not on an interval boundary"),
    /** A candle is older than the series retains. */
    CANDLE_TOO_OLD("candle older than retention"),
    /** A candle's high, low, open and close are inconsistent, or its volume is negative. */
    CANDLE_INVALID("candle OHLC inconsistent or volume negative"),
    /** An open (not closed) update arrived for a candle already closed; the closed values stand. */
    CANDLE_ALREADY_CLOSED("open update for a closed candle"),
    /** A trade arrived for a bucket an aggregator has already closed. */
    TRADE_LATE_FOR_CANDLE("trade too late for its candle bucket"),
    /** An event's type or layout is not understood. */
    MALFORMED_EVENT("malformed event"),
    /** The event ring was full: the producer was back-pressured. */
    RING_FULL("event ring full"),
    /** An event was larger than the ring accepts. */
    EVENT_TOO_LARGE("event larger than the ring accepts"),
    /** A listener threw; the engine caught it and went on. */
    LISTENER_ERROR("listener threw");

    private final String description;

    Rejection(final String description) {
        this.description = description;
    }

    /** @return a short human-readable reason */
    public String description() {
        return description;
    }
}
