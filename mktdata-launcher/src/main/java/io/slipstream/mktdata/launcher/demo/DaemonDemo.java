package io.slipstream.mktdata.launcher.demo;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.BookView;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.journal.JournalConfig;
import io.slipstream.mktdata.journal.JournalWriter;
import io.slipstream.mktdata.ipc.server.IpcServerConfig;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.binance.BinanceAdapterConfig;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code slipstream-mktdata demo}: venue-sim plays Hyperliquid and Binance USD-M on loopback with a synthetic market,
 * the real adapters connect to it, the engine keeps the state and the IPC server serves it on a Unix socket; with a
 * record directory the engine also writes its journal there and the recorder (its own process, as in production)
 * turns it into Parquet. A summary is printed every second. Needs no network and no root.
 */
public final class DaemonDemo {
    private static final List<CandleInterval> CANDLES = List.of(CandleInterval.M15, CandleInterval.H1,
        CandleInterval.H4);

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
        final InstrumentRegistry registry = new InstrumentRegistry(4096);
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        final URI binanceWs = sim.binance().webSocketUri();
        final BinanceAdapter binance = new BinanceAdapter(BinanceAdapterConfig.defaults(sim.binance().restUri(),
                URI.create(binanceWs + "/public"), URI.create(binanceWs + "/market"))
            .withCandles(CANDLES, interval -> 300).withReconnectDelays(200, 5_000), engine.publisher(), registry,
            new SystemEpochClock());
        final HyperliquidAdapter hyperliquid = new HyperliquidAdapter(HyperliquidAdapterConfig.builder(
                URI.create(sim.hyperliquid().webSocketUri() + "/ws"), URI.create(sim.hyperliquid().restUri() + "/info"))
            .candleIntervals(CANDLES).backfillBuckets(300).reconnectDelay(200, 5_000).build(), engine.publisher(),
            registry, new SystemEpochClock());
        final BasisWatcher basis = new BasisWatcher();
        IpcServer server = null;
        JournalWriter journal = null;
        DemoRecorder recorder = null;
        final CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdownHook = null;
        try {
            binance.start();
            hyperliquid.start();
            server = new IpcServer(IpcServerConfig.defaults(options.socketPath()), engine).start();
            if (options.recordDir() != null) {
                // Small segments: a demo writes little, and each segment is preallocated on disk.
                journal = new JournalWriter(JournalConfig.defaults(options.recordDir().resolve("journal"))
                    .withSegmentBytes(8 << 20),
                    engine.epoch()).attach(engine);
                recorder = DemoRecorder.start(options.recordDir(), out);
            }
            final Instrument btc = registry.find(Venue.HYPERLIQUID, "BTC");
            final Instrument btcusdt = registry.find(Venue.BINANCE_USDM, "BTCUSDT");
            if (btc != null && btcusdt != null) {
                basis.watch(btc, btcusdt);
                engine.subscribe(StreamKey.book(btc), 1, basis);
                engine.subscribe(StreamKey.book(btcusdt), 1, basis);
            }
            final IpcServer serving = server;
            final JournalWriter journaling = journal;
            final DemoRecorder recording = recorder;
            shutdownHook = new Thread(() -> {
                stopAll(serving, recording, journaling, binance, hyperliquid, engine, sim);
                stopped.countDown();
            }, "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);

            out.printf("slipstream-mktdata demo: venue-sim on loopback (%d synthetic symbols per venue, ~%,d events/s),"
                + " adapters connected, engine epoch %d%n", options.symbols(), options.eventsPerSecond(),
                engine.epoch());
            out.println("socket: " + options.socketPath());
            out.println("try:    python3 -c \"from slipstream_mktdata import MarketDataClient; "
                + "c = MarketDataClient('" + options.socketPath() + "'); c.connect(); "
                + "print(c.get_orderbook('binance', 'BTCUSDT', depth=5))\"   (pip install ./clients/python)");
            out.println("press Ctrl-C to stop" + (options.seconds() > 0 ? " (stops by itself after "
                + options.seconds() + " s)" : ""));
            out.flush();
            long lastPublished = engine.eventsPublished();
            long lastSent = server.messagesSent();
            for (long second = 1; options.seconds() == 0 || second <= options.seconds(); second++) {
                if (stopped.await(1, TimeUnit.SECONDS)) {
                    break;
                }
                final long published = engine.eventsPublished();
                final long sent = server.messagesSent();
                if (!options.quiet()) {
                    summary(out, second, engine, registry, binance, hyperliquid, server, basis,
                        published - lastPublished, sent - lastSent);
                    if (recorder != null) {
                        out.println("  " + recorder.summary(journal));
                    }
                }
                lastPublished = published;
                lastSent = sent;
            }
        } finally {
            stopAll(server, recorder, journal, binance, hyperliquid, engine, sim);
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

    private static void summary(final PrintStream out, final long second, final MarketDataEngine engine,
                                final InstrumentRegistry registry, final BinanceAdapter binance,
                                final HyperliquidAdapter hyperliquid, final IpcServer server,
                                final BasisWatcher basis, final long eventsLastSecond, final long sentLastSecond)
        throws Exception {
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

    private static void stopAll(final IpcServer server, final DemoRecorder recorder, final JournalWriter journal,
                                final BinanceAdapter binance, final HyperliquidAdapter hyperliquid,
                                final MarketDataEngine engine, final VenueSim sim) {
        if (server != null) {
            server.close();
        }
        binance.close();
        hyperliquid.close();
        engine.close();
        if (journal != null) {
            journal.close();
        }
        if (recorder != null) {
            // After the journal is complete, so the recorder's last flush has everything.
            recorder.close();
        }
        sim.close();
    }
}
