package io.slipstream.mktdata.launcher.demo;

import io.slipstream.mktdata.engine.BookView;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.launcher.config.ConfigException;
import io.slipstream.mktdata.launcher.config.ConfigLoader;
import io.slipstream.mktdata.launcher.daemon.Daemon;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapter;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code slipstream-mktdata demo}: venue-sim plays Hyperliquid and Binance USD-M on loopback with a synthetic market,
 * and the daemon itself ({@link Daemon}, configured by a generated TOML file) connects to it and serves it on a Unix
 * socket; with a record directory the daemon also journals there and the recorder (its own process, as in
 * production) turns the journal into Parquet. A summary is printed every second. Needs no network and no root.
 */
public final class DaemonDemo {

    /**
     * What to run.
     *
     * @param seconds      how long; 0 until Ctrl-C
     * @param socketPath   where clients connect
     * @param symbols      synthetic symbols per venue
     * @param eventsPerSecond market events per second
     * @param quiet        no per-second summary
     * @param recordDir    where the journal and the recorder's Parquet go, or null to record nothing
     */
    public record Options(long seconds, Path socketPath, int symbols, long eventsPerSecond, boolean quiet,
                          Path recordDir) {
    }

    private DaemonDemo() {
    }

    /**
     * @param options what to run
     * @param out     where the summary goes
     * @return exit status
     * @throws Exception if a component cannot start
     */
    public static int run(final Options options, final PrintStream out) throws Exception {
        final VenueSim sim = VenueSim.builder().synthetic(options.symbols(), 42, options.eventsPerSecond()).start();
        final Daemon daemon;
        final Path configFile = writeConfig(sim, options);
        try {
            // The daemon proper, configured as a user would configure it, pointed at the simulator.
            daemon = new Daemon(ConfigLoader.load(configFile, Map.of()));
        } catch (final ConfigException e) {
            sim.close();
            throw new IllegalStateException("the demo's own configuration is invalid: " + e.errors(), e);
        } finally {
            if (options.recordDir() == null) {
                // Loaded: nothing reads it again, and without a record directory it lives in a temp directory.
                Files.deleteIfExists(configFile);
                Files.deleteIfExists(configFile.getParent());
            }
        }
        final BasisWatcher basis = new BasisWatcher();
        DemoRecorder recorder = null;
        final CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdownHook = null;
        try {
            daemon.start();
            final MarketDataEngine engine = daemon.engine();
            final InstrumentRegistry registry = engine.registry();
            if (options.recordDir() != null) {
                recorder = DemoRecorder.start(options.recordDir(), out);
            }
            final Instrument btc = registry.find(Venue.HYPERLIQUID, "BTC");
            if (btc != null) {
                // Hyperliquid BTC's features carry its basis against BTCUSDT on Binance.
                engine.subscribe(StreamKey.features(btc), 1, basis);
            }
            final DemoRecorder recording = recorder;
            shutdownHook = new Thread(() -> {
                stopAll(daemon, recording, sim);
                stopped.countDown();
            }, "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);

            out.printf("slipstream-mktdata demo: venue-sim on loopback (%d synthetic symbols per venue, ~%,d events/s),"
                + " the daemon connected to it, engine epoch %d%n", options.symbols(), options.eventsPerSecond(),
                engine.epoch());
            out.println("socket: " + options.socketPath());
            out.println("try:    python3 -c \"from slipstream_mktdata import MarketDataClient; "
                + "c = MarketDataClient('" + options.socketPath() + "'); c.connect(); "
                + "print(c.get_orderbook('binance', 'BTCUSDT', depth=5))\"   (pip install ./clients/python)");
            out.println("press Ctrl-C to stop" + (options.seconds() > 0 ? " (stops by itself after "
                + options.seconds() + " s)" : ""));
            out.flush();
            final IpcServer server = daemon.ipcServer();
            long lastPublished = engine.eventsPublished();
            long lastSent = server.messagesSent();
            for (long second = 1; options.seconds() == 0 || second <= options.seconds(); second++) {
                if (stopped.await(1, TimeUnit.SECONDS)) {
                    break;
                }
                final long published = engine.eventsPublished();
                final long sent = server.messagesSent();
                if (!options.quiet()) {
                    summary(out, second, daemon, basis, published - lastPublished, sent - lastSent);
                    if (recorder != null) {
                        out.println("  " + recorder.summary(daemon.journal()));
                    }
                }
                lastPublished = published;
                lastSent = sent;
            }
        } finally {
            stopAll(daemon, recorder, sim);
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (final IllegalStateException alreadyShuttingDown) {
                    // the hook is running: it stops the same things
                }
            }
        }
        out.println("stopped");
        return 0;
    }

    /** The daemon's configuration for the simulator: both venues, the demo's socket, a journal when recording. */
    private static Path writeConfig(final VenueSim sim, final Options options) throws IOException {
        final Path directory = options.recordDir() != null ? options.recordDir()
            : Files.createTempDirectory("slipstream-mktdata-demo-config-");
        Files.createDirectories(directory);
        return SimulatorConfig.write(sim, directory.resolve("mktdata.toml"), options.socketPath(),
            options.recordDir() == null ? null : options.recordDir().resolve("journal"), 0);
    }

    private static void summary(final PrintStream out, final long second, final Daemon daemon,
                                final BasisWatcher basis, final long eventsLastSecond, final long sentLastSecond)
        throws Exception {
        final MarketDataEngine engine = daemon.engine();
        final InstrumentRegistry registry = engine.registry();
        final BinanceAdapter binance = daemon.binance();
        final HyperliquidAdapter hyperliquid = daemon.hyperliquid();
        final IpcServer server = daemon.ipcServer();
        final long synced = binance.symbols().stream().filter(binance::depthSynced).count();
        out.printf("%n[%3ds] engine %,d events/s | binance %d/%d books in sync, %d sockets | hyperliquid %d coins, "
                + "%d sockets, all subscribed %s | IPC %d clients, %d subscriptions, %,d msgs/s%n", second,
            eventsLastSecond, synced, binance.symbols().size(), binance.connectionCount(), hyperliquid.coins().size(),
            hyperliquid.connectionCount(), hyperliquid.allSubscribed() ? "yes" : "no", server.connectedClients(),
            server.activeSubscriptions(), sentLastSecond);
        for (final Venue venue : Venue.values()) {
            final List<Instrument> instruments = registry.instruments(venue);
            for (int i = 0; i < Math.min(3, instruments.size()); i++) {
                final Instrument instrument = instruments.get(i);
                final BookView book = engine.queryBook(instrument.id(), 1).get(1, TimeUnit.SECONDS);
                out.printf("  %-26s bid %14s  ask %14s%n", venue.wireName() + ":" + instrument.symbol(),
                    book.bidPrices().length == 0 ? "-" : instrument.price(book.bidPrices()[0]),
                    book.askPrices().length == 0 ? "-" : instrument.price(book.askPrices()[0]));
            }
        }
        if (basis.updates() > 0) {
            out.printf("  basis BTC (hyperliquid) vs BTCUSDT (binance): %+.2f bps%n", basis.basisBps());
        }
        out.flush();
    }

    private static void stopAll(final Daemon daemon, final DemoRecorder recorder, final VenueSim sim) {
        // The daemon first: its journal is complete and forced before the recorder's last flush.
        daemon.close();
        if (recorder != null) {
            recorder.close();
        }
        sim.close();
    }
}
