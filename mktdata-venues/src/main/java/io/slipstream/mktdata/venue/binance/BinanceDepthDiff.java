package io.slipstream.mktdata.venue.binance;

import io.slipstream.mktdata.book.LevelBuffer;

/** One decoded {@code depthUpdate}: reused by the decoder, copied (from a pool) when buffered. */
final class BinanceDepthDiff {
    final LevelBuffer bids = new LevelBuffer(32);
    final LevelBuffer asks = new LevelBuffer(32);
    long exchangeTimeNs;
    long receiveTimeNs;
    long firstUpdateId;
    long lastUpdateId;
    long previousUpdateId;

    BinanceDepthDiff clear() {
        bids.clear();
        asks.clear();
        exchangeTimeNs = 0;
        receiveTimeNs = 0;
        firstUpdateId = Long.MIN_VALUE;
        lastUpdateId = Long.MIN_VALUE;
        previousUpdateId = Long.MIN_VALUE;
        return this;
    }

    BinanceDepthDiff copyFrom(final BinanceDepthDiff other) {
        bids.copyFrom(other.bids);
        asks.copyFrom(other.asks);
        exchangeTimeNs = other.exchangeTimeNs;
        receiveTimeNs = other.receiveTimeNs;
        firstUpdateId = other.firstUpdateId;
        lastUpdateId = other.lastUpdateId;
        previousUpdateId = other.previousUpdateId;
        return this;
    }

    boolean complete() {
        return firstUpdateId != Long.MIN_VALUE && lastUpdateId != Long.MIN_VALUE
            && previousUpdateId != Long.MIN_VALUE;
    }
}
