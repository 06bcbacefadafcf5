package io.slipstream.mktdata.ipc.protocol;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.engine.MarketState;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.trade.AggressorSide;
import io.slipstream.mktdata.trade.TradeRing;
import java.util.Locale;

/**
 * Writes market events and engine state as protocol messages (docs/protocol.md) into a {@link MsgPackWriter},
 * without allocating once every instrument's name has been seen. One instance per thread: the engine thread owns
 * the one that encodes the feed.
 */
public final class MessageEncoder {
    /** venue, symbol, seq, epoch, the three timestamps and timestamp_us. */
    private static final int COMMON_FIELDS = 8;

    private static final byte[] TYPE = MsgPackWriter.utf8("type");
    private static final byte[] DATA = MsgPackWriter.utf8("data");
    private static final byte[] ID = MsgPackWriter.utf8("id");
    private static final byte[] VENUE = MsgPackWriter.utf8("venue");
    private static final byte[] SYMBOL = MsgPackWriter.utf8("symbol");
    private static final byte[] SEQ = MsgPackWriter.utf8("seq");
    private static final byte[] EPOCH = MsgPackWriter.utf8("epoch");
    private static final byte[] EXCHANGE_TS = MsgPackWriter.utf8("exchange_ts_ns");
    private static final byte[] RECEIVE_TS = MsgPackWriter.utf8("receive_ts_ns");
    private static final byte[] PUBLISH_TS = MsgPackWriter.utf8("publish_ts_ns");
    private static final byte[] TIMESTAMP_US = MsgPackWriter.utf8("timestamp_us");
    private static final byte[] BIDS = MsgPackWriter.utf8("bids");
    private static final byte[] ASKS = MsgPackWriter.utf8("asks");
    private static final byte[] BID_CHANGES = MsgPackWriter.utf8("bid_changes");
    private static final byte[] ASK_CHANGES = MsgPackWriter.utf8("ask_changes");
    private static final byte[] DEPTH = MsgPackWriter.utf8("depth");
    private static final byte[] PRICE_SCALE = MsgPackWriter.utf8("price_scale");
    private static final byte[] SIZE_SCALE = MsgPackWriter.utf8("size_scale");
    private static final byte[] BID_PRICE = MsgPackWriter.utf8("bid_price");
    private static final byte[] BID_SIZE = MsgPackWriter.utf8("bid_size");
    private static final byte[] ASK_PRICE = MsgPackWriter.utf8("ask_price");
    private static final byte[] ASK_SIZE = MsgPackWriter.utf8("ask_size");
    private static final byte[] PRICE = MsgPackWriter.utf8("price");
    private static final byte[] SIZE = MsgPackWriter.utf8("size");
    private static final byte[] SIDE = MsgPackWriter.utf8("side");
    private static final byte[] TRADE_ID = MsgPackWriter.utf8("trade_id");
    private static final byte[] BACKFILLED = MsgPackWriter.utf8("backfilled");
    private static final byte[] INTERVAL = MsgPackWriter.utf8("interval");
    private static final byte[] OPEN_TIME_MS = MsgPackWriter.utf8("open_time_ms");
    private static final byte[] TIMESTAMP = MsgPackWriter.utf8("timestamp");
    private static final byte[] OPEN = MsgPackWriter.utf8("open");
    private static final byte[] HIGH = MsgPackWriter.utf8("high");
    private static final byte[] LOW = MsgPackWriter.utf8("low");
    private static final byte[] CLOSE = MsgPackWriter.utf8("close");
    private static final byte[] VOLUME = MsgPackWriter.utf8("volume");
    private static final byte[] NUM_TRADES = MsgPackWriter.utf8("num_trades");
    private static final byte[] CLOSED = MsgPackWriter.utf8("closed");
    private static final byte[] SOURCE = MsgPackWriter.utf8("source");
    private static final byte[] STREAM = MsgPackWriter.utf8("stream");
    private static final byte[] STATUS = MsgPackWriter.utf8("status");
    private static final byte[] DETAIL = MsgPackWriter.utf8("detail");
    private static final byte[] CODE = MsgPackWriter.utf8("code");
    private static final byte[] MESSAGE = MsgPackWriter.utf8("message");
    private static final byte[] SERVER_TIME_NS = MsgPackWriter.utf8("server_time_ns");

