package io.slipstream.mktdata.book;

import java.util.Arrays;

/**
 * One side of an L2 book for an instrument with a fixed tick: a price ladder near the touch, a sorted
 * {@link BookSide} for the levels beyond it.
 *
 * <p>A level's key is its price in ticks, negated for bids, so the best level has the smallest key on both sides. The
 * ladder is a window of {@code width} consecutive keys starting at {@code windowStart}, held in a circular array
 * addressed by {@code key & (width - 1)}, where an empty slot has size 0, plus one occupancy bit per slot: setting,
 * adding or removing a level in the window is one index computation and no element moves, and the next level is found
 * by scanning the bitmap 64 slots at a time. Levels with keys at or past the window's end live in the {@code beyond}
 * side, which holds only levels worse than every level of the window; its best end is next to the window, so moving
 * levels between the two costs nothing. The window always holds the best level of a non-empty side: a better level
 * moves the window back (its worst levels go to {@code beyond}), and a window left empty, or whose best level has
 * drifted past its middle when a level beyond it arrives, moves forward (taking levels from {@code beyond}). Memory is
 * the fixed window plus the bounded {@code beyond} side, whatever the prices: a far-away level never widens the ladder.
 *
 * <p>A price that is not a multiple of the tick, or absurdly far out (over 2^61 ticks), makes the side fall back, for
 * good, to its {@code beyond} side alone (every level moved there): the contract stays exact, only the speed is lost.
 *
 * <p>The bound is the same as {@link BookSide}'s, applied over the whole side. Random access by level
 * ({@link #price(int)}) walks the ladder from the previous access, so reading levels in order costs one scan.
 */
final class LadderSide implements Side {
    private static final long NONE = Long.MAX_VALUE;
    private static final int MIN_WIDTH = 64;
    private static final int MAX_WIDTH = 8192;
    /** Prices beyond this many ticks (absurd, but a venue can send them) would overflow the window arithmetic. */
    private static final long MAX_TICKS = 1L << 61;

    private final boolean bid;
    private final long tick;
    /** {@code tick = odd << tickShift}; a price is on the tick iff its low bits are 0 and the rest divides by odd. */
    private final int tickShift;
    private final long tickLowBits;
    /** The inverse of the tick's odd factor modulo 2^64: exact division by a multiplication, no {@code idiv}. */
    private final long oddInverse;
    /** The largest quotient an exact division by the odd factor gives (unsigned): larger means not a multiple. */
    private final long oddQuotientLimit;
    private final int maxDepth;
    private final int trimAbove;
    private final int width;
    private final long mask;
    /** Distance from the window's start at which a re-centred window puts its best level: room for better ones. */
    private final int margin;
    /** Size by slot, 0 for no level (a level's size is positive): the presence test of the hot path. */
    private final long[] sizes;
    /** One bit per slot, set where a level is: finds the next level 64 slots at a time. */
    private final long[] occupied;
    private final BookSide beyond;
    private long windowStart;
    private long bestKey = NONE;
    private int windowCount;
    private boolean fallback;
    private int cursorLevel = -1;
    private long cursorKey;

