package io.slipstream.mktdata.benchmarks.candle;

import io.slipstream.mktdata.benchmarks.OperationMix;
import io.slipstream.mktdata.candle.CandleAggregator;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleOutcome;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.candle.CandleSink;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.rejection.Rejection;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the candle paths the engine runs per venue candle or per trade: upserting the open bucket of a full
 * 1h series of 2000 buckets (Binance pushes it every ~250 ms), appending a new bucket to a full series (the ring
 * rolls over, evicting the oldest) and aggregating a trade into the open 1m bucket (candles built from trades).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CandleBenchmark {
    private static final int RETENTION_BUCKETS = 2000;
    private static final CandleInterval SERIES_INTERVAL = CandleInterval.H1;
    private static final long FIRST_OPEN_TIME_MS = SERIES_INTERVAL.bucketStartMs(1_700_000_000_000L);
    private static final long OPEN_PRICE_MANTISSA = 654_320L;
    private static final long RECEIVE_TIME_NS = 1_700_000_000_000_000_000L;

    /** Candle values that are valid (low below open and close, high above) and differ from one op to the next. */
    public static class CandleValues {
        final long[] highMantissa = new long[OperationMix.OPERATIONS];
        final long[] lowMantissa = new long[OperationMix.OPERATIONS];
        final long[] closeMantissa = new long[OperationMix.OPERATIONS];
        final long[] volumeMantissa = new long[OperationMix.OPERATIONS];
        final long[] tradeCount = new long[OperationMix.OPERATIONS];
        int index;

        void draw(final SplittableRandom random) {
            for (int i = 0; i < OperationMix.OPERATIONS; i++) {
                final long close = OPEN_PRICE_MANTISSA + random.nextLong(-500, 501);
                closeMantissa[i] = close;
                highMantissa[i] = Math.max(OPEN_PRICE_MANTISSA, close) + random.nextLong(100);
                lowMantissa[i] = Math.min(OPEN_PRICE_MANTISSA, close) - random.nextLong(100);
                volumeMantissa[i] = 1_000L * (i + 1);
                tradeCount[i] = i + 1;
            }
        }
    }

    /** A full series whose newest bucket is open; the benchmark upserts that bucket. */
    @State(Scope.Thread)
    public static class OpenBucketState extends CandleValues {
        CandleSeries series;
        long openBucketTimeMs;

        /** Fills 1999 closed buckets and opens the 2000th. */
        @Setup(Level.Trial)
        public void setUp() {
            draw(new SplittableRandom(OperationMix.SEED));
            series = filledSeries(RETENTION_BUCKETS - 1);
            openBucketTimeMs = SERIES_INTERVAL.plusBuckets(FIRST_OPEN_TIME_MS, RETENTION_BUCKETS - 1);
            expect(CandleOutcome.APPENDED, series.upsert(openBucketTimeMs, OPEN_PRICE_MANTISSA, OPEN_PRICE_MANTISSA,
                OPEN_PRICE_MANTISSA, OPEN_PRICE_MANTISSA, 0, 0, false, CandleSource.LIVE, RECEIVE_TIME_NS));
        }
    }

    /** A full series; the benchmark appends the next bucket, so the ring evicts its oldest every op. */
    @State(Scope.Thread)
    public static class AppendState extends CandleValues {
        CandleSeries series;
        long nextOpenTimeMs;

        /** Fills the series to its retention. */
        @Setup(Level.Trial)
        public void setUp() {
            draw(new SplittableRandom(OperationMix.SEED));
            series = filledSeries(RETENTION_BUCKETS);
            nextOpenTimeMs = SERIES_INTERVAL.plusBuckets(FIRST_OPEN_TIME_MS, RETENTION_BUCKETS);
        }
    }

    /** A 1m aggregator with an open bucket, and trades that all fall in that bucket. */
    @State(Scope.Thread)
    public static class AggregatorState {
        private static final CandleInterval AGGREGATED_INTERVAL = CandleInterval.M1;
        private static final CandleSink SINK = (instrumentId, interval, bucketOpenTimeMs, open, high, low, close,
            volume, tradeCount, closed) -> AggregatorState.lastCloseMantissa = close;
        static long lastCloseMantissa;

        final long[] priceMantissa = new long[OperationMix.OPERATIONS];
        final long[] sizeMantissa = new long[OperationMix.OPERATIONS];
        final long[] exchangeTimeMs = new long[OperationMix.OPERATIONS];
        final CandleAggregator aggregator = new CandleAggregator(0, AGGREGATED_INTERVAL, RETENTION_BUCKETS);
        int index;

        /** Draws the trades and opens the bucket with the first. */
        @Setup(Level.Trial)
        public void setUp() {
            final SplittableRandom random = new SplittableRandom(OperationMix.SEED);
            final long bucketOpenTimeMs = AGGREGATED_INTERVAL.bucketStartMs(FIRST_OPEN_TIME_MS);
            final long bucketLengthMs = AGGREGATED_INTERVAL.nominalDurationMs();
            for (int i = 0; i < OperationMix.OPERATIONS; i++) {
                priceMantissa[i] = OPEN_PRICE_MANTISSA + random.nextLong(-500, 501);
                sizeMantissa[i] = 1 + random.nextLong(10_000);
                exchangeTimeMs[i] = bucketOpenTimeMs + random.nextLong(bucketLengthMs);
            }
            if (aggregator.onTrade(priceMantissa[0], sizeMantissa[0], exchangeTimeMs[0], SINK) != Rejection.NONE) {
                throw new IllegalStateException("the first trade was refused");
            }
        }
    }

    /**
     * @param state the series and values
     * @return UPDATED: the open bucket's high, low, close, volume and trade count change
     */
    @Benchmark
    public CandleOutcome upsertOpenBucket(final OpenBucketState state) {
        final int i = state.index++ & OperationMix.OPERATION_MASK;
        return state.series.upsert(state.openBucketTimeMs, OPEN_PRICE_MANTISSA, state.highMantissa[i],
            state.lowMantissa[i], state.closeMantissa[i], state.volumeMantissa[i], state.tradeCount[i], false,
            CandleSource.LIVE, RECEIVE_TIME_NS);
    }

    /**
     * @param state the series and values
     * @return APPENDED: a new newest bucket, evicting the oldest
     */
    @Benchmark
    public CandleOutcome upsertAppendBucket(final AppendState state) {
        final int i = state.index++ & OperationMix.OPERATION_MASK;
        final long openTimeMs = state.nextOpenTimeMs;
        state.nextOpenTimeMs = openTimeMs + SERIES_INTERVAL.nominalDurationMs();
        return state.series.upsert(openTimeMs, OPEN_PRICE_MANTISSA, state.highMantissa[i], state.lowMantissa[i],
            state.closeMantissa[i], state.volumeMantissa[i], state.tradeCount[i], false, CandleSource.LIVE,
            RECEIVE_TIME_NS);
    }

    /**
     * @param state the aggregator and trades
     * @return NONE: the trade updated the open bucket, which went to the sink
     */
    @Benchmark
    public Rejection aggregateTradeInOpenBucket(final AggregatorState state) {
        final int i = state.index++ & OperationMix.OPERATION_MASK;
        return state.aggregator.onTrade(state.priceMantissa[i], state.sizeMantissa[i], state.exchangeTimeMs[i],
            AggregatorState.SINK);
    }

    private static CandleSeries filledSeries(final int closedBuckets) {
        final CandleSeries series = new CandleSeries(0, SERIES_INTERVAL, RETENTION_BUCKETS);
        long openTimeMs = FIRST_OPEN_TIME_MS;
        for (int bucket = 0; bucket < closedBuckets; bucket++) {
            final long close = OPEN_PRICE_MANTISSA + bucket % 100;
            expect(CandleOutcome.APPENDED, series.upsert(openTimeMs, OPEN_PRICE_MANTISSA, close + 10,
                OPEN_PRICE_MANTISSA - 10, close, 1_000L, 10, true, CandleSource.LIVE, RECEIVE_TIME_NS));
            openTimeMs = SERIES_INTERVAL.nextBucketStartMs(openTimeMs);
        }
        return series;
    }

    private static void expect(final CandleOutcome expected, final CandleOutcome actual) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + actual);
        }
    }
}
