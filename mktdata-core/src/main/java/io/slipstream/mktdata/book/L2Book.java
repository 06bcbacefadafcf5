package io.slipstream.mktdata.book;

import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.rejection.Rejection;

/**
 * The L2 order book of one instrument: price levels with aggregate size on each side, in scaled {@code long}s.
 *
 * <p>Applies full snapshots (deriving the per-level changes from the previous state, which is how Hyperliquid's
 * snapshot-only feed becomes deltas) and deltas (absolute sizes; size 0 removes; removing an unknown level is
 * legal). Every input is validated completely before anything is changed, so a refused input leaves the book as it
 * was. Tracks the venue sequence: a delta must advance it, a snapshot must not move it back.
 *
 * <p>Depth can be bounded: a bounded book keeps at least the best {@code maxDepthPerSide} levels of each side, ignores
 * new levels worse than all of them, and trims a side that has grown a quarter past the bound back to it, reporting
 * the trimmed levels as removals in that update's changes (so a consumer rebuilding from changes stays identical).
 *
 * <p>Not thread-safe: owned by the engine thread. No allocation once warm.
 */
public final class L2Book {
    /** Price returned by the best-price accessors when a side is empty. */
    public static final long NO_PRICE = Long.MIN_VALUE;
    /** Sequence of a book that has seen no update. */
    public static final long NO_SEQUENCE = Long.MIN_VALUE;

    private final int instrumentId;
    private final int priceScale;
    private final Side bids;
    private final Side asks;
    private long sequence = NO_SEQUENCE;
    private long updateCount;

    /**
     * @param instrumentId     the instrument this book belongs to
     * @param priceScale       decimal places of its price mantissas
     * @param initialLevels    levels to preallocate per side
     */
    public L2Book(final int instrumentId, final int priceScale, final int initialLevels) {
        this(instrumentId, priceScale, initialLevels, Integer.MAX_VALUE);
    }

    /**
     * @param instrumentId     the instrument this book belongs to
     * @param priceScale       decimal places of its price mantissas
     * @param initialLevels    levels to preallocate per side
     * @param maxDepthPerSide  the best levels always kept per side (see the class comment), positive
     */
    public L2Book(final int instrumentId, final int priceScale, final int initialLevels, final int maxDepthPerSide) {
        this(instrumentId, priceScale, 0, initialLevels, maxDepthPerSide);
    }

    /**
     * A book for an instrument with a fixed tick keeps the levels near the touch in a price ladder (see
     * {@code LadderSide}): adding or removing a level moves nothing, however deep the book. Same contract either way.
     *
     * @param instrumentId     the instrument this book belongs to
     * @param priceScale       decimal places of its price mantissas
     * @param tickSizeMantissa the price tick at {@code priceScale}, or 0 if the venue has none (sorted levels then)
     * @param initialLevels    levels to preallocate per side (beyond the ladder, with a tick)
     * @param maxDepthPerSide  the best levels always kept per side (see the class comment), positive
     */
    public L2Book(final int instrumentId, final int priceScale, final long tickSizeMantissa, final int initialLevels,
                  final int maxDepthPerSide) {
        if (maxDepthPerSide <= 0) {
            throw new IllegalArgumentException("maxDepthPerSide must be positive: " + maxDepthPerSide);
        }
        if (tickSizeMantissa < 0) {
            throw new IllegalArgumentException("tickSizeMantissa must not be negative: " + tickSizeMantissa);
        }
        this.instrumentId = instrumentId;
        this.priceScale = priceScale;
        if (tickSizeMantissa > 0) {
            this.bids = new LadderSide(true, tickSizeMantissa, initialLevels, maxDepthPerSide);
            this.asks = new LadderSide(false, tickSizeMantissa, initialLevels, maxDepthPerSide);
        } else {
            this.bids = new BookSide(true, initialLevels, maxDepthPerSide);
            this.asks = new BookSide(false, initialLevels, maxDepthPerSide);
        }
    }

    /**
     * Replaces the book with a full snapshot and reports which levels changed.
     *
     * @param venueSequence the venue's sequence for this snapshot (Binance lastUpdateId, Hyperliquid time)
     * @param bidLevels     bids, best (highest) first, sizes positive
     * @param askLevels     asks, best (lowest) first, sizes positive
     * @param changes       receives the derived delta: every level whose size changed, 0 for removed levels
     * @return {@link Rejection#NONE}, or why the snapshot was refused (the book is then unchanged)
     */
    public Rejection applySnapshot(
        final long venueSequence, final LevelBuffer bidLevels, final LevelBuffer askLevels, final BookChanges changes) {
        return applySnapshot(venueSequence, bidLevels, askLevels, changes, false);
    }

