package io.slipstream.mktdata.ipc.client;

/**
 * A candle stream message (also the element of {@link MarketDataClient#getCandles}' reply).
 *
 * @param header   common fields
 * @param interval the interval, e.g. {@code 1m}
 * @param candle   the values
 * @param source   {@code live}, {@code backfill} or {@code trades}
 */
public record CandleMessage(MessageHeader header, String interval, Candle candle, String source)
    implements StreamMessage {
}
