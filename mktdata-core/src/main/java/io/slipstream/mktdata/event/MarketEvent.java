package io.slipstream.mktdata.event;

import static io.slipstream.mktdata.event.EventLayout.*;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.trade.AggressorSide;

import java.nio.ByteBuffer;

/**
 * A read-only flyweight over one encoded event ({@link EventLayout}). Listeners receive it wrapped around the
 * engine's buffer: it is valid only during the callback, and is reused for the next event. Copy what you keep.
 *
 * <p>Not thread-safe. No allocation.
 */
public final class MarketEvent {
    private ByteBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param eventBuffer the buffer holding the event
     * @param eventOffset where it starts
     * @param eventLength its length
     * @return this
     */
    public MarketEvent wrap(final ByteBuffer eventBuffer, final int eventOffset, final int eventLength) {
        this.buffer = eventBuffer;
        this.offset = eventOffset;
        this.length = eventLength;
        return this;
    }

    /** @return true if the wrapped bytes are long enough for the event's type and level counts */
    public boolean isWellFormed() {
        if (length < HEADER_LENGTH) {
            return false;
        }
        final EventType type = EventType.fromCode(buffer.getShort(offset + TYPE_OFFSET));
        if (type == null) {
            return false;
        }
        return switch (type) {
            case TRADE -> length >= TRADE_LENGTH;
            case QUOTE -> length >= QUOTE_LENGTH;
            case CANDLE -> length >= CANDLE_LENGTH;
            case STATUS -> length >= STATUS_LENGTH;
            case MARK_PRICE -> length >= MARK_LENGTH;
            case FEATURES -> length >= FEATURES_WINDOWS_OFFSET
                && length >= EventLayout.featuresLength(featureWindowCount(), featureBandCount());
            case BOOK_SNAPSHOT, BOOK_DELTA -> length >= BOOK_LEVELS_OFFSET && bidCount() >= 0 && askCount() >= 0
                && (long) bidCount() + askCount() <= (length - BOOK_LEVELS_OFFSET) / BOOK_LEVEL_LENGTH;
        };
    }

