package io.slipstream.mktdata.venuesim.market;

import io.slipstream.mktdata.book.LevelBuffer;

/**
 * One book update of a simulated symbol, as the market applied it: the venue update-id range it consumed and the
 * absolute new size of each changed level (0 removes). Reused by the market thread; listeners copy what they keep.
 */
public final class LevelChanges {
    final LevelBuffer bids = new LevelBuffer(64);
    final LevelBuffer asks = new LevelBuffer(64);
    long firstUpdateId;
    long lastUpdateId;
    long previousUpdateId;
    long eventTimeMs;
    long transactionTimeMs;

    /** @return bid levels changed */
    public LevelBuffer bids() {
        return bids;
    }

    /** @return ask levels changed */
    public LevelBuffer asks() {
        return asks;
    }

    /** @return Binance {@code U}: the first update id in this update */
    public long firstUpdateId() {
        return firstUpdateId;
    }

    /** @return Binance {@code u}: the last update id in this update */
    public long lastUpdateId() {
        return lastUpdateId;
    }

    /** @return Binance {@code pu}: the last update id of the previous update */
    public long previousUpdateId() {
        return previousUpdateId;
    }

    /** @return event time, epoch ms */
    public long eventTimeMs() {
        return eventTimeMs;
    }

    /** @return transaction time, epoch ms */
    public long transactionTimeMs() {
        return transactionTimeMs;
    }
}
