package io.slipstream.mktdata.candle;

import io.slipstream.mktdata.rejection.Rejection;

/**
 * Builds candles of one (instrument, interval) from trades, by exchange time.
 *
 * <p>Each trade updates the open bucket and emits it (open). A trade in a later bucket first emits the open bucket
 * closed, then a flat, zero-volume, closed candle (close carried forward) for each bucket with no trade in between,
 * at most {@code maxFlatBuckets} of them, then the new open bucket. A trade older than the open bucket is refused
 * ({@link Rejection#TRADE_LATE_FOR_CANDLE}): its bucket has been emitted as closed.
 *
 * <p>Not thread-safe: owned by the engine thread. No allocation (except {@code 1M} month arithmetic).
 */
public final class CandleAggregator {
    private final int instrumentId;
    private final CandleInterval interval;
    private final long maxFlatBuckets;
    private long bucketOpenTimeMs = Long.MIN_VALUE;
    private long open;
    private long high;
    private long low;
    private long close;
    private long volume;
    private long tradeCount;
    private boolean bucketClosed;

    /**
     * @param instrumentId   the instrument
     * @param interval       the interval to build
     * @param maxFlatBuckets most flat candles emitted for one silent stretch (e.g. the series' retention)
     */
    public CandleAggregator(final int instrumentId, final CandleInterval interval, final long maxFlatBuckets) {
        this.instrumentId = instrumentId;
        this.interval = interval;
        this.maxFlatBuckets = maxFlatBuckets;
    }

    /**
     * @param priceMantissa   trade price, positive
     * @param sizeMantissa    trade size, non-negative
     * @param exchangeTimeMs  trade time, UTC epoch milliseconds
     * @param sink            receives the candles this trade produces
     * @return {@link Rejection#NONE}, or why the trade was not aggregated
     */
    public Rejection onTrade(
        final long priceMantissa, final long sizeMantissa, final long exchangeTimeMs, final CandleSink sink) {
        if (priceMantissa <= 0) {
            return Rejection.INVALID_PRICE;
        }
        if (sizeMantissa < 0) {
            return Rejection.INVALID_SIZE;
        }
        final long bucket = interval.bucketStartMs(exchangeTimeMs);
        if (bucketOpenTimeMs != Long.MIN_VALUE
            && (bucket < bucketOpenTimeMs || (bucket == bucketOpenTimeMs && bucketClosed))) {
            return Rejection.TRADE_LATE_FOR_CANDLE;
        }
        if (bucket > bucketOpenTimeMs) {
            if (bucketOpenTimeMs != Long.MIN_VALUE) {
                if (!bucketClosed) {
                    emit(sink, true);
                }
                emitFlatBuckets(bucket, sink);
            }
            bucketClosed = false;
            bucketOpenTimeMs = bucket;
            open = priceMantissa;
            high = priceMantissa;
            low = priceMantissa;
            volume = 0;
            tradeCount = 0;
        }
        high = Math.max(high, priceMantissa);
        low = Math.min(low, priceMantissa);
        close = priceMantissa;
        volume += sizeMantissa;
        tradeCount++;
        emit(sink, false);
        return Rejection.NONE;
    }

    /**
     * Closes the open bucket if the clock has passed its end, for quiet markets where no later trade arrives.
     *
     * @param nowMs current UTC epoch milliseconds
     * @param sink  receives the closed candle
     * @return true if a candle was closed
     */
    public boolean closeIfDue(final long nowMs, final CandleSink sink) {
        if (bucketOpenTimeMs == Long.MIN_VALUE || bucketClosed
            || nowMs < interval.nextBucketStartMs(bucketOpenTimeMs)) {
            return false;
        }
        emit(sink, true);
        // The closed bucket stays as the reference for carrying the close forward; a later trade rolls past it.
        bucketClosed = true;
        return true;
    }

    private void emitFlatBuckets(final long newBucket, final CandleSink sink) {
        final long skipped = interval.bucketsBetween(bucketOpenTimeMs, newBucket) - 1;
        final long flat = Math.min(skipped, maxFlatBuckets);
        long flatOpenTimeMs = interval.plusBuckets(newBucket, -flat);
        for (long i = 0; i < flat; i++) {
            sink.onCandle(instrumentId, interval, flatOpenTimeMs, close, close, close, close, 0, 0, true);
            flatOpenTimeMs = interval.nextBucketStartMs(flatOpenTimeMs);
        }
    }

    private void emit(final CandleSink sink, final boolean closed) {
        sink.onCandle(instrumentId, interval, bucketOpenTimeMs, open, high, low, close, volume, tradeCount, closed);
    }

    /** @return the open time of the bucket being built, or {@link Long#MIN_VALUE} before the first trade */
    public long bucketOpenTimeMs() {
        return bucketOpenTimeMs;
    }
}
