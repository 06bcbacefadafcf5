package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.venuesim.market.LevelChanges;

/**
 * One coalescing window of a symbol's book updates for one push speed (100, 250 or 500 ms of market time, aligned
 * to multiples of the speed). The window always tracks the update ids, whether anyone listens or not, so the
 * {@code pu} chain of the emitted stream holds for subscribers that join later: an event's {@code pu} is the
 * {@code pu} of its first update, which is the {@code u} of the previous window, sent or not (as on Binance).
 *
 * <p>Level changes are only accumulated while the diff stream has subscribers. A window that was not accumulated
 * from its first update is incomplete and is not sent: its ids still advance, so the first event a new subscriber
 * receives carries the unsent window's {@code u} as {@code pu}. Not thread-safe: owned by the market thread.
 */
final class DepthWindow {
    private final int speedMs;
    private final LevelAccumulator bids = new LevelAccumulator();
    private final LevelAccumulator asks = new LevelAccumulator();
    private boolean open;
    private long bucket;
    private long firstUpdateId;
    private long previousUpdateId;
    private long lastUpdateId;
    private long transactionTimeMs;
    private boolean complete;

    /** @param speedMs the push cadence */
    DepthWindow(final int speedMs) {
        this.speedMs = speedMs;
    }

    /** @return the push cadence, ms */
    int speedMs() {
        return speedMs;
    }

    /**
     * Adds an update to the window (open one if none is).
     *
     * @param update     the update as applied
     * @param timeMs     market time of the update
     * @param accumulate whether the levels are needed (the diff stream has subscribers)
     */
    void add(final LevelChanges update, final long timeMs, final boolean accumulate) {
        if (!open) {
            open = true;
            bucket = Math.floorDiv(timeMs, speedMs);
            firstUpdateId = update.firstUpdateId();
            previousUpdateId = update.previousUpdateId();
            complete = accumulate;
            bids.clear();
            asks.clear();
        }
        if (accumulate && complete) {
            bids.putAll(update.bids());
            asks.putAll(update.asks());
        } else {
            complete = false;
        }
        lastUpdateId = update.lastUpdateId();
        transactionTimeMs = update.transactionTimeMs();
    }

    /**
     * @param nowMs market time
     * @return true if a window holds updates and its time slot has passed
     */
    boolean due(final long nowMs) {
        return open && Math.floorDiv(nowMs, speedMs) > bucket;
    }

    /** Ends the window; call after reading it. */
    void close() {
        open = false;
        bids.clear();
        asks.clear();
    }

    /** @return true if every update of the window was accumulated */
    boolean complete() {
        return complete;
    }

    /** @return {@code U}: the first update id of the window */
    long firstUpdateId() {
        return firstUpdateId;
    }

    /** @return {@code pu}: the last update id before the window */
    long previousUpdateId() {
        return previousUpdateId;
    }

    /** @return {@code u}: the last update id of the window */
    long lastUpdateId() {
        return lastUpdateId;
    }

    /** @return {@code T}: transaction time of the window's last update */
    long transactionTimeMs() {
        return transactionTimeMs;
    }

    /**
     * @param bidsOut cleared, then filled with the changed bids, best first
     * @param asksOut cleared, then filled with the changed asks, best first
     */
    void changes(final LevelBuffer bidsOut, final LevelBuffer asksOut) {
        bids.drainSortedTo(true, bidsOut);
        asks.drainSortedTo(false, asksOut);
    }
}
