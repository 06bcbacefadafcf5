package io.slipstream.mktdata.venuesim.market;

/**
 * One candle as the simulated venues serve it.
 *
 * @param openTimeMs        bucket open time
 * @param closeTimeMs       bucket close time ({@code next open - 1})
 * @param open              open price mantissa
 * @param high              high price mantissa
 * @param low               low price mantissa
 * @param close             close price mantissa
 * @param volume            base volume, size mantissa
 * @param quoteVolume       quote volume
 * @param trades            number of trades
 * @param takerBuyVolume    taker-buy base volume, size mantissa
 * @param takerBuyQuote     taker-buy quote volume
 * @param firstTradeId      first trade id in the bucket (-1 if none)
 * @param lastTradeId       last trade id in the bucket (-1 if none)
 */
public record SimCandle(
    long openTimeMs, long closeTimeMs, long open, long high, long low, long close, long volume, double quoteVolume,
    long trades, long takerBuyVolume, double takerBuyQuote, long firstTradeId, long lastTradeId) {
}
