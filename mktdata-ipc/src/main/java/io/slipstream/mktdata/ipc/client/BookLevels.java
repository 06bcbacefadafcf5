package io.slipstream.mktdata.ipc.client;

/**
 * One side of a book (or of a delta): parallel arrays, best first for books. In a delta a size of 0 removes the
 * level. The arrays are the client's own; do not modify them.
 *
 * @param prices prices
 * @param sizes  sizes, same length
 */
public record BookLevels(double[] prices, double[] sizes) {
    /** No levels. */
    public static final BookLevels EMPTY = new BookLevels(new double[0], new double[0]);

    /** @return the number of levels */
    public int count() {
        return prices.length;
    }

    /** @param index level @return its price */
    public double price(final int index) {
        return prices[index];
    }

    /** @param index level @return its size */
    public double size(final int index) {
        return sizes[index];
    }
}
