package io.slipstream.mktdata.event;

/**
 * Byte layout of normalised events (little-endian). The same layout is written by producers into the event ring
 * and read by the engine, listeners and encoders; the engine stamps the three header fields marked (E).
 *
 * <pre>
 * header, every event:
 *   0      2       3       4              8                16              24                32            40        48
 *   +------+-------+-------+--------------+----------------+---------------+-----------------+-------------+---------+
 *   | type | flags | venue | instrumentId | exchangeTimeNs | receiveTimeNs | publishTimeNs(E)| streamSeq(E)| epoch(E)|
 *   | short| byte  | byte  | int          | long           | long          | long            | long        | long    |
 *   +------+-------+-------+--------------+----------------+---------------+-----------------+-------------+---------+
 * flags: SNAPSHOT (1) marks the initial snapshot a new subscriber receives; those events carry the stream's
 * current sequence, and live events continue from the next one.
 *
 * TRADE    48 price | 56 size | 64 venueTradeId | 72 side:byte | 73 flags:byte            (80 bytes)
 * QUOTE    48 bidPrice | 56 bidSize | 64 askPrice | 72 askSize                            (80 bytes)
 * BOOK_*   48 venueSequence | 56 flags:int | 60 bidCount:int | 64 askCount:int | 68 pad
 *          72 levels: bidCount x (price, size), then askCount x (price, size)            (72 + 16 n bytes)
 * CANDLE   48 openTimeMs | 56 open | 64 high | 72 low | 80 close | 88 volume | 96 tradeCount
 *          104 interval:byte | 105 source:byte | 106 closed:byte                          (112 bytes)
 * STATUS   48 streamKind:byte | 49 interval:byte (-1: none) | 50 status:byte | 56 detail    (64 bytes)
 * MARK     48 markPrice | 56 indexPrice | 64 fundingRateE10 | 72 nextFundingTimeMs            (80 bytes)
 * </pre>
 * Prices and sizes are mantissas at the instrument's scales. A venue-wide status has instrumentId -1.
 */
public final class EventLayout {
    /** Offset of the event type code (short). */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the event flags (byte). */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of the venue code (byte). */
    public static final int VENUE_OFFSET = 3;
    /** Event flag: part of the snapshot a new subscriber receives before live events. */
    public static final int FLAG_SNAPSHOT = 1;
    /** Offset of the instrument id. */
    public static final int INSTRUMENT_OFFSET = 4;
    /** Offset of the venue time, epoch nanoseconds. */
    public static final int EXCHANGE_TIME_OFFSET = 8;
    /** Offset of the local receive time, epoch nanoseconds. */
    public static final int RECEIVE_TIME_OFFSET = 16;
    /** Offset of the engine's publish time, epoch nanoseconds. */
    public static final int PUBLISH_TIME_OFFSET = 24;
    /** Offset of the stream sequence number. */
    public static final int STREAM_SEQUENCE_OFFSET = 32;
    /** Offset of the engine epoch. */
    public static final int EPOCH_OFFSET = 40;
    /** Length of the common header. */
    public static final int HEADER_LENGTH = 48;

    /** Trade price. */
    public static final int TRADE_PRICE_OFFSET = 48;
    /** Trade size. */
    public static final int TRADE_SIZE_OFFSET = 56;
    /** Venue trade id. */
    public static final int TRADE_ID_OFFSET = 64;
    /** Aggressor side code. */
    public static final int TRADE_SIDE_OFFSET = 72;
    /** Trade flags. */
    public static final int TRADE_FLAGS_OFFSET = 73;
    /** Length of a trade event. */
    public static final int TRADE_LENGTH = 80;

    /** Best bid price. */
    public static final int QUOTE_BID_PRICE_OFFSET = 48;
    /** Best bid size. */
    public static final int QUOTE_BID_SIZE_OFFSET = 56;
    /** Best ask price. */
    public static final int QUOTE_ASK_PRICE_OFFSET = 64;
    /** Best ask size. */
    public static final int QUOTE_ASK_SIZE_OFFSET = 72;
    /** Length of a quote event. */
    public static final int QUOTE_LENGTH = 80;

