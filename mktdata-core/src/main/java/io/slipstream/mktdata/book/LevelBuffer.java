package io.slipstream.mktdata.book;

import java.util.Arrays;

/**
 * A reusable list of (price, size) levels as two primitive arrays: input to a book (a snapshot side or a delta side,
 * best level first for snapshots) or output from one (a top-N view, derived changes).
 *
 * <p>Preallocated; grows (and counts the growth) only if a venue sends more levels than it was sized for. Not
 * thread-safe: owned by one thread.
 */
public final class LevelBuffer {
    private long[] prices;
    private long[] sizes;
    private int count;
    private int growthCount;

    /** @param initialCapacity levels to preallocate */
    public LevelBuffer(final int initialCapacity) {
        prices = new long[Math.max(1, initialCapacity)];
        sizes = new long[prices.length];
    }

    /**
     * Appends a level.
     *
     * @param priceMantissa price at the instrument's price scale
     * @param sizeMantissa  size at the instrument's size scale
     * @return this
     */
    public LevelBuffer add(final long priceMantissa, final long sizeMantissa) {
        if (count == prices.length) {
            prices = Arrays.copyOf(prices, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
            growthCount++;
        }
        prices[count] = priceMantissa;
        sizes[count] = sizeMantissa;
        count++;
        return this;
    }

    /** @return this, emptied */
    public LevelBuffer clear() {
        count = 0;
        return this;
    }

    /** @return number of levels */
    public int count() {
        return count;
    }

    /**
     * @param index 0 .. count-1
     * @return the price mantissa at {@code index}
     */
    public long price(final int index) {
        return prices[index];
    }

    /**
     * @param index 0 .. count-1
     * @return the size mantissa at {@code index}
     */
    public long size(final int index) {
        return sizes[index];
    }

    /** @return how many times this buffer had to grow beyond its preallocated capacity */
    public int growthCount() {
        return growthCount;
    }

    /**
     * @param other levels to copy
     * @return this, holding a copy of {@code other}
     */
    public LevelBuffer copyFrom(final LevelBuffer other) {
        clear();
        for (int i = 0; i < other.count; i++) {
            add(other.prices[i], other.sizes[i]);
        }
        return this;
    }

    @Override
    public String toString() {
        final StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ", ").append(prices[i]).append('x').append(sizes[i]);
        }
        return out.append(']').toString();
    }
}
