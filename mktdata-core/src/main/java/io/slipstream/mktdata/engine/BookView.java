package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.instrument.Instrument;

/**
 * An immutable copy of the top of a book, taken on the engine thread between two updates. Arrays are best first;
 * do not modify them.
 *
 * @param instrument     the instrument
 * @param venueSequence  the venue sequence of the last applied update
 * @param streamSequence the book stream's sequence at the copy
 * @param epoch          the engine epoch
 * @param bidPrices      bid price mantissas, best first
 * @param bidSizes       bid size mantissas
 * @param askPrices      ask price mantissas, best first
 * @param askSizes       ask size mantissas
 */
public record BookView(
    Instrument instrument, long venueSequence, long streamSequence, long epoch,
    long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes) {

    static BookView of(final Instrument instrument, final L2Book book, final int depth, final long streamSequence,
                       final long epoch) {
        final int levels = depth <= 0 ? Math.max(book.bidDepth(), book.askDepth()) : depth;
        final LevelBuffer bids = new LevelBuffer(Math.max(1, Math.min(levels, book.bidDepth())));
        final LevelBuffer asks = new LevelBuffer(Math.max(1, Math.min(levels, book.askDepth())));
        book.topN(levels, bids, asks);
        return new BookView(instrument, book.sequence(), streamSequence, epoch,
            prices(bids), sizes(bids), prices(asks), sizes(asks));
    }

    private static long[] prices(final LevelBuffer levels) {
        final long[] result = new long[levels.count()];
        for (int i = 0; i < result.length; i++) {
            result[i] = levels.price(i);
        }
        return result;
    }

    private static long[] sizes(final LevelBuffer levels) {
        final long[] result = new long[levels.count()];
        for (int i = 0; i < result.length; i++) {
            result[i] = levels.size(i);
        }
        return result;
    }

    /** @return the best bid price as a double, NaN if none */
    public double bestBid() {
        return bidPrices.length == 0 ? Double.NaN : instrument.price(bidPrices[0]);
    }

    /** @return the best ask price as a double, NaN if none */
    public double bestAsk() {
        return askPrices.length == 0 ? Double.NaN : instrument.price(askPrices[0]);
    }

    /** @return the mid price as a double, NaN unless two-sided */
    public double mid() {
        return (bestBid() + bestAsk()) / 2;
    }
}
