package io.slipstream.mktdata.ipc.client;

/**
 * An order book stream message. For {@link Kind#SNAPSHOT} and {@link Kind#UPDATE}, {@code bids}/{@code asks} are
 * the complete top {@code depth} levels, best first; for {@link Kind#DELTA} they are the changed levels (size 0 =
 * removed) and {@code depth}, {@code priceScale}, {@code sizeScale} are 0 when the server leaves them out.
 *
 * @param header     common fields
 * @param kind       snapshot, top-N update or delta
 * @param depth      levels per side of the subscription
 * @param priceScale price decimals
 * @param sizeScale  size decimals
 * @param bids       bid levels or bid changes
 * @param asks       ask levels or ask changes
 */
public record OrderBookMessage(
    MessageHeader header, Kind kind, int depth, int priceScale, int sizeScale, BookLevels bids, BookLevels asks)
    implements StreamMessage {

    /** What an order book message carries. */
    public enum Kind {
        /** {@code orderbook_snapshot}: a consistent full top {@code depth}. */
        SNAPSHOT,
        /** {@code orderbook_update}: the top {@code depth} after an update (mode {@code top}). */
        UPDATE,
        /** {@code orderbook_delta}: changed levels (mode {@code delta}). */
        DELTA
    }
}
