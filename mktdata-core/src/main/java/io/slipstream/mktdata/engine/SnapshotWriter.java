package io.slipstream.mktdata.engine;

import static io.slipstream.mktdata.event.EventLayout.BOOK_FLAG_CROSSED;
import static io.slipstream.mktdata.event.EventLayout.FLAG_SNAPSHOT;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.event.EventEncoder;
import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.trade.TradeRing;

import java.nio.ByteBuffer;

/**
 * Sends a new subscriber the snapshot of one instrument's stream: events flagged {@code SNAPSHOT}, stamped with the
 * stream's current sequence, so the first live event is the next number. Owned by the engine thread.
 */
final class SnapshotWriter {
    private final ScratchBuffer scratch;
    private final SubscriptionTable subscriptions;
    private final long epoch;
    private final MarketEvent event = new MarketEvent();
    private final LevelBuffer bids;
    private final LevelBuffer asks;

    SnapshotWriter(
        final ScratchBuffer scratch, final SubscriptionTable subscriptions, final long epoch, final int levels) {
        this.scratch = scratch;
        this.subscriptions = subscriptions;
        this.epoch = epoch;
        this.bids = new LevelBuffer(levels);
        this.asks = new LevelBuffer(levels);
    }

    void send(final InstrumentState state, final Subscription subscription, final long nowNs) {
        final StreamKey key = subscription.key();
        final int count = subscription.snapshotCount();
        switch (key.kind()) {
            case BOOK -> sendBook(state, subscription, count, nowNs);
            case TRADES -> sendTrades(state, subscription, count, nowNs);
            case QUOTES -> sendQuote(state, subscription, nowNs);
            case CANDLES -> sendCandles(state, subscription, count, nowNs);
            case MARK -> sendMark(state, subscription, nowNs);
            case FEATURES -> sendFeatures(state, subscription, nowNs);
            default -> {
            }
        }
    }

    private void sendBook(final InstrumentState state, final Subscription subscription, final int depth,
                          final long nowNs) {
        final Instrument instrument = state.instrument;
        final L2Book book = state.book;
        final int slot = subscription.key().slot();
        book.topN(depth <= 0 ? Integer.MAX_VALUE : depth, bids, asks);
        final int length = EventLayout.bookLength(bids.count(), asks.count());
        EventEncoder.book(scratch.forLength(length), 0, EventType.BOOK_SNAPSHOT, instrument.venue(), instrument.id(),
            0, state.lastReceiveTimeNs[slot], book.sequence(), book.isCrossed() ? BOOK_FLAG_CROSSED : 0, bids, asks);
        deliver(state, subscription, length, nowNs);
    }

    private void sendTrades(final InstrumentState state, final Subscription subscription, final int count,
                            final long nowNs) {
        final Instrument instrument = state.instrument;
        final TradeRing trades = state.trades;
        final int n = Math.min(Math.max(count, 0), trades.count());
        for (int i = trades.count() - n; i < trades.count(); i++) {
            EventEncoder.trade(scratch.forLength(EventLayout.TRADE_LENGTH), 0, instrument.venue(), instrument.id(),
                trades.exchangeTimeNs(i), trades.receiveTimeNs(i), trades.price(i), trades.size(i), trades.side(i),
                trades.tradeId(i), trades.flags(i));
            deliver(state, subscription, EventLayout.TRADE_LENGTH, nowNs);
        }
    }

    private void sendQuote(final InstrumentState state, final Subscription subscription, final long nowNs) {
        final Instrument instrument = state.instrument;
        final QuoteRing quotes = state.quotes;
        if (quotes.count() == 0) {
            return;
        }
        final int i = quotes.count() - 1;
        EventEncoder.quote(scratch.forLength(EventLayout.QUOTE_LENGTH), 0, instrument.venue(), instrument.id(),
            quotes.exchangeTimeNs(i), quotes.receiveTimeNs(i), quotes.bidPrice(i), quotes.bidSize(i),
            quotes.askPrice(i), quotes.askSize(i));
        deliver(state, subscription, EventLayout.QUOTE_LENGTH, nowNs);
    }

    private void sendMark(final InstrumentState state, final Subscription subscription, final long nowNs) {
        if (state.markPrice == 0) {
            return;
        }
        final Instrument instrument = state.instrument;
        EventEncoder.markPrice(scratch.forLength(EventLayout.MARK_LENGTH), 0, instrument.venue(), instrument.id(),
            state.markExchangeTimeNs, state.markReceiveTimeNs, state.markPrice, state.indexPrice,
            state.fundingRateE10, state.nextFundingTimeMs);
        deliver(state, subscription, EventLayout.MARK_LENGTH, nowNs);
    }

    private void sendFeatures(final InstrumentState state, final Subscription subscription, final long nowNs) {
        if (!state.hasFeatures) {
            return;
        }
        final int length = state.lastFeatures.capacity();
        final ByteBuffer out = scratch.forLength(length);
        for (int i = 0; i < length; i += Long.BYTES) {
            out.putLong(i, state.lastFeatures.getLong(i));
        }
        deliver(state, subscription, length, nowNs);
    }

    private void sendCandles(final InstrumentState state, final Subscription subscription, final int count,
                             final long nowNs) {
        final Instrument instrument = state.instrument;
        final CandleSeries series = state.candles[subscription.key().interval().ordinal()];
        if (series == null) {
            return;
        }
        final int n = Math.min(Math.max(count, 0), series.count());
        for (int i = series.count() - n; i < series.count(); i++) {
            EventEncoder.candle(scratch.forLength(EventLayout.CANDLE_LENGTH), 0, instrument.venue(), instrument.id(),
                0, series.receiveTimeNs(i), series.interval(), series.openTimeMs(i), series.open(i),
                series.high(i), series.low(i), series.close(i), series.volume(i), series.tradeCount(i),
                series.isClosed(i), series.source(i));
            deliver(state, subscription, EventLayout.CANDLE_LENGTH, nowNs);
        }
    }

    private void deliver(final InstrumentState state, final Subscription subscription, final int length,
                         final long nowNs) {
        final long sequence = state.streamSequences[subscription.key().slot()];
        EventEncoder.stamp(scratch.buffer(), 0, nowNs, sequence, epoch, FLAG_SNAPSHOT);
        subscriptions.deliver(subscription, event.wrap(scratch.buffer(), 0, length));
    }
}