    /**
     * As {@link #applySnapshot(long, LevelBuffer, LevelBuffer, BookChanges)}; with {@code reset} the sequence check is
     * skipped, for a venue that restarted its numbering (a resync after a reconnect).
     *
     * @param venueSequence the venue's sequence for this snapshot
     * @param bidLevels     bids, best first
     * @param askLevels     asks, best first
     * @param changes       receives the derived delta
     * @param reset         accept any sequence
     * @return {@link Rejection#NONE}, or why the snapshot was refused
     */
    public Rejection applySnapshot(
        final long venueSequence,
        final LevelBuffer bidLevels,
        final LevelBuffer askLevels,
        final BookChanges changes,
        final boolean reset) {
        if (!reset && sequence != NO_SEQUENCE && venueSequence < sequence) {
            return Rejection.SEQUENCE_REGRESSION;
        }
        final Rejection invalid = validateSnapshotSide(bids, bidLevels);
        if (invalid != Rejection.NONE) {
            return invalid;
        }
        final Rejection invalidAsks = validateSnapshotSide(asks, askLevels);
        if (invalidAsks != Rejection.NONE) {
            return invalidAsks;
        }
        changes.clear();
        bids.replace(bidLevels, changes.bids());
        asks.replace(askLevels, changes.asks());
        sequence = venueSequence;
        updateCount++;
        return Rejection.NONE;
    }

    /**
     * Applies a delta: each level's absolute new size, 0 to remove.
     *
     * @param venueSequence the venue's sequence for this delta; must be greater than the book's
     * @param bidLevels     bid levels to set, in any order
     * @param askLevels     ask levels to set, in any order
     * @param changes       receives the levels that actually changed
     * @return {@link Rejection#NONE}, or why the delta was refused (the book is then unchanged)
     */
    public Rejection applyDelta(
        final long venueSequence, final LevelBuffer bidLevels, final LevelBuffer askLevels, final BookChanges changes) {
        if (sequence != NO_SEQUENCE && venueSequence <= sequence) {
            return Rejection.SEQUENCE_REGRESSION;
        }
        final Rejection invalid = validateDeltaSide(bidLevels);
        if (invalid != Rejection.NONE) {
            return invalid;
        }
        final Rejection invalidAsks = validateDeltaSide(askLevels);
        if (invalidAsks != Rejection.NONE) {
            return invalidAsks;
        }
        changes.clear();
        applySide(bids, bidLevels, changes.bids());
        applySide(asks, askLevels, changes.asks());
        sequence = venueSequence;
        updateCount++;
        return Rejection.NONE;
    }

    /**
     * Sets one level; the building block for callers that apply level by level. A bounded book may trim here without
     * reporting it; use {@link #applyDelta} where changes must be reported.
     *
     * @param bid           true for the bid side
     * @param priceMantissa price, positive
     * @param sizeMantissa  new absolute size, 0 to remove
     * @return {@link Rejection#NONE}, or why it was refused
     */
    public Rejection setLevel(final boolean bid, final long priceMantissa, final long sizeMantissa) {
        final Rejection invalid = validateLevel(priceMantissa, sizeMantissa);
        if (invalid != Rejection.NONE) {
            return invalid;
        }
        final Side side = bid ? bids : asks;
        side.beginRun();
        side.set(priceMantissa, sizeMantissa);
        if (side.needsTrim()) {
            side.trim(null);
        }
        updateCount++;
        return Rejection.NONE;
    }

    /** Empties the book and forgets its sequence (after a disconnect, before a resync). */
    public void clear() {
        bids.clear();
        asks.clear();
        sequence = NO_SEQUENCE;
        updateCount++;
    }

    private static void applySide(final Side side, final LevelBuffer levels, final LevelBuffer changes) {
        side.beginRun();
        for (int i = 0; i < levels.count(); i++) {
            final int result = side.set(levels.price(i), levels.size(i));
            if (result != Side.UNCHANGED) {
                changes.add(levels.price(i), levels.size(i));
            }
        }
        if (side.needsTrim()) {
            side.trim(changes);
        }
    }

    private static Rejection validateSnapshotSide(final Side side, final LevelBuffer levels) {
        for (int i = 0; i < levels.count(); i++) {
            final Rejection invalid = validateLevel(levels.price(i), levels.size(i));
            if (invalid != Rejection.NONE) {
                return invalid;
            }
            if (levels.size(i) == 0) {
                return Rejection.INVALID_SIZE;
            }
        }
        return side.isOrderedBestFirst(levels) ? Rejection.NONE : Rejection.UNORDERED_LEVELS;
    }

    private static Rejection validateDeltaSide(final LevelBuffer levels) {
        // The common case in one pass without branches: every price positive (INVALID is negative) and every size not
        // negative. Only a side that fails it is walked again for the reason.
        long signs = 0;
        for (int i = 0; i < levels.count(); i++) {
            final long price = levels.price(i);
            signs |= price | (price - 1) | levels.size(i);
        }
        if (signs >= 0) {
            return Rejection.NONE;
        }
        for (int i = 0; i < levels.count(); i++) {
            final Rejection invalid = validateLevel(levels.price(i), levels.size(i));
            if (invalid != Rejection.NONE) {
                return invalid;
            }
        }
        return Rejection.NONE;
    }

