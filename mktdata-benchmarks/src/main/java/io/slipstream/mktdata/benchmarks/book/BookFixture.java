package io.slipstream.mktdata.benchmarks.book;

import io.slipstream.mktdata.book.BookChanges;
import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.rejection.Rejection;

/** Builds the pre-filled books the book benchmarks start from: bids below {@link #MID_PRICE}, asks above. */
final class BookFixture {
    /** No level sits here: the best bid is one tick below, the best ask one tick above. */
    static final long MID_PRICE = 1_000_000L;
    /** Size mantissa of every level of a fresh book. */
    static final long INITIAL_SIZE = 1_000L;

    private BookFixture() {
    }

    /**
     * @param levelsPerSide levels on each side
     * @param tickMantissa  distance between neighbouring levels
     * @param spareLevels   extra preallocated levels per side, so inserts never grow the book
     * @param bookTick      the instrument's tick the book is built with: 0 for sorted sides, else a price ladder
     * @return a book holding {@code levelsPerSide} levels per side at sequence 1
     */
    static L2Book filledBook(final int levelsPerSide, final long tickMantissa, final int spareLevels,
                             final long bookTick) {
        final L2Book book = new L2Book(0, 0, bookTick, levelsPerSide + spareLevels, Integer.MAX_VALUE);
        final LevelBuffer bids = new LevelBuffer(levelsPerSide);
        final LevelBuffer asks = new LevelBuffer(levelsPerSide);
        for (int level = 0; level < levelsPerSide; level++) {
            bids.add(bidPrice(level, tickMantissa), INITIAL_SIZE);
            asks.add(askPrice(level, tickMantissa), INITIAL_SIZE);
        }
        final Rejection result = book.applySnapshot(1, bids, asks, new BookChanges(levelsPerSide));
        if (result != Rejection.NONE || book.bidDepth() != levelsPerSide || book.askDepth() != levelsPerSide) {
            throw new IllegalStateException("could not pre-fill the book: " + result);
        }
        return book;
    }

    /**
     * @param level        0 is the best bid of the fresh book
     * @param tickMantissa distance between neighbouring levels
     * @return the price of that bid level
     */
    static long bidPrice(final int level, final long tickMantissa) {
        return MID_PRICE - (level + 1) * tickMantissa;
    }

    /**
     * @param level        0 is the best ask of the fresh book
     * @param tickMantissa distance between neighbouring levels
     * @return the price of that ask level
     */
    static long askPrice(final int level, final long tickMantissa) {
        return MID_PRICE + (level + 1) * tickMantissa;
    }
}
