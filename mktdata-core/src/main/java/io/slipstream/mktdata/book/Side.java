package io.slipstream.mktdata.book;

/**
 * One side of an {@link L2Book}: {@link BookSide} (sorted arrays, any prices) or {@link LadderSide} (a price ladder
 * for instruments with a fixed tick). Both keep the same contract, described on {@link BookSide}: level 0 is the
 * best, removing an unknown level is a no-op, and a bounded side keeps at least its best {@code maxDepth} levels and
 * never more than {@code maxDepth * 5 / 4} once trimmed. Not thread-safe: owned by the engine thread.
 */
interface Side {
    /** {@link #set} left the side as it was. */
    int UNCHANGED = 0;
    /** {@link #set} added a level. */
    int ADDED = 1;
    /** {@link #set} changed a level's size. */
    int UPDATED = 2;
    /** {@link #set} removed a level. */
    int REMOVED = 3;

    int depth();

    int growthCount();

    /** Starts a run of {@link #set} calls whose levels are likely sorted best first (a venue's diff). */
    void beginRun();

    /** @param level 0 is the best level */
    long price(int level);

    /** @param level 0 is the best level */
    long size(int level);

    void clear();

    /**
     * Sets the size at a price; size 0 removes the level, and removing an unknown level is a no-op. A new level worse
     * than every level of a full side is ignored.
     *
     * @return {@link #ADDED}, {@link #UPDATED}, {@link #REMOVED} or {@link #UNCHANGED}
     */
    int set(long price, long size);

    /** @return true once the side holds more levels than its slack allows; {@link #trim} then brings it back */
    boolean needsTrim();

    /** Drops the worst levels down to the bound, appending each to {@code removed} with size 0 (null: not reported). */
    void trim(LevelBuffer removed);

    /**
     * Replaces the whole side with the best {@code maxDepth} of {@code levels} (best first, strictly ordered, sizes
     * positive) and appends to {@code changes} every level whose size differs from before (0 for a level gone).
     */
    void replace(LevelBuffer levels, LevelBuffer changes);

    /** @return true if {@code levels} is strictly ordered best first */
    boolean isOrderedBestFirst(LevelBuffer levels);

    /** @return the summed size of the levels at least as good as {@code limitPrice} */
    long sizeUpTo(double limitPrice);

    /** Appends the best {@code n} levels to {@code out}, best first. */
    void topN(int n, LevelBuffer out);
}
