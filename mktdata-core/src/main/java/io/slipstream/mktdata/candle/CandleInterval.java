package io.slipstream.mktdata.candle;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Candle intervals offered by Hyperliquid and Binance USD-M, with their UTC bucket boundaries.
 *
 * <p>Fixed intervals are aligned to the Unix epoch; {@code 1w} buckets start on Monday 00:00 UTC; {@code 1M} buckets
 * start on the first of the calendar month, 00:00 UTC. Only Binance offers {@code 6h}. Thread-safe.
 */
public enum CandleInterval {
    /** One minute. */
    M1("1m", 60_000L),
    /** Three minutes. */
    M3("3m", 3 * 60_000L),
    /** Five minutes. */
    M5("5m", 5 * 60_000L),
    /** Fifteen minutes. */
    M15("15m", 15 * 60_000L),
    /** Thirty minutes. */
    M30("30m", 30 * 60_000L),
    /** One hour. */
    H1("1h", 3_600_000L),
    /** Two hours. */
    H2("2h", 2 * 3_600_000L),
    /** Four hours. */
    H4("4h", 4 * 3_600_000L),
    /** Six hours (Binance only). */
    H6("6h", 6 * 3_600_000L),
    /** Eight hours. */
    H8("8h", 8 * 3_600_000L),
    /** Twelve hours. */
    H12("12h", 12 * 3_600_000L),
    /** One day. */
    D1("1d", 86_400_000L),
    /** Three days. */
    D3("3d", 3 * 86_400_000L),
    /** One week, Monday to Monday. */
    W1("1w", 7 * 86_400_000L),
    /** One calendar month; {@link #nominalDurationMs()} is 31 days. */
    MONTH1("1M", 31 * 86_400_000L);

    /** The Unix epoch was a Thursday; the first Monday 00:00 UTC after it is 4 days later. */
    private static final long FIRST_MONDAY_MS = 4 * 86_400_000L;
    private static final CandleInterval[] VALUES = values();

    private final String wireName;
    private final long durationMs;

    CandleInterval(final String wireName, final long durationMs) {
        this.wireName = wireName;
        this.durationMs = durationMs;
    }

    /** @return the venues' name, e.g. {@code "15m"}, {@code "1M"} */
    public String wireName() {
        return wireName;
    }

    /** @return the bucket length; for {@code 1M} the longest month */
    public long nominalDurationMs() {
        return durationMs;
    }

    /**
     * @param wireName e.g. {@code "4h"}; case matters ({@code 1m} is a minute, {@code 1M} a month)
     * @return the interval, or null if unknown
     */
    public static CandleInterval fromWireName(final String wireName) {
        for (final CandleInterval interval : VALUES) {
            if (interval.wireName.equals(wireName)) {
                return interval;
            }
        }
        return null;
    }

    /**
     * @param code an {@link #ordinal()} as carried in events
     * @return the interval, or null if the code is unknown
     */
    public static CandleInterval fromCode(final int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }

    /**
     * @param timeMs any UTC epoch time in milliseconds
     * @return the open time of the bucket that contains it
     */
    public long bucketStartMs(final long timeMs) {
        return switch (this) {
            case W1 -> Math.floorDiv(timeMs - FIRST_MONDAY_MS, durationMs) * durationMs + FIRST_MONDAY_MS;
            case MONTH1 -> {
                final ZonedDateTime time = Instant.ofEpochMilli(timeMs).atZone(ZoneOffset.UTC);
                yield time.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            default -> Math.floorDiv(timeMs, durationMs) * durationMs;
        };
    }

    /**
     * @param openTimeMs a bucket open time
     * @return true if it is on this interval's UTC boundary
     */
    public boolean isAligned(final long openTimeMs) {
        return bucketStartMs(openTimeMs) == openTimeMs;
    }

    /**
     * @param openTimeMs an aligned bucket open time
     * @param buckets    how many buckets to move, negative for earlier
     * @return the open time {@code buckets} buckets later
     */
    public long plusBuckets(final long openTimeMs, final long buckets) {
        if (this == MONTH1) {
            return Instant.ofEpochMilli(openTimeMs).atZone(ZoneOffset.UTC).plusMonths(buckets).toInstant()
                .toEpochMilli();
        }
        return openTimeMs + buckets * durationMs;
    }

    /**
     * @param openTimeMs an aligned bucket open time
     * @return the open time of the next bucket, which is also this bucket's (exclusive) close time
     */
    public long nextBucketStartMs(final long openTimeMs) {
        return plusBuckets(openTimeMs, 1);
    }

    /**
     * @param fromOpenTimeMs an aligned open time
     * @param toOpenTimeMs   a later (or equal) aligned open time
     * @return the number of buckets from one to the other
     */
    public long bucketsBetween(final long fromOpenTimeMs, final long toOpenTimeMs) {
        if (this == MONTH1) {
            final ZonedDateTime from = Instant.ofEpochMilli(fromOpenTimeMs).atZone(ZoneOffset.UTC);
            final ZonedDateTime to = Instant.ofEpochMilli(toOpenTimeMs).atZone(ZoneOffset.UTC);
            return (to.getYear() - from.getYear()) * 12L + to.getMonthValue() - from.getMonthValue();
        }
        return (toOpenTimeMs - fromOpenTimeMs) / durationMs;
    }
}
