package io.slipstream.mktdata.clock;

/** A clock that moves only when told: for tests and deterministic replays. Thread-safe. */
public final class ManualEpochClock implements EpochClock {
    private volatile long nowNs;

    /** @param startNs initial time, epoch nanoseconds */
    public ManualEpochClock(final long startNs) {
        this.nowNs = startNs;
    }

    @Override
    public long epochNanos() {
        return nowNs;
    }

    /** @param epochNs the new time, epoch nanoseconds */
    public void set(final long epochNs) {
        nowNs = epochNs;
    }

    /** @param deltaNs nanoseconds to move forward */
    public void advance(final long deltaNs) {
        nowNs += deltaNs;
    }
}
