package io.slipstream.mktdata.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.clock.ManualEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.journal.JournalConfig;
import io.slipstream.mktdata.journal.JournalWriter;
import io.slipstream.mktdata.trade.AggressorSide;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** The recorder in-process over a real journal and real DuckDB: failures of the output tree, leftovers, days. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecorderTest {
    private static final long DAY_NS = 86_400_000_000_000L;
    /** 2026-01-15 00:00 UTC. */
    private static final long DAY_START_NS = 20_468L * DAY_NS;

    @TempDir
    Path dir;

    private final InstrumentRegistry registry = new InstrumentRegistry(8);
    private final Instrument btc = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
    private final ManualEpochClock clock = new ManualEpochClock(DAY_START_NS);
    private MarketDataEngine engine;
    private JournalWriter journal;
    private Recorder recorder;
    private Thread thread;

    private Path output() {
        return dir.resolve("live");
    }

    private void start(final long compactionIntervalMs) throws Exception {
        engine = new MarketDataEngine(new EngineContext().registry(registry).clock(clock).epoch(42));
        journal = new JournalWriter(JournalConfig.defaults(dir.resolve("journal")).withSegmentBytes(1 << 20), 42)
            .attach(engine);
        engine.doWork();
        startRecorder(compactionIntervalMs);
    }

    private void startRecorder(final long compactionIntervalMs) throws Exception {
        recorder = new Recorder(new RecorderConfig(output(), dir.resolve("journal"), EnumSet.allOf(Venue.class),
            List.of("BTC"), List.of("BTC"), 100_000, 100, 1000, 20, false)).compactionIntervalMs(compactionIntervalMs);
        thread = new Thread(recorder, "recorder-under-test");
        thread.start();
    }

    private void trades(final int count, final long firstExchangeNs, final long stepNs, final long firstId) {
        for (int i = 0; i < count; i++) {
            final long t = firstExchangeNs + i * stepNs;
            engine.publisher().trade(btc.id(), t, t, 600_000 + i % 7, 1 + i % 3,
                i % 2 == 0 ? AggressorSide.BUY : AggressorSide.SELL, firstId + i, 0);
            while (engine.doWork() > 0) {
                // drain
            }
        }
    }

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<Path> files(final String suffix) throws Exception {
        try (Stream<Path> walk = Files.walk(output())) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void shouldReportAnUnwritableOutputAndRecordEverythingOnceWhenItIsWritableAgain() throws Exception {
        Files.createDirectories(output());
        // A file where the trades directory must go: every flush fails (root ignores permission bits).
        Files.writeString(output().resolve("trades"), "in the way");
        start(60_000);
        trades(1_000, DAY_START_NS + 3_600_000_000_000L, 1_000_000, 1);
        await(() -> recorder.flushFailures() >= 2, "failed flushes");
        assertThat(recorder.rowsCommitted()).isZero();
        assertThat(files(".tmp")).isEmpty();
        Files.delete(output().resolve("trades"));
        await(() -> recorder.rowsCommitted() == 1_000, "recording to resume");
        final List<String> keys = JournalTruth.recorded(output(), "trades");
        assertThat(keys).hasSize(1_000).doesNotHaveDuplicates();
    }

    @Test
    void shouldRemoveUncommittedLeftoversAndQuarantineATruncatedPart() throws Exception {
        final Path day = output().resolve("trades/binance/2026-01-15");
        Files.createDirectories(day);
        Files.writeString(day.resolve(PartStore.partName(1, 0, 10) + ".tmp"), "half a part");
        Files.write(day.resolve(PartStore.partName(1, 10, 20)), new byte[] {'P', 'A', 'R', '1', 0, 0, 0});
        start(60_000);
        trades(500, DAY_START_NS + 3_600_000_000_000L, 1_000_000, 1);
        await(() -> recorder.rowsCommitted() == 500, "rows committed");
        assertThat(files(".tmp")).isEmpty();
        assertThat(Files.list(output().resolve(PartStore.QUARANTINE_DIR)).count()).isEqualTo(1);
        assertThat(JournalTruth.recorded(output(), "trades")).hasSize(500).doesNotHaveDuplicates();
    }

    @Test
    void shouldCompactAClosedDayIntoOneFileThatTheSameGlobStillReads() throws Exception {
        start(200);
        // 23:50 .. 00:30 of the next day, one trade every second.
        trades(2_400, DAY_START_NS + DAY_NS - 600_000_000_000L, 1_000_000_000L, 1);
        final Path dayFile = output().resolve("trades/binance/2026-01-15.parquet");
        await(() -> Files.exists(dayFile), "the closed day to be compacted");
        await(() -> !Files.exists(output().resolve("trades/binance/2026-01-15")), "its parts to be deleted");
        assertThat(Files.isDirectory(output().resolve("trades/binance/2026-01-16"))).as("the open day").isTrue();
        assertThat(JournalTruth.scalar("SELECT count(*) FROM read_parquet(" + PartStore.quote(dayFile.toString())
            + ")")).isEqualTo(600);
        final List<String> keys = JournalTruth.recorded(output(), "trades");
        assertThat(keys).hasSize(2_400).doesNotHaveDuplicates();

        // A restart finds the tree consistent and records on from where it was.
        recorder.close();
        startRecorder(200);
        trades(100, DAY_START_NS + DAY_NS + 3_600_000_000_000L, 1_000_000, 10_000);
        await(() -> recorder.rowsCommitted() == 100, "rows after the restart");
        assertThat(JournalTruth.recorded(output(), "trades")).hasSize(2_500).doesNotHaveDuplicates();
    }

    @Test
    void shouldRefuseUnknownKeysAndWrongTypesNamingTheKey() throws Exception {
        final Path file = dir.resolve("recorder.toml");
        Files.writeString(file, String.join("\n", "output_path = \"/data/live\"", "journal_dir = \"/j\"",
            "venues = [\"binance\", \"kraken\"]", "record_quote_symbols = \"BTC\"", "colour = 1", "[batching]",
            "batch_size = \"many\"", "flush_intervall_seconds = 1", "[books]", "record_deltas = 1", ""));
        assertThatThrownBy(() -> RecorderConfig.load(file)).isInstanceOf(RecorderConfig.ConfigException.class)
            .hasMessageContaining("venues: unknown venue \"kraken\"")
            .hasMessageContaining("record_quote_symbols: must be an array of strings")
            .hasMessageContaining("colour: unknown key")
            .hasMessageContaining("batching.batch_size: must be an integer")
            .hasMessageContaining("batching.flush_intervall_seconds: unknown key")
            .hasMessageContaining("books.record_deltas: must be a boolean");
        Files.writeString(file, String.join("\n", "output_path = \"live\"", "journal_dir = \"journal\"",
            "venues = [\"hyperliquid\", \"binance\"]", "record_orderbook_symbols = [\"BTC\", \"ETH\", \"SOL\"]",
            "record_quote_symbols = [\"BTC\"]", "[batching]", "batch_size = 1000", "flush_interval_seconds = 60",
            ""));
        final RecorderConfig config = RecorderConfig.load(file);
        assertThat(config.outputPath()).isEqualTo(dir.resolve("live"));
        assertThat(config.flushIntervalMs()).isEqualTo(60_000);
        assertThat(RecorderConfig.matches(Venue.BINANCE_USDM, "ETHUSDT", config.orderbookSymbols())).isTrue();
        assertThat(RecorderConfig.matches(Venue.HYPERLIQUID, "ETHUSDT", config.orderbookSymbols())).isFalse();
    }
}
