package io.slipstream.mktdata.launcher.health;

import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What health, metrics and the systemd status line read: the running components. Everything read through it is
 * thread-safe counters and state the components already keep; nothing here touches a hot path.
 */
public interface DaemonView {
    /** @return the engine */
    MarketDataEngine engine();

    /** @return the Binance USD-M adapter, or null when that venue is not configured */
    BinanceAdapter binance();

    /** @return the Hyperliquid adapter, or null when that venue is not configured */
    HyperliquidAdapter hyperliquid();

    /** @return the IPC server, or null when none runs (an embedded engine) */
    IpcServer ipc();

    /** @return the configured venues, in a stable order */
    default List<Venue> venues() {
        final List<Venue> venues = new ArrayList<>(2);
        if (binance() != null) {
            venues.add(Venue.BINANCE_USDM);
        }
        if (hyperliquid() != null) {
            venues.add(Venue.HYPERLIQUID);
        }
        return venues;
    }

    /**
     * @param engine      the engine
     * @param binance     the Binance adapter, or null
     * @param hyperliquid the Hyperliquid adapter, or null
     * @param ipc         the IPC server, or null
     * @return a view of these components
     */
    static DaemonView of(final MarketDataEngine engine, final BinanceAdapter binance,
                         final HyperliquidAdapter hyperliquid, final IpcServer ipc) {
        return new Components(Objects.requireNonNull(engine, "engine"), binance, hyperliquid, ipc);
    }

    /**
     * The plain implementation.
     *
     * @param engine      the engine
     * @param binance     the Binance adapter, or null
     * @param hyperliquid the Hyperliquid adapter, or null
     * @param ipc         the IPC server, or null
     */
    record Components(MarketDataEngine engine, BinanceAdapter binance, HyperliquidAdapter hyperliquid,
                      IpcServer ipc) implements DaemonView {
    }
}
