package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleAggregator;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.trade.TradeRing;

/** Everything the engine holds for one instrument. Owned by the engine thread. */
final class InstrumentState {
    final Instrument instrument;
    final L2Book book;
    final TradeRing trades;
    final QuoteRing quotes;
    final CandleSeries[] candles = new CandleSeries[CandleInterval.values().length];
    final CandleAggregator[] aggregators;
    final long[] streamSequences = new long[StreamKey.SLOTS];
    final long[] lastReceiveTimeNs = new long[StreamKey.SLOTS];
    final StreamStatus[] streamStatus = new StreamStatus[StreamKey.SLOTS];
    long markPrice;
    long indexPrice;
    long fundingRateE10;
    long nextFundingTimeMs;
    long markExchangeTimeNs;
    long markReceiveTimeNs;
    final Subscription[][] subscriptions = new Subscription[StreamKey.SLOTS][];

    InstrumentState(final Instrument instrument, final EngineContext context) {
        this.instrument = instrument;
        this.book = new L2Book(instrument.id(), instrument.priceScale(), instrument.tickSizeMantissa(),
            context.bookInitialLevels(), context.bookMaxLevels());
        this.trades = new TradeRing(context.tradesPerSymbol());
        this.quotes = new QuoteRing(context.quotesPerSymbol());
        this.aggregators = new CandleAggregator[context.candlesFromTrades().size()];
        int i = 0;
        for (final CandleInterval interval : context.candlesFromTrades()) {
            aggregators[i++] = new CandleAggregator(instrument.id(), interval, context.candleRetention(interval));
            candles[interval.ordinal()] =
                new CandleSeries(instrument.id(), interval, context.candleRetention(interval));
        }
    }

    CandleSeries candleSeries(final CandleInterval interval, final EngineContext context) {
        CandleSeries series = candles[interval.ordinal()];
        if (series == null) {
            series = new CandleSeries(instrument.id(), interval, context.candleRetention(interval));
            candles[interval.ordinal()] = series;
        }
        return series;
    }
}
