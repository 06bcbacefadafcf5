package io.slipstream.mktdata.event;

import static io.slipstream.mktdata.event.EventLayout.*;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.trade.AggressorSide;

import java.nio.ByteBuffer;

/**
 * Writes events in {@link EventLayout} at a given offset of a buffer. Stateless apart from the buffer it is given;
 * one instance per thread. No allocation.
 */
public final class EventEncoder {
    private EventEncoder() {
    }

    /**
     * Writes the common header with the engine fields zeroed.
     *
     * @param buffer         destination
     * @param offset         where the event starts
     * @param type           event type
     * @param venue          the venue
     * @param instrumentId   instrument, or -1
     * @param exchangeTimeNs venue time, epoch nanoseconds
     * @param receiveTimeNs  local receive time, epoch nanoseconds
     */
    public static void header(
        final ByteBuffer buffer, final int offset, final EventType type, final Venue venue, final int instrumentId,
        final long exchangeTimeNs, final long receiveTimeNs) {
        buffer.putShort(offset + TYPE_OFFSET, (short) type.code());
        buffer.put(offset + FLAGS_OFFSET, (byte) 0);
        buffer.put(offset + VENUE_OFFSET, (byte) venue.ordinal());
        buffer.putInt(offset + INSTRUMENT_OFFSET, instrumentId);
        buffer.putLong(offset + EXCHANGE_TIME_OFFSET, exchangeTimeNs);
        buffer.putLong(offset + RECEIVE_TIME_OFFSET, receiveTimeNs);
        buffer.putLong(offset + PUBLISH_TIME_OFFSET, 0);
        buffer.putLong(offset + STREAM_SEQUENCE_OFFSET, 0);
        buffer.putLong(offset + EPOCH_OFFSET, 0);
    }

    /**
     * Stamps the fields the engine owns.
     *
     * @param buffer         the event's buffer
     * @param offset         where the event starts
     * @param publishTimeNs  publish time, epoch nanoseconds
     * @param streamSequence the stream's sequence number for this event
     * @param epoch          the engine epoch
     * @param flags          event flags ({@link EventLayout#FLAG_SNAPSHOT} or 0)
     */
    public static void stamp(
        final ByteBuffer buffer, final int offset, final long publishTimeNs, final long streamSequence,
        final long epoch, final int flags) {
        buffer.put(offset + FLAGS_OFFSET, (byte) flags);
        buffer.putLong(offset + PUBLISH_TIME_OFFSET, publishTimeNs);
        buffer.putLong(offset + STREAM_SEQUENCE_OFFSET, streamSequence);
        buffer.putLong(offset + EPOCH_OFFSET, epoch);
    }

    /**
     * Writes a whole trade event ({@link EventLayout#TRADE_LENGTH} bytes).
     *
     * @param buffer         destination
     * @param offset         where the event starts
     * @param venue          the venue
     * @param instrumentId   instrument
     * @param exchangeTimeNs venue time, epoch nanoseconds
     * @param receiveTimeNs  local receive time, epoch nanoseconds
     * @param price          price mantissa
     * @param size           size mantissa
     * @param side           aggressor side
     * @param venueTradeId   venue trade id
     * @param flags          trade flags
     */
    public static void trade(
        final ByteBuffer buffer, final int offset, final Venue venue, final int instrumentId, final long exchangeTimeNs,
        final long receiveTimeNs, final long price, final long size, final AggressorSide side,
        final long venueTradeId, final int flags) {
        header(buffer, offset, EventType.TRADE, venue, instrumentId, exchangeTimeNs, receiveTimeNs);
        buffer.putLong(offset + TRADE_PRICE_OFFSET, price);
        buffer.putLong(offset + TRADE_SIZE_OFFSET, size);
        buffer.putLong(offset + TRADE_ID_OFFSET, venueTradeId);
        buffer.put(offset + TRADE_SIDE_OFFSET, (byte) side.ordinal());
        buffer.put(offset + TRADE_FLAGS_OFFSET, (byte) flags);
    }