    private static final byte[] T_BOOK_SNAPSHOT = MsgPackWriter.utf8("orderbook_snapshot");
    private static final byte[] T_BOOK_UPDATE = MsgPackWriter.utf8("orderbook_update");
    private static final byte[] T_BOOK_DELTA = MsgPackWriter.utf8("orderbook_delta");
    private static final byte[] T_QUOTE = MsgPackWriter.utf8("quote");
    private static final byte[] T_TRADE = MsgPackWriter.utf8("trade");
    private static final byte[] T_CANDLE = MsgPackWriter.utf8("candle");
    private static final byte[] T_STATUS = MsgPackWriter.utf8("status");
    private static final byte[] T_HEARTBEAT = MsgPackWriter.utf8("heartbeat");
    private static final byte[] T_ERROR = MsgPackWriter.utf8("error");

    private static final byte[] BUY = MsgPackWriter.utf8("buy");
    private static final byte[] SELL = MsgPackWriter.utf8("sell");
    private static final byte[] UNKNOWN = MsgPackWriter.utf8("unknown");
    private static final byte[][] VENUE_NAMES = names(Venue.values().length, i -> Venue.values()[i].wireName());
    private static final byte[][] INTERVAL_NAMES =
        names(CandleInterval.values().length, i -> CandleInterval.values()[i].wireName());
    private static final byte[][] SOURCE_NAMES =
        names(CandleSource.values().length, i -> CandleSource.values()[i].name().toLowerCase(Locale.ROOT));
    private static final byte[][] STATUS_NAMES =
        names(StreamStatus.values().length, i -> StreamStatus.values()[i].name().toLowerCase(Locale.ROOT));
    private static final byte[][] STREAM_NAMES = names(StreamKind.values().length, i -> streamName(
        StreamKind.values()[i]));

    private final InstrumentRegistry registry;
    private byte[][] symbolNames;

    /** @param registry where instrument names come from */
    public MessageEncoder(final InstrumentRegistry registry) {
        this.registry = registry;
        this.symbolNames = new byte[Math.max(16, registry.capacity())][];
    }

    /** @param kind a stream kind @return its protocol name ({@code book}, {@code trades}, ...) */
    public static String streamName(final StreamKind kind) {
        return switch (kind) {
            case BOOK -> "book";
            case TRADES -> "trades";
            case QUOTES -> "quotes";
            case CANDLES -> "candles";
            case MARK -> "mark";
            case STATUS -> "status";
            case FEATURES -> "features";
        };
    }

    // ---- live events ---------------------------------------------------------------------------------------------

    /**
     * A book event as the complete top {@code depth} of the book after it.
     *
     * @param out      where to write
     * @param event    the book event (its stamps)
     * @param state    the engine state, consistent with the event
     * @param depth    levels per side
     * @param snapshot true for {@code orderbook_snapshot}, false for {@code orderbook_update}
     */
    public void bookTop(final MsgPackWriter out, final MarketEvent event, final MarketState state, final int depth,
                        final boolean snapshot) {
        final int instrumentId = event.instrumentId();
        bookTop(out, instrumentId, state.book(instrumentId), depth, snapshot, event.streamSequence(), event.epoch(),
            event.exchangeTimeNs(), event.receiveTimeNs(), event.publishTimeNs(), -1);
    }

