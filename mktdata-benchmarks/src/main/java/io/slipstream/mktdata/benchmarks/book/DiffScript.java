package io.slipstream.mktdata.benchmarks.book;

import io.slipstream.mktdata.benchmarks.OperationMix;
import io.slipstream.mktdata.book.LevelBuffer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A cycle of {@link OperationMix#OPERATIONS} Binance-like depth diffs of {@link #LEVELS_PER_DIFF} levels each, best
 * first per side: diff {@code k} re-adds the bid and the ask level that diff {@code k - 1} removed, removes one bid
 * and one ask level near the top, and changes the size of six more levels near the top. Diff 0 re-adds what the last
 * diff removed, so the cycle repeats forever with each side one level short of the fresh book.
 */
final class DiffScript {
    /** Level updates in every diff. */
    static final int LEVELS_PER_DIFF = 10;
    private static final int SIZE_CHANGES_PER_DIFF = LEVELS_PER_DIFF - 4;
    private static final double MEAN_DISTANCE_LEVELS = 5.0;
    private static final long MAX_SIZE_MANTISSA = 1_000_000L;

    private final LevelBuffer[] bids = new LevelBuffer[OperationMix.OPERATIONS];
    private final LevelBuffer[] asks = new LevelBuffer[OperationMix.OPERATIONS];

    /**
     * @param levelsPerSide levels per side of the fresh book; at least 10
     * @param tickMantissa  distance between its neighbouring levels
     * @param random        the generator
     */
    DiffScript(final int levelsPerSide, final long tickMantissa, final SplittableRandom random) {
        final int[] removedBid = removals(levelsPerSide, random);
        final int[] removedAsk = removals(levelsPerSide, random);
        final long[] bidKeys = new long[LEVELS_PER_DIFF];
        final long[] askKeys = new long[LEVELS_PER_DIFF];
        for (int k = 0; k < OperationMix.OPERATIONS; k++) {
            final int previous = (k - 1) & OperationMix.OPERATION_MASK;
            int bidCount = 0;
            int askCount = 0;
            bidKeys[bidCount++] = key(removedBid[previous], 1 + random.nextLong(MAX_SIZE_MANTISSA));
            bidKeys[bidCount++] = key(removedBid[k], 0);
            askKeys[askCount++] = key(removedAsk[previous], 1 + random.nextLong(MAX_SIZE_MANTISSA));
            askKeys[askCount++] = key(removedAsk[k], 0);
            for (int change = 0; change < SIZE_CHANGES_PER_DIFF; change++) {
                final boolean bid = random.nextBoolean();
                final long[] keys = bid ? bidKeys : askKeys;
                final int count = bid ? bidCount : askCount;
                int distance;
                do {
                    distance = OperationMix.distanceFromBest(random, MEAN_DISTANCE_LEVELS, levelsPerSide);
                } while (contains(keys, count, distance));
                keys[count] = key(distance, 1 + random.nextLong(MAX_SIZE_MANTISSA));
                if (bid) {
                    bidCount++;
                } else {
                    askCount++;
                }
            }
            bids[k] = levels(bidKeys, bidCount, true, tickMantissa);
            asks[k] = levels(askKeys, askCount, false, tickMantissa);
        }
    }

    /** @param index 0 .. OPERATIONS-1 @return the bid side of that diff */
    LevelBuffer bids(final int index) {
        return bids[index];
    }

    /** @param index 0 .. OPERATIONS-1 @return the ask side of that diff */
    LevelBuffer asks(final int index) {
        return asks[index];
    }

    /** One removal per diff, never the level the previous diff removed (that one is re-added alongside). */
    private static int[] removals(final int levelsPerSide, final SplittableRandom random) {
        final int[] removed = new int[OperationMix.OPERATIONS];
        for (int k = 0; k < removed.length; k++) {
            int distance;
            do {
                distance = OperationMix.distanceFromBest(random, MEAN_DISTANCE_LEVELS, levelsPerSide);
            } while ((k > 0 && distance == removed[k - 1]) || (k == removed.length - 1 && distance == removed[0]));
            removed[k] = distance;
        }
        return removed;
    }

    /** Packs a distance (high bits, so keys sort best first) and a size into one sortable long. */
    private static long key(final int distanceLevels, final long sizeMantissa) {
        return ((long) distanceLevels << 32) | sizeMantissa;
    }

    private static boolean contains(final long[] keys, final int count, final int distanceLevels) {
        for (int i = 0; i < count; i++) {
            if ((int) (keys[i] >>> 32) == distanceLevels) {
                return true;
            }
        }
        return false;
    }

    private static LevelBuffer levels(
        final long[] keys, final int count, final boolean bid, final long tickMantissa) {
        Arrays.sort(keys, 0, count);
        final LevelBuffer levels = new LevelBuffer(LEVELS_PER_DIFF);
        for (int i = 0; i < count; i++) {
            final int distance = (int) (keys[i] >>> 32);
            final long price = bid
                ? BookFixture.bidPrice(distance, tickMantissa)
                : BookFixture.askPrice(distance, tickMantissa);
            levels.add(price, keys[i] & 0xFFFF_FFFFL);
        }
        return levels;
    }
}