    /** @return the buffer holding the event */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** @return where the event starts in {@link #buffer()} */
    public int offset() {
        return offset;
    }

    /** @return the encoded length in bytes */
    public int length() {
        return length;
    }

    /** @return the event type code */
    public int typeCode() {
        return buffer.getShort(offset + TYPE_OFFSET);
    }

    /** @return event flags ({@link EventLayout#FLAG_SNAPSHOT}) */
    public int flags() {
        return buffer.get(offset + FLAGS_OFFSET);
    }

    /** @return true if this event is part of a new subscriber's initial snapshot rather than a live change */
    public boolean isSnapshot() {
        return (flags() & FLAG_SNAPSHOT) != 0;
    }

    /** @return the venue, or null if the code is unknown */
    public Venue venue() {
        return Venue.fromCode(buffer.get(offset + VENUE_OFFSET));
    }

    /** @return the event type, or null if unknown */
    public EventType type() {
        return EventType.fromCode(typeCode());
    }

    /** @return the instrument id, -1 for a venue-wide status */
    public int instrumentId() {
        return buffer.getInt(offset + INSTRUMENT_OFFSET);
    }

    /** @return venue time, epoch nanoseconds (0 if the venue gave none) */
    public long exchangeTimeNs() {
        return buffer.getLong(offset + EXCHANGE_TIME_OFFSET);
    }

    /** @return local receive time, epoch nanoseconds */
    public long receiveTimeNs() {
        return buffer.getLong(offset + RECEIVE_TIME_OFFSET);
    }

    /** @return when the engine published it, epoch nanoseconds */
    public long publishTimeNs() {
        return buffer.getLong(offset + PUBLISH_TIME_OFFSET);
    }

    /** @return the stream's sequence number: grows by one per published event of the stream */
    public long streamSequence() {
        return buffer.getLong(offset + STREAM_SEQUENCE_OFFSET);
    }

    /** @return the engine epoch; it changes when the engine restarts, and sequences restart with it */
    public long epoch() {
        return buffer.getLong(offset + EPOCH_OFFSET);
    }

    /** @return trade price mantissa */
    public long tradePrice() {
        return buffer.getLong(offset + TRADE_PRICE_OFFSET);
    }

    /** @return trade size mantissa */
    public long tradeSize() {
        return buffer.getLong(offset + TRADE_SIZE_OFFSET);
    }

    /** @return the venue's trade id */
    public long tradeId() {
        return buffer.getLong(offset + TRADE_ID_OFFSET);
    }

    /** @return the aggressor side */
    public AggressorSide tradeSide() {
        return AggressorSide.fromCode(buffer.get(offset + TRADE_SIDE_OFFSET));
    }

    /** @return trade flags ({@link io.slipstream.mktdata.trade.TradeRing#FLAG_BACKFILLED}) */
    public int tradeFlags() {
        return buffer.get(offset + TRADE_FLAGS_OFFSET);
    }

    /** @return best bid price mantissa, or {@link io.slipstream.mktdata.quote.QuoteRing#NO_PRICE} */
    public long quoteBidPrice() {
        return buffer.getLong(offset + QUOTE_BID_PRICE_OFFSET);
    }

    /** @return best bid size mantissa */
    public long quoteBidSize() {
        return buffer.getLong(offset + QUOTE_BID_SIZE_OFFSET);
    }

    /** @return best ask price mantissa, or {@link io.slipstream.mktdata.quote.QuoteRing#NO_PRICE} */
    public long quoteAskPrice() {
        return buffer.getLong(offset + QUOTE_ASK_PRICE_OFFSET);
    }

    /** @return best ask size mantissa */
    public long quoteAskSize() {
        return buffer.getLong(offset + QUOTE_ASK_SIZE_OFFSET);
    }

    /** @return the venue's book sequence */
    public long bookVenueSequence() {
        return buffer.getLong(offset + BOOK_VENUE_SEQUENCE_OFFSET);
    }

    /** @return book flags ({@link EventLayout#BOOK_FLAG_FROM_SNAPSHOT} ...) */
    public int bookFlags() {
        return buffer.getInt(offset + BOOK_FLAGS_OFFSET);
    }

    /** @return number of bid levels */
    public int bidCount() {
        return buffer.getInt(offset + BOOK_BID_COUNT_OFFSET);
    }

    /** @return number of ask levels */
    public int askCount() {
        return buffer.getInt(offset + BOOK_ASK_COUNT_OFFSET);
    }

    /**
     * @param level 0 .. bidCount-1
     * @return its price mantissa
     */
    public long bidPrice(final int level) {
        return buffer.getLong(offset + BOOK_LEVELS_OFFSET + level * BOOK_LEVEL_LENGTH);
    }

    /**
     * @param level 0 .. bidCount-1
     * @return its size mantissa (0: removed, in a delta)
     */
    public long bidSize(final int level) {
        return buffer.getLong(offset + BOOK_LEVELS_OFFSET + level * BOOK_LEVEL_LENGTH + 8);
    }

    /**
     * @param level 0 .. askCount-1
     * @return its price mantissa
     */
    public long askPrice(final int level) {
        return buffer.getLong(offset + BOOK_LEVELS_OFFSET + (bidCount() + level) * BOOK_LEVEL_LENGTH);
    }

    /**
     * @param level 0 .. askCount-1
     * @return its size mantissa (0: removed, in a delta)
     */
    public long askSize(final int level) {
        return buffer.getLong(offset + BOOK_LEVELS_OFFSET + (bidCount() + level) * BOOK_LEVEL_LENGTH + 8);
    }

    /** @return candle open time, UTC epoch milliseconds */
    public long candleOpenTimeMs() {
        return buffer.getLong(offset + CANDLE_OPEN_TIME_OFFSET);
    }

    /** @return candle open price mantissa */
    public long candleOpen() {
        return buffer.getLong(offset + CANDLE_OPEN_OFFSET);
    }

    /** @return candle high price mantissa */
    public long candleHigh() {
        return buffer.getLong(offset + CANDLE_HIGH_OFFSET);
    }

    /** @return candle low price mantissa */
    public long candleLow() {
        return buffer.getLong(offset + CANDLE_LOW_OFFSET);
    }

    /** @return candle close price mantissa */
    public long candleClose() {
        return buffer.getLong(offset + CANDLE_CLOSE_OFFSET);
    }

    /** @return candle base volume, size mantissa */
    public long candleVolume() {
        return buffer.getLong(offset + CANDLE_VOLUME_OFFSET);
    }

    /** @return number of trades in the candle */
    public long candleTradeCount() {
        return buffer.getLong(offset + CANDLE_TRADE_COUNT_OFFSET);
    }

    /** @return the candle's interval, or null if unknown */
    public CandleInterval candleInterval() {
        return CandleInterval.fromCode(buffer.get(offset + CANDLE_INTERVAL_OFFSET));
    }

    /** @return where the candle came from, or null if unknown */
    public CandleSource candleSource() {
        return CandleSource.fromCode(buffer.get(offset + CANDLE_SOURCE_OFFSET));
    }

    /** @return true if the bucket is final */
    public boolean candleClosed() {
        return buffer.get(offset + CANDLE_CLOSED_OFFSET) != 0;
    }

    /** @return the kind of stream a status event is about, or null */
    public StreamKind statusStreamKind() {
        return StreamKind.fromCode(buffer.get(offset + STATUS_STREAM_KIND_OFFSET));
    }

    /** @return the candle interval a status event is about, or null */
    public CandleInterval statusInterval() {
        return CandleInterval.fromCode(buffer.get(offset + STATUS_INTERVAL_OFFSET));
    }

    /** @return the status, or null if unknown */
    public StreamStatus status() {
        return StreamStatus.fromCode(buffer.get(offset + STATUS_CODE_OFFSET));
    }

    /** @return events or buckets lost for GAP, silence in ms for STALE, else 0 */
    public long statusDetail() {
        return buffer.getLong(offset + STATUS_DETAIL_OFFSET);
    }

    /** @return mark price mantissa */
    public long markPrice() {
        return buffer.getLong(offset + MARK_PRICE_OFFSET);
    }

    /** @return index (oracle) price mantissa, 0 if unknown */
    public long markIndexPrice() {
        return buffer.getLong(offset + MARK_INDEX_PRICE_OFFSET);
    }

    /** @return funding rate mantissa at {@link EventLayout#FUNDING_RATE_SCALE} */
    public long markFundingRateE10() {
        return buffer.getLong(offset + MARK_FUNDING_RATE_OFFSET);
    }

    /** @return next funding time, UTC epoch ms, 0 if unknown */
    public long markNextFundingTimeMs() {
        return buffer.getLong(offset + MARK_NEXT_FUNDING_TIME_OFFSET);
    }

    /** @return trade windows in this features event */
    public int featureWindowCount() {
        return buffer.get(offset + FEATURES_WINDOW_COUNT_OFFSET) & 0xFF;
    }

    /** @return depth bands in this features event */
    public int featureBandCount() {
        return buffer.get(offset + FEATURES_BAND_COUNT_OFFSET) & 0xFF;
    }

    /**
     * A double field of a features event.
     *
     * @param fieldOffset a {@code EventLayout.FEATURES_*_OFFSET} constant of a double field, or a
     *                    {@link EventLayout#windowField} / {@link EventLayout#bandField} offset
     * @return its value (NaN: undefined)
     */
    public double featureDouble(final int fieldOffset) {
        return buffer.getDouble(offset + fieldOffset);
    }

    /**
     * A long field of a features event.
     *
     * @param fieldOffset a {@code EventLayout.FEATURES_*_OFFSET} constant of a long field, or a
     *                    {@link EventLayout#windowField} offset of a long field
     * @return its value
     */
    public long featureLong(final int fieldOffset) {
        return buffer.getLong(offset + fieldOffset);
    }

    /** @return the instrument of the same asset on the other venue, or -1 */
    public int featureCounterpartId() {
        return buffer.getInt(offset + FEATURES_COUNTERPART_OFFSET);
    }

    @Override
    public String toString() {
        return "MarketEvent{" + type() + " instrument=" + instrumentId() + " seq=" + streamSequence() + '}';
    }
}