    /** The venue's book sequence. */
    public static final int BOOK_VENUE_SEQUENCE_OFFSET = 48;
    /** Book flags. */
    public static final int BOOK_FLAGS_OFFSET = 56;
    /** Number of bid levels. */
    public static final int BOOK_BID_COUNT_OFFSET = 60;
    /** Number of ask levels. */
    public static final int BOOK_ASK_COUNT_OFFSET = 64;
    /** First level. */
    public static final int BOOK_LEVELS_OFFSET = 72;
    /** Bytes per level: price and size. */
    public static final int BOOK_LEVEL_LENGTH = 16;
    /** Book flag (input snapshot): accept whatever the sequence, the venue restarted its numbering. */
    public static final int BOOK_FLAG_RESET = 1;
    /** Book flag (output delta): derived from a venue's full snapshot. */
    public static final int BOOK_FLAG_FROM_SNAPSHOT = 2;
    /** Book flag (output): after this update the best bid is at or above the best ask. */
    public static final int BOOK_FLAG_CROSSED = 4;

    /** Candle open time, UTC epoch milliseconds. */
    public static final int CANDLE_OPEN_TIME_OFFSET = 48;
    /** Open price. */
    public static final int CANDLE_OPEN_OFFSET = 56;
    /** High price. */
    public static final int CANDLE_HIGH_OFFSET = 64;
    /** Low price. */
    public static final int CANDLE_LOW_OFFSET = 72;
    /** Close price. */
    public static final int CANDLE_CLOSE_OFFSET = 80;
    /** Base volume. */
    public static final int CANDLE_VOLUME_OFFSET = 88;
    /** Number of trades. */
    public static final int CANDLE_TRADE_COUNT_OFFSET = 96;
    /** Interval code. */
    public static final int CANDLE_INTERVAL_OFFSET = 104;
    /** Source code. */
    public static final int CANDLE_SOURCE_OFFSET = 105;
    /** Closed flag. */
    public static final int CANDLE_CLOSED_OFFSET = 106;
    /** Length of a candle event. */
    public static final int CANDLE_LENGTH = 112;

    /** Stream kind code. */
    public static final int STATUS_STREAM_KIND_OFFSET = 48;
    /** Candle interval code, or -1. */
    public static final int STATUS_INTERVAL_OFFSET = 49;
    /** Status code. */
    public static final int STATUS_CODE_OFFSET = 50;
    /** Detail: events or buckets lost for GAP, silence in ms for STALE, else 0. */
    public static final int STATUS_DETAIL_OFFSET = 56;
    /** Length of a status event. */
    public static final int STATUS_LENGTH = 64;

    /** Mark price. */
    public static final int MARK_PRICE_OFFSET = 48;
    /** Index price (Hyperliquid: oracle price). */
    public static final int MARK_INDEX_PRICE_OFFSET = 56;
    /** Funding rate as a mantissa at scale 10. */
    public static final int MARK_FUNDING_RATE_OFFSET = 64;
    /** Next funding time, UTC epoch milliseconds. */
    public static final int MARK_NEXT_FUNDING_TIME_OFFSET = 72;
    /** Length of a mark-price event. */
    public static final int MARK_LENGTH = 80;
    /** Decimal places of the funding rate mantissa. */
    public static final int FUNDING_RATE_SCALE = 10;

    private EventLayout() {
    }

    /**
     * @param bidCount bid levels
     * @param askCount ask levels
     * @return length of a book event with that many levels
     */
    public static int bookLength(final int bidCount, final int askCount) {
        return BOOK_LEVELS_OFFSET + (bidCount + askCount) * BOOK_LEVEL_LENGTH;
    }
}
