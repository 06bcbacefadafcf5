package io.slipstream.mktdata.recorder;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.journal.JournalConfig;
import io.slipstream.mktdata.journal.JournalWriter;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.binance.BinanceAdapterConfig;
import io.slipstream.mktdata.venuesim.VenueSim;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A small daemon for the process tests, until they run the real one: venue-sim (a capture replay or a synthetic
 * market) + the Binance adapter + the engine + the journal. Prints {@code READY epoch=E}, then
 * {@code REPLAY-FINISHED} when a replay has played every line, and runs until killed.
 *
 * <p>Usage: {@code JOURNAL_DIR replay FILE SPEED} or {@code JOURNAL_DIR synthetic SYMBOLS EVENTS_PER_SECOND}.
 */
public final class TestDaemonMain {
    private TestDaemonMain() {
    }

    /**
     * @param args see the class comment
     * @throws Exception if a component cannot start
     */
    public static void main(final String[] args) throws Exception {
        final Path journalDir = Path.of(args[0]);
        final boolean replay = args[1].equals("replay");
        final VenueSim sim = replay
            ? VenueSim.builder().replay(List.of(Path.of(args[2])), Double.parseDouble(args[3]), false).paused().start()
            : VenueSim.builder().synthetic(Integer.parseInt(args[2]), 7, Long.parseLong(args[3])).start();
        final InstrumentRegistry registry = new InstrumentRegistry(512);
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)
            .candlesFromTrades(CandleInterval.M1)).start();
        final JournalWriter journal = new JournalWriter(JournalConfig.defaults(journalDir).withSegmentBytes(4 << 20),
            engine.epoch()).attach(engine).awaitAttached(10_000);
        final URI ws = sim.binance().webSocketUri();
        BinanceAdapterConfig config = BinanceAdapterConfig.defaults(sim.binance().restUri(),
                URI.create(ws + "/public"), URI.create(ws + "/market")).withReconnectDelays(100, 1_000)
            .withCandles(List.of(), null);
        if (replay) {
            config = config.withSymbols(List.of("BTCUSDT")).withDepthSpeed("@0ms");
        }
        final BinanceAdapter adapter = new BinanceAdapter(config, engine.publisher(), registry,
            new SystemEpochClock());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            adapter.close();
            engine.close();
            journal.close();
            sim.close();
        }));
        adapter.start();
        if (replay) {
            final long deadline = System.currentTimeMillis() + 10_000;
            while (adapter.acks() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            sim.startMarket();
        }
        System.out.println("READY epoch=" + engine.epoch());
        System.out.flush();
        while (true) {
            Thread.sleep(50);
            if (replay && sim.replay().finished()) {
                Thread.sleep(500);
                System.out.println("REPLAY-FINISHED published=" + engine.eventsPublished() + " journaled="
                    + journal.eventsWritten());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }
}
