package io.slipstream.mktdata.candle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

class CandleIntervalTest {
    private static long ms(final String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest
    @CsvSource({
        "15m, 2026-11-23T10:14:59.999Z, 2026-11-23T10:00:00Z",
        "15m, 2026-11-23T10:15:00Z, 2026-11-23T10:15:00Z",
        "1h, 2026-11-23T10:59:59Z, 2026-11-23T10:00:00Z",
        "4h, 2026-11-23T03:59:59Z, 2026-11-23T00:00:00Z",
        "4h, 2026-11-23T04:00:00Z, 2026-11-23T04:00:00Z",
        "1d, 2026-11-23T23:59:59Z, 2026-11-23T00:00:00Z",
        "1w, 2026-11-23T12:00:00Z, 2026-11-23T00:00:00Z",
        "1w, 2026-11-22T23:59:59Z, 2026-11-16T00:00:00Z",
        "1M, 2026-02-28T23:00:00Z, 2026-02-01T00:00:00Z",
        "1M, 2026-12-31T23:59:59Z, 2026-12-01T00:00:00Z",
        "1h, 1969-12-31T23:30:00Z, 1969-12-31T23:00:00Z",
    })
    void shouldPutTimesInUtcBuckets(final String interval, final String time, final String bucket) {
        final CandleInterval candleInterval = CandleInterval.fromWireName(interval);
        assertThat(candleInterval.bucketStartMs(ms(time))).isEqualTo(ms(bucket));
        assertThat(candleInterval.isAligned(ms(bucket))).isTrue();
    }

    @Test
    void shouldStepAndCountBucketsAcrossMonthsOfDifferentLength() {
        final long jan = ms("2026-01-01T00:00:00Z");
        assertThat(CandleInterval.MONTH1.nextBucketStartMs(jan)).isEqualTo(ms("2026-02-01T00:00:00Z"));
        assertThat(CandleInterval.MONTH1.plusBuckets(jan, 13)).isEqualTo(ms("2027-02-01T00:00:00Z"));
        assertThat(CandleInterval.MONTH1.bucketsBetween(jan, ms("2027-02-01T00:00:00Z"))).isEqualTo(13);
        assertThat(CandleInterval.H4.bucketsBetween(jan, jan + 3 * CandleInterval.H4.nominalDurationMs()))
            .isEqualTo(3);
    }

    @Test
    void shouldDistinguishMinuteFromMonth() {
        assertThat(CandleInterval.fromWireName("1m")).isEqualTo(CandleInterval.M1);
        assertThat(CandleInterval.fromWireName("1M")).isEqualTo(CandleInterval.MONTH1);
        assertThat(CandleInterval.fromWireName("7m")).isNull();
    }
}
