package io.slipstream.mktdata.quote;

import io.slipstream.mktdata.ring.RingPositions;

/**
 * The last {@code capacity} best bid/offer quotes of one instrument, as primitive columns. A side the venue did
 * not quote (Hyperliquid {@code bbo} may send {@code null}) has price {@link #NO_PRICE} and size 0.
 *
 * <p>Not thread-safe: owned by the engine thread. No allocation.
 */
public final class QuoteRing {
    /** Price of a side that was not quoted. */
    public static final long NO_PRICE = Long.MIN_VALUE;

    private final RingPositions ring;
    private final long[] bidPrice;
    private final long[] bidSize;
    private final long[] askPrice;
    private final long[] askSize;
    private final long[] exchangeTimeNs;
    private final long[] receiveTimeNs;
    private final long[] streamSequence;

    /** @param capacity quotes kept */
    public QuoteRing(final int capacity) {
        ring = new RingPositions(capacity);
        bidPrice = new long[capacity];
        bidSize = new long[capacity];
        askPrice = new long[capacity];
        askSize = new long[capacity];
        exchangeTimeNs = new long[capacity];
        receiveTimeNs = new long[capacity];
        streamSequence = new long[capacity];
    }

    /**
     * Appends a quote, evicting the oldest when full.
     *
     * @param bidPriceMantissa best bid price, or {@link #NO_PRICE}
     * @param bidSizeMantissa  best bid size
     * @param askPriceMantissa best ask price, or {@link #NO_PRICE}
     * @param askSizeMantissa  best ask size
     * @param exchangeNs       venue time, epoch nanoseconds
     * @param receivedNs       local receive time, epoch nanoseconds
     * @param sequence         the engine's stream sequence for this quote
     */
    public void add(
        final long bidPriceMantissa, final long bidSizeMantissa, final long askPriceMantissa,
        final long askSizeMantissa, final long exchangeNs, final long receivedNs, final long sequence) {
        final int slot = ring.append();
        bidPrice[slot] = bidPriceMantissa;
        bidSize[slot] = bidSizeMantissa;
        askPrice[slot] = askPriceMantissa;
        askSize[slot] = askSizeMantissa;
        exchangeTimeNs[slot] = exchangeNs;
        receiveTimeNs[slot] = receivedNs;
        streamSequence[slot] = sequence;
    }

    /** @return quotes held */
    public int count() {
        return ring.count();
    }

    /** @return quotes kept at most */
    public int capacity() {
        return ring.capacity();
    }

    /**
     * @param index 0 is the oldest quote held
     * @return best bid price or {@link #NO_PRICE}
     */
    public long bidPrice(final int index) {
        return bidPrice[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest quote held
     * @return best bid size
     */
    public long bidSize(final int index) {
        return bidSize[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest quote held
     * @return best ask price or {@link #NO_PRICE}
     */
    public long askPrice(final int index) {
        return askPrice[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest quote held
     * @return best ask size
     */
    public long askSize(final int index) {
        return askSize[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest quote held
     * @return venue time, epoch nanoseconds
     */
    public long exchangeTimeNs(final int index) {
        return exchangeTimeNs[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest quote held
     * @return local receive time, epoch nanoseconds
     */
    public long receiveTimeNs(final int index) {
        return receiveTimeNs[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest quote held
     * @return the engine's stream sequence
     */
    public long streamSequence(final int index) {
        return streamSequence[ring.slotOf(index)];
    }
}
