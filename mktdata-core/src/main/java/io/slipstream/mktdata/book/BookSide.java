package io.slipstream.mktdata.book;

import java.util.Arrays;

/**
 * One side of an L2 book as sorted primitive arrays (struct of arrays), best level at the <em>end</em>.
 *
 * <p>Keys are prices for bids and negated prices for asks, so both sides sort ascending with the best level last:
 * most venue updates land near the top of the book, where an insert or delete moves only a few elements. Levels are
 * found by a search that gallops down from the top, so a level near the touch costs a few comparisons on the hot end
 * of the arrays whatever the depth.
 *
 * <p>A side keeps at least its best {@code maxDepth} levels and never more than {@code maxDepth * 5 / 4}: a new level
 * worse than every kept level of a full side is ignored, and a side that outgrows the slack is trimmed back to
 * {@code maxDepth} in one move (reporting the removals), so far-away levels (which a venue's partial snapshot cannot
 * vouch for anyway) never make every update pay for moving the whole side. Not thread-safe: owned by the engine
 * thread.
 */
final class BookSide implements Side {
    private final boolean bid;
    private final int maxDepth;
    private final int trimAbove;
    private long[] keys;
    private long[] sizes;
    private int depth;
    private int growthCount;
    private boolean fingerValid;
    private long fingerKey;
    private int fingerPosition;

    BookSide(final boolean bid, final int initialCapacity, final int maxDepth) {
        this.bid = bid;
        this.maxDepth = maxDepth;
        this.trimAbove = maxDepth > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : maxDepth + Math.max(1, maxDepth / 4);
        keys = new long[Math.max(1, Math.min(initialCapacity, trimAbove))];
        sizes = new long[keys.length];
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public int growthCount() {
        return growthCount;
    }

    /**
     * Starts a run of {@link #set} calls that may search near the previous level: venues send a diff's levels sorted
     * (Binance: bids worst first, asks best first), so each level is found next to the previous one and a whole
     * diff walks the side once instead of searching it from the top for every level.
     */
    @Override
    public void beginRun() {
        fingerValid = false;
    }

    /** @param level 0 is the best level */
    @Override
    public long price(final int level) {
        return priceOf(keys[depth - 1 - level]);
    }

    /** @param level 0 is the best level */
    @Override
    public long size(final int level) {
        return sizes[depth - 1 - level];
    }

    @Override
    public void clear() {
        depth = 0;
        fingerValid = false;
    }

    /**
     * Sets the size at a price; size 0 removes the level, and removing an unknown level is a no-op.
     *
     * @return {@link #ADDED}, {@link #UPDATED}, {@link #REMOVED} or {@link #UNCHANGED}
     */
    @Override
    public int set(final long price, final long size) {
        final long key = keyOf(price);
        final int index;
        if (fingerValid && key < fingerKey) {
            // Below the previous level's position p: [0, p] holds it whatever that level's update did.
            index = searchDown(key, Math.min(fingerPosition + 1, depth));
        } else if (fingerValid && key > fingerKey) {
            // At or above p: a removal at p shifted greater keys down onto p, nothing else moved them below it.
            index = searchUp(key, Math.min(fingerPosition, depth));
        } else {
            index = searchDown(key, depth);
        }
        fingerValid = true;
        fingerKey = key;
        fingerPosition = index >= 0 ? index : -index - 1;
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
        if (insertAt == 0 && depth >= maxDepth) {
            return UNCHANGED;
        }
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

    /** @return true once the side holds more levels than its slack allows; {@link #trim} then brings it back */
    @Override
    public boolean needsTrim() {
        return depth > trimAbove;
    }

    /**
     * Drops the worst levels down to {@code maxDepth}, appending each dropped level to {@code removed} with size 0
     * (null: not reported).
     */
    @Override
    public void trim(final LevelBuffer removed) {
        trimTo(maxDepth, removed);
    }

    /** As {@link #trim}, down to {@code keep} levels. */
    void trimTo(final int keep, final LevelBuffer removed) {
        final int drop = depth - keep;
        if (drop <= 0) {
            return;
        }
        if (removed != null) {
            for (int index = drop - 1; index >= 0; index--) {
                removed.add(priceOf(keys[index]), 0);
            }
        }
        System.arraycopy(keys, drop, keys, 0, keep);
        System.arraycopy(sizes, drop, sizes, 0, keep);
        depth = keep;
        fingerValid = false;
    }

    /**
     * Replaces the whole side with {@code levels} (best first, strictly ordered, sizes positive) and appends to
     * {@code changes} every level whose size differs from before (size 0 for a level that disappeared).
     */
    @Override
    public void replace(final LevelBuffer levels, final LevelBuffer changes) {
        final int newDepth = Math.min(levels.count(), maxDepth);
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
        fingerValid = false;
    }

    /**
     * Appends a level better than every level of the side, without the bound (a {@link LadderSide} moving levels out
     * of its window).
     */
    void pushBest(final long price, final long size) {
        if (depth == keys.length) {
            grow();
        }
        keys[depth] = keyOf(price);
        sizes[depth] = size;
        depth++;
        fingerValid = false;
    }

    /** Removes the best level (a {@link LadderSide} moving it into its window). */
    void popBest() {
        depth--;
        fingerValid = false;
    }

    /** @return true if {@code levels} is strictly ordered best first */
    @Override
    public boolean isOrderedBestFirst(final LevelBuffer levels) {
        for (int i = 1; i < levels.count(); i++) {
            if (keyOf(levels.price(i)) >= keyOf(levels.price(i - 1))) {
                return false;
            }
        }
        return true;
    }

    /** @return the summed size of the levels at least as good as {@code limitPrice} */
    @Override
    public long sizeUpTo(final double limitPrice) {
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

    @Override
    public void topN(final int n, final LevelBuffer out) {
        final int levels = Math.min(n, depth);
        for (int level = 0; level < levels; level++) {
            out.add(price(level), size(level));
        }
    }

    /**
     * Binary-search contract ({@code index} if found, else {@code -(insertion point) - 1}) over {@code [0, limit)},
     * galloping down from {@code limit - 1} first: a level k places below it costs about 2 log2(k) comparisons.
     */
    private int searchDown(final long key, final int limit) {
        int high = limit - 1;
        int step = 1;
        int low = high - step;
        while (low >= 0 && keys[low] > key) {
            high = low - 1;
            step <<= 1;
            low = high - step;
        }
        return Arrays.binarySearch(keys, Math.max(0, low), high + 1, key);
    }

    /** As {@link #searchDown} over {@code [from, depth)}, galloping up from {@code from}. */
    private int searchUp(final long key, final int from) {
        int low = from;
        int probe = from;
        int step = 1;
        while (probe < depth && keys[probe] < key) {
            low = probe + 1;
            probe = low + step;
            step <<= 1;
        }
        return Arrays.binarySearch(keys, low, Math.min(probe + 1, depth), key);
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
