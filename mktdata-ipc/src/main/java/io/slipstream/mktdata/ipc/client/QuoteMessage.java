package io.slipstream.mktdata.ipc.client;

/**
 * Best bid and offer. An empty side has NaN price and size.
 *
 * @param header   common fields
 * @param bidPrice best bid price, NaN if none
 * @param bidSize  best bid size, NaN if none
 * @param askPrice best ask price, NaN if none
 * @param askSize  best ask size, NaN if none
 */
public record QuoteMessage(MessageHeader header, double bidPrice, double bidSize, double askPrice, double askSize)
    implements StreamMessage {

    /** @return true if there is a bid */
    public boolean hasBid() {
        return !Double.isNaN(bidPrice);
    }

    /** @return true if there is an ask */
    public boolean hasAsk() {
        return !Double.isNaN(askPrice);
    }
}
