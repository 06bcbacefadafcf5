package io.slipstream.mktdata.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class SystemEpochClockTest {
    @Test
    void clocksAnchoredAtDifferentTimesAgreeToAFewMicroseconds() throws Exception {
        final SystemEpochClock first = new SystemEpochClock();
        long worstNs = 0;
        for (int i = 0; i < 50; i++) {
            Thread.sleep(2);
            final SystemEpochClock later = new SystemEpochClock();
            // Read in both orders so that the time between the two reads cancels out.
            final long ab = later.epochNanos() - first.epochNanos();
            final long ba = later.epochNanos() - first.epochNanos();
            worstNs = Math.max(worstNs, Math.min(Math.abs(ab), Math.abs(ba)));
        }
        assertThat(worstNs).as("worst disagreement, ns").isLessThan(20_000);
    }

    @Test
    void followsTheWallClock() {
        final SystemEpochClock clock = new SystemEpochClock();
        final Instant now = Instant.now();
        final long wallNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        assertThat(Math.abs(clock.epochNanos() - wallNs)).isLessThan(5_000_000L);
    }
}