    /**
     * The top {@code depth} of a book from the engine state (a subscription's first message, or a reply).
     *
     * @param out          where to write
     * @param instrumentId the instrument
     * @param book         its book
     * @param depth        levels per side; 0 for all
     * @param snapshot     true for {@code orderbook_snapshot}, false for {@code orderbook_update}
     * @param seq          the book stream's sequence
     * @param epoch        the engine epoch
     * @param exchangeTimeNs venue time of the last update, 0 if unknown
     * @param receiveTimeNs  receive time of the last update
     * @param publishTimeNs  publish time
     * @param requestId      the request's id for a reply, or -1 for a stream message
     */
    public void bookTop(final MsgPackWriter out, final int instrumentId, final L2Book book, final int depth,
                        final boolean snapshot, final long seq, final long epoch, final long exchangeTimeNs,
                        final long receiveTimeNs, final long publishTimeNs, final long requestId) {
        final Instrument instrument = registry.get(instrumentId);
        reply(out, snapshot ? T_BOOK_SNAPSHOT : T_BOOK_UPDATE, requestId, COMMON_FIELDS + 5);
        common(out, instrument, seq, epoch, exchangeTimeNs, receiveTimeNs, publishTimeNs);
        final int bidLevels = depth <= 0 ? book.bidDepth() : Math.min(depth, book.bidDepth());
        final int askLevels = depth <= 0 ? book.askDepth() : Math.min(depth, book.askDepth());
        out.string(BIDS).arrayHeader(bidLevels);
        for (int level = 0; level < bidLevels; level++) {
            out.arrayHeader(2).decimal(book.bidPrice(level), instrument.priceScale())
                .decimal(book.bidSize(level), instrument.sizeScale());
        }
        out.string(ASKS).arrayHeader(askLevels);
        for (int level = 0; level < askLevels; level++) {
            out.arrayHeader(2).decimal(book.askPrice(level), instrument.priceScale())
                .decimal(book.askSize(level), instrument.sizeScale());
        }
        out.string(DEPTH).integer(depth);
        out.string(PRICE_SCALE).integer(instrument.priceScale());
        out.string(SIZE_SCALE).integer(instrument.sizeScale());
    }

    /**
     * A book event as the levels that changed ({@code orderbook_delta}).
     *
     * @param out   where to write
     * @param event a BOOK_DELTA or BOOK_SNAPSHOT event
     */
    public void bookDelta(final MsgPackWriter out, final MarketEvent event) {
        final Instrument instrument = registry.get(event.instrumentId());
        header(out, T_BOOK_DELTA, COMMON_FIELDS + 4);
        common(out, instrument, event);
        out.string(BID_CHANGES).arrayHeader(event.bidCount());
        for (int i = 0; i < event.bidCount(); i++) {
            out.arrayHeader(2).decimal(event.bidPrice(i), instrument.priceScale())
                .decimal(event.bidSize(i), instrument.sizeScale());
        }
        out.string(ASK_CHANGES).arrayHeader(event.askCount());
        for (int i = 0; i < event.askCount(); i++) {
            out.arrayHeader(2).decimal(event.askPrice(i), instrument.priceScale())
                .decimal(event.askSize(i), instrument.sizeScale());
        }
        out.string(PRICE_SCALE).integer(instrument.priceScale());
        out.string(SIZE_SCALE).integer(instrument.sizeScale());
    }

    /** @param out where to write @param event a QUOTE event */
    public void quote(final MsgPackWriter out, final MarketEvent event) {
        final Instrument instrument = registry.get(event.instrumentId());
        header(out, T_QUOTE, COMMON_FIELDS + 4);
        common(out, instrument, event);
        quoteFields(out, instrument, event.quoteBidPrice(), event.quoteBidSize(), event.quoteAskPrice(),
            event.quoteAskSize());
    }

    /**
     * The latest quote from the engine state; nil data if there is none.
     *
     * @param out          where to write
     * @param instrumentId the instrument
     * @param quotes       its quotes, or null
     * @param epoch        the engine epoch
     * @param requestId    the request's id, or -1 for a subscription's first message
     */
    public void latestQuote(final MsgPackWriter out, final int instrumentId, final QuoteRing quotes, final long epoch,
                            final long requestId) {
        final Instrument instrument = registry.get(instrumentId);
        if (quotes == null || quotes.count() == 0) {
            reply(out, T_QUOTE, requestId, 0);
            out.nil();
            return;
        }
        final int last = quotes.count() - 1;
        reply(out, T_QUOTE, requestId, COMMON_FIELDS + 4);
        common(out, instrument, quotes.streamSequence(last), epoch, quotes.exchangeTimeNs(last),
            quotes.receiveTimeNs(last), quotes.receiveTimeNs(last));
        quoteFields(out, instrument, quotes.bidPrice(last), quotes.bidSize(last), quotes.askPrice(last),
            quotes.askSize(last));
    }

