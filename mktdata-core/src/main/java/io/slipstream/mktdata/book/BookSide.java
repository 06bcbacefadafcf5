package io.slipstream.mktdata.book;

import java.util.Arrays;

/**
 * One side of an L2 book as sorted primitive arrays (struct of arrays), best level at the <em>end</em>.
 *
 * <p>Keys are prices for bids and negated prices for asks, so both sides sort ascending with the best level last:
 * most venue updates land near the top of the book, where an insert or delete moves only a few elements. Levels are
 * found by binary search. Not thread-safe: owned by the engine thread.
 */
final class BookSide {
    static final int UNCHANGED = 0;
    static final int ADDED = 1;
    static final int UPDATED = 2;
    static final int REMOVED = 3;

    private final boolean bid;
    private long[] keys;
    private long[] sizes;
    private int depth;
    private int growthCount;

    BookSide(final boolean bid, final int initialCapacity) {
        this.bid = bid;
        keys = new long[Math.max(1, initialCapacity)];
        sizes = new long[keys.length];
    }

    int depth() {
        return depth;
    }

    int growthCount() {
        return growthCount;
    }

    /** @param level 0 is the best level */
    long price(final int level) {
        return priceOf(keys[depth - 1 - level]);
    }

    /** @param level 0 is the best level */
    long size(final int level) {
        return sizes[depth - 1 - level];
    }

    void clear() {
        depth = 0;
    }

    /**
     * Sets the size at a price; size 0 removes the level, and removing an unknown level is a no-op.
     *
     * @return {@link #ADDED}, {@link #UPDATED}, {@link #REMOVED} or {@link #UNCHANGED}
     */
    int set(final long price, final long size) {
        final long key = keyOf(price);
        final int index = Arrays.binarySearch(keys, 0, depth, key);
        if (index >= 0) {
            if (size == 0) {
                System.arraycopy(keys, index + 1, keys, index, depth - index - 1);
                System.arraycopy(sizes, index + 1, sizes, index, depth - index - 1);
                depth--;
                return REMOVED;
            }
            if (sizes[index] == size) {
                return UNCHANGED;
            }
            sizes[index] = size;
            return UPDATED;
        }
        if (size == 0) {
            return UNCHANGED;
        }
        final int insertAt = -index - 1;
        if (depth == keys.length) {
            grow();
        }
        System.arraycopy(keys, insertAt, keys, insertAt + 1, depth - insertAt);
        System.arraycopy(sizes, insertAt, sizes, insertAt + 1, depth - insertAt);
        keys[insertAt] = key;
        sizes[insertAt] = size;
        depth++;
        return ADDED;
    }

    /**
     * Replaces the whole side with {@code levels} (best first, strictly ordered, sizes positive) and appends to
     * {@code changes} every level whose size differs from before (size 0 for a level that disappeared).
     */
    void replace(final LevelBuffer levels, final LevelBuffer changes) {
        final int newDepth = levels.count();
        int oldLevel = 0;
        int newLevel = 0;
        while (oldLevel < depth || newLevel < newDepth) {
            if (newLevel == newDepth) {
                changes.add(price(oldLevel++), 0);
            } else if (oldLevel == depth) {
                changes.add(levels.price(newLevel), levels.size(newLevel));
                newLevel++;
            } else {
                final long oldKey = keys[depth - 1 - oldLevel];
                final long newKey = keyOf(levels.price(newLevel));
                if (oldKey > newKey) {
                    changes.add(priceOf(oldKey), 0);
                    oldLevel++;
                } else if (oldKey < newKey) {
                    changes.add(levels.price(newLevel), levels.size(newLevel));
                    newLevel++;
                } else {
                    if (sizes[depth - 1 - oldLevel] != levels.size(newLevel)) {
                        changes.add(levels.price(newLevel), levels.size(newLevel));
                    }
                    oldLevel++;
                    newLevel++;
                }
            }
        }
        while (keys.length < newDepth) {
            grow();
        }
        for (int level = 0; level < newDepth; level++) {
            keys[newDepth - 1 - level] = keyOf(levels.price(level));
            sizes[newDepth - 1 - level] = levels.size(level);
        }
        depth = newDepth;
    }

    /** @return true if {@code levels} is strictly ordered best first */
    boolean isOrderedBestFirst(final LevelBuffer levels) {
        for (int i = 1; i < levels.count(); i++) {
            if (keyOf(levels.price(i)) >= keyOf(levels.price(i - 1))) {
                return false;
            }
        }
        return true;
    }

    /** @return the summed size of the levels at least as good as {@code limitPrice} */
    long sizeUpTo(final double limitPrice) {
        long total = 0;
        for (int index = depth - 1; index >= 0; index--) {
            final long price = priceOf(keys[index]);
            if (bid ? price < limitPrice : price > limitPrice) {
                break;
            }
            total += sizes[index];
        }
        return total;
    }

    void topN(final int n, final LevelBuffer out) {
        final int levels = Math.min(n, depth);
        for (int level = 0; level < levels; level++) {
            out.add(price(level), size(level));
        }
    }

    private long keyOf(final long price) {
        return bid ? price : -price;
    }

    private long priceOf(final long key) {
        return bid ? key : -key;
    }

    private void grow() {
        keys = Arrays.copyOf(keys, keys.length * 2);
        sizes = Arrays.copyOf(sizes, sizes.length * 2);
        growthCount++;
    }
}
