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
    private volatile Instrument hyperliquid;
    private volatile Instrument binance;
    private volatile double basisBps = Double.NaN;
    private volatile long updates;

    /** Watches the pair from now on (before the engine subscriptions that call it). */
    void watch(final Instrument hyperliquidInstrument, final Instrument binanceInstrument) {
        this.hyperliquid = hyperliquidInstrument;
        this.binance = binanceInstrument;
    }

    @Override
    public void onEvent(final MarketEvent event, final MarketState state) {
        if (hyperliquid == null || binance == null) {
            return;
        }
        final L2Book hyperliquidBook = state.book(hyperliquid.id());
        final L2Book binanceBook = state.book(binance.id());
        final double hyperliquidMid = hyperliquidBook.midPrice();
        final double binanceMid = binanceBook.midPrice();
        if (Double.isNaN(hyperliquidMid) || Double.isNaN(binanceMid)) {
            return;
        }
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
