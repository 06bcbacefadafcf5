package io.slipstream.mktdata.trade;

import io.slipstream.mktdata.ring.RingPositions;

/**
 * The last {@code capacity} trades of one instrument ({@code trades_per_symbol}), as primitive columns.
 *
 * <p>Not thread-safe: owned by the engine thread. No allocation.
 */
public final class TradeRing {
    /** Flag: the trade was fetched from REST after a disconnect, not received live. */
    public static final int FLAG_BACKFILLED = 1;

    private final RingPositions ring;
    private final long[] priceMantissa;
    private final long[] sizeMantissa;
    private final byte[] side;
    private final byte[] flags;
    private final long[] tradeId;
    private final long[] exchangeTimeNs;
    private final long[] receiveTimeNs;
    private final long[] streamSequence;

    /** @param capacity trades kept */
    public TradeRing(final int capacity) {
        ring = new RingPositions(capacity);
        priceMantissa = new long[capacity];
        sizeMantissa = new long[capacity];
        side = new byte[capacity];
        flags = new byte[capacity];
        tradeId = new long[capacity];
        exchangeTimeNs = new long[capacity];
        receiveTimeNs = new long[capacity];
        streamSequence = new long[capacity];
    }

    /**
     * Appends a trade, evicting the oldest when full. Validation is the caller's (the engine's) job.
     *
     * @param price         price mantissa
     * @param size          size mantissa
     * @param aggressor     who took liquidity
     * @param venueTradeId  the venue's trade id (Binance aggTrade {@code a}, Hyperliquid {@code tid})
     * @param tradeFlags    {@link #FLAG_BACKFILLED} or 0
     * @param exchangeNs    venue time, epoch nanoseconds
     * @param receivedNs    local receive time, epoch nanoseconds
     * @param sequence      the engine's stream sequence for this trade
     */
    public void add(
        final long price, final long size, final AggressorSide aggressor, final long venueTradeId,
        final int tradeFlags, final long exchangeNs, final long receivedNs, final long sequence) {
        final int slot = ring.append();
        priceMantissa[slot] = price;
        sizeMantissa[slot] = size;
        side[slot] = (byte) aggressor.ordinal();
        flags[slot] = (byte) tradeFlags;
        tradeId[slot] = venueTradeId;
        exchangeTimeNs[slot] = exchangeNs;
        receiveTimeNs[slot] = receivedNs;
        streamSequence[slot] = sequence;
    }

    /** @return trades held */
    public int count() {
        return ring.count();
    }

    /** @return trades kept at most */
    public int capacity() {
        return ring.capacity();
    }

    /**
     * @param index 0 is the oldest trade held
     * @return its price mantissa
     */
    public long price(final int index) {
        return priceMantissa[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest trade held
     * @return its size mantissa
     */
    public long size(final int index) {
        return sizeMantissa[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest trade held
     * @return its aggressor side
     */
    public AggressorSide side(final int index) {
        return AggressorSide.fromCode(side[ring.slotOf(index)]);
    }

    /**
     * @param index 0 is the oldest trade held
     * @return its flags
     */
    public int flags(final int index) {
        return flags[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest trade held
     * @return the venue's trade id
     */
    public long tradeId(final int index) {
        return tradeId[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest trade held
     * @return venue time, epoch nanoseconds
     */
    public long exchangeTimeNs(final int index) {
        return exchangeTimeNs[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest trade held
     * @return local receive time, epoch nanoseconds
     */
    public long receiveTimeNs(final int index) {
        return receiveTimeNs[ring.slotOf(index)];
    }

    /**
     * @param index 0 is the oldest trade held
     * @return the engine's stream sequence
     */
    public long streamSequence(final int index) {
        return streamSequence[ring.slotOf(index)];
    }
}
