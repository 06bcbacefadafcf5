package io.slipstream.mktdata.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.rejection.Rejection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The production book against a naive reference (a TreeMap per side) on long seeded random streams of snapshots,
 * deltas and removals (including removals of unknown levels), comparing full depth after every step. A mirror fed
 * only with the published changes must stay equal too: that is what every subscriber relies on. Deltas come in
 * any order or best first (as venues send them, which the book walks down once), into unbounded books and into
 * books bounded to a few levels, whose reference applies the documented bound naively.
 *
 * <p>With a tick the book keeps its levels in a price ladder: those rows add a trending market (the ladder's window
 * follows it both ways), far-away levels on both sides (worse ones beyond the window, better ones that move it back)
 * and, in one row, the odd price off the tick (the side falls back to sorted levels mid-stream).
 */
class L2BookDifferentialTest {
    private static final int STEPS = 20_000;

    @ParameterizedTest(name = "seed {0}, max depth {1}, best-first deltas {2}, tick {3}, trend {4}, off-tick 1/{5}, "
        + "snapshot 1/{6}")
    @CsvSource({
        "1, 2147483647, false, 0, 0, 0, 50", "7, 2147483647, false, 0, 0, 0, 50", "42, 2147483647, true, 0, 0, 0, 50",
        "20261123, 2147483647, true, 0, 0, 0, 50", "1, 15, false, 0, 0, 0, 50", "7, 15, true, 0, 0, 0, 50",
        "42, 4, true, 0, 0, 0, 50", "20261124, 1, true, 0, 0, 0, 50",
        "1, 2147483647, false, 1, 0, 0, 50", "7, 2147483647, true, 10, 3, 0, 50",
        "42, 2147483647, true, 5, -3, 0, 5000", "3, 2000, true, 10, 2, 0, 5000", "5, 300, false, 1, -2, 0, 5000",
        "11, 40, true, 10, 1, 0, 50", "13, 15, true, 1, -1, 0, 500", "17, 4, true, 10, 0, 0, 50",
        "19, 1, true, 10, 4, 0, 50", "23, 15, true, 10, 1, 3000, 500", "29, 2147483647, true, 5, 0, 500, 5000",
        "31, 15, true, 6, 1, 2000, 500", "37, 300, true, 12, -1, 0, 5000"})
    void shouldMatchTreeMapReferenceAfterEveryStep(final long seed, final int maxDepth, final boolean bestFirst,
                                                   final long tick, final int trend, final int offTickEvery,
                                                   final int snapshotEvery) {
        final Random random = new Random(seed);
        final L2Book book = new L2Book(0, 2, tick, 8, maxDepth);
        final long unit = Math.max(1, tick);
        final TreeMap<Long, Long> refBids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Long> refAsks = new TreeMap<>(Comparator.naturalOrder());
        final TreeMap<Long, Long> mirrorBids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Long> mirrorAsks = new TreeMap<>();
        final BookChanges changes = new BookChanges(4);
        final LevelBuffer bids = new LevelBuffer(4);
        final LevelBuffer asks = new LevelBuffer(4);
        long sequence = 0;
        long mid = 100_000;

        for (int step = 0; step < STEPS; step++) {
            mid = Math.max(50_000, mid + random.nextInt(21) - 10 + trend);
            bids.clear();
            asks.clear();
            final Rejection result;
            if (random.nextInt(snapshotEvery) == 0) {
                randomSnapshot(random, mid, unit, bids, asks);
                refBids.clear();
                refAsks.clear();
                put(refBids, bids, maxDepth);
                put(refAsks, asks, maxDepth);
                result = book.applySnapshot(++sequence, bids, asks, changes);
            } else {
                final int levels = 1 + random.nextInt(12);
                final List<long[]> bidLevels = new ArrayList<>();
                final List<long[]> askLevels = new ArrayList<>();
                // As the market moves, the venue removes the levels it has crossed: the touch moves away.
                removeThrough(refBids, mid * unit, bidLevels);
                removeThrough(refAsks, mid * unit, askLevels);
                for (int i = 0; i < levels; i++) {
                    final boolean bid = random.nextBoolean();
                    final long ticks = bid ? mid - 1 - skewedDistance(random) : mid + 1 + skewedDistance(random);
                    final boolean offTick = offTickEvery > 0 && random.nextInt(offTickEvery) == 0;
                    final long price = Math.max(1, ticks) * unit + (offTick ? 1 + random.nextInt((int) unit) : 0);
                    final long size = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(1_000);
                    (bid ? bidLevels : askLevels).add(new long[] {price, size});
                }
                if (bestFirst) {
                    bidLevels.sort((a, b) -> Long.compare(b[0], a[0]));
                    askLevels.sort((a, b) -> Long.compare(a[0], b[0]));
                }
                for (final long[] level : bidLevels) {
                    bids.add(level[0], level[1]);
                    applyBounded(refBids, level[0], level[1], maxDepth);
                }
                for (final long[] level : askLevels) {
                    asks.add(level[0], level[1]);
                    applyBounded(refAsks, level[0], level[1], maxDepth);
                }
                trim(refBids, maxDepth);
                trim(refAsks, maxDepth);
                result = book.applyDelta(++sequence, bids, asks, changes);
            }
            assertThat(result).isEqualTo(Rejection.NONE);
            applyChanges(mirrorBids, changes.bids());
            applyChanges(mirrorAsks, changes.asks());

            assertSideEquals(book, true, refBids, step);
            assertSideEquals(book, false, refAsks, step);
            assertReadsEqual(book, refBids, refAsks, step);
            assertThat(mirrorBids).as("bid mirror at step %d", step).isEqualTo(refBids);
            assertThat(mirrorAsks).as("ask mirror at step %d", step).isEqualTo(refAsks);
            assertThat(book.sequence()).isEqualTo(sequence);
        }
    }

