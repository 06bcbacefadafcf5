package io.slipstream.mktdata.ipc.client;

/**
 * One candle's values.
 *
 * @param openTimeMs bucket open time, UTC epoch ms
 * @param open       open price
 * @param high       high price
 * @param low        low price
 * @param close      close price
 * @param volume     base volume
 * @param trades     number of trades
 * @param closed     true once final
 */
public record Candle(
    long openTimeMs, double open, double high, double low, double close, double volume, long trades,
    boolean closed) {
}
