package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.instrument.Instrument;

/**
 * An immutable copy of the last candles of one (instrument, interval), oldest first, as columns. Holes are kept:
 * their source is {@link CandleSource#MISSING} and their prices 0.
 *
 * @param instrument     the instrument
 * @param interval       the interval
 * @param streamSequence the candle stream's sequence at the copy
 * @param openTimeMs     bucket open times, UTC epoch milliseconds
 * @param open           open price mantissas
 * @param high           high price mantissas
 * @param low            low price mantissas
 * @param close          close price mantissas
 * @param volume         base volumes, size mantissas
 * @param tradeCount     numbers of trades
 * @param closed         true where the bucket is final
 * @param source         where each candle came from
 */
public record CandleView(
    Instrument instrument, CandleInterval interval, long streamSequence, long[] openTimeMs, long[] open, long[] high,
    long[] low, long[] close, long[] volume, long[] tradeCount, boolean[] closed, CandleSource[] source) {

    static CandleView of(
        final Instrument instrument, final CandleInterval interval, final CandleSeries series, final int count,
        final long sequence) {
        final int held = series == null ? 0 : series.count();
        final int n = Math.max(0, Math.min(count, held));
        final int first = held - n;
        final CandleView view = new CandleView(instrument, interval, sequence, new long[n], new long[n], new long[n],
            new long[n], new long[n], new long[n], new long[n], new boolean[n], new CandleSource[n]);
        for (int i = 0; i < n; i++) {
            view.openTimeMs[i] = series.openTimeMs(first + i);
            view.open[i] = series.open(first + i);
            view.high[i] = series.high(first + i);
            view.low[i] = series.low(first + i);
            view.close[i] = series.close(first + i);
            view.volume[i] = series.volume(first + i);
            view.tradeCount[i] = series.tradeCount(first + i);
            view.closed[i] = series.isClosed(first + i);
            view.source[i] = series.source(first + i);
        }
        return view;
    }

    /** @return number of candles, holes included */
    public int count() {
        return openTimeMs.length;
    }
}
