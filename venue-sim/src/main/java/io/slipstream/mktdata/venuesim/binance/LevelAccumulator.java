package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.book.LevelBuffer;

import java.util.Arrays;

/**
 * The levels of one book side changed during a coalescing window: price to latest absolute size, last write wins,
 * as Binance merges updates into one {@code @depth@100ms} event. Open addressing on primitive arrays, so the market
 * thread does not allocate per update. Not thread-safe: owned by the market thread.
 */
final class LevelAccumulator {
    private long[] prices = new long[64];
    private long[] sizes = new long[64];
    private int count;
    /** Hash slot to position + 1; 0 is empty. */
    private int[] slots = new int[128];

    /** @return levels held */
    int count() {
        return count;
    }

    /** Forgets every level. */
    void clear() {
        if (count > 0) {
            Arrays.fill(slots, 0);
            count = 0;
        }
    }

    /**
     * @param levels changed levels to merge in (later calls overwrite earlier sizes of the same price)
     */
    void putAll(final LevelBuffer levels) {
        for (int i = 0; i < levels.count(); i++) {
            put(levels.price(i), levels.size(i));
        }
    }

    /**
     * @param price price mantissa
     * @param size  absolute size mantissa, 0 for a removal
     */
    void put(final long price, final long size) {
        final int mask = slots.length - 1;
        int slot = hash(price) & mask;
        while (slots[slot] != 0) {
            final int position = slots[slot] - 1;
            if (prices[position] == price) {
                sizes[position] = size;
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (count == prices.length) {
            prices = Arrays.copyOf(prices, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        prices[count] = price;
        sizes[count] = size;
        count++;
        slots[slot] = count;
        if (count * 2 > slots.length) {
            rehash(slots.length * 2);
        }
    }

    /**
     * Copies the levels into {@code out} ordered best first (bids high to low, asks low to high), which is how the
     * venue lists them.
     *
     * @param bids true for the bid side
     * @param out  cleared, then filled
     */
    void drainSortedTo(final boolean bids, final LevelBuffer out) {
        out.clear();
        final long[] sorted = Arrays.copyOf(prices, count);
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            final long price = bids ? sorted[sorted.length - 1 - i] : sorted[i];
            out.add(price, sizes[find(price)]);
        }
    }

    private int find(final long price) {
        final int mask = slots.length - 1;
        int slot = hash(price) & mask;
        while (prices[slots[slot] - 1] != price) {
            slot = (slot + 1) & mask;
        }
        return slots[slot] - 1;
    }

    private void rehash(final int capacity) {
        slots = new int[capacity];
        final int mask = capacity - 1;
        for (int position = 0; position < count; position++) {
            int slot = hash(prices[position]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = position + 1;
        }
    }

    private static int hash(final long price) {
        final long mixed = price * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }
}
