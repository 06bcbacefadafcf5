package io.slipstream.mktdata.benchmarks.recorder;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.journal.JournalConfig;
import io.slipstream.mktdata.journal.JournalWriter;
import io.slipstream.mktdata.recorder.Recorder;
import io.slipstream.mktdata.recorder.RecorderConfig;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Journal to durable Parquet, sustained: an engine with the journal attached is fed trades, quotes and book deltas
 * as fast as it takes them (the daemon's side), while the recorder in the same JVM reads the journal and commits
 * Parquet parts. Reports events/s published and journaled, rows/s committed to Parquet (the sustained figure:
 * committed means written, forced to disk and renamed into place), the recorder's lag, and Parquet bytes per row
 * per table.
 *
 * <p>Usage: {@code RecorderHarness [seconds=20] [symbols=20] [eventsPerSecond=0 (as fast as possible)] [mode]}:
 * mode {@code prefill}: the recorder starts only after the producer has finished, and the figure is its catch-up
 * rate with the machine to itself; {@code deltas}: every book delta is recorded too ({@code record_deltas}).
 * Recorded by default: every trade, quotes and one book snapshot per second of every symbol.
 */
public final class RecorderHarness {
    private RecorderHarness() {
    }

    /**
     * @param args see the class comment
     * @throws Exception if anything fails
     */
    public static void main(final String[] args) throws Exception {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        final int symbols = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        final long rate = args.length > 2 ? Long.parseLong(args[2]) : 0;
        final List<String> modes = args.length > 3 ? List.of(args[3].split(",")) : List.of();
        final boolean prefill = modes.contains("prefill");
        final Path dir = Files.createTempDirectory("recorder-harness");
        final InstrumentRegistry registry = new InstrumentRegistry(symbols + 1);
        final Instrument[] instruments = new Instrument[symbols];
        for (int i = 0; i < symbols; i++) {
            instruments[i] = registry.register(InstrumentSpec.binance("S" + i + "USDT", "0.01", "0.001"));
        }
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        final JournalWriter journal = new JournalWriter(JournalConfig.defaults(dir.resolve("journal"))
            .withSegmentBytes(256 << 20), engine.epoch()).attach(engine).awaitAttached(10_000);
        final RecorderConfig config = new RecorderConfig(dir.resolve("live"), dir.resolve("journal"),
            EnumSet.allOf(Venue.class), List.of("*"), List.of("*"), 1_000_000, 1_000, 1_000, 20,
            modes.contains("deltas"));
        final Recorder recorder = new Recorder(config);
        final Thread recorderThread = new Thread(recorder, "recorder");
        if (!prefill) {
            recorderThread.start();
        }

        final long[] published = new long[1];
        final Thread producer = new Thread(() -> produce(engine, instruments, rate, seconds, published), "producer");
        final long startNs = System.nanoTime();
        producer.start();
        long lastRows = 0;
        long lastJournaled = 0;
        long steadyRows = 0;
        long steadyNs = 0;
        for (int s = 1; s <= seconds; s++) {
            Thread.sleep(1_000);
            final long rows = recorder.eventsCommitted();
            final long journaled = journal.eventsWritten();
            System.out.printf("[%2ds] journaled %,9d ev/s | committed to Parquet %,9d ev/s | lag %,10d events%n", s,
                journaled - lastJournaled, rows - lastRows, journaled - rows);
            if (s > 3) {
                steadyRows += rows - lastRows;
                steadyNs += 1_000_000_000L;
            }
            lastRows = rows;
            lastJournaled = journaled;
        }
        producer.join();
        if (prefill) {
            recorderThread.start();
        }
        final long journaled = journal.eventsWritten();
        // Drain: the producer has stopped; the recorder catches up alone (every event is a row in this setup:
        // trades, quotes and book deltas of every symbol, plus a snapshot row per symbol and second).
        final long drainStartNs = System.nanoTime();
        final long rowsAtDrainStart = recorder.eventsCommitted();
        long stableSince = System.nanoTime();
        long lastSeen = -1;
        while (System.nanoTime() - stableSince < 3_000_000_000L
            && System.nanoTime() - drainStartNs < 300_000_000_000L) {
            Thread.sleep(50);
            final long now = recorder.eventsCommitted();
            if (now != lastSeen) {
                lastSeen = now;
                stableSince = System.nanoTime();
            }
        }
        final double drainS = (System.nanoTime() - drainStartNs) / 1e9 - 3.0;
        final double totalS = (System.nanoTime() - startNs) / 1e9 - 3.0;
        final long drained = recorder.eventsCommitted() - rowsAtDrainStart;
        System.out.printf("drain (recorder alone): %,d events in %.1f s = %,.0f events/s%n", drained, drainS,
            drained / drainS);
        recorder.close();
        journal.close();
        engine.close();
        System.out.printf("%nproduced %,d events in %d s (%,.0f ev/s into the engine), journaled %,d%n", published[0],
            seconds, published[0] / (double) seconds, journaled);
        System.out.printf("recorder: %,d events (%,d rows) committed; from second 4 of production %,.0f events/s;"
            + " end to end including the drain %,.0f events/s over %.1f s%n", recorder.eventsCommitted(),
            recorder.rowsCommitted(), steadyRows / (steadyNs / 1e9), recorder.eventsCommitted() / totalS, totalS);
        for (final String table : List.of("trades", "quotes", "l2delta", "l2book")) {
            final Path root = dir.resolve("live").resolve(table);
            if (!Files.isDirectory(root)) {
                continue;
            }
            long bytes = 0;
            long files = 0;
            try (Stream<Path> walk = Files.walk(root)) {
                for (final Path p : walk.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                    bytes += Files.size(p);
                    files++;
                }
            }
            final long rows = countRows(root);
            System.out.printf("  %-7s %,11d rows in %4d parts, %,13d bytes: %.2f bytes/row%n", table, rows, files,
                bytes, bytes / (double) Math.max(1, rows));
        }
        deleteTree(dir);
    }

    private static long countRows(final Path root) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement();
             var r = s.executeQuery("SELECT count(*) FROM read_parquet('" + root + "/**/*.parquet')")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Trades (40 %), quotes (40 %) and one-level book deltas (20 %) over all symbols, random-walk prices. */
    private static void produce(final MarketDataEngine engine, final Instrument[] instruments, final long rate,
                                final int seconds, final long[] published) {
        final EventPublisher publisher = engine.publisher();
        final SplittableRandom random = new SplittableRandom(1);
        final long[] mids = new long[instruments.length];
        java.util.Arrays.fill(mids, 6_000_000);
        final long[] bookSequence = new long[instruments.length];
        final LevelBuffer bids = new LevelBuffer(4);
        final LevelBuffer asks = new LevelBuffer(4);
        final long endNs = System.nanoTime() + seconds * 1_000_000_000L;
        final long startNs = System.nanoTime();
        long count = 0;
        long tradeId = 0;
        while (System.nanoTime() < endNs) {
            if (rate > 0 && count > (System.nanoTime() - startNs) * rate / 1_000_000_000L) {
                Thread.onSpinWait();
                continue;
            }
            final int i = random.nextInt(instruments.length);
            final int id = instruments[i].id();
            mids[i] += random.nextInt(3) - 1;
            final long now = System.currentTimeMillis() * 1_000_000L;
            final int kind = random.nextInt(10);
            Rejection result;
            do {
                if (kind < 4) {
                    result = publisher.trade(id, now, now, mids[i] + (kind % 2 == 0 ? 1 : -1),
                        1 + random.nextInt(2_000), kind % 2 == 0 ? AggressorSide.BUY : AggressorSide.SELL, ++tradeId,
                        0);
                } else if (kind < 8) {
                    result = publisher.quote(id, now, now, mids[i] - 1, 1 + random.nextInt(5_000), mids[i] + 1,
                        1 + random.nextInt(5_000));
                } else {
                    bids.clear().add(mids[i] - 1 - random.nextInt(10), random.nextInt(5_000));
                    asks.clear().add(mids[i] + 1 + random.nextInt(10), random.nextInt(5_000));
                    result = bookSequence[i] == 0
                        ? publisher.bookSnapshot(id, now, now, ++bookSequence[i], true, bids, asks)
                        : publisher.bookDelta(id, now, now, ++bookSequence[i], bids, asks);
                }
                if (result == Rejection.RING_FULL) {
                    Thread.onSpinWait();
                }
            } while (result == Rejection.RING_FULL);
            count++;
        }
        published[0] = count;
    }

    private static void deleteTree(final Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