    private static void quoteFields(final MsgPackWriter out, final Instrument instrument, final long bidPrice,
                                    final long bidSize, final long askPrice, final long askSize) {
        final boolean bid = bidPrice != QuoteRing.NO_PRICE;
        final boolean ask = askPrice != QuoteRing.NO_PRICE;
        decimalOrNil(out.string(BID_PRICE), bid, bidPrice, instrument.priceScale());
        decimalOrNil(out.string(BID_SIZE), bid, bidSize, instrument.sizeScale());
        decimalOrNil(out.string(ASK_PRICE), ask, askPrice, instrument.priceScale());
        decimalOrNil(out.string(ASK_SIZE), ask, askSize, instrument.sizeScale());
    }

    /** @param out where to write @param event a TRADE event */
    public void trade(final MsgPackWriter out, final MarketEvent event) {
        final Instrument instrument = registry.get(event.instrumentId());
        header(out, T_TRADE, COMMON_FIELDS + 5);
        common(out, instrument, event);
        tradeFields(out, instrument, event.tradePrice(), event.tradeSize(), event.tradeSide(), event.tradeId(),
            event.tradeFlags());
    }

    /**
     * One trade from a trade ring, as the {@code data} map of a trade (for {@code get_trades} replies).
     *
     * @param out    where to write
     * @param instrument the instrument
     * @param trades its trades
     * @param index  0 is the oldest held
     * @param epoch  the engine epoch
     */
    public void tradeData(final MsgPackWriter out, final Instrument instrument, final TradeRing trades,
                          final int index, final long epoch) {
        out.mapHeader(COMMON_FIELDS + 5);
        common(out, instrument, trades.streamSequence(index), epoch, trades.exchangeTimeNs(index),
            trades.receiveTimeNs(index), trades.receiveTimeNs(index));
        tradeFields(out, instrument, trades.price(index), trades.size(index), trades.side(index),
            trades.tradeId(index), trades.flags(index));
    }

    private static void tradeFields(final MsgPackWriter out, final Instrument instrument, final long price,
                                    final long size, final AggressorSide side, final long tradeId, final int flags) {
        out.string(PRICE).decimal(price, instrument.priceScale());
        out.string(SIZE).decimal(size, instrument.sizeScale());
        out.string(SIDE).string(side == AggressorSide.BUY ? BUY : side == AggressorSide.SELL ? SELL : UNKNOWN);
        out.string(TRADE_ID).integer(tradeId);
        out.string(BACKFILLED).bool((flags & TradeRing.FLAG_BACKFILLED) != 0);
    }

    /** @param out where to write @param event a CANDLE event */
    public void candle(final MsgPackWriter out, final MarketEvent event) {
        final Instrument instrument = registry.get(event.instrumentId());
        header(out, T_CANDLE, COMMON_FIELDS + 11);
        common(out, instrument, event);
        candleFields(out, instrument, event.candleInterval(), event.candleOpenTimeMs(), event.candleOpen(),
            event.candleHigh(), event.candleLow(), event.candleClose(), event.candleVolume(),
            event.candleTradeCount(), event.candleClosed(), event.candleSource());
    }

    /**
     * One candle of a series: a {@code candle} message ({@code asMessage}) or its {@code data} map alone.
     *
     * @param out        where to write
     * @param instrument the instrument
     * @param series     its series
     * @param index      0 is the oldest bucket
     * @param epoch      the engine epoch
     * @param asMessage  true for a whole stream message
     */
    public void candle(final MsgPackWriter out, final Instrument instrument, final CandleSeries series,
                       final int index, final long epoch, final boolean asMessage) {
        if (asMessage) {
            header(out, T_CANDLE, COMMON_FIELDS + 11);
        } else {
            out.mapHeader(COMMON_FIELDS + 11);
        }
        common(out, instrument, series.streamSequence(index), epoch, series.openTimeMs(index) * 1_000_000L,
            series.receiveTimeNs(index), series.receiveTimeNs(index));
        candleFields(out, instrument, series.interval(), series.openTimeMs(index), series.open(index),
            series.high(index), series.low(index), series.close(index), series.volume(index),
            series.tradeCount(index), series.isClosed(index), series.source(index));
    }

