package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.trade.TradeRing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All per-instrument state of the engine, indexed by instrument id, created when an instrument is first seen.
 * Owned by the engine thread; it is the {@link MarketState} that listeners and queries read.
 */
final class EngineState implements MarketState {
    private static final Logger LOG = LoggerFactory.getLogger(EngineState.class);

    private final EngineContext context;
    private final InstrumentRegistry registry;
    private final long epoch;
    private InstrumentState[] instruments = new InstrumentState[64];

    EngineState(final EngineContext context) {
        this.context = context;
        this.registry = context.registry();
        this.epoch = context.epoch();
    }

    /** @return the state of a registered instrument (created on first use), or null if the id is unknown */
    InstrumentState stateFor(final int instrumentId) {
        if (instrumentId >= 0 && instrumentId < instruments.length && instruments[instrumentId] != null) {
            return instruments[instrumentId];
        }
        final Instrument instrument = registry.get(instrumentId);
        if (instrument == null) {
            return null;
        }
        if (instrumentId >= instruments.length) {
            final InstrumentState[] grown = new InstrumentState[Math.max(instruments.length * 2, instrumentId + 1)];
            System.arraycopy(instruments, 0, grown, 0, instruments.length);
            instruments = grown;
        }
        final InstrumentState state = new InstrumentState(instrument, context);
        instruments[instrumentId] = state;
        LOG.debug("engine holds state for {}", instrument);
        return state;
    }

    /** @return the states created so far, indexed by id (entries may be null); do not modify */
    InstrumentState[] states() {
        return instruments;
    }

    @Override
    public InstrumentRegistry registry() {
        return registry;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public L2Book book(final int instrumentId) {
        final InstrumentState state = stateFor(instrumentId);
        return state == null ? null : state.book;
    }

    @Override
    public TradeRing trades(final int instrumentId) {
        final InstrumentState state = stateFor(instrumentId);
        return state == null ? null : state.trades;
    }

    @Override
    public QuoteRing quotes(final int instrumentId) {
        final InstrumentState state = stateFor(instrumentId);
        return state == null ? null : state.quotes;
    }

    @Override
    public CandleSeries candles(final int instrumentId, final CandleInterval interval) {
        final InstrumentState state = stateFor(instrumentId);
        return state == null ? null : state.candles[interval.ordinal()];
    }

    @Override
    public MarkView mark(final int instrumentId) {
        final InstrumentState state = stateFor(instrumentId);
        return state == null || state.markPrice == 0 ? null : new MarkView(state.instrument,
            state.streamSequences[StreamKey.slotOf(StreamKind.MARK, null)], state.markPrice, state.indexPrice,
            state.fundingRateE10, state.nextFundingTimeMs, state.markExchangeTimeNs, state.markReceiveTimeNs);
    }

    @Override
    public FeatureView features(final int instrumentId) {
        final InstrumentState state = stateFor(instrumentId);
        if (state == null || !state.hasFeatures) {
            return null;
        }
        return FeatureView.copyOf(new MarketEvent().wrap(state.lastFeatures, 0, state.lastFeatures.capacity()));
    }

    @Override
    public long streamSequence(final int instrumentId, final StreamKind kind, final CandleInterval interval) {
        final InstrumentState state = stateFor(instrumentId);
        return state == null ? 0 : state.streamSequences[StreamKey.slotOf(kind, interval)];
    }

    @Override
    public StreamStatus streamStatus(final int instrumentId, final StreamKind kind, final CandleInterval interval) {
        final InstrumentState state = stateFor(instrumentId);
        return state == null ? null : state.streamStatus[StreamKey.slotOf(kind, interval)];
    }

    @Override
    public long lastReceiveTimeNs(final int instrumentId, final StreamKind kind, final CandleInterval interval) {
        final InstrumentState state = stateFor(instrumentId);
        return state == null ? 0 : state.lastReceiveTimeNs[StreamKey.slotOf(kind, interval)];
    }
}