    /**
     * @param bid             true for the bid side
     * @param tick            the instrument's tick as a price mantissa, positive
     * @param initialCapacity levels preallocated beyond the ladder
     * @param maxDepth        the best levels always kept, positive
     */
    LadderSide(final boolean bid, final long tick, final int initialCapacity, final int maxDepth) {
        if (tick <= 0) {
            throw new IllegalArgumentException("tick must be positive: " + tick);
        }
        this.bid = bid;
        this.tick = tick;
        this.tickShift = Long.numberOfTrailingZeros(tick);
        this.tickLowBits = (1L << tickShift) - 1;
        final long odd = tick >>> tickShift;
        long inverse = odd; // correct to 3 bits for any odd number; each Newton step doubles that
        for (int step = 0; step < 5; step++) {
            inverse *= 2 - odd * inverse;
        }
        this.oddInverse = inverse;
        this.oddQuotientLimit = Long.divideUnsigned(-1L, odd);
        this.maxDepth = maxDepth;
        this.trimAbove = maxDepth > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : maxDepth + Math.max(1, maxDepth / 4);
        // Twice the bound in ticks covers the kept levels of a dense book (BTCUSDT's 1000-level snapshot spans
        // ~1,500-1,800 ticks a side); sparser levels go beyond.
        final int wanted = (int) Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, 2L * maxDepth));
        this.width = Integer.highestOneBit(wanted - 1) << 1;
        this.mask = width - 1;
        this.margin = width / 4;
        this.sizes = new long[width];
        this.occupied = new long[width / Long.SIZE];
        this.beyond = new BookSide(bid, initialCapacity, maxDepth);
    }

    @Override
    public int depth() {
        return windowCount + beyond.depth();
    }

    @Override
    public int growthCount() {
        return beyond.growthCount();
    }

    @Override
    public void beginRun() {
        beyond.beginRun();
    }

    @Override
    public long price(final int level) {
        if (level >= windowCount) {
            return beyond.price(level - windowCount);
        }
        return priceOf(keyAt(level));
    }

    @Override
    public long size(final int level) {
        if (level >= windowCount) {
            return beyond.size(level - windowCount);
        }
        return sizes[slot(keyAt(level))];
    }

    @Override
    public void clear() {
        clearWindow();
        beyond.clear();
    }

    @Override
    public int set(final long price, final long size) {
        cursorLevel = -1;
        final long ticks = fallback ? -1 : ticksOf(price);
        if (ticks < 0) {
            if (!fallback) {
                fallBack();
            }
            return beyond.set(price, size);
        }
        final long key = bid ? -ticks : ticks;
        if (windowCount == 0) {
            if (size == 0) {
                return UNCHANGED;
            }
            windowStart = key - margin;
            return add(key, size);
        }
        if (key < windowStart) {
            if (size == 0) {
                return UNCHANGED;
            }
            moveWindowBack(key - margin);
            return add(key, size);
        }
        if (key >= windowStart + width && bestKey - windowStart > width / 2) {
            moveWindowForward(bestKey - margin);
        }
        if (key >= windowStart + width) {
            if (size != 0 && depth() >= maxDepth && key > worstKey()) {
                return UNCHANGED;
            }
            return beyond.set(price, size);
        }
        final int slot = slot(key);
        final long oldSize = sizes[slot];
        if (oldSize != 0) {
            if (size == 0) {
                remove(key, slot);
                return REMOVED;
            }
            if (oldSize == size) {
                return UNCHANGED;
            }
            sizes[slot] = size;
            return UPDATED;
        }
        if (size == 0) {
            return UNCHANGED;
        }
        if (depth() >= maxDepth && beyond.depth() == 0 && key > worstKey()) {
            return UNCHANGED;
        }
        return add(key, size);
    }

    @Override
    public boolean needsTrim() {
        return depth() > trimAbove;
    }

    @Override
    public void trim(final LevelBuffer removed) {
        cursorLevel = -1;
        int drop = depth() - maxDepth;
        if (drop <= 0) {
            return;
        }
        final int fromBeyond = Math.min(drop, beyond.depth());
        beyond.trimTo(beyond.depth() - fromBeyond, removed);
        drop -= fromBeyond;
        long key = windowStart + width - 1;
        while (drop > 0) {
            key = previousOccupied(key, windowStart);
            if (removed != null) {
                removed.add(priceOf(key), 0);
            }
            vacate(slot(key));
            windowCount--;
            drop--;
        }
        if (windowCount == 0) {
            bestKey = NONE;
        }
    }

    @Override
    public void replace(final LevelBuffer levels, final LevelBuffer changes) {
        cursorLevel = -1;
        if (!fallback) {
            for (int i = 0; i < levels.count(); i++) {
                if (ticksOf(levels.price(i)) < 0) {
                    fallBack();
                    break;
                }
            }
        }
        if (fallback) {
            beyond.replace(levels, changes);
            return;
        }
        final int newDepth = Math.min(levels.count(), maxDepth);
        // Merge old and new levels in key order (best first); the old ones are the window's, then beyond's.
        long oldKey = windowCount == 0 ? NONE : bestKey;
        int beyondLevel = 0;
        if (oldKey == NONE && beyond.depth() > 0) {
            oldKey = keyOf(beyond.price(0));
            beyondLevel = 1;
        }
        int newLevel = 0;
        while (oldKey != NONE || newLevel < newDepth) {
            final long newKey = newLevel < newDepth ? keyOf(levels.price(newLevel)) : NONE;
            if (oldKey < newKey) {
                changes.add(priceOf(oldKey), 0);
            } else if (newKey < oldKey) {
                changes.add(levels.price(newLevel), levels.size(newLevel));
                newLevel++;
                continue;
            } else {
                if (oldSize(oldKey, beyondLevel) != levels.size(newLevel)) {
                    changes.add(levels.price(newLevel), levels.size(newLevel));
                }
                newLevel++;
            }
            // Advance the old cursor: through the window, then through beyond.
            final long next = beyondLevel == 0 ? nextOccupied(oldKey + 1, windowStart + width) : NONE;
            if (next != NONE) {
                oldKey = next;
            } else if (beyondLevel < beyond.depth()) {
                oldKey = keyOf(beyond.price(beyondLevel++));
            } else {
                oldKey = NONE;
            }
        }
        clearWindow();
        beyond.clear();
        if (newDepth == 0) {
            return;
        }
        windowStart = keyOf(levels.price(0)) - margin;
        int level = 0;
        while (level < newDepth && keyOf(levels.price(level)) < windowStart + width) {
            add(keyOf(levels.price(level)), levels.size(level));
            level++;
        }
        for (int worse = newDepth - 1; worse >= level; worse--) {
            beyond.pushBest(levels.price(worse), levels.size(worse));
        }
    }

    @Override
    public boolean isOrderedBestFirst(final LevelBuffer levels) {
        return beyond.isOrderedBestFirst(levels);
    }

    @Override
    public long sizeUpTo(final double limitPrice) {
        long total = 0;
        if (windowCount > 0) {
            // Walk the bitmap a word (64 keys) at a time; words start at keys that are multiples of 64.
            final long end = windowStart + width;
            long bits = occupied[slot(bestKey) >>> 6] & (-1L << (bestKey & 63));
            walk:
            for (long block = bestKey & ~63L; block < end; block += 64) {
                if (block != (bestKey & ~63L)) {
                    bits = occupied[slot(block) >>> 6];
                }
                while (bits != 0) {
                    final long key = block + Long.numberOfTrailingZeros(bits);
                    if (key >= end) {
                        // The last word's higher bits are the window's first keys, wrapped round: done.
                        break walk;
                    }
                    final long price = priceOf(key);
                    if (bid ? price < limitPrice : price > limitPrice) {
                        return total;
                    }
                    total += sizes[slot(key)];
                    bits &= bits - 1;
                }
            }
        }
        return total + beyond.sizeUpTo(limitPrice);
    }

    @Override
    public void topN(final int n, final LevelBuffer out) {
        int left = n;
        if (windowCount > 0 && left > 0) {
            final long end = windowStart + width;
            long bits = occupied[slot(bestKey) >>> 6] & (-1L << (bestKey & 63));
            walk:
            for (long block = bestKey & ~63L; block < end; block += 64) {
                if (block != (bestKey & ~63L)) {
                    bits = occupied[slot(block) >>> 6];
                }
                while (bits != 0) {
                    final long key = block + Long.numberOfTrailingZeros(bits);
                    if (key >= end) {
                        break walk;
                    }
                    out.add(priceOf(key), sizes[slot(key)]);
                    if (--left == 0) {
                        return;
                    }
                    bits &= bits - 1;
                }
            }
        }
        if (left > 0) {
            beyond.topN(left, out);
        }
    }

    /** @return the size of the old level at {@code key}: in the window, or the beyond level just read */
    private long oldSize(final long key, final int beyondLevel) {
        return beyondLevel == 0 ? sizes[slot(key)] : beyond.size(beyondLevel - 1);
    }

    private int add(final long key, final long size) {
        final int slot = slot(key);
        occupied[slot >>> 6] |= 1L << slot;
        sizes[slot] = size;
        windowCount++;
        if (key < bestKey) {
            bestKey = key;
        }
        return ADDED;
    }

    private void remove(final long key, final int slot) {
        vacate(slot);
        windowCount--;
        if (key != bestKey) {
            return;
        }
        bestKey = windowCount == 0 ? NONE : nextOccupied(key + 1, windowStart + width);
        if (windowCount == 0 && beyond.depth() > 0) {
            moveWindowForward(keyOf(beyond.price(0)) - margin);
        }
    }

    /** Moves the window to start at {@code start}, earlier: its levels past the new end go to beyond, worst first. */
    private void moveWindowBack(final long start) {
        final long end = windowStart + width;
        final long keepBelow = Math.max(start + width, windowStart);
        long key = end - 1;
        while (true) {
            key = previousOccupied(key, keepBelow);
            if (key == NONE) {
                break;
            }
            final int slot = slot(key);
            beyond.pushBest(priceOf(key), sizes[slot]);
            vacate(slot);
            windowCount--;
            key--;
        }
        windowStart = start;
        if (windowCount == 0) {
            bestKey = NONE;
        }
    }

    /**
     * Moves the window to start at {@code start}, later (never past the best level): the slots it leaves are empty
     * and become its new end, which takes beyond's levels that now fall inside it.
     */
    private void moveWindowForward(final long start) {
        windowStart = start;
        while (beyond.depth() > 0) {
            final long key = keyOf(beyond.price(0));
            if (key >= start + width) {
                break;
            }
            add(key, beyond.size(0));
            beyond.popBest();
        }
    }

    /** Moves every level into beyond, which holds the whole side from now on. */
    private void fallBack() {
        long key = windowStart + width - 1;
        while (windowCount > 0) {
            key = previousOccupied(key, windowStart);
            final int slot = slot(key);
            beyond.pushBest(priceOf(key), sizes[slot]);
            vacate(slot);
            windowCount--;
            key--;
        }
        bestKey = NONE;
        fallback = true;
    }

    private void vacate(final int slot) {
        occupied[slot >>> 6] &= ~(1L << slot);
        sizes[slot] = 0;
    }

    private void clearWindow() {
        if (windowCount > 0) {
            for (long key = bestKey; key != NONE; key = nextOccupied(key + 1, windowStart + width)) {
                sizes[slot(key)] = 0;
            }
            Arrays.fill(occupied, 0);
        }
        windowCount = 0;
        bestKey = NONE;
        cursorLevel = -1;
    }

    /** @return the worst key of the side (beyond's worst, else the window's) */
    private long worstKey() {
        if (beyond.depth() > 0) {
            return keyOf(beyond.price(beyond.depth() - 1));
        }
        return previousOccupied(windowStart + width - 1, windowStart);
    }

    /** @return the key of window level {@code level} (below {@code windowCount}), walking from the last access */
    private long keyAt(final int level) {
        if (level == 0) {
            return bestKey;
        }
        long key;
        int at;
        if (cursorLevel >= 0 && cursorLevel <= level) {
            key = cursorKey;
            at = cursorLevel;
        } else {
            key = bestKey;
            at = 0;
        }
        while (at < level) {
            key = nextOccupied(key + 1, windowStart + width);
            at++;
        }
        cursorLevel = level;
        cursorKey = key;
        return key;
    }

    /** @return the first occupied key in {@code [from, end)}, or {@link #NONE} */
    private long nextOccupied(final long from, final long end) {
        long key = from;
        while (key < end) {
            final int slot = slot(key);
            final int bit = slot & 63;
            final long bits = occupied[slot >>> 6] & (-1L << bit);
            if (bits != 0) {
                final long found = key + Long.numberOfTrailingZeros(bits) - bit;
                return found < end ? found : NONE;
            }
            key += 64 - bit;
        }
        return NONE;
    }

    /** @return the last occupied key in {@code [stop, from]}, or {@link #NONE} */
    private long previousOccupied(final long from, final long stop) {
        long key = from;
        while (key >= stop) {
            final int slot = slot(key);
            final int bit = slot & 63;
            final long bits = occupied[slot >>> 6] & (-1L >>> (63 - bit));
            if (bits != 0) {
                final long found = key - bit + (63 - Long.numberOfLeadingZeros(bits));
                return found >= stop ? found : NONE;
            }
            key -= bit + 1;
        }
        return NONE;
    }

    private int slot(final long key) {
        return (int) (key & mask);
    }

    /**
     * @return the price in ticks, or -1 if it is not a multiple of the tick or too far out for the ladder's arithmetic
     *         (prices are positive)
     */
    private long ticksOf(final long price) {
        final long quotient = (price >>> tickShift) * oddInverse;
        return (price & tickLowBits) == 0 && Long.compareUnsigned(quotient, oddQuotientLimit) <= 0
            && quotient <= MAX_TICKS ? quotient : -1;
    }

    /** @return the key of a price on the tick */
    private long keyOf(final long price) {
        final long ticks = (price >>> tickShift) * oddInverse;
        return bid ? -ticks : ticks;
    }

    private long priceOf(final long key) {
        return bid ? -key * tick : key * tick;
    }
}
