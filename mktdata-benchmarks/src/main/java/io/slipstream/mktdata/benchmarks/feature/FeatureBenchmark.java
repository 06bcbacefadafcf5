package io.slipstream.mktdata.benchmarks.feature;

import io.slipstream.mktdata.book.BookChanges;
import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.feature.FeatureCalculator;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.feature.TradeWindow;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one features event (docs/features.md) with the default configuration: a Binance-like BTCUSDT book of
 * {@code levels} levels a side at tick 0.10 around 60,000 (1000 levels reach about 17 bps, so the 25-100 bps bands
 * walk the whole side) and {@code trades} trades spread over the longest (60 s) window. The engine pays this at most
 * once per instrument per {@code interval_ms} (default 1 s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FeatureBenchmark {
    private static final long T0_NS = 1_795_000_000_000_000_000L;
    private static final long WINDOW_NS = 60_000_000_000L;

    /** Levels per side of the book. */
    @Param({"20", "1000"})
    public int levels;

    /** Trades in the longest window. */
    @Param({"100", "3000"})
    public int trades;

    private final ByteBuffer out = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private FeatureCalculator calculator;
    private Instrument instrument;
    private Instrument counterpart;
    private L2Book book;
    private L2Book counterpartBook;
    private TradeWindow window;
    private double previousSpreadBps = Double.NaN;

    /** Builds the books and the trades. */
    @Setup(Level.Trial)
    public void setUp() {
        final InstrumentRegistry registry = new InstrumentRegistry(4);
        instrument = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        counterpart = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        book = book(instrument, levels);
        counterpartBook = book(counterpart, 20);
        calculator = new FeatureCalculator(FeatureConfig.defaults(), levels);
        window = new TradeWindow(trades);
        final SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < trades; i++) {
            window.add(T0_NS + i * (WINDOW_NS / trades), 60_000 + random.nextInt(-50, 50) / 10.0,
                random.nextInt(1, 2_000) / 1000.0, random.nextBoolean() ? AggressorSide.BUY : AggressorSide.SELL,
                WINDOW_NS);
        }
    }

    private static L2Book book(final Instrument instrument, final int levelsPerSide) {
        final long tick = instrument.tickSizeMantissa() > 0 ? instrument.tickSizeMantissa() : 1;
        final long mid = instrument.parsePrice("60000");
        final LevelBuffer bids = new LevelBuffer(levelsPerSide);
        final LevelBuffer asks = new LevelBuffer(levelsPerSide);
        for (int level = 0; level < levelsPerSide; level++) {
            bids.add(mid - (level + 1) * tick, instrument.parseSize("1.5"));
            asks.add(mid + (level + 1) * tick, instrument.parseSize("1.5"));
        }
        final L2Book book = new L2Book(instrument.id(), instrument.priceScale(), levelsPerSide);
        final Rejection result = book.applySnapshot(1, bids, asks, new BookChanges(levelsPerSide));
        if (result != Rejection.NONE) {
            throw new IllegalStateException("could not fill the book: " + result);
        }
        return book;
    }

    /** @return the spread written (consumed so the JIT keeps the work) */
    @Benchmark
    public double featuresEvent() {
        previousSpreadBps = calculator.write(out, 0, instrument, book, 10, T0_NS, window, trades, counterpart,
            counterpartBook, 5, T0_NS, T0_NS, T0_NS + WINDOW_NS - 1, previousSpreadBps,
            T0_NS + WINDOW_NS - 1_000_000_000L);
        return previousSpreadBps;
    }
}
