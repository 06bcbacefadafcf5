package io.slipstream.mktdata.candle;

import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.ring.RingPositions;

/**
 * The candles of one (instrument, interval), newest {@code retention} buckets, as a ring of primitive columns.
 *
 * <p>Buckets are contiguous in time: when a candle arrives for a later bucket than the newest, every skipped bucket
 * is kept as a {@link CandleSource#MISSING} placeholder, so a hole is visible to every reader instead of silent
 * (and a later backfill can fill it). The open bucket is upserted; a closed bucket re-published with other values is
 * a correction. Input is validated before anything changes.
 *
 * <p>Not thread-safe: owned by the engine thread. No allocation once warm (except month arithmetic for {@code 1M}).
 */
public final class CandleSeries {
    private static final byte CLOSED = 1;

    private final int instrumentId;
    private final CandleInterval interval;
    private final RingPositions ring;
    private final long[] openTimeMs;
    private final long[] open;
    private final long[] high;
    private final long[] low;
    private final long[] close;
    private final long[] volume;
    private final long[] tradeCount;
    private final byte[] flags;
    private final byte[] source;
    private final long[] receiveTimeNs;
    private final long[] streamSequence;
    private Rejection lastRejection = Rejection.NONE;
    private int lastSlot = -1;
    private long lastMissingAdded;

    /**
     * @param instrumentId the instrument
     * @param interval     the interval
     * @param retention    buckets kept (e.g. 1200 for 4h, 2000 for 1h)
     */
    public CandleSeries(final int instrumentId, final CandleInterval interval, final int retention) {
        this.instrumentId = instrumentId;
        this.interval = interval;
        this.ring = new RingPositions(retention);
        openTimeMs = new long[retention];
        open = new long[retention];
        high = new long[retention];
        low = new long[retention];
        close = new long[retention];
        volume = new long[retention];
        tradeCount = new long[retention];
        flags = new byte[retention];
        source = new byte[retention];
        receiveTimeNs = new long[retention];
        streamSequence = new long[retention];
    }

    /**
     * Inserts or updates the candle of one bucket.
     *
     * @param bucketOpenTimeMs UTC open time; must be on the interval's boundary
     * @param openPrice        open price mantissa
     * @param highPrice        high price mantissa
     * @param lowPrice         low price mantissa
     * @param closePrice       close price mantissa
     * @param volumeSize       base volume, size mantissa
     * @param trades           number of trades, or 0 if unknown
     * @param closed           true once the bucket is final
     * @param candleSource     where the values came from
     * @param receivedNs       local receive time, epoch nanoseconds
     * @return what happened; on {@link CandleOutcome#REJECTED} see {@link #lastRejection()}
     */
    public CandleOutcome upsert(
        final long bucketOpenTimeMs,
        final long openPrice,
        final long highPrice,
        final long lowPrice,
        final long closePrice,
        final long volumeSize,
        final long trades,
        final boolean closed,
        final CandleSource candleSource,
        final long receivedNs) {
        lastMissingAdded = 0;
        final Rejection invalid = validate(bucketOpenTimeMs, openPrice, highPrice, lowPrice, closePrice,
            volumeSize, trades, candleSource);
        if (invalid != Rejection.NONE) {
            return reject(invalid);
        }
        final int slot;
        final CandleOutcome outcome;
        if (ring.count() == 0 || bucketOpenTimeMs > openTimeMs[ring.newestSlot()]) {
            appendMissingBefore(bucketOpenTimeMs);
            slot = ring.append();
            outcome = CandleOutcome.APPENDED;
        } else {
            final int index = indexOf(bucketOpenTimeMs);
            if (index < 0) {
                return reject(Rejection.CANDLE_TOO_OLD);
            }
            slot = ring.slotOf(index);
            final boolean wasClosed = (flags[slot] & CLOSED) != 0;
            final boolean placeholder = source[slot] == CandleSource.MISSING.ordinal();
            if (!placeholder && wasClosed && !closed) {
                lastRejection = Rejection.NONE;
                return CandleOutcome.STALE_IGNORED;
            }
            if (!placeholder && sameValues(slot, openPrice, highPrice, lowPrice, closePrice, volumeSize, trades)
                && wasClosed == closed) {
                lastRejection = Rejection.NONE;
                return CandleOutcome.UNCHANGED;
            }
            outcome = !placeholder && wasClosed ? CandleOutcome.CORRECTED : CandleOutcome.UPDATED;
        }
        write(slot, bucketOpenTimeMs, openPrice, highPrice, lowPrice, closePrice, volumeSize, trades, closed,
            candleSource, receivedNs);
        lastSlot = slot;
        lastRejection = Rejection.NONE;
        return outcome;
    }

