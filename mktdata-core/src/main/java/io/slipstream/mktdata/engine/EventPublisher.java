package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.event.EventEncoder;
import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.rejection.RejectionCounters;
import io.slipstream.mktdata.ringbuffer.EventRing;
import io.slipstream.mktdata.trade.AggressorSide;

/**
 * How producers (venue adapters, replays, tests) hand normalised events to the engine: each call encodes one event
 * straight into the engine's ring and returns at once.
 *
 * <p>Returns {@link Rejection#NONE} when the event is in the ring, {@link Rejection#RING_FULL} when the engine is
 * behind (the caller decides: retry, drop and report a gap), or {@link Rejection#UNKNOWN_INSTRUMENT}. The values
 * themselves are validated by the engine, which counts and drops bad ones. Stateless, so thread-safe: any number of
 * producer threads share one publisher. No allocation.
 */
public final class EventPublisher {
    private final EventRing ring;
    private final InstrumentRegistry registry;
    private final RejectionCounters rejections;

    EventPublisher(final EventRing ring, final InstrumentRegistry registry, final RejectionCounters rejections) {
        this.ring = ring;
        this.registry = registry;
        this.rejections = rejections;
    }

    /**
     * @param instrumentId   instrument
     * @param exchangeTimeNs venue time, epoch nanoseconds
     * @param receiveTimeNs  local receive time, epoch nanoseconds
     * @param price          price mantissa
     * @param size           size mantissa
     * @param side           aggressor side
     * @param venueTradeId   the venue's trade id
     * @param flags          {@link io.slipstream.mktdata.trade.TradeRing#FLAG_BACKFILLED} or 0
     * @return {@link Rejection#NONE} if queued, else why not
     */
    public Rejection trade(
        final int instrumentId, final long exchangeTimeNs, final long receiveTimeNs, final long price,
        final long size, final AggressorSide side, final long venueTradeId, final int flags) {
        final Instrument instrument = registry.get(instrumentId);
        if (instrument == null) {
            return rejections.increment(Rejection.UNKNOWN_INSTRUMENT, instrumentId);
        }
        final int offset = ring.tryClaim(EventType.TRADE.code(), EventLayout.TRADE_LENGTH);
        if (offset < 0) {
            return claimFailed(offset);
        }
        EventEncoder.trade(ring.buffer(), offset, instrument.venue(), instrumentId, exchangeTimeNs, receiveTimeNs,
            price, size, side == null ? AggressorSide.UNKNOWN : side, venueTradeId, flags);
        ring.commit(offset);
        return Rejection.NONE;
    }

    /**
     * @param instrumentId   instrument
     * @param exchangeTimeNs venue time, epoch nanoseconds
     * @param receiveTimeNs  local receive time, epoch nanoseconds
     * @param bidPrice       best bid price mantissa, or {@link io.slipstream.mktdata.quote.QuoteRing#NO_PRICE}
     * @param bidSize        best bid size mantissa
     * @param askPrice       best ask price mantissa, or {@link io.slipstream.mktdata.quote.QuoteRing#NO_PRICE}
     * @param askSize        best ask size mantissa
     * @return {@link Rejection#NONE} if queued, else why not
     */
    public Rejection quote(
        final int instrumentId, final long exchangeTimeNs, final long receiveTimeNs, final long bidPrice,
        final long bidSize, final long askPrice, final long askSize) {
        final Instrument instrument = registry.get(instrumentId);
        if (instrument == null) {
            return rejections.increment(Rejection.UNKNOWN_INSTRUMENT, instrumentId);
        }
        final int offset = ring.tryClaim(EventType.QUOTE.code(), EventLayout.QUOTE_LENGTH);
        if (offset < 0) {
            return claimFailed(offset);
        }
        EventEncoder.quote(ring.buffer(), offset, instrument.venue(), instrumentId, exchangeTimeNs, receiveTimeNs,
            bidPrice, bidSize, askPrice, askSize);
        ring.commit(offset);
        return Rejection.NONE;
    }

    /**
     * A full book from the venue (Binance REST snapshot, Hyperliquid {@code l2Book}).
     *
     * @param instrumentId   instrument
     * @param exchangeTimeNs venue time, epoch nanoseconds
     * @param receiveTimeNs  local receive time, epoch nanoseconds
     * @param venueSequence  Binance lastUpdateId, Hyperliquid time
     * @param reset          true to accept any sequence (the venue restarted its numbering)
     * @param bids           bids, best first
     * @param asks           asks, best first
     * @return {@link Rejection#NONE} if queued, else why not
     */
    public Rejection bookSnapshot(
        final int instrumentId, final long exchangeTimeNs, final long receiveTimeNs, final long venueSequence,
        final boolean reset, final LevelBuffer bids, final LevelBuffer asks) {
        return book(EventType.BOOK_SNAPSHOT, instrumentId, exchangeTimeNs, receiveTimeNs, venueSequence,
            reset ? EventLayout.BOOK_FLAG_RESET : 0, bids, asks);
    }

    /**
     * Book levels with their new absolute sizes (0 removes).
     *
     * @param instrumentId   instrument
     * @param exchangeTimeNs venue time, epoch nanoseconds
     * @param receiveTimeNs  local receive time, epoch nanoseconds
     * @param venueSequence  the venue's sequence for this delta (Binance {@code u}); must advance
     * @param bids           bid levels
     * @param asks           ask levels
     * @return {@link Rejection#NONE} if queued, else why not
     */
    public Rejection bookDelta(
        final int instrumentId, final long exchangeTimeNs, final long receiveTimeNs, final long venueSequence,
        final LevelBuffer bids, final LevelBuffer asks) {
        return book(EventType.BOOK_DELTA, instrumentId, exchangeTimeNs, receiveTimeNs, venueSequence, 0, bids, asks);
    }

