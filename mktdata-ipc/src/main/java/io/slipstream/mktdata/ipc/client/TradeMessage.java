package io.slipstream.mktdata.ipc.client;

/**
 * One trade.
 *
 * @param header     common fields
 * @param price      price
 * @param size       size
 * @param side       the taker's side
 * @param tradeId    the venue's trade id
 * @param backfilled true if recovered after a gap rather than seen live
 */
public record TradeMessage(
    MessageHeader header, double price, double size, TradeSide side, long tradeId, boolean backfilled)
    implements StreamMessage {
}