    /** Adds a removal for each of the best levels (at most 20) at or through {@code mid}. */
    private static void removeThrough(final TreeMap<Long, Long> side, final long mid, final List<long[]> levels) {
        for (final long price : side.keySet()) {
            if (levels.size() == 20 || side.comparator().compare(price, mid) > 0) {
                return;
            }
            levels.add(new long[] {price, 0});
        }
    }

    /**
     * Distance from the touch in ticks, mostly near it (as venues update), sometimes far away, rarely very far on
     * either side (Binance's 1000.00 bid on a 60000.00 book, or a level through the touch).
     */
    private static long skewedDistance(final Random random) {
        final int kind = random.nextInt(500);
        if (kind == 0) {
            return random.nextInt(40_000);
        }
        if (kind == 1) {
            return -random.nextInt(20_000);
        }
        return random.nextInt(10) == 0 ? random.nextInt(2_000) : (long) Math.abs(random.nextGaussian() * 8);
    }

    private static void randomSnapshot(final Random random, final long mid, final long unit, final LevelBuffer bids,
                                       final LevelBuffer asks) {
        final int depth = random.nextInt(40);
        long bidPrice = mid - 1 - random.nextInt(3);
        long askPrice = mid + 1 + random.nextInt(3);
        for (int i = 0; i < depth; i++) {
            if (bidPrice > 0) {
                bids.add(bidPrice * unit, 1 + random.nextInt(1_000));
            }
            asks.add(askPrice * unit, 1 + random.nextInt(1_000));
            bidPrice -= 1 + random.nextInt(5);
            askPrice += 1 + random.nextInt(5);
        }
    }

    private static void put(final Map<Long, Long> side, final LevelBuffer levels, final int maxDepth) {
        for (int i = 0; i < Math.min(levels.count(), maxDepth); i++) {
            side.put(levels.price(i), levels.size(i));
        }
    }

