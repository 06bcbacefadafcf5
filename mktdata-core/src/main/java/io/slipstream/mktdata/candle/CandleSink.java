package io.slipstream.mktdata.candle;

/** Receives candles built by a {@link CandleAggregator}; called on the aggregator's thread. */
@FunctionalInterface
public interface CandleSink {
    /**
     * @param instrumentId     the instrument
     * @param interval         the interval
     * @param bucketOpenTimeMs UTC open time
     * @param open             open price mantissa
     * @param high             high price mantissa
     * @param low              low price mantissa
     * @param close            close price mantissa
     * @param volume           base volume, size mantissa
     * @param tradeCount       number of trades
     * @param closed           true once the bucket is final
     */
    void onCandle(
        int instrumentId, CandleInterval interval, long bucketOpenTimeMs, long open, long high, long low, long close,
        long volume, long tradeCount, boolean closed);
}
