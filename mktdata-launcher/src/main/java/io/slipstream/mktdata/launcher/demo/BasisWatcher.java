package io.slipstream.mktdata.launcher.demo;

import io.slipstream.mktdata.engine.MarketDataListener;
import io.slipstream.mktdata.engine.MarketState;
import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.MarketEvent;

/**
 * An embedded "strategy": reads the cross-venue basis from the engine's features of one instrument (on the engine
 * thread, straight from the event: no copy), so the demo shows the one definition of docs/features.md rather than a
 * second one of its own. Results are published for other threads to read.
 */
final class BasisWatcher implements MarketDataListener {
    private volatile double basisBps = Double.NaN;
    private volatile long updates;

    @Override
    public void onEvent(final MarketEvent event, final MarketState state) {
        if (event.type() != EventType.FEATURES) {
            return;
        }
        final double basis = event.featureDouble(EventLayout.FEATURES_BASIS_BPS_OFFSET);
        if (!Double.isNaN(basis)) {
            basisBps = basis;
            updates++;
        }
    }

    double basisBps() {
        return basisBps;
    }

    long updates() {
        return updates;
    }
}
