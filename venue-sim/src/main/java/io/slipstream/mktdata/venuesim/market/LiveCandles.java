package io.slipstream.mktdata.venuesim.market;

import io.slipstream.mktdata.candle.CandleInterval;

import java.util.ArrayList;
import java.util.List;

/**
 * The candles of one simulated symbol for every interval: built from the symbol's trades once the market is live,
 * and taken from its {@link PricePath} before that, so REST backfill finds a deep, continuous history. Guarded by
 * the owning {@link SimSymbol}'s monitor.
 */
final class LiveCandles {
    private static final CandleInterval[] INTERVALS = CandleInterval.values();
    private static final int HISTORY_SAMPLES = 24;

    private final SimSymbol symbol;
    private final PricePath path;
    private final Bucket[] open = new Bucket[INTERVALS.length];
    private final List<List<SimCandle>> closed = new ArrayList<>();
    private final int retention;
    private long liveSinceMs = Long.MAX_VALUE;

    /** A bucket being built from trades. */
    private static final class Bucket {
        long openTimeMs;
        long open;
        long high;
        long low;
        long close;
        long volume;
        double quoteVolume;
        long trades;
        long takerBuyVolume;
        double takerBuyQuote;
        long firstTradeId = -1;
        long lastTradeId = -1;
    }

    LiveCandles(final SimSymbol symbol, final PricePath path, final int retention) {
        this.symbol = symbol;
        this.path = path;
        this.retention = retention;
        for (int i = 0; i < INTERVALS.length; i++) {
            closed.add(new ArrayList<>());
        }
    }

    void onTrade(final SimTrade trade) {
        if (liveSinceMs == Long.MAX_VALUE) {
            liveSinceMs = trade.timeMs();
        }
        final double notional = symbol.price(trade.priceMantissa()) * symbol.size(trade.sizeMantissa());
        for (int i = 0; i < INTERVALS.length; i++) {
            final long bucketOpen = INTERVALS[i].bucketStartMs(trade.timeMs());
            Bucket bucket = open[i];
            if (bucket != null && bucketOpen < bucket.openTimeMs) {
                continue; // a late trade for a bucket already closed: the venue would not reopen it either
            }
            if (bucket == null || bucketOpen > bucket.openTimeMs) {
                if (bucket != null) {
                    final List<SimCandle> done = closed.get(i);
                    done.add(toCandle(INTERVALS[i], bucket));
                    if (done.size() > retention) {
                        done.subList(0, done.size() - retention).clear();
                    }
                }
                bucket = new Bucket();
                bucket.openTimeMs = bucketOpen;
                bucket.open = trade.priceMantissa();
                bucket.high = trade.priceMantissa();
                bucket.low = trade.priceMantissa();
                bucket.firstTradeId = trade.firstTradeId();
                open[i] = bucket;
            }
            bucket.high = Math.max(bucket.high, trade.priceMantissa());
            bucket.low = Math.min(bucket.low, trade.priceMantissa());
            bucket.close = trade.priceMantissa();
            bucket.volume += trade.sizeMantissa();
            bucket.quoteVolume += notional;
            bucket.trades += trade.lastTradeId() - trade.firstTradeId() + 1;
            bucket.lastTradeId = trade.lastTradeId();
            if (!trade.buyerIsMaker()) {
                bucket.takerBuyVolume += trade.sizeMantissa();
                bucket.takerBuyQuote += notional;
            }
        }
    }

    /** @return the open (current) bucket of the interval, or null before the first trade */
    SimCandle current(final CandleInterval interval) {
        final Bucket bucket = open[interval.ordinal()];
        return bucket == null ? null : toCandle(interval, bucket);
    }

    /**
     * Candles whose buckets overlap [startMs, endMs], oldest first, at most {@code limit}, newest ones kept when
     * the window holds more. Buckets before the market went live come from the price path.
     */
    List<SimCandle> range(final CandleInterval interval, final long startMs, final long endMs, final int limit,
                          final boolean newestFirstWhenTruncated) {
        final long firstBucket = interval.bucketStartMs(startMs);
        final long lastBucket = interval.bucketStartMs(endMs);
        final List<SimCandle> result = new ArrayList<>();
        final List<SimCandle> done = closed.get(interval.ordinal());
        final long earliestLive = done.isEmpty()
            ? (open[interval.ordinal()] == null ? Long.MAX_VALUE : open[interval.ordinal()].openTimeMs)
            : done.get(0).openTimeMs();
        long bucket = firstBucket;
        if (newestFirstWhenTruncated) {
            final long span = interval.bucketsBetween(firstBucket, lastBucket) + 1;
            if (span > limit) {
                bucket = interval.plusBuckets(lastBucket, -(limit - 1));
            }
        }
        for (; bucket <= lastBucket && result.size() < limit; bucket = interval.nextBucketStartMs(bucket)) {
            if (bucket < earliestLive) {
                if (bucket + interval.nominalDurationMs() <= liveSinceMs || liveSinceMs == Long.MAX_VALUE) {
                    result.add(history(interval, bucket));
                }
            } else {
                final SimCandle live = live(interval, bucket);
                if (live != null) {
                    result.add(live);
                }
            }
        }
        return result;
    }

    private SimCandle live(final CandleInterval interval, final long bucketOpen) {
        final Bucket current = open[interval.ordinal()];
        if (current != null && current.openTimeMs == bucketOpen) {
            return toCandle(interval, current);
        }
        final List<SimCandle> done = closed.get(interval.ordinal());
        int low = 0;
        int high = done.size() - 1;
        while (low <= high) {
            final int mid = (low + high) >>> 1;
            final long time = done.get(mid).openTimeMs();
            if (time < bucketOpen) {
                low = mid + 1;
            } else if (time > bucketOpen) {
                high = mid - 1;
            } else {
                return done.get(mid);
            }
        }
        return null;
    }

    private SimCandle history(final CandleInterval interval, final long bucketOpen) {
        final long closeTime = interval.nextBucketStartMs(bucketOpen) - 1;
        final long duration = closeTime + 1 - bucketOpen;
        final long open = symbol.roundToTick(path.priceAt(bucketOpen));
        final long close = symbol.roundToTick(path.priceAt(closeTime + 1));
        long high = Math.max(open, close);
        long low = Math.min(open, close);
        for (int i = 1; i < HISTORY_SAMPLES; i++) {
            final long price = symbol.roundToTick(path.priceAt(bucketOpen + duration * i / HISTORY_SAMPLES));
            high = Math.max(high, price);
            low = Math.min(low, price);
        }
        final long minutes = Math.max(1, duration / 60_000L);
        final long trades = minutes * (20 + Math.floorMod(bucketOpen / 60_000L * 31 + symbol.index() * 7, 40));
        final long volume = symbol.lotMantissa() * trades * (1 + Math.floorMod(bucketOpen / 1000, 5));
        final double quote = symbol.size(volume) * symbol.price((open + close) / 2);
        return new SimCandle(bucketOpen, closeTime, open, high, low, close, volume, quote, trades, volume / 2,
            quote / 2, -1, -1);
    }

    private SimCandle toCandle(final CandleInterval interval, final Bucket bucket) {
        return new SimCandle(bucket.openTimeMs, interval.nextBucketStartMs(bucket.openTimeMs) - 1, bucket.open,
            bucket.high, bucket.low, bucket.close, bucket.volume, bucket.quoteVolume, bucket.trades,
            bucket.takerBuyVolume, bucket.takerBuyQuote, bucket.firstTradeId, bucket.lastTradeId);
    }
}
