package io.slipstream.mktdata.benchmarks;

import java.util.SplittableRandom;

/**
 * Shared sizing and sampling for the benchmarks' precomputed operation arrays: each benchmark draws its inputs in
 * {@code @Setup} into arrays of {@link #OPERATIONS} entries and cycles through them with
 * {@code index++ & OPERATION_MASK}, so the measured methods neither call a random generator nor allocate.
 */
public final class OperationMix {
    /** Entries in every precomputed operation array; a power of two. */
    public static final int OPERATIONS = 4096;
    /** Mask that wraps a running index into the operation arrays. */
    public static final int OPERATION_MASK = OPERATIONS - 1;
    /** Fixed seed, so every run measures the same operations. */
    public static final long SEED = 0x5EED_CAFEL;

    private OperationMix() {
    }

    /**
     * Draws a distance from the best level, geometrically distributed: venue updates cluster at the top of the book.
     *
     * @param random      the generator
     * @param meanLevels  mean distance in levels before capping
     * @param depthLevels levels on the side; the result is capped to {@code depthLevels - 1}
     * @return a level index, 0 being the best
     */
    public static int distanceFromBest(final SplittableRandom random, final double meanLevels, final int depthLevels) {
        final double continueProbability = meanLevels / (meanLevels + 1);
        final double draw = Math.floor(Math.log(1 - random.nextDouble()) / Math.log(continueProbability));
        return (int) Math.min(draw, depthLevels - 1);
    }
}
