package io.slipstream.mktdata.ipc.client;

/**
 * One symbol's candles of a {@link CandleBatch} as parallel primitive arrays, oldest first. The arrays are the
 * client's own; do not modify them.
 *
 * @param openTimeMs bucket open times, UTC epoch ms
 * @param open       open prices
 * @param high       high prices
 * @param low        low prices
 * @param close      close prices
 * @param volume     base volumes
 * @param trades     trade counts
 * @param closed     true once final
 */
public record CandleColumns(
    long[] openTimeMs, double[] open, double[] high, double[] low, double[] close, double[] volume, long[] trades,
    boolean[] closed) {

    /** @return the number of candles */
    public int count() {
        return openTimeMs.length;
    }

    /** @param index candle @return it as a value object (allocates) */
    public Candle candle(final int index) {
        return new Candle(openTimeMs[index], open[index], high[index], low[index], close[index], volume[index],
            trades[index], closed[index]);
    }
}