    private static Rejection validateLevel(final long priceMantissa, final long sizeMantissa) {
        if (priceMantissa == FixedPoint.INVALID || sizeMantissa == FixedPoint.INVALID) {
            return Rejection.INVALID_DECIMAL;
        }
        if (priceMantissa <= 0) {
            return Rejection.INVALID_PRICE;
        }
        if (sizeMantissa < 0) {
            return Rejection.INVALID_SIZE;
        }
        return Rejection.NONE;
    }

    /** @return the instrument this book belongs to */
    public int instrumentId() {
        return instrumentId;
    }

    /** @return decimal places of the price mantissas */
    public int priceScale() {
        return priceScale;
    }

    /** @return the last applied venue sequence, or {@link #NO_SEQUENCE} */
    public long sequence() {
        return sequence;
    }

    /** @return how many snapshots, deltas and level sets have been applied */
    public long updateCount() {
        return updateCount;
    }

    /** @return number of bid levels */
    public int bidDepth() {
        return bids.depth();
    }

    /** @return number of ask levels */
    public int askDepth() {
        return asks.depth();
    }

    /**
     * @param level 0 is the best bid
     * @return the bid price at {@code level}
     */
    public long bidPrice(final int level) {
        return bids.price(level);
    }

    /**
     * @param level 0 is the best bid
     * @return the bid size at {@code level}
     */
    public long bidSize(final int level) {
        return bids.size(level);
    }

    /**
     * @param level 0 is the best ask
     * @return the ask price at {@code level}
     */
    public long askPrice(final int level) {
        return asks.price(level);
    }

    /**
     * @param level 0 is the best ask
     * @return the ask size at {@code level}
     */
    public long askSize(final int level) {
        return asks.size(level);
    }

    /** @return the best bid price, or {@link #NO_PRICE} */
    public long bestBidPrice() {
        return bids.depth() == 0 ? NO_PRICE : bids.price(0);
    }

    /** @return the best ask price, or {@link #NO_PRICE} */
    public long bestAskPrice() {
        return asks.depth() == 0 ? NO_PRICE : asks.price(0);
    }

    /** @return the best bid size, or 0 */
    public long bestBidSize() {
        return bids.depth() == 0 ? 0 : bids.size(0);
    }

    /** @return the best ask size, or 0 */
    public long bestAskSize() {
        return asks.depth() == 0 ? 0 : asks.size(0);
    }

    /** @return true if both sides have levels */
    public boolean isTwoSided() {
        return bids.depth() > 0 && asks.depth() > 0;
    }

    /** @return true if the best bid is at or above the best ask: the book is suspect */
    public boolean isCrossed() {
        return isTwoSided() && bids.price(0) >= asks.price(0);
    }

    /** @return the mid price as a double in price units, or NaN if a side is empty */
    public double midPrice() {
        if (!isTwoSided()) {
            return Double.NaN;
        }
        return (FixedPoint.toDouble(bids.price(0), priceScale) + FixedPoint.toDouble(asks.price(0), priceScale)) / 2;
    }

    /** @return the spread in basis points of the mid, or NaN if a side is empty */
    public double spreadBps() {
        if (!isTwoSided()) {
            return Double.NaN;
        }
        final double bid = bids.price(0);
        final double ask = asks.price(0);
        return 10_000.0 * (ask - bid) / ((ask + bid) / 2);
    }

    /**
     * @param bps distance from the mid in basis points
     * @return the summed bid size (mantissa) of levels priced at or above {@code mid * (1 - bps/10000)}; 0 if the
     *         book is not two-sided
     */
    public long bidDepthWithinBps(final double bps) {
        if (!isTwoSided()) {
            return 0;
        }
        return bids.sizeUpTo(midMantissa() * (1 - bps / 10_000.0));
    }

    /**
     * @param bps distance from the mid in basis points
     * @return the summed ask size (mantissa) of levels priced at or below {@code mid * (1 + bps/10000)}; 0 if the
     *         book is not two-sided
     */
    public long askDepthWithinBps(final double bps) {
        if (!isTwoSided()) {
            return 0;
        }
        return asks.sizeUpTo(midMantissa() * (1 + bps / 10_000.0));
    }

    private double midMantissa() {
        return ((double) bids.price(0) + (double) asks.price(0)) / 2;
    }

    /**
     * Copies the best {@code n} levels of each side into {@code bidsOut}/{@code asksOut}, best first.
     *
     * @param n       levels per side (fewer if the book is shallower)
     * @param bidsOut cleared, then filled with bids
     * @param asksOut cleared, then filled with asks
     */
    public void topN(final int n, final LevelBuffer bidsOut, final LevelBuffer asksOut) {
        bidsOut.clear();
        asksOut.clear();
        bids.topN(n, bidsOut);
        asks.topN(n, asksOut);
    }

    /** @return how many times a side outgrew its preallocated capacity */
    public int growthCount() {
        return bids.growthCount() + asks.growthCount();
    }
}