    /**
     * Marks the bucket at {@code bucketOpenTimeMs} closed, without changing its values (Hyperliquid has no closed
     * flag: a bucket closes when the next one starts or the wall clock passes its end).
     *
     * @param bucketOpenTimeMs the bucket
     * @return {@link CandleOutcome#UPDATED} if it was open, {@link CandleOutcome#UNCHANGED} if already closed or a
     *         placeholder, {@link CandleOutcome#REJECTED} if not held
     */
    public CandleOutcome close(final long bucketOpenTimeMs) {
        final int index = indexOf(bucketOpenTimeMs);
        if (index < 0) {
            return reject(Rejection.CANDLE_TOO_OLD);
        }
        final int slot = ring.slotOf(index);
        if ((flags[slot] & CLOSED) != 0 || source[slot] == CandleSource.MISSING.ordinal()) {
            return CandleOutcome.UNCHANGED;
        }
        flags[slot] |= CLOSED;
        lastSlot = slot;
        return CandleOutcome.UPDATED;
    }

    private void appendMissingBefore(final long bucketOpenTimeMs) {
        if (ring.count() == 0) {
            return;
        }
        final long newest = openTimeMs[ring.newestSlot()];
        final long skipped = interval.bucketsBetween(newest, bucketOpenTimeMs) - 1;
        if (skipped <= 0) {
            return;
        }
        lastMissingAdded = skipped;
        final long kept = Math.min(skipped, ring.capacity() - 1);
        long missingOpenTimeMs = interval.plusBuckets(bucketOpenTimeMs, -kept);
        for (long i = 0; i < kept; i++) {
            write(ring.append(), missingOpenTimeMs, 0, 0, 0, 0, 0, 0, false, CandleSource.MISSING, 0);
            missingOpenTimeMs = interval.nextBucketStartMs(missingOpenTimeMs);
        }
    }

    private void write(
        final int slot, final long bucketOpenTimeMs, final long openPrice, final long highPrice, final long lowPrice,
        final long closePrice, final long volumeSize, final long trades, final boolean closed,
        final CandleSource candleSource, final long receivedNs) {
        openTimeMs[slot] = bucketOpenTimeMs;
        open[slot] = openPrice;
        high[slot] = highPrice;
        low[slot] = lowPrice;
        close[slot] = closePrice;
        volume[slot] = volumeSize;
        tradeCount[slot] = trades;
        flags[slot] = closed ? CLOSED : 0;
        source[slot] = (byte) candleSource.ordinal();
        receiveTimeNs[slot] = receivedNs;
        streamSequence[slot] = 0;
    }

    private boolean sameValues(
        final int slot, final long openPrice, final long highPrice, final long lowPrice, final long closePrice,
        final long volumeSize, final long trades) {
        return open[slot] == openPrice && high[slot] == highPrice && low[slot] == lowPrice
            && close[slot] == closePrice && volume[slot] == volumeSize && tradeCount[slot] == trades;
    }

    private Rejection validate(
        final long bucketOpenTimeMs, final long openPrice, final long highPrice, final long lowPrice,
        final long closePrice, final long volumeSize, final long trades, final CandleSource candleSource) {
        if (candleSource == null || candleSource == CandleSource.MISSING) {
            return Rejection.CANDLE_INVALID;
        }
        if (openPrice == FixedPoint.INVALID || highPrice == FixedPoint.INVALID || lowPrice == FixedPoint.INVALID
            || closePrice == FixedPoint.INVALID || volumeSize == FixedPoint.INVALID) {
            return Rejection.INVALID_DECIMAL;
        }
        if (!interval.isAligned(bucketOpenTimeMs)) {
            return Rejection.CANDLE_MISALIGNED;
        }
        if (lowPrice <= 0 || highPrice < lowPrice || openPrice < lowPrice || openPrice > highPrice
            || closePrice < lowPrice || closePrice > highPrice || volumeSize < 0 || trades < 0) {
            return Rejection.CANDLE_INVALID;
        }
        return Rejection.NONE;
    }

