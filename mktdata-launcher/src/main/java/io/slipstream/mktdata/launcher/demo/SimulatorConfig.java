package io.slipstream.mktdata.launcher.demo;

import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A daemon configuration (the TOML a user would write) pointing both venues at a running venue-sim: what the demo
 * runs, and what the process tests start the real daemon with.
 */
public final class SimulatorConfig {
    private SimulatorConfig() {
    }

    /**
     * @param sim         the simulator
     * @param file        where to write the TOML
     * @param socket      the daemon's IPC socket
     * @param journalDir  where the daemon journals, or null for no journal
     * @param metricsPort the metrics and /health port, 0 for none
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path write(final VenueSim sim, final Path file, final Path socket, final Path journalDir,
                             final int metricsPort) throws IOException {
        Files.writeString(file, """
            # The daemon against venue-sim on loopback. Backfill is kept short: the simulator has venue rate limits.
            [daemon]
            socket_path = "%s"
            log_level = "warn"
            journal_dir = "%s"

            [retention]
            candles_15m_count = 300
            candles_1h_count = 300
            candles_4h_count = 300

            [venues.hyperliquid]
            websocket_url = "%s/ws"
            rest_url = "%s/info"
            reconnect_delay_ms = 200
            max_reconnect_delay_ms = 5000

            [venues.binance]
            rest_url = "%s"
            public_ws_url = "%s/public"
            market_ws_url = "%s/market"
            reconnect_delay_ms = 200
            max_reconnect_delay_ms = 5000

            [health]
            metrics_port = %d
            """.formatted(socket, journalDir == null ? "" : journalDir, sim.hyperliquid().webSocketUri(),
            sim.hyperliquid().restUri(), sim.binance().restUri(), sim.binance().webSocketUri(),
            sim.binance().webSocketUri(), metricsPort), StandardCharsets.UTF_8);
        return file;
    }
}
