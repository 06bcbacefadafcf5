package io.slipstream.mktdata.venue.hyperliquid;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one {@link HyperliquidAdapter}; thread-safe, read by tests and metrics. */
public final class HyperliquidStats {
    final LongAdder frames = new LongAdder();
    final LongAdder errorFrames = new LongAdder();
    final LongAdder nonJsonFrames = new LongAdder();
    final LongAdder malformedFrames = new LongAdder();
    final LongAdder unknownChannelFrames = new LongAdder();
    final LongAdder unknownCoinFrames = new LongAdder();
    final LongAdder acks = new LongAdder();
    final LongAdder pongs = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder bookSnapshots = new LongAdder();
    final LongAdder staleBookSnapshotsDropped = new LongAdder();
    final LongAdder trades = new LongAdder();
    final LongAdder duplicateTrades = new LongAdder();
    final LongAdder quotes = new LongAdder();
    final LongAdder candlePushes = new LongAdder();
    final LongAdder staleCandlePushes = new LongAdder();
    final LongAdder candlesClosedByClock = new LongAdder();
    final LongAdder markPrices = new LongAdder();
    final LongAdder backfilledCandles = new LongAdder();
    final LongAdder backfillRequests = new LongAdder();
    final LongAdder invalidDecimals = new LongAdder();
    final LongAdder publishRejections = new LongAdder();
    final LongAdder staleStreams = new LongAdder();
    final LongAdder socketRecycles = new LongAdder();
    volatile String lastErrorFrame;

    /** @return text frames received */
    public long frames() {
        return frames.sum();
    }

    /** @return {@code {"channel":"error"}} frames */
    public long errorFrames() {
        return errorFrames.sum();
    }

    /** @return the text of the newest {@code {"channel":"error"}} frame, or null */
    public String lastErrorFrame() {
        return lastErrorFrame;
    }

    /** @return text frames that were not JSON (e.g. the legacy greeting) */
    public long nonJsonFrames() {
        return nonJsonFrames.sum();
    }

    /** @return frames that started as JSON but did not parse */
    public long malformedFrames() {
        return malformedFrames.sum();
    }

    /** @return frames on channels the adapter does not decode */
    public long unknownChannelFrames() {
        return unknownChannelFrames.sum();
    }

    /** @return frames about coins not followed */
    public long unknownCoinFrames() {
        return unknownCoinFrames.sum();
    }

    /** @return subscription acknowledgements */
    public long acks() {
        return acks.sum();
    }

    /** @return pongs */
    public long pongs() {
        return pongs.sum();
    }

    /** @return messages sent (subscribe, unsubscribe, ping) */
    public long messagesSent() {
        return messagesSent.sum();
    }

    /** @return book snapshots published */
    public long bookSnapshots() {
        return bookSnapshots.sum();
    }

    /** @return book snapshots dropped as older than the last applied */
    public long staleBookSnapshotsDropped() {
        return staleBookSnapshotsDropped.sum();
    }

    /** @return trades published */
    public long trades() {
        return trades.sum();
    }

    /** @return trades dropped as already seen (the replay on every subscribe) */
    public long duplicateTrades() {
        return duplicateTrades.sum();
    }

    /** @return quotes published */
    public long quotes() {
        return quotes.sum();
    }

    /** @return live candle pushes decoded */
    public long candlePushes() {
        return candlePushes.sum();
    }

    /** @return live candle pushes older than the current bucket, dropped */
    public long staleCandlePushes() {
        return staleCandlePushes.sum();
    }

    /** @return live buckets closed because the clock passed their end */
    public long candlesClosedByClock() {
        return candlesClosedByClock.sum();
    }

    /** @return mark prices published */
    public long markPrices() {
        return markPrices.sum();
    }

    /** @return candles published from {@code candleSnapshot} */
    public long backfilledCandles() {
        return backfilledCandles.sum();
    }

    /** @return {@code candleSnapshot} requests */
    public long backfillRequests() {
        return backfillRequests.sum();
    }

    /** @return decimals that did not parse at the instrument's scale */
    public long invalidDecimals() {
        return invalidDecimals.sum();
    }

    /** @return events the engine refused (ring full, unknown instrument) */
    public long publishRejections() {
        return publishRejections.sum();
    }

    /** @return times a stream went stale */
    public long staleStreams() {
        return staleStreams.sum();
    }

    /** @return sockets recycled because a resubscribe did not bring data back */
    public long socketRecycles() {
        return socketRecycles.sum();
    }
}
