package io.slipstream.mktdata.benchmarks.book;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;

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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Cost of the read side of an {@link L2Book} of 1000 levels per side (a full Binance REST snapshot): the top-N copy
 * that book subscriptions and queries take, the best prices and mid that strategies read on every update, and the
 * depth within 10 bps. With tick 1 around 1,000,000, 10 bps is 1000 ticks, so the depth reads walk the whole side:
 * their worst case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TopOfBookBenchmark {
    private static final int LEVELS_PER_SIDE = 1000;
    private static final long TICK_MANTISSA = 1;
    private static final double DEPTH_BAND_BPS = 10.0;

    /** The instrument's tick: 0 = none (sorted-array sides), 1 = a price ladder. */
    @Param({"0", "1"})
    private long bookTick;

    private final LevelBuffer bidsOut = new LevelBuffer(LEVELS_PER_SIDE);
    private final LevelBuffer asksOut = new LevelBuffer(LEVELS_PER_SIDE);
    private L2Book book;

    /** Fills the book. */
    @Setup(Level.Trial)
    public void setUp() {
        book = BookFixture.filledBook(LEVELS_PER_SIDE, TICK_MANTISSA, 0, bookTick);
    }

    /** Copies the best 5 levels per side. */
    @Benchmark
    public void topN5(final Blackhole blackhole) {
        book.topN(5, bidsOut, asksOut);
        blackhole.consume(bidsOut);
        blackhole.consume(asksOut);
    }

    /** Copies the best 20 levels per side. */
    @Benchmark
    public void topN20(final Blackhole blackhole) {
        book.topN(20, bidsOut, asksOut);
        blackhole.consume(bidsOut);
        blackhole.consume(asksOut);
    }

    /** Reads the best bid, the best ask and the mid. */
    @Benchmark
    public void bestPricesAndMid(final Blackhole blackhole) {
        blackhole.consume(book.bestBidPrice());
        blackhole.consume(book.bestAskPrice());
        blackhole.consume(book.midPrice());
    }

    /** Sums the size within 10 bps of the mid on each side. */
    @Benchmark
    public void depthWithin10Bps(final Blackhole blackhole) {
        blackhole.consume(book.bidDepthWithinBps(DEPTH_BAND_BPS));
        blackhole.consume(book.askDepthWithinBps(DEPTH_BAND_BPS));
    }
}