    private static void candleFields(final MsgPackWriter out, final Instrument instrument,
                                     final CandleInterval interval, final long openTimeMs, final long open,
                                     final long high, final long low, final long close, final long volume,
                                     final long trades, final boolean closed, final CandleSource source) {
        final int priceScale = instrument.priceScale();
        out.string(INTERVAL).string(INTERVAL_NAMES[interval.ordinal()]);
        out.string(OPEN_TIME_MS).integer(openTimeMs);
        out.string(TIMESTAMP).integer(openTimeMs / 1000);
        out.string(OPEN).decimal(open, priceScale);
        out.string(HIGH).decimal(high, priceScale);
        out.string(LOW).decimal(low, priceScale);
        out.string(CLOSE).decimal(close, priceScale);
        out.string(VOLUME).decimal(volume, instrument.sizeScale());
        out.string(NUM_TRADES).integer(trades);
        out.string(CLOSED).bool(closed);
        out.string(SOURCE).string(SOURCE_NAMES[source.ordinal()]);
    }

    /** @param out where to write @param event a STATUS event */
    public void status(final MsgPackWriter out, final MarketEvent event) {
        final int instrumentId = event.instrumentId();
        final Instrument instrument = instrumentId < 0 ? null : registry.get(instrumentId);
        header(out, T_STATUS, COMMON_FIELDS + 4);
        out.string(VENUE).string(VENUE_NAMES[event.venue().ordinal()]);
        out.string(SYMBOL);
        if (instrument == null) {
            out.nil();
        } else {
            out.string(symbolName(instrument));
        }
        stamps(out, event.streamSequence(), event.epoch(), event.exchangeTimeNs(), event.receiveTimeNs(),
            event.publishTimeNs());
        out.string(STREAM).string(STREAM_NAMES[event.statusStreamKind().ordinal()]);
        out.string(INTERVAL);
        if (event.statusInterval() == null) {
            out.nil();
        } else {
            out.string(INTERVAL_NAMES[event.statusInterval().ordinal()]);
        }
        out.string(STATUS).string(STATUS_NAMES[event.status().ordinal()]);
        out.string(DETAIL).integer(event.statusDetail());
    }

    /**
     * A status message made by the server itself (a gap it caused by dropping, or the IPC link).
     *
     * @param out        where to write
     * @param venue      the venue, or null
     * @param instrument the instrument, or null
     * @param stream     the stream name ({@code trades}, {@code candles}, {@code book}, {@code ipc}, ...)
     * @param interval   the candle interval, or null
     * @param status     the status
     * @param detail     for a gap, the events lost (-1 if unknown)
     * @param epoch      the engine epoch
     * @param nowNs      the time, epoch ns
     */
    public void serverStatus(final MsgPackWriter out, final Venue venue, final Instrument instrument,
                             final String stream, final CandleInterval interval, final StreamStatus status,
                             final long detail, final long epoch, final long nowNs) {
        header(out, T_STATUS, COMMON_FIELDS + 4);
        out.string(VENUE);
        if (venue == null) {
            out.nil();
        } else {
            out.string(VENUE_NAMES[venue.ordinal()]);
        }
        out.string(SYMBOL);
        if (instrument == null) {
            out.nil();
        } else {
            out.string(symbolName(instrument));
        }
        stamps(out, 0, epoch, 0, nowNs, nowNs);
        out.string(STREAM).string(stream);
        out.string(INTERVAL);
        if (interval == null) {
            out.nil();
        } else {
            out.string(INTERVAL_NAMES[interval.ordinal()]);
        }
        out.string(STATUS).string(STATUS_NAMES[status.ordinal()]);
        out.string(DETAIL).integer(detail);
    }

