package io.slipstream.mktdata.candle;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.rejection.Rejection;

import org.junit.jupiter.api.Test;

import java.time.Instant;

class CandleSeriesTest {
    private static final long HOUR = CandleInterval.H1.nominalDurationMs();
    private static final long T0 = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();

    private final CandleSeries series = new CandleSeries(1, CandleInterval.H1, 5);

    private CandleOutcome put(final long openTimeMs, final long close, final boolean closed) {
        return series.upsert(openTimeMs, 100, Math.max(100, close), Math.min(100, close), close, 10, 3, closed,
            CandleSource.LIVE, 1);
    }

    @Test
    void shouldUpsertTheOpenBucketAndCloseIt() {
        assertThat(put(T0, 101, false)).isEqualTo(CandleOutcome.APPENDED);
        assertThat(put(T0, 102, false)).isEqualTo(CandleOutcome.UPDATED);
        assertThat(put(T0, 102, true)).isEqualTo(CandleOutcome.UPDATED);
        assertThat(series.count()).isEqualTo(1);
        assertThat(series.close(0)).isEqualTo(102);
        assertThat(series.isClosed(0)).isTrue();
    }

    @Test
    void shouldIgnoreExactDuplicates() {
        put(T0, 101, true);
        assertThat(put(T0, 101, true)).isEqualTo(CandleOutcome.UNCHANGED);
    }

    @Test
    void shouldReportRepublishedClosedCandleAsCorrection() {
        put(T0, 101, true);
        assertThat(put(T0, 99, true)).isEqualTo(CandleOutcome.CORRECTED);
        assertThat(series.close(0)).isEqualTo(99);
    }

    @Test
    void shouldKeepClosedValuesAgainstLateOpenUpdate() {
        put(T0, 101, true);
        assertThat(put(T0, 150, false)).isEqualTo(CandleOutcome.STALE_IGNORED);
        assertThat(series.close(0)).isEqualTo(101);
    }

    @Test
    void shouldMakeSkippedBucketsVisibleAsMissingAndLetBackfillFillThem() {
        put(T0, 101, true);
        assertThat(put(T0 + 3 * HOUR, 104, false)).isEqualTo(CandleOutcome.APPENDED);
        assertThat(series.lastMissingAdded()).isEqualTo(2);
        assertThat(series.count()).isEqualTo(4);
        assertThat(series.source(1)).isEqualTo(CandleSource.MISSING);
        assertThat(series.source(2)).isEqualTo(CandleSource.MISSING);
        assertThat(series.openTimeMs(2)).isEqualTo(T0 + 2 * HOUR);

        assertThat(series.upsert(T0 + HOUR, 100, 100, 100, 100, 0, 0, true, CandleSource.BACKFILL, 2))
            .isEqualTo(CandleOutcome.UPDATED);
        assertThat(series.source(1)).isEqualTo(CandleSource.BACKFILL);
        assertThat(series.isClosed(1)).isTrue();
    }

    @Test
    void shouldUpdateOutOfOrderBucketWithinRetention() {
        put(T0, 101, false);
        put(T0 + HOUR, 102, false);
        assertThat(put(T0, 103, true)).isEqualTo(CandleOutcome.UPDATED);
        assertThat(series.close(0)).isEqualTo(103);
        assertThat(series.close(1)).isEqualTo(102);
    }

    @Test
    void shouldWrapRetentionKeepingNewestBuckets() {
        for (int i = 0; i < 12; i++) {
            put(T0 + i * HOUR, 100 + i, true);
        }
        assertThat(series.count()).isEqualTo(5);
        assertThat(series.openTimeMs(0)).isEqualTo(T0 + 7 * HOUR);
        assertThat(series.close(4)).isEqualTo(111);
        assertThat(put(T0 + 2 * HOUR, 1, true)).isEqualTo(CandleOutcome.REJECTED);
        assertThat(series.lastRejection()).isEqualTo(Rejection.CANDLE_TOO_OLD);
    }

    @Test
    void shouldKeepOnlyRetentionWorthOfPlaceholdersAfterLongSilence() {
        put(T0, 101, true);
        assertThat(put(T0 + 100 * HOUR, 104, false)).isEqualTo(CandleOutcome.APPENDED);
        assertThat(series.lastMissingAdded()).isEqualTo(99);
        assertThat(series.count()).isEqualTo(5);
        assertThat(series.openTimeMs(0)).isEqualTo(T0 + 96 * HOUR);
        for (int i = 0; i < 4; i++) {
            assertThat(series.source(i)).isEqualTo(CandleSource.MISSING);
        }
    }

    @Test
    void shouldRefuseInvalidCandlesWithoutChangingTheSeries() {
        put(T0, 101, false);
        assertThat(put(T0 + 1, 101, false)).isEqualTo(CandleOutcome.REJECTED);
        assertThat(series.lastRejection()).isEqualTo(Rejection.CANDLE_MISALIGNED);
        assertThat(series.upsert(T0, 100, 90, 95, 100, 1, 1, false, CandleSource.LIVE, 1))
            .isEqualTo(CandleOutcome.REJECTED);
        assertThat(series.lastRejection()).isEqualTo(Rejection.CANDLE_INVALID);
        assertThat(series.upsert(T0, 100, 100, 100, 100, -1, 1, false, CandleSource.LIVE, 1))
            .isEqualTo(CandleOutcome.REJECTED);
        assertThat(series.upsert(T0, FixedPoint.INVALID, 100, 100, 100, 1, 1, false, CandleSource.LIVE, 1))
            .isEqualTo(CandleOutcome.REJECTED);
        assertThat(series.lastRejection()).isEqualTo(Rejection.INVALID_DECIMAL);
        assertThat(series.count()).isEqualTo(1);
        assertThat(series.close(0)).isEqualTo(101);
    }

    @Test
    void shouldAlignMonthlyCandlesToCalendarMonths() {
        final CandleSeries monthly = new CandleSeries(1, CandleInterval.MONTH1, 12);
        final long jan = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        final long apr = Instant.parse("2026-04-01T00:00:00Z").toEpochMilli();
        monthly.upsert(jan, 1, 1, 1, 1, 1, 1, true, CandleSource.BACKFILL, 1);
        assertThat(monthly.upsert(apr, 1, 1, 1, 1, 1, 1, false, CandleSource.LIVE, 1))
            .isEqualTo(CandleOutcome.APPENDED);
        assertThat(monthly.lastMissingAdded()).isEqualTo(2);
        assertThat(monthly.openTimeMs(1)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli());
        assertThat(monthly.openTimeMs(2)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli());
    }
}