    /** The bound, naively: a new level worse than every level of a full side is ignored. */
    private static void applyBounded(final TreeMap<Long, Long> side, final long price, final long size,
                                     final int maxDepth) {
        if (size != 0 && !side.containsKey(price) && side.size() >= maxDepth
            && side.comparator().compare(price, side.lastKey()) > 0) {
            return;
        }
        apply(side, price, size);
    }

    /** The bound, naively: a side grown past a quarter of slack loses its worst levels down to the bound. */
    private static void trim(final TreeMap<Long, Long> side, final int maxDepth) {
        final long slack = Math.max(1, maxDepth / 4);
        if (side.size() > maxDepth + slack) {
            while (side.size() > maxDepth) {
                side.pollLastEntry();
            }
        }
    }

    private static void apply(final Map<Long, Long> side, final long price, final long size) {
        if (size == 0) {
            side.remove(price);
        } else {
            side.put(price, size);
        }
    }

    private static void applyChanges(final Map<Long, Long> side, final LevelBuffer changes) {
        for (int i = 0; i < changes.count(); i++) {
            apply(side, changes.price(i), changes.size(i));
        }
    }

    /** The reads that walk a side: top N, and the depth within basis points of the mid, computed naively. */
    private static void assertReadsEqual(final L2Book book, final TreeMap<Long, Long> bids,
                                         final TreeMap<Long, Long> asks, final int step) {
        final LevelBuffer topBids = new LevelBuffer(8);
        final LevelBuffer topAsks = new LevelBuffer(8);
        book.topN(7, topBids, topAsks);
        assertThat(topBids.toString()).as("top bids at step %d", step).isEqualTo(top(bids, 7));
        assertThat(topAsks.toString()).as("top asks at step %d", step).isEqualTo(top(asks, 7));
        if (bids.isEmpty() || asks.isEmpty()) {
            return;
        }
        final double mid = ((double) bids.firstKey() + (double) asks.firstKey()) / 2;
        for (final double bps : new double[] {5, 50, 5_000}) {
            final double bidLimit = mid * (1 - bps / 10_000.0);
            final double askLimit = mid * (1 + bps / 10_000.0);
            final long bidDepth = bids.entrySet().stream().filter(e -> e.getKey() >= bidLimit)
                .mapToLong(Map.Entry::getValue).sum();
            final long askDepth = asks.entrySet().stream().filter(e -> e.getKey() <= askLimit)
                .mapToLong(Map.Entry::getValue).sum();
            assertThat(book.bidDepthWithinBps(bps)).as("bid depth within %s bps at step %d", bps, step)
                .isEqualTo(bidDepth);
            assertThat(book.askDepthWithinBps(bps)).as("ask depth within %s bps at step %d", bps, step)
                .isEqualTo(askDepth);
        }
    }

    private static String top(final TreeMap<Long, Long> side, final int n) {
        final LevelBuffer levels = new LevelBuffer(n);
        side.entrySet().stream().limit(n).forEach(e -> levels.add(e.getKey(), e.getValue()));
        return levels.toString();
    }

    private static void assertSideEquals(
        final L2Book book, final boolean bid, final TreeMap<Long, Long> reference, final int step) {
        final int depth = bid ? book.bidDepth() : book.askDepth();
        assertThat(depth).as("%s depth at step %d", bid ? "bid" : "ask", step).isEqualTo(reference.size());
        int level = 0;
        for (final Map.Entry<Long, Long> entry : reference.entrySet()) {
            final long price = bid ? book.bidPrice(level) : book.askPrice(level);
            final long size = bid ? book.bidSize(level) : book.askSize(level);
            if (price != entry.getKey() || size != entry.getValue()) {
                throw new AssertionError((bid ? "bid" : "ask") + " level " + level + " at step " + step + ": book "
                    + price + "x" + size + ", reference " + entry.getKey() + "x" + entry.getValue());
            }
            level++;
        }
    }
}
