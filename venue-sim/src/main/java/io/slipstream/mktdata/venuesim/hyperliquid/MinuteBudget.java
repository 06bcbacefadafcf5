package io.slipstream.mktdata.venuesim.hyperliquid;

import java.util.ArrayDeque;

/**
 * A budget per sliding minute, shared by every connection of the venue (Hyperliquid counts per IP, and every
 * simulated client is 127.0.0.1): websocket messages (weight 1 each) or REST weight. Thread-safe.
 */
final class MinuteBudget {
    private static final long WINDOW_MS = 60_000;

    private final long limit;
    private final ArrayDeque<long[]> spent = new ArrayDeque<>();
    private long used;

    /** @param limit weight allowed per sliding minute */
    MinuteBudget(final long limit) {
        this.limit = limit;
    }

    /**
     * Spends {@code weight} if it fits in the last minute's budget.
     *
     * @param nowMs  wall clock
     * @param weight the weight
     * @return true if spent, false if over budget (nothing spent)
     */
    synchronized boolean tryAcquire(final long nowMs, final long weight) {
        expire(nowMs);
        if (used + weight > limit) {
            return false;
        }
        add(nowMs, weight);
        return true;
    }

    /**
     * Spends weight known only after answering (items returned), even beyond the budget: later requests wait.
     *
     * @param nowMs  wall clock
     * @param weight the weight
     */
    synchronized void charge(final long nowMs, final long weight) {
        if (weight > 0) {
            expire(nowMs);
            add(nowMs, weight);
        }
    }

    private void add(final long nowMs, final long weight) {
        spent.addLast(new long[] {nowMs, weight});
        used += weight;
    }

    private void expire(final long nowMs) {
        while (!spent.isEmpty() && spent.peekFirst()[0] <= nowMs - WINDOW_MS) {
            used -= spent.removeFirst()[1];
        }
    }
}