    /**
     * Writes a whole quote event ({@link EventLayout#QUOTE_LENGTH} bytes).
     *
     * @param buffer         destination
     * @param offset         where the event starts
     * @param venue          the venue
     * @param instrumentId   instrument
     * @param exchangeTimeNs venue time, epoch nanoseconds
     * @param receiveTimeNs  local receive time, epoch nanoseconds
     * @param bidPrice       best bid price mantissa or NO_PRICE
     * @param bidSize        best bid size mantissa
     * @param askPrice       best ask price mantissa or NO_PRICE
     * @param askSize        best ask size mantissa
     */
    public static void quote(
        final ByteBuffer buffer, final int offset, final Venue venue, final int instrumentId, final long exchangeTimeNs,
        final long receiveTimeNs, final long bidPrice, final long bidSize, final long askPrice, final long askSize) {
        header(buffer, offset, EventType.QUOTE, venue, instrumentId, exchangeTimeNs, receiveTimeNs);
        buffer.putLong(offset + QUOTE_BID_PRICE_OFFSET, bidPrice);
        buffer.putLong(offset + QUOTE_BID_SIZE_OFFSET, bidSize);
        buffer.putLong(offset + QUOTE_ASK_PRICE_OFFSET, askPrice);
        buffer.putLong(offset + QUOTE_ASK_SIZE_OFFSET, askSize);
    }

    /**
     * Writes a whole book event ({@link EventLayout#bookLength} bytes).
     *
     * @param buffer         destination
     * @param offset         where the event starts
     * @param type           {@link EventType#BOOK_SNAPSHOT} or {@link EventType#BOOK_DELTA}
     * @param venue          the venue
     * @param instrumentId   instrument
     * @param exchangeTimeNs venue time, epoch nanoseconds
     * @param receiveTimeNs  local receive time, epoch nanoseconds
     * @param venueSequence  the venue's book sequence
     * @param flags          book flags
     * @param bids           bid levels (best first for snapshots)
     * @param asks           ask levels (best first for snapshots)
     */
    public static void book(
        final ByteBuffer buffer, final int offset, final EventType type, final Venue venue,
        final int instrumentId, final long exchangeTimeNs, final long receiveTimeNs, final long venueSequence,
        final int flags, final LevelBuffer bids, final LevelBuffer asks) {
        header(buffer, offset, type, venue, instrumentId, exchangeTimeNs, receiveTimeNs);
        buffer.putLong(offset + BOOK_VENUE_SEQUENCE_OFFSET, venueSequence);
        buffer.putInt(offset + BOOK_FLAGS_OFFSET, flags);
        buffer.putInt(offset + BOOK_BID_COUNT_OFFSET, bids.count());
        buffer.putInt(offset + BOOK_ASK_COUNT_OFFSET, asks.count());
        buffer.putInt(offset + BOOK_ASK_COUNT_OFFSET + 4, 0);
        int levelOffset = offset + BOOK_LEVELS_OFFSET;
        for (int i = 0; i < bids.count(); i++, levelOffset += BOOK_LEVEL_LENGTH) {
            buffer.putLong(levelOffset, bids.price(i));
            buffer.putLong(levelOffset + 8, bids.size(i));
        }
        for (int i = 0; i < asks.count(); i++, levelOffset += BOOK_LEVEL_LENGTH) {
            buffer.putLong(levelOffset, asks.price(i));
            buffer.putLong(levelOffset + 8, asks.size(i));
        }
    }

