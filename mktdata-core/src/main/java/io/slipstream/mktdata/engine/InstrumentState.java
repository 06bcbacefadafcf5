package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleAggregator;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.feature.TradeWindow;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.trade.TradeRing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
    /** Trades within the longest feature window (null when features are off). */
    final TradeWindow tradeWindow;
    /** The last features event published, for new subscribers and queries (null when features are off). */
    final ByteBuffer lastFeatures;
    boolean hasFeatures;
    /** Receive time of the last book update that changed the book (was published): what features call its age. */
    long bookChangeReceiveTimeNs;
    long lastFeatureBucket = Long.MIN_VALUE;
    long lastFeatureTimeNs;
    double lastFeatureSpreadBps = Double.NaN;
    /** The same asset on the other venue: an instrument id, -1 for none, resolved again when the registry grows. */
    int counterpartId = -1;
    int counterpartResolvedAtSize = -1;

    InstrumentState(final Instrument instrument, final EngineContext context) {
        this.instrument = instrument;
        this.book = new L2Book(instrument.id(), instrument.priceScale(), instrument.tickSizeMantissa(),
            context.bookInitialLevels(), context.bookMaxLevels());
        this.trades = new TradeRing(context.tradesPerSymbol());
        this.quotes = new QuoteRing(context.quotesPerSymbol());
        final FeatureConfig features = context.features();
        this.tradeWindow = features.enabled() ? new TradeWindow(256) : null;
        this.lastFeatures = features.enabled()
            ? ByteBuffer.allocate(features.eventLength()).order(ByteOrder.LITTLE_ENDIAN) : null;
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
