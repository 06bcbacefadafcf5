package io.slipstream.mktdata.clock;

import java.time.Instant;

/**
 * Epoch nanoseconds without allocation: a wall-clock reading taken at construction plus {@link System#nanoTime()}
 * since then. Monotonic; re-anchor with {@link #resync()} (e.g. once a minute, off the hot path) to follow NTP.
 * Thread-safe.
 */
public final class SystemEpochClock implements EpochClock {
    private static final int RESYNC_ATTEMPTS = 20;
    private static final long GOOD_WINDOW_NS = 1_000;
    private volatile long anchorEpochNs;
    private volatile long anchorNanoTime;

    /** Anchors to the current wall clock. */
    public SystemEpochClock() {
        resync();
    }

    /**
     * Re-reads the wall clock. Allocates; not for the hot path.
     *
     * <p>The wall-clock reading is bracketed by two {@link System#nanoTime()} readings and paired with their
     * midpoint; of a few attempts the tightest bracket wins. A thread preempted between the two readings (a busy
     * host) would otherwise anchor the clock late by the whole preemption, and two clocks of one process (adapters,
     * engine, server) would disagree by that much: tick-to-client figures of 100 µs off were seen before.
     */
    public void resync() {
        long bestWindowNs = Long.MAX_VALUE;
        long epochNs = 0;
        long nanoTime = 0;
        for (int attempt = 0; attempt < RESYNC_ATTEMPTS && bestWindowNs > GOOD_WINDOW_NS; attempt++) {
            final long before = System.nanoTime();
            final Instant now = Instant.now();
            final long after = System.nanoTime();
            if (after - before < bestWindowNs) {
                bestWindowNs = after - before;
                epochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                nanoTime = before + (after - before) / 2;
            }
        }
        anchorEpochNs = epochNs;
        anchorNanoTime = nanoTime;
    }

    @Override
    public long epochNanos() {
        return anchorEpochNs + (System.nanoTime() - anchorNanoTime);
    }
}