    /**
     * Writes a whole candle event ({@link EventLayout#CANDLE_LENGTH} bytes).
     *
     * @param buffer         destination
     * @param offset         where the event starts
     * @param venue          the venue
     * @param instrumentId   instrument
     * @param exchangeTimeNs venue time, epoch nanoseconds
     * @param receiveTimeNs  local receive time, epoch nanoseconds
     * @param interval       interval
     * @param openTimeMs     bucket open time, UTC epoch milliseconds
     * @param open           open price mantissa
     * @param high           high price mantissa
     * @param low            low price mantissa
     * @param close          close price mantissa
     * @param volume         base volume, size mantissa
     * @param tradeCount     number of trades
     * @param closed         true once final
     * @param source         where the values came from
     */
    public static void candle(
        final ByteBuffer buffer, final int offset, final Venue venue, final int instrumentId, final long exchangeTimeNs,
        final long receiveTimeNs, final CandleInterval interval, final long openTimeMs, final long open,
        final long high, final long low, final long close, final long volume, final long tradeCount,
        final boolean closed, final CandleSource source) {
        header(buffer, offset, EventType.CANDLE, venue, instrumentId, exchangeTimeNs, receiveTimeNs);
        buffer.putLong(offset + CANDLE_OPEN_TIME_OFFSET, openTimeMs);
        buffer.putLong(offset + CANDLE_OPEN_OFFSET, open);
        buffer.putLong(offset + CANDLE_HIGH_OFFSET, high);
        buffer.putLong(offset + CANDLE_LOW_OFFSET, low);
        buffer.putLong(offset + CANDLE_CLOSE_OFFSET, close);
        buffer.putLong(offset + CANDLE_VOLUME_OFFSET, volume);
        buffer.putLong(offset + CANDLE_TRADE_COUNT_OFFSET, tradeCount);
        buffer.put(offset + CANDLE_INTERVAL_OFFSET, (byte) interval.ordinal());
        buffer.put(offset + CANDLE_SOURCE_OFFSET, (byte) source.ordinal());
        buffer.put(offset + CANDLE_CLOSED_OFFSET, (byte) (closed ? 1 : 0));
    }

    /**
     * Writes a whole mark-price event ({@link EventLayout#MARK_LENGTH} bytes).
     *
     * @param buffer            destination
     * @param offset            where the event starts
     * @param venue             the venue
     * @param instrumentId      instrument
     * @param exchangeTimeNs    venue time, epoch nanoseconds
     * @param receiveTimeNs     local receive time, epoch nanoseconds
     * @param markPrice         mark price mantissa
     * @param indexPrice        index (oracle) price mantissa, or 0 if unknown
     * @param fundingRateE10    funding rate mantissa at scale 10
     * @param nextFundingTimeMs next funding time, UTC epoch ms, or 0 if unknown
     */
    public static void markPrice(
        final ByteBuffer buffer, final int offset, final Venue venue, final int instrumentId,
        final long exchangeTimeNs, final long receiveTimeNs, final long markPrice, final long indexPrice,
        final long fundingRateE10, final long nextFundingTimeMs) {
        header(buffer, offset, EventType.MARK_PRICE, venue, instrumentId, exchangeTimeNs, receiveTimeNs);
        buffer.putLong(offset + MARK_PRICE_OFFSET, markPrice);
        buffer.putLong(offset + MARK_INDEX_PRICE_OFFSET, indexPrice);
        buffer.putLong(offset + MARK_FUNDING_RATE_OFFSET, fundingRateE10);
        buffer.putLong(offset + MARK_NEXT_FUNDING_TIME_OFFSET, nextFundingTimeMs);
    }

    /**
     * Writes a whole status event ({@link EventLayout#STATUS_LENGTH} bytes).
     *
     * @param buffer         destination
     * @param offset         where the event starts
     * @param venue          the venue
     * @param instrumentId   instrument, or -1 for the whole venue connection
     * @param exchangeTimeNs venue time if any, else 0
     * @param receiveTimeNs  local time of the observation, epoch nanoseconds
     * @param kind           the kind of stream concerned
     * @param interval       the candle interval concerned, or null
     * @param status         the new status
     * @param detail         events or buckets lost (GAP), silence in ms (STALE), else 0
     */
    public static void status(
        final ByteBuffer buffer, final int offset, final Venue venue, final int instrumentId,
        final long exchangeTimeNs, final long receiveTimeNs, final StreamKind kind, final CandleInterval interval,
        final StreamStatus status, final long detail) {
        header(buffer, offset, EventType.STATUS, venue, instrumentId, exchangeTimeNs, receiveTimeNs);
        buffer.put(offset + STATUS_STREAM_KIND_OFFSET, (byte) kind.ordinal());
        buffer.put(offset + STATUS_INTERVAL_OFFSET, (byte) (interval == null ? -1 : interval.ordinal()));
        buffer.put(offset + STATUS_CODE_OFFSET, (byte) status.ordinal());
        buffer.put(offset + STATUS_CODE_OFFSET + 1, (byte) 0);
        buffer.putInt(offset + STATUS_CODE_OFFSET + 2, 0);
        buffer.putLong(offset + STATUS_DETAIL_OFFSET, detail);
    }
}
