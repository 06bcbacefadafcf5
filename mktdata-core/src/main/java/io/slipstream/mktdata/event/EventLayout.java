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
 * FEATURES 48 windowCount:byte | 49 bandCount:byte | 52 counterpartInstrumentId:int (-1: none)
 *          56 bookSequence | 64 tradeSequence | 72 counterpartBookSequence
 *          80 mid | 88 spreadBps | 96 spreadVelocityBpsPerS | 104 imbalanceBandBps | 112 depthImbalance
 *          120 visibleDepthBps | 128 midAgeNs:long | 136 basisBps | 144 counterpartMidAgeNs:long | 152 pad
 *          160 windows: windowCount x (windowMs:long, tradeCount:long, buyVolume, sellVolume, buyNotional,
 *              sellNotional, signedNotional, toxicity, aggressorImbalance, arrivalRatePerS, vwap, vwapDeviationBps)
 *          then bands: bandCount x (bandBps, bidDepth, askDepth)              (160 + 96 w + 24 b bytes)
 *          Feature values are IEEE doubles (NaN: undefined), sizes in base units, not mantissas.
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

    /** Number of trade windows (byte). */
    public static final int FEATURES_WINDOW_COUNT_OFFSET = 48;
    /** Number of depth bands (byte). */
    public static final int FEATURES_BAND_COUNT_OFFSET = 49;
    /** Instrument of the same asset on the other venue, or -1. */
    public static final int FEATURES_COUNTERPART_OFFSET = 52;
    /** Sequence of the book stream the book features were computed at. */
    public static final int FEATURES_BOOK_SEQUENCE_OFFSET = 56;
    /** Sequence of the trade stream the trade windows end at. */
    public static final int FEATURES_TRADE_SEQUENCE_OFFSET = 64;
    /** Sequence of the counterpart's book stream the basis was computed at. */
    public static final int FEATURES_COUNTERPART_BOOK_SEQUENCE_OFFSET = 72;
    /** Mid price (double). */
    public static final int FEATURES_MID_OFFSET = 80;
    /** Spread in bps of mid (double). */
    public static final int FEATURES_SPREAD_BPS_OFFSET = 88;
    /** Change of the spread since the previous features of the instrument, bps per second (double). */
    public static final int FEATURES_SPREAD_VELOCITY_OFFSET = 96;
    /** Band of the depth imbalance, bps of mid (double). */
    public static final int FEATURES_IMBALANCE_BAND_OFFSET = 104;
    /** Depth imbalance within the band (double). */
    public static final int FEATURES_DEPTH_IMBALANCE_OFFSET = 112;
    /** Distance from mid to the farthest level the book shows on its shallower side, bps (double). */
    public static final int FEATURES_VISIBLE_DEPTH_OFFSET = 120;
    /** Age of the book's last update at the features' time, ns (long). */
    public static final int FEATURES_MID_AGE_OFFSET = 128;
    /** Basis to the counterpart, bps of the counterpart's mid (double). */
    public static final int FEATURES_BASIS_BPS_OFFSET = 136;
    /** Age of the counterpart book's last update at the features' time, ns (long), -1 if none. */
    public static final int FEATURES_COUNTERPART_MID_AGE_OFFSET = 144;
    /** First window block. */
    public static final int FEATURES_WINDOWS_OFFSET = 160;
    /** Bytes per window block. */
    public static final int FEATURES_WINDOW_LENGTH = 96;
    /** In a window block: the window, ms (long). */
    public static final int WINDOW_MS = 0;
    /** In a window block: trades in the window (long). */
    public static final int WINDOW_TRADE_COUNT = 8;
    /** In a window block: base volume bought by takers. */
    public static final int WINDOW_BUY_VOLUME = 16;
    /** In a window block: base volume sold by takers. */
    public static final int WINDOW_SELL_VOLUME = 24;
    /** In a window block: quote notional bought by takers. */
    public static final int WINDOW_BUY_NOTIONAL = 32;
    /** In a window block: quote notional sold by takers. */
    public static final int WINDOW_SELL_NOTIONAL = 40;
    /** In a window block: buy minus sell notional. */
    public static final int WINDOW_SIGNED_NOTIONAL = 48;
    /** In a window block: |signed notional| / total notional, 0..1. */
    public static final int WINDOW_TOXICITY = 56;
    /** In a window block: (buy - sell volume) / (buy + sell volume), -1..1. */
    public static final int WINDOW_AGGRESSOR_IMBALANCE = 64;
    /** In a window block: trades per second. */
    public static final int WINDOW_ARRIVAL_RATE = 72;
    /** In a window block: volume-weighted average price. */
    public static final int WINDOW_VWAP = 80;
    /** In a window block: (mid - vwap) / vwap in bps. */
    public static final int WINDOW_VWAP_DEVIATION_BPS = 88;
    /** In a band block: the band, bps of mid. */
    public static final int BAND_BPS = 0;
    /** In a band block: bid size within the band, base units. */
    public static final int BAND_BID_DEPTH = 8;
    /** In a band block: ask size within the band, base units. */
    public static final int BAND_ASK_DEPTH = 16;
    /** Bytes per depth band. */
    public static final int FEATURES_BAND_LENGTH = 24;
    /** Most windows in one features event. */
    public static final int FEATURES_MAX_WINDOWS = 8;
    /** Most depth bands in one features event. */
    public static final int FEATURES_MAX_BANDS = 16;

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

    /**
     * @param windowCount trade windows
     * @param bandCount   depth bands
     * @return length of a features event with that many windows and bands
     */
    public static int featuresLength(final int windowCount, final int bandCount) {
        return FEATURES_WINDOWS_OFFSET + windowCount * FEATURES_WINDOW_LENGTH + bandCount * FEATURES_BAND_LENGTH;
    }

    /**
     * @param window     0-based window
     * @param fieldInWindow one of the {@code WINDOW_*} constants
     * @return offset of that field from the start of a features event
     */
    public static int windowField(final int window, final int fieldInWindow) {
        return FEATURES_WINDOWS_OFFSET + window * FEATURES_WINDOW_LENGTH + fieldInWindow;
    }

    /**
     * @param windowCount   windows of the event
     * @param band          0-based band
     * @param fieldInBand   one of the {@code BAND_*} constants
     * @return offset of that field from the start of a features event
     */
    public static int bandField(final int windowCount, final int band, final int fieldInBand) {
        return FEATURES_WINDOWS_OFFSET + windowCount * FEATURES_WINDOW_LENGTH + band * FEATURES_BAND_LENGTH
            + fieldInBand;
    }
}
