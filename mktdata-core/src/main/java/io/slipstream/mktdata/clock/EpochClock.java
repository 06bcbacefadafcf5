package io.slipstream.mktdata.clock;

/** Wall-clock time in epoch nanoseconds. Components take one in their context; tests inject a manual clock. */
@FunctionalInterface
public interface EpochClock {
    /** @return now, nanoseconds since the Unix epoch */
    long epochNanos();
}
