package io.slipstream.mktdata.benchmarks.engine;

import io.slipstream.mktdata.benchmarks.OperationMix;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one event's whole trip through a {@link MarketDataEngine}, on one thread: the producer encodes it into the
 * event ring ({@link EventPublisher}), then {@link MarketDataEngine#doWork()} reads it, applies it to the
 * instrument's state (trade ring, or a 1000-level book plus the derived delta it re-encodes) and dispatches it to a
 * subscribed listener. The engine is not started; the benchmark thread drives it, so there is no cross-core hand-off
 * or wake-up in the number: it is the CPU cost per event that bounds the engine's throughput.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineHandOffBenchmark {
    private static final int BOOK_LEVELS_PER_SIDE = 1000;
    private static final long MID_PRICE_MANTISSA = 654_320L;
    private static final double MEAN_DISTANCE_LEVELS = 5.0;
    private static final long EXCHANGE_TIME_NS = 1_700_000_000_000_000_000L;
    private static final long RECEIVE_DELAY_NS = 2_000_000L;

    private final long[] priceMantissa = new long[OperationMix.OPERATIONS];
    private final long[] sizeMantissa = new long[OperationMix.OPERATIONS];
    private final AggressorSide[] aggressor = new AggressorSide[OperationMix.OPERATIONS];
    private final long[] bidPriceMantissa = new long[OperationMix.OPERATIONS];
    private final long[] askPriceMantissa = new long[OperationMix.OPERATIONS];
    private final LevelBuffer bids = new LevelBuffer(BOOK_LEVELS_PER_SIDE);
    private final LevelBuffer asks = new LevelBuffer(BOOK_LEVELS_PER_SIDE);
    private MarketDataEngine engine;
    private EventPublisher publisher;
    private int instrumentId;
    private long venueSequence;
    private long tradeId;
    private int index;
    private long tradePriceSumMantissa;
    private long bookLevelsReceived;

    /** Builds the engine, registers BTCUSDT, subscribes, loads a 1000-level book and draws every operation. */
    @Setup(Level.Trial)
    public void setUp() {
        final EngineContext context = new EngineContext();
        engine = new MarketDataEngine(context);
        publisher = engine.publisher();
        final Instrument instrument = context.registry().register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        instrumentId = instrument.id();
        engine.subscribe(StreamKey.trades(instrument), 0,
            (event, market) -> tradePriceSumMantissa += event.tradePrice());
        engine.subscribe(StreamKey.book(instrument), 0,
            (event, market) -> bookLevelsReceived += event.bidCount() + event.askCount());
        engine.doWork();

        final SplittableRandom random = new SplittableRandom(OperationMix.SEED);
        for (int level = 0; level < BOOK_LEVELS_PER_SIDE; level++) {
            bids.add(MID_PRICE_MANTISSA - 1 - level, 1 + random.nextLong(100_000));
            asks.add(MID_PRICE_MANTISSA + 1 + level, 1 + random.nextLong(100_000));
        }
        venueSequence = 1;
        require(publisher.bookSnapshot(instrumentId, EXCHANGE_TIME_NS, EXCHANGE_TIME_NS + RECEIVE_DELAY_NS,
            venueSequence, false, bids, asks));
        engine.doWork();

        for (int i = 0; i < OperationMix.OPERATIONS; i++) {
            priceMantissa[i] = MID_PRICE_MANTISSA + random.nextLong(-20, 21);
            sizeMantissa[i] = 1 + random.nextLong(5_000);
            aggressor[i] = random.nextBoolean() ? AggressorSide.BUY : AggressorSide.SELL;
            bidPriceMantissa[i] = MID_PRICE_MANTISSA - 1
                - OperationMix.distanceFromBest(random, MEAN_DISTANCE_LEVELS, BOOK_LEVELS_PER_SIDE);
            askPriceMantissa[i] = MID_PRICE_MANTISSA + 1
                + OperationMix.distanceFromBest(random, MEAN_DISTANCE_LEVELS, BOOK_LEVELS_PER_SIDE);
        }
    }

    /** Fails the run if the engine refused anything, and stops it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        final long refused = engine.rejections().total();
        engine.close();
        if (refused != 0) {
            throw new IllegalStateException("engine refused events: " + engine.rejections().snapshot());
        }
    }

    /** @return the listener's running sum: one trade published, applied and dispatched */
    @Benchmark
    public long publishTradeAndDispatch() {
        final int i = index++ & OperationMix.OPERATION_MASK;
        final long exchangeTimeNs = EXCHANGE_TIME_NS + i;
        publisher.trade(instrumentId, exchangeTimeNs, exchangeTimeNs + RECEIVE_DELAY_NS, priceMantissa[i],
            sizeMantissa[i], aggressor[i], ++tradeId, 0);
        engine.doWork();
        return tradePriceSumMantissa;
    }

    /** @return the listener's running count: one 2-level delta (a bid and an ask size change near the top) */
    @Benchmark
    public long publishBookDeltaAndDispatch() {
        final int i = index++ & OperationMix.OPERATION_MASK;
        bids.clear().add(bidPriceMantissa[i], sizeMantissa[i]);
        asks.clear().add(askPriceMantissa[i], sizeMantissa[(i + 1) & OperationMix.OPERATION_MASK]);
        final long exchangeTimeNs = EXCHANGE_TIME_NS + i;
        publisher.bookDelta(instrumentId, exchangeTimeNs, exchangeTimeNs + RECEIVE_DELAY_NS, ++venueSequence, bids,
            asks);
        engine.doWork();
        return bookLevelsReceived;
    }

    private static void require(final Rejection result) {
        if (result != Rejection.NONE) {
            throw new IllegalStateException("publish refused: " + result);
        }
    }
}
