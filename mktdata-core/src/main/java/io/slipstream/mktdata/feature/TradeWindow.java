package io.slipstream.mktdata.feature;

import io.slipstream.mktdata.trade.AggressorSide;

/**
 * The trades of one instrument within the longest feature window, oldest first, as primitive arrays in a ring.
 * Grows (doubling) when a burst holds more trades than it has room for, so once warm it stops allocating. Owned by
 * the engine thread.
 */
public final class TradeWindow {
    private static final byte BUY = (byte) AggressorSide.BUY.ordinal();
    private static final byte SELL = (byte) AggressorSide.SELL.ordinal();

    private long[] receiveTimeNs;
    private double[] price;
    private double[] size;
    private byte[] side;
    private int head;
    private int count;

    /** @param initialCapacity trades held before the first growth */
    public TradeWindow(final int initialCapacity) {
        final int capacity = Math.max(16, initialCapacity);
        receiveTimeNs = new long[capacity];
        price = new double[capacity];
        size = new double[capacity];
        side = new byte[capacity];
    }

    /**
     * Adds a trade, first dropping the oldest ones received at or before {@code receiveTimeNs - horizonNs}.
     *
     * @param tradeReceiveTimeNs local receive time, epoch ns
     * @param tradePrice         price
     * @param tradeSize          size, base units
     * @param aggressor          the taker's side
     * @param horizonNs          the longest window, ns
     */
    public void add(
        final long tradeReceiveTimeNs, final double tradePrice, final double tradeSize, final AggressorSide aggressor,
        final long horizonNs) {
        final long oldestKeptNs = tradeReceiveTimeNs - horizonNs;
        while (count > 0 && receiveTimeNs[head] <= oldestKeptNs) {
            head = (head + 1) % receiveTimeNs.length;
            count--;
        }
        if (count == receiveTimeNs.length) {
            grow();
        }
        final int at = (head + count) % receiveTimeNs.length;
        receiveTimeNs[at] = tradeReceiveTimeNs;
        price[at] = tradePrice;
        size[at] = tradeSize;
        side[at] = (byte) aggressor.ordinal();
        count++;
    }

    /** @return trades held */
    public int count() {
        return count;
    }

    /**
     * Where the i-th oldest trade sits in the arrays: the accessors taking a slot avoid a division per read, so a
     * pass over every held trade costs a few nanoseconds per trade.
     *
     * @param i 0 is the oldest held
     * @return its slot
     */
    public int slot(final int i) {
        final int slot = head + i;
        return slot < receiveTimeNs.length ? slot : slot - receiveTimeNs.length;
    }

    /** @param slot from {@link #slot} @return the trade's receive time, epoch ns */
    public long receiveTimeNsAt(final int slot) {
        return receiveTimeNs[slot];
    }

    /** @param slot from {@link #slot} @return the trade's price */
    public double priceAt(final int slot) {
        return price[slot];
    }

    /** @param slot from {@link #slot} @return the trade's size, base units */
    public double sizeAt(final int slot) {
        return size[slot];
    }

    /** @param slot from {@link #slot} @return +1 if the taker bought, -1 if it sold, 0 if unknown */
    public int sideSignAt(final int slot) {
        return side[slot] == BUY ? 1 : side[slot] == SELL ? -1 : 0;
    }

    private void grow() {
        final int capacity = receiveTimeNs.length;
        final long[] times = new long[capacity * 2];
        final double[] prices = new double[capacity * 2];
        final double[] sizes = new double[capacity * 2];
        final byte[] sides = new byte[capacity * 2];
        for (int i = 0; i < count; i++) {
            final int from = (head + i) % capacity;
            times[i] = receiveTimeNs[from];
            prices[i] = price[from];
            sizes[i] = size[from];
            sides[i] = side[from];
        }
        receiveTimeNs = times;
        price = prices;
        size = sizes;
        side = sides;
        head = 0;
    }
}
