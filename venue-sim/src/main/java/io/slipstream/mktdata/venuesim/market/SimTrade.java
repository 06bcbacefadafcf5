package io.slipstream.mktdata.venuesim.market;

/**
 * One simulated (aggregate) trade, as both venues will render it.
 *
 * @param aggregateId   Binance aggTrade id {@code a}; consecutive per symbol
 * @param firstTradeId  Binance first raw trade id {@code f}
 * @param lastTradeId   Binance last raw trade id {@code l}
 * @param priceMantissa price at the symbol's price scale
 * @param sizeMantissa  quantity at the symbol's size scale
 * @param buyerIsMaker  Binance {@code m}: true when the taker sold
 * @param timeMs        trade time, epoch milliseconds
 */
public record SimTrade(
    long aggregateId, long firstTradeId, long lastTradeId, long priceMantissa, long sizeMantissa,
    boolean buyerIsMaker, long timeMs) {

    /** @return a 50-bit id in the manner of Hyperliquid's {@code tid} (a hash of the two order ids) */
    public long hyperliquidTid() {
        long x = aggregateId * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        x = (x ^ (x >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (x ^ (x >>> 29)) & ((1L << 50) - 1);
    }
}
