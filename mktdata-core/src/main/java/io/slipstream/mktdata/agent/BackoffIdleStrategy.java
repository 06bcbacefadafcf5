package io.slipstream.mktdata.agent;

import java.util.concurrent.locks.LockSupport;

/**
 * Spins, then yields, then parks for growing periods: low latency right after work, no CPU burnt when quiet.
 * The right default on a two-core machine. Not thread-safe: one per agent thread.
 */
public final class BackoffIdleStrategy implements IdleStrategy {
    private final long maxSpins;
    private final long maxYields;
    private final long minParkNs;
    private final long maxParkNs;
    private final ParkAction park;
    private long spins;
    private long yields;
    private long parkNs;

    /** How the strategy parks; lets a ring buffer register its consumer so producers can wake it. */
    @FunctionalInterface
    public interface ParkAction {
        /** @param parkNs longest park in nanoseconds */
        void park(long parkNs);
    }

    /**
     * @param maxSpins  busy spins before yielding
     * @param maxYields yields before parking
     * @param minParkNs first park period
     * @param maxParkNs longest park period
     */
    public BackoffIdleStrategy(final long maxSpins, final long maxYields, final long minParkNs, final long maxParkNs) {
        this(maxSpins, maxYields, minParkNs, maxParkNs, LockSupport::parkNanos);
    }

    /**
     * @param maxSpins  busy spins before yielding
     * @param maxYields yields before parking
     * @param minParkNs first park period
     * @param maxParkNs longest park period
     * @param park      how to park
     */
    public BackoffIdleStrategy(
        final long maxSpins, final long maxYields, final long minParkNs, final long maxParkNs, final ParkAction park) {
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
        this.park = park;
        this.parkNs = minParkNs;
    }

    @Override
    public void idle(final int workCount) {
        if (workCount > 0) {
            spins = 0;
            yields = 0;
            parkNs = minParkNs;
            return;
        }
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else {
            park.park(parkNs);
            parkNs = Math.min(parkNs * 2, maxParkNs);
        }
    }
}
