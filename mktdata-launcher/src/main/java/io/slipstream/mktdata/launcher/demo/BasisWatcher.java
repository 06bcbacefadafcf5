package io.slipstream.mktdata.launcher.demo;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.engine.MarketDataListener;
import io.slipstream.mktdata.engine.MarketState;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.instrument.Instrument;

/**
 * An embedded "strategy": on every book update of either instrument it reads both books from the engine state (on
 * the engine thread, no copy) and computes the cross-venue basis. Results are published for other threads to read.
 */
final class BasisWatcher implements MarketDataListener {
    private final Instrument hyperliquid;
    private final Instrument binance;
    private volatile double basisBps = Double.NaN;
    private volatile long updates;

    BasisWatcher(final Instrument hyperliquid, final Instrument binance) {
        this.hyperliquid = hyperliquid;
        this.binance = binance;
    }

    @Override
    public void onEvent(final MarketEvent event, final MarketState state) {
        final L2Book hyperliquidBook = state.book(hyperliquid.id());
        final L2Book binanceBook = state.book(binance.id());
        final double hyperliquidMid = hyperliquidBook.midPrice();
        final double binanceMid = binanceBook.midPrice();
        basisBps = (hyperliquidMid - binanceMid) / binanceMid * 10_000;
        updates++;
    }

    double basisBps() {
        return basisBps;
    }

    long updates() {
        return updates;
    }
}
