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
 */
class L2BookDifferentialTest {
    private static final int STEPS = 20_000;

    @ParameterizedTest(name = "seed {0}, max depth {1}, best-first deltas {2}")
    @CsvSource({
        "1, 2147483647, false", "7, 2147483647, false", "42, 2147483647, true", "20261123, 2147483647, true",
        "1, 15, false", "7, 15, true", "42, 4, true", "20261124, 1, true"})
    void shouldMatchTreeMapReferenceAfterEveryStep(final long seed, final int maxDepth, final boolean bestFirst) {
        final Random random = new Random(seed);
        final L2Book book = new L2Book(0, 2, 8, maxDepth);
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
            mid += random.nextInt(21) - 10;
            bids.clear();
            asks.clear();
            final Rejection result;
            if (random.nextInt(50) == 0) {
                randomSnapshot(random, mid, bids, asks);
                refBids.clear();
                refAsks.clear();
                put(refBids, bids, maxDepth);
                put(refAsks, asks, maxDepth);
                result = book.applySnapshot(++sequence, bids, asks, changes);
            } else {
                final int levels = 1 + random.nextInt(12);
                final List<long[]> bidLevels = new ArrayList<>();
                final List<long[]> askLevels = new ArrayList<>();
                for (int i = 0; i < levels; i++) {
                    final boolean bid = random.nextBoolean();
                    final long price = bid ? mid - 1 - skewedDistance(random) : mid + 1 + skewedDistance(random);
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
            assertThat(mirrorBids).as("bid mirror at step %d", step).isEqualTo(refBids);
            assertThat(mirrorAsks).as("ask mirror at step %d", step).isEqualTo(refAsks);
            assertThat(book.sequence()).isEqualTo(sequence);
        }
    }

    /** Distance from the touch, mostly near it (as venues update), sometimes far away. */
    private static long skewedDistance(final Random random) {
        return random.nextInt(10) == 0 ? random.nextInt(2_000) : (long) Math.abs(random.nextGaussian() * 8);
    }

    private static void randomSnapshot(final Random random, final long mid, final LevelBuffer bids,
                                       final LevelBuffer asks) {
        final int depth = random.nextInt(40);
        long bidPrice = mid - 1 - random.nextInt(3);
        long askPrice = mid + 1 + random.nextInt(3);
        for (int i = 0; i < depth; i++) {
            bids.add(bidPrice, 1 + random.nextInt(1_000));
            asks.add(askPrice, 1 + random.nextInt(1_000));
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
