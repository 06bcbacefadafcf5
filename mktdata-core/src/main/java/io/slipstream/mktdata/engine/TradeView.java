package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.trade.AggressorSide;
import io.slipstream.mktdata.trade.TradeRing;

/**
 * An immutable copy of the last trades of an instrument, oldest first.
 *
 * @param instrument     the instrument
 * @param streamSequence the trade stream's sequence at the copy (that of the last trade)
 * @param prices         price mantissas
 * @param sizes          size mantissas
 * @param sides          aggressor sides
 * @param tradeIds       venue trade ids
 * @param flags          trade flags
 * @param exchangeTimeNs venue times, epoch nanoseconds
 * @param receiveTimeNs  local receive times, epoch nanoseconds
 */
public record TradeView(
    Instrument instrument, long streamSequence, long[] prices, long[] sizes, AggressorSide[] sides, long[] tradeIds,
    int[] flags, long[] exchangeTimeNs, long[] receiveTimeNs) {

    static TradeView of(final Instrument instrument, final TradeRing ring, final int count, final long sequence) {
        final int n = Math.max(0, Math.min(count, ring.count()));
        final int first = ring.count() - n;
        final TradeView view = new TradeView(instrument, sequence, new long[n], new long[n], new AggressorSide[n],
            new long[n], new int[n], new long[n], new long[n]);
        for (int i = 0; i < n; i++) {
            view.prices[i] = ring.price(first + i);
            view.sizes[i] = ring.size(first + i);
            view.sides[i] = ring.side(first + i);
            view.tradeIds[i] = ring.tradeId(first + i);
            view.flags[i] = ring.flags(first + i);
            view.exchangeTimeNs[i] = ring.exchangeTimeNs(first + i);
            view.receiveTimeNs[i] = ring.receiveTimeNs(first + i);
        }
        return view;
    }

    /** @return number of trades */
    public int count() {
        return prices.length;
    }
}
