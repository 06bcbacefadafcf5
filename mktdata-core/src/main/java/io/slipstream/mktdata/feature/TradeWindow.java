package io.slipstream.mktdata.feature;

import io.slipstream.mktdata.trade.AggressorSide;

/**
 * The trades of one instrument within the longest feature window, oldest first, as primitive arrays in a ring.
 * Grows (doubling) when a burst holds more trades than it has room for, so once warm it stops allocating. Owned by
 * the engine thread.
 */
public final class TradeWindow {
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

    /** @return trades that fit before the arrays grow again */
    public int capacity() {
        return receiveTimeNs.length;
    }

    /** @param i 0 is the oldest held @return its receive time, epoch ns */
    public long receiveTimeNs(final int i) {
        return receiveTimeNs[(head + i) % receiveTimeNs.length];
    }

    /** @param i 0 is the oldest held @return its price */
    public double price(final int i) {
        return price[(head + i) % price.length];
    }

    /** @param i 0 is the oldest held @return its size, base units */
    public double size(final int i) {
        return size[(head + i) % size.length];
    }

    /** @param i 0 is the oldest held @return its aggressor side */
    public AggressorSide side(final int i) {
        return AggressorSide.fromCode(side[(head + i) % side.length]);
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
