package io.slipstream.mktdata.ipc.client;

/**
 * The reply to {@link MarketDataClient#getOrderbook}.
 *
 * @param header     common fields (seq of the book stream at the snapshot)
 * @param depth      levels per side asked for
 * @param priceScale price decimals
 * @param sizeScale  size decimals
 * @param bids       bids, best first
 * @param asks       asks, best first
 */
public record OrderBookSnapshot(
    MessageHeader header, int depth, int priceScale, int sizeScale, BookLevels bids, BookLevels asks)
    implements StreamMessage {

    static OrderBookSnapshot of(final OrderBookMessage message) {
        return new OrderBookSnapshot(message.header(), message.depth(), message.priceScale(), message.sizeScale(),
            message.bids(), message.asks());
    }
}
