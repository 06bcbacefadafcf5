package io.slipstream.mktdata.candle;

/** What {@link CandleSeries#upsert} did with a candle. */
public enum CandleOutcome {
    /** A new newest bucket was added (after any {@link CandleSource#MISSING} placeholders for skipped buckets). */
    APPENDED,
    /** An open bucket, or a placeholder, got new values. */
    UPDATED,
    /** A closed bucket was re-published with different values; consumers should replace it. */
    CORRECTED,
    /** The same values again: nothing changed, nothing to publish. */
    UNCHANGED,
    /** An open update for a bucket already closed: the closed values stand. */
    STALE_IGNORED,
    /** Refused; {@link CandleSeries#lastRejection()} says why. */
    REJECTED;

    /** @return true if the series changed and the candle should be published */
    public boolean changed() {
        return this == APPENDED || this == UPDATED || this == CORRECTED;
    }
}