    private CandleOutcome reject(final Rejection reason) {
        lastRejection = reason;
        return CandleOutcome.REJECTED;
    }

    /**
     * @param bucketOpenTimeMs an open time
     * @return the index (0 = oldest) of that bucket, or -1 if not held
     */
    public int indexOf(final long bucketOpenTimeMs) {
        int lowIndex = 0;
        int highIndex = ring.count() - 1;
        while (lowIndex <= highIndex) {
            final int mid = (lowIndex + highIndex) >>> 1;
            final long midTime = openTimeMs[ring.slotOf(mid)];
            if (midTime < bucketOpenTimeMs) {
                lowIndex = mid + 1;
            } else if (midTime > bucketOpenTimeMs) {
                highIndex = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * Stamps the stream sequence of the candle last written by {@link #upsert} or {@link #close}.
     *
     * @param sequence the engine's stream sequence for its publication
     */
    public void stampLastSequence(final long sequence) {
        if (lastSlot >= 0) {
            streamSequence[lastSlot] = sequence;
        }
    }

    /** @return the index (0 = oldest) of the candle last written by {@link #upsert} or {@link #close}, or -1 */
    public int lastWrittenIndex() {
        if (lastSlot < 0 || ring.count() == 0) {
            return -1;
        }
        final int oldest = ring.slotOf(0);
        final int index = lastSlot - oldest;
        return index >= 0 ? index : index + ring.capacity();
    }

    /** @return why the last upsert was refused, or {@link Rejection#NONE} */
    public Rejection lastRejection() {
        return lastRejection;
    }

    /** @return how many skipped buckets the last upsert found (placeholders kept are capped at retention) */
    public long lastMissingAdded() {
        return lastMissingAdded;
    }

    /** @return the instrument */
    public int instrumentId() {
        return instrumentId;
    }

    /** @return the interval */
    public CandleInterval interval() {
        return interval;
    }

    /** @return buckets held, placeholders included */
    public int count() {
        return ring.count();
    }

    /** @return buckets kept at most */
    public int retention() {
        return ring.capacity();
    }

    /**
     * @param index 0 is the oldest bucket
     * @return its open time, UTC epoch milliseconds
     */
    public long openTimeMs(final int index) {
        return openTimeMs[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest bucket
     * @return open price mantissa (0 for a placeholder)
     */
    public long open(final int index) {
        return open[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest bucket
     * @return high price mantissa
     */
    public long high(final int index) {
        return high[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest bucket
     * @return low price mantissa
     */
    public long low(final int index) {
        return low[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest bucket
     * @return close price mantissa
     */
    public long close(final int index) {
        return close[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest bucket
     * @return base volume, size mantissa
     */
    public long volume(final int index) {
        return volume[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest bucket
     * @return number of trades, 0 if unknown
     */
    public long tradeCount(final int index) {
        return tradeCount[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest bucket
     * @return true if the bucket is final
     */
    public boolean isClosed(final int index) {
        return (flags[ring.slotOf(index)] & CLOSED) != 0;
    }

    /**
     * @param index 0 is the oldest bucket
     * @return where its values came from; {@link CandleSource#MISSING} for a hole
     */
    public CandleSource source(final int index) {
        return CandleSource.fromCode(source[ring.slotOf(index)]);
    }

    /**
     * @param index 0 is the oldest bucket
     * @return local receive time of its last update, epoch nanoseconds (0 for a placeholder)
     */
    public long receiveTimeNs(final int index) {
        return receiveTimeNs[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest bucket
     * @return the stream sequence of its last publication (0 if never published)
     */
    public long streamSequence(final int index) {
        return streamSequence[ring.slotOf(index)];
    }
}
