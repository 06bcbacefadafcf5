package io.slipstream.mktdata.venue.rest;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * A venue's REST request-weight budget per minute, shared by every caller on the host: callers wait for room instead
 * of provoking 429s, a {@code Retry-After} pauses everyone, and the venue's own count (Binance
 * {@code X-MBX-USED-WEIGHT-1M}) corrects ours. The margin keeps a resync storm of many symbols clear of the limit,
 * so a 418 ban is never provoked.
 *
 * <p>How the venue counts decides the {@link Window}: Binance resets its count at every whole minute (its
 * {@code X-MBX-USED-WEIGHT-1M}), Hyperliquid's venue-sim counts the last 60 s, and counting whole minutes against a
 * sliding window would let the end of one minute and the start of the next spend twice the limit within 60 s.
 *
 * <p>Two priorities ({@link RestPriority}): a resync waiting for room holds every backfill back, and backfills never
 * use the last {@link #reserveForResyncs reserve} of a minute, so a venue cut after a busy minute still finds room
 * for its books. Thread-safe.
 */
public final class WeightBudget {
    private static final long MINUTE_MS = 60_000;
    /** Waiters re-read the clock at least this often (the clock is injected, and may be a test's). */
    private static final long MAX_WAIT_MS = 100;

    /** How the venue counts weight. */
    public enum Window {
        /** Per whole minute of the wall clock (Binance). */
        FIXED_MINUTE,
        /** Over the last 60 s, whatever the minute (safe for either). */
        SLIDING_MINUTE
    }

    private final LongSupplier clockMs;
    private final Window window;
    /** SLIDING_MINUTE only: {time ms, weight} of every spend in the last minute, oldest first. */
    private final ArrayDeque<long[]> spent = new ArrayDeque<>();
    private long limitPerMinute;
    private long windowStartMs;
    private long used;
    private long pausedUntilMs;
    private long resyncReserve;
    private int resyncsWaiting;

    /**
     * @param limitPerMinute the venue's limit (from {@code exchangeInfo.rateLimits} when it says)
     * @param safetyFraction the share of the limit we allow ourselves, e.g. 0.8
     * @param clockMs        wall clock, ms
     */
    public WeightBudget(final long limitPerMinute, final double safetyFraction, final LongSupplier clockMs) {
        this(limitPerMinute, safetyFraction, clockMs, Window.FIXED_MINUTE);
    }

    /**
     * @param limitPerMinute the venue's limit
     * @param safetyFraction the share of the limit we allow ourselves, e.g. 0.8
     * @param clockMs        wall clock, ms
     * @param window         how the venue counts
     */
    public WeightBudget(final long limitPerMinute, final double safetyFraction, final LongSupplier clockMs,
                        final Window window) {
        this.clockMs = clockMs;
        this.window = window;
        this.limitPerMinute = Math.max(1, (long) (limitPerMinute * safetyFraction));
    }

    /**
     * @param venueLimit the venue's per-minute limit as it states it
     * @param safetyFraction the share we use
     */
    public synchronized void updateLimit(final long venueLimit, final double safetyFraction) {
        limitPerMinute = Math.max(1, (long) (venueLimit * safetyFraction));
    }

    /**
     * Keeps {@code weight} of every minute for resyncs: backfills stop short of it. Capped at half the allowance.
     *
     * @param weight e.g. what resyncing every book at once costs
     */
    public synchronized void reserveForResyncs(final long weight) {
        resyncReserve = Math.max(0, weight);
    }

    /**
     * Waits until {@code weight} fits in the current minute and no pause is in force, then takes it, as a resync.
     *
     * @param weight the request's weight
     * @throws InterruptedException if interrupted while waiting
     */
    public void acquire(final long weight) throws InterruptedException {
        acquire(weight, RestPriority.RESYNC);
    }

    /**
     * Waits until {@code weight} fits in the current minute (for a backfill: below the resync reserve, and no resync
     * waiting) and no pause is in force, then takes it.
     *
     * @param weight   the request's weight
     * @param priority who asks
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized void acquire(final long weight, final RestPriority priority) throws InterruptedException {
        final boolean resync = priority == RestPriority.RESYNC;
        if (resync) {
            resyncsWaiting++;
        }
        try {
            while (true) {
                final long now = clockMs.getAsLong();
                roll(now);
                if (now < pausedUntilMs) {
                    wait(Math.min(MAX_WAIT_MS, Math.max(1, pausedUntilMs - now)));
                    continue;
                }
                final long allowance = resync ? limitPerMinute : limitPerMinute - resyncReserve();
                if ((resync || resyncsWaiting == 0) && (used + weight <= allowance || used == 0)) {
                    spend(now, weight);
                    return;
                }
                wait(Math.min(MAX_WAIT_MS, Math.max(1, nextRoomMs(now) - now)));
            }
        } finally {
            if (resync) {
                resyncsWaiting--;
                notifyAll();
            }
        }
    }

    /** @return the weight kept for resyncs in every minute (at most half the allowance) */
    public synchronized long resyncReserve() {
        return Math.min(resyncReserve, limitPerMinute / 2);
    }

    /** @return the weight still allowed in the current minute */
    public synchronized long remaining() {
        roll(clockMs.getAsLong());
        return Math.max(0, limitPerMinute - used);
    }

    /**
     * Everyone waits: the venue said {@code Retry-After} (429) or banned us (418).
     *
     * @param durationMs how long
     */
    public synchronized void pauseFor(final long durationMs) {
        pausedUntilMs = Math.max(pausedUntilMs, clockMs.getAsLong() + durationMs);
        notifyAll();
    }

    /** @param venueUsedWeight the venue's own count for the current minute (it wins if higher) */
    public synchronized void observeUsed(final long venueUsedWeight) {
        final long now = clockMs.getAsLong();
        roll(now);
        if (venueUsedWeight > used) {
            spend(now, venueUsedWeight - used);
        }
    }

    /** @return weight used in the current minute, by our count */
    public synchronized long used() {
        roll(clockMs.getAsLong());
        return used;
    }

    /** @return our per-minute allowance */
    public synchronized long limitPerMinute() {
        return limitPerMinute;
    }

    /** @return true while a Retry-After pause is in force */
    public synchronized boolean paused() {
        return clockMs.getAsLong() < pausedUntilMs;
    }

    private void spend(final long now, final long weight) {
        used += weight;
        if (window == Window.SLIDING_MINUTE) {
            spent.addLast(new long[] {now, weight});
        }
    }

    /** @return when some of the spent weight is next given back */
    private long nextRoomMs(final long now) {
        if (window == Window.SLIDING_MINUTE) {
            return spent.isEmpty() ? now : spent.peekFirst()[0] + MINUTE_MS;
        }
        return windowStartMs + MINUTE_MS;
    }

    private void roll(final long now) {
        if (window == Window.SLIDING_MINUTE) {
            boolean expired = false;
            while (!spent.isEmpty() && spent.peekFirst()[0] <= now - MINUTE_MS) {
                used -= spent.removeFirst()[1];
                expired = true;
            }
            if (expired) {
                notifyAll();
            }
            return;
        }
        final long minute = now - Math.floorMod(now, MINUTE_MS);
        if (minute != windowStartMs) {
            windowStartMs = minute;
            used = 0;
            notifyAll();
        }
    }
}
