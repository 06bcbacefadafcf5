package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.trade.TradeRing;

/**
 * The engine's market state, read-only. Only valid on the engine thread: inside a listener callback, a query
 * function, or between {@link MarketDataEngine#doWork()} calls of an engine you drive yourself. Never mutate what it
 * returns.
 */
public interface MarketState {
    /** @return the instrument registry */
    InstrumentRegistry registry();

    /** @return the engine epoch stamped on every event */
    long epoch();

    /**
     * @param instrumentId an instrument
     * @return its book, or null if the instrument is unknown
     */
    L2Book book(int instrumentId);

    /**
     * @param instrumentId an instrument
     * @return its recent trades, or null if the instrument is unknown
     */
    TradeRing trades(int instrumentId);

    /**
     * @param instrumentId an instrument
     * @return its recent quotes, or null if the instrument is unknown
     */
    QuoteRing quotes(int instrumentId);

    /**
     * @param instrumentId an instrument
     * @param interval     an interval
     * @return its candles of that interval, or null if none were ever received
     */
    CandleSeries candles(int instrumentId, CandleInterval interval);

    /**
     * @param instrumentId an instrument
     * @return a copy of its latest mark price, or null if none was received (allocates: not for every event)
     */
    MarkView mark(int instrumentId);

    /**
     * @param instrumentId an instrument
     * @return a copy of its latest features, or null if none were computed (allocates: not for every event)
     */
    FeatureView features(int instrumentId);

    /**
     * @param instrumentId an instrument
     * @param kind         BOOK, TRADES, QUOTES or CANDLES
     * @param interval     for candles, the interval; else null
     * @return the sequence of the stream's last published event (0 before the first)
     */
    long streamSequence(int instrumentId, StreamKind kind, CandleInterval interval);

    /**
     * @param instrumentId an instrument
     * @param kind         BOOK, TRADES, QUOTES or CANDLES
     * @param interval     for candles, the interval; else null
     * @return the last status reported for the stream, or null if none was
     */
    StreamStatus streamStatus(int instrumentId, StreamKind kind, CandleInterval interval);

    /**
     * @param instrumentId an instrument
     * @param kind         BOOK, TRADES, QUOTES or CANDLES
     * @param interval     for candles, the interval; else null
     * @return local receive time of the stream's last event, epoch nanoseconds (0 before the first)
     */
    long lastReceiveTimeNs(int instrumentId, StreamKind kind, CandleInterval interval);
}
