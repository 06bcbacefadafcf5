package io.slipstream.mktdata.benchmarks.book;

import io.slipstream.mktdata.benchmarks.OperationMix;
import io.slipstream.mktdata.book.BookChanges;
import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.rejection.Rejection;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of keeping an {@link L2Book} current, level by level, at Binance-like depths (20, 1000 and 5000 levels per
 * side). Every venue update ends in {@link L2Book#setLevel} or its loop {@link L2Book#applyDelta}, so this is the
 * engine's per-level price of book maintenance. Without a tick a side is a sorted array with the best level last, so
 * the position of the touched level (near the top, or anywhere) is what the variants vary; with a tick
 * ({@code bookTick=1}) the levels near the touch are in a price ladder, where the position matters much less.
 *
 * <p>The book is pre-filled with even prices (tick 2), bids below 1,000,000 and asks above; inserts use odd prices,
 * between existing levels. Every benchmark leaves the depth as it found it, so results do not drift.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BookDeltaBenchmark {
    private static final long TICK_MANTISSA = 2;
    private static final double MEAN_DISTANCE_LEVELS = 5.0;
    private static final long MAX_SIZE_MANTISSA = 1_000_000L;

    @Param({"20", "1000", "5000"})
    private int levelsPerSide;

    /** The instrument's tick: 0 = none (sorted-array sides, Hyperliquid), 1 = a price ladder (Binance). */
    @Param({"0", "1"})
    private long bookTick;

    private final boolean[] bidSide = new boolean[OperationMix.OPERATIONS];
    private final long[] sizeMantissa = new long[OperationMix.OPERATIONS];
    private final long[] skewedPriceMantissa = new long[OperationMix.OPERATIONS];
    private final long[] uniformPriceMantissa = new long[OperationMix.OPERATIONS];
    private final long[] insertPriceMantissa = new long[OperationMix.OPERATIONS];
    private final BookChanges changes = new BookChanges(DiffScript.LEVELS_PER_DIFF);
    private L2Book book;
    private DiffScript diffs;
    private long sequence;
    private int index;

    /** Fills the book and draws every operation. */
    @Setup(Level.Trial)
    public void setUp() {
        book = BookFixture.filledBook(levelsPerSide, TICK_MANTISSA, 16, bookTick);
        sequence = book.sequence();
        final SplittableRandom random = new SplittableRandom(OperationMix.SEED);
        for (int i = 0; i < OperationMix.OPERATIONS; i++) {
            final boolean bid = random.nextBoolean();
            final int skewedLevel = OperationMix.distanceFromBest(random, MEAN_DISTANCE_LEVELS, levelsPerSide);
            final int uniformLevel = random.nextInt(levelsPerSide);
            bidSide[i] = bid;
            sizeMantissa[i] = 1 + random.nextLong(MAX_SIZE_MANTISSA);
            skewedPriceMantissa[i] = price(bid, skewedLevel);
            uniformPriceMantissa[i] = price(bid, uniformLevel);
            // One tick inside the level: a new best for distance 0, else between two existing levels.
            insertPriceMantissa[i] = price(bid, skewedLevel) + (bid ? 1 : -1);
        }
        diffs = new DiffScript(levelsPerSide, TICK_MANTISSA, random);
    }

    /** Fails the run if a benchmark changed the depth it was meant to keep or a delta was refused. */
    @TearDown(Level.Trial)
    public void checkDepth() {
        final int expected = sequence > 1 ? levelsPerSide - 1 : levelsPerSide;
        if (book.bidDepth() != expected || book.askDepth() != expected || book.sequence() != sequence) {
            throw new IllegalStateException("book drifted: " + book.bidDepth() + "/" + book.askDepth()
                + " levels, sequence " + book.sequence() + ", expected " + expected + " levels, sequence " + sequence);
        }
    }

    /** @return size change of an existing level, geometrically near the top (mean 5 levels): one level update */
    @Benchmark
    public Rejection updateExistingLevel() {
        final int i = index++ & OperationMix.OPERATION_MASK;
        return book.setLevel(bidSide[i], skewedPriceMantissa[i], sizeMantissa[i]);
    }

    /** @return size change of an existing level chosen uniformly over the whole depth: one level update */
    @Benchmark
    public Rejection updateExistingLevelUniform() {
        final int i = index++ & OperationMix.OPERATION_MASK;
        return book.setLevel(bidSide[i], uniformPriceMantissa[i], sizeMantissa[i]);
    }

    /** Inserts a new level near the top, then removes it: two level updates per op. */
    @Benchmark
    public void insertThenRemoveNearTop(final Blackhole blackhole) {
        final int i = index++ & OperationMix.OPERATION_MASK;
        blackhole.consume(book.setLevel(bidSide[i], insertPriceMantissa[i], sizeMantissa[i]));
        blackhole.consume(book.setLevel(bidSide[i], insertPriceMantissa[i], 0));
    }

    /** @return a 10-level Binance-like diff (size changes, a removal and a re-add per side): ten level updates */
    @Benchmark
    public Rejection applyDeltaOf10Levels() {
        final int i = index++ & OperationMix.OPERATION_MASK;
        return book.applyDelta(++sequence, diffs.bids(i), diffs.asks(i), changes);
    }

    private static long price(final boolean bid, final int level) {
        return bid ? BookFixture.bidPrice(level, TICK_MANTISSA) : BookFixture.askPrice(level, TICK_MANTISSA);
    }
}