    private Rejection book(
        final EventType type, final int instrumentId, final long exchangeTimeNs, final long receiveTimeNs,
        final long venueSequence, final int flags, final LevelBuffer bids, final LevelBuffer asks) {
        final Instrument instrument = registry.get(instrumentId);
        if (instrument == null) {
            return rejections.increment(Rejection.UNKNOWN_INSTRUMENT, instrumentId);
        }
        final long length = EventLayout.bookLength(bids.count(), asks.count());
        if (length > ring.maxPayloadLength()) {
            return rejections.increment(Rejection.EVENT_TOO_LARGE, instrument + " book of " + length + " bytes");
        }
        final int offset = ring.tryClaim(type.code(), (int) length);
        if (offset < 0) {
            return claimFailed(offset);
        }
        EventEncoder.book(ring.buffer(), offset, type, instrument.venue(), instrumentId, exchangeTimeNs,
            receiveTimeNs, venueSequence, flags, bids, asks);
        ring.commit(offset);
        return Rejection.NONE;
    }

    /**
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
     * @param source         LIVE or BACKFILL (or TRADES)
     * @return {@link Rejection#NONE} if queued, else why not
     */
    public Rejection candle(
        final int instrumentId, final long exchangeTimeNs, final long receiveTimeNs, final CandleInterval interval,
        final long openTimeMs, final long open, final long high, final long low, final long close, final long volume,
        final long tradeCount, final boolean closed, final CandleSource source) {
        final Instrument instrument = registry.get(instrumentId);
        if (instrument == null) {
            return rejections.increment(Rejection.UNKNOWN_INSTRUMENT, instrumentId);
        }
        if (interval == null || source == null) {
            return rejections.increment(Rejection.MALFORMED_EVENT, "candle without interval or source");
        }
        final int offset = ring.tryClaim(EventType.CANDLE.code(), EventLayout.CANDLE_LENGTH);
        if (offset < 0) {
            return claimFailed(offset);
        }
        EventEncoder.candle(ring.buffer(), offset, instrument.venue(), instrumentId, exchangeTimeNs, receiveTimeNs,
            interval, openTimeMs, open, high, low, close, volume, tradeCount, closed, source);
        ring.commit(offset);
        return Rejection.NONE;
    }

    /**
     * Mark price, index price and funding of a perpetual.
     *
     * @param instrumentId      instrument
     * @param exchangeTimeNs    venue time, epoch nanoseconds
     * @param receiveTimeNs     local receive time, epoch nanoseconds
     * @param markPrice         mark price mantissa
     * @param indexPrice        index (Hyperliquid: oracle) price mantissa, 0 if unknown
     * @param fundingRateE10    funding rate as a mantissa at scale 10 ({@code FixedPoint.parse(text, 10)})
     * @param nextFundingTimeMs next funding time, UTC epoch ms, 0 if unknown
     * @return {@link Rejection#NONE} if queued, else why not
     */
    public Rejection markPrice(
        final int instrumentId, final long exchangeTimeNs, final long receiveTimeNs, final long markPrice,
        final long indexPrice, final long fundingRateE10, final long nextFundingTimeMs) {
        final Instrument instrument = registry.get(instrumentId);
        if (instrument == null) {
            return rejections.increment(Rejection.UNKNOWN_INSTRUMENT, instrumentId);
        }
        final int offset = ring.tryClaim(EventType.MARK_PRICE.code(), EventLayout.MARK_LENGTH);
        if (offset < 0) {
            return claimFailed(offset);
        }
        EventEncoder.markPrice(ring.buffer(), offset, instrument.venue(), instrumentId, exchangeTimeNs,
            receiveTimeNs, markPrice, indexPrice, fundingRateE10, nextFundingTimeMs);
        ring.commit(offset);
        return Rejection.NONE;
    }

    /**
     * @param venue         the venue
     * @param instrumentId  instrument, or -1 for the venue connection as a whole
     * @param receiveTimeNs local time of the observation, epoch nanoseconds
     * @param kind          the kind of stream concerned
     * @param interval      the candle interval concerned, or null
     * @param status        the new status
     * @param detail        events or buckets lost (GAP), silence in ms (STALE), else 0
     * @return {@link Rejection#NONE} if queued, else why not
     */
    public Rejection status(
        final Venue venue, final int instrumentId, final long receiveTimeNs, final StreamKind kind,
        final CandleInterval interval, final StreamStatus status, final long detail) {
        if (instrumentId != -1 && registry.get(instrumentId) == null) {
            return rejections.increment(Rejection.UNKNOWN_INSTRUMENT, instrumentId);
        }
        final int offset = ring.tryClaim(EventType.STATUS.code(), EventLayout.STATUS_LENGTH);
        if (offset < 0) {
            return claimFailed(offset);
        }
        EventEncoder.status(ring.buffer(), offset, venue, instrumentId, 0, receiveTimeNs, kind, interval, status,
            detail);
        ring.commit(offset);
        return Rejection.NONE;
    }

    private Rejection claimFailed(final int claimResult) {
        return rejections.increment(
            claimResult == EventRing.TOO_LARGE ? Rejection.EVENT_TOO_LARGE : Rejection.RING_FULL);
    }
}