    /** @param out where to write @param nowNs the server's time, epoch ns */
    public void heartbeat(final MsgPackWriter out, final long nowNs) {
        header(out, T_HEARTBEAT, 2);
        out.string(SERVER_TIME_NS).integer(nowNs);
        out.string(TIMESTAMP_US).integer(nowNs / 1000);
    }

    /**
     * @param out       where to write
     * @param requestId the request's id, or -1 for none
     * @param code      the error code
     * @param message   what went wrong
     */
    public void error(final MsgPackWriter out, final long requestId, final String code, final String message) {
        reply(out, T_ERROR, requestId, 2);
        out.string(CODE).string(code);
        out.string(MESSAGE).string(message);
    }

    // ---- building blocks -----------------------------------------------------------------------------------------

    /**
     * Starts a message: {@code {"type": type, ["id": requestId,] "data": }} followed by a map header of
     * {@code dataFields} entries (none when 0: the caller writes the data value itself).
     *
     * @param out        where to write
     * @param type       the message type, UTF-8
     * @param requestId  the request id to echo, or -1 for none
     * @param dataFields entries of the data map the caller writes next, or 0
     */
    public static void reply(final MsgPackWriter out, final byte[] type, final long requestId, final int dataFields) {
        out.mapHeader(requestId >= 0 ? 3 : 2).string(TYPE).string(type);
        if (requestId >= 0) {
            out.string(ID).integer(requestId);
        }
        out.string(DATA);
        if (dataFields > 0) {
            out.mapHeader(dataFields);
        }
    }

    private static void header(final MsgPackWriter out, final byte[] type, final int dataFields) {
        reply(out, type, -1, dataFields);
    }

    private void common(final MsgPackWriter out, final Instrument instrument, final MarketEvent event) {
        common(out, instrument, event.streamSequence(), event.epoch(), event.exchangeTimeNs(), event.receiveTimeNs(),
            event.publishTimeNs());
    }

    private void common(final MsgPackWriter out, final Instrument instrument, final long seq, final long epoch,
                        final long exchangeTimeNs, final long receiveTimeNs, final long publishTimeNs) {
        out.string(VENUE).string(VENUE_NAMES[instrument.venue().ordinal()]);
        out.string(SYMBOL).string(symbolName(instrument));
        stamps(out, seq, epoch, exchangeTimeNs, receiveTimeNs, publishTimeNs);
    }

    private static void stamps(final MsgPackWriter out, final long seq, final long epoch, final long exchangeTimeNs,
                               final long receiveTimeNs, final long publishTimeNs) {
        out.string(SEQ).integer(seq);
        out.string(EPOCH).integer(epoch);
        out.string(EXCHANGE_TS).integer(exchangeTimeNs);
        out.string(RECEIVE_TS).integer(receiveTimeNs);
        out.string(PUBLISH_TS).integer(publishTimeNs);
        out.string(TIMESTAMP_US).integer(exchangeTimeNs / 1000);
    }

    private static void decimalOrNil(final MsgPackWriter out, final boolean present, final long mantissa,
                                     final int scale) {
        if (present) {
            out.decimal(mantissa, scale);
        } else {
            out.nil();
        }
    }

    /** @param instrument an instrument @return its symbol's UTF-8 bytes, cached */
    public byte[] symbolName(final Instrument instrument) {
        final int id = instrument.id();
        if (id >= symbolNames.length) {
            symbolNames = java.util.Arrays.copyOf(symbolNames, Math.max(id + 1, symbolNames.length * 2));
        }
        byte[] name = symbolNames[id];
        if (name == null) {
            name = MsgPackWriter.utf8(instrument.symbol());
            symbolNames[id] = name;
        }
        return name;
    }

    private static byte[][] names(final int count, final java.util.function.IntFunction<String> name) {
        final byte[][] names = new byte[count][];
        for (int i = 0; i < count; i++) {
            names[i] = MsgPackWriter.utf8(name.apply(i));
        }
        return names;
    }
}
