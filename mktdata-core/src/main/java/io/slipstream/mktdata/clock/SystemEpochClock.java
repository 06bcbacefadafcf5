package io.slipstream.mktdata.clock;

import java.time.Instant;

/**
 * Epoch nanoseconds without allocation: a wall-clock reading taken at construction plus {@link System#nanoTime()}
 * since then. Monotonic; re-anchor with {@link #resync()} (e.g. once a minute, off the hot path) to follow NTP.
 * Thread-safe.
 */
public final class SystemEpochClock implements EpochClock {
    private volatile long anchorEpochNs;
    private volatile long anchorNanoTime;

    /** Anchors to the current wall clock. */
    public SystemEpochClock() {
        resync();
    }

    /** Re-reads the wall clock. Allocates; not for the hot path. */
    public void resync() {
        final Instant now = Instant.now();
        final long nanoTime = System.nanoTime();
        anchorEpochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        anchorNanoTime = nanoTime;
    }

    @Override
    public long epochNanos() {
        return anchorEpochNs + (System.nanoTime() - anchorNanoTime);
    }
}
