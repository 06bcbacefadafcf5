package io.slipstream.mktdata.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.clock.ManualEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.journal.JournalConfig;
import io.slipstream.mktdata.journal.JournalHandler;
import io.slipstream.mktdata.journal.JournalReader;
import io.slipstream.mktdata.journal.JournalWriter;
import io.slipstream.mktdata.trade.AggressorSide;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** BTCUSDT's counterpart, for the features' basis. */
    private final Instrument hyperliquidBtc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
    /** Traded; its counterpart ETH never has an event of its own, yet the features rows must name it. */
    private final Instrument eth = registry.register(InstrumentSpec.binance("ETHUSDT", "0.01", "0.001"));
    private final Instrument hyperliquidEth = registry.register(InstrumentSpec.hyperliquid("ETH", 4));
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

    @Test
    void shouldRecordEveryFeaturesEventOnceWithTheValuesTheEnginePublished() throws Exception {
        start(60_000);
        // Books on both venues and trades over six seconds: a features event per instrument per second.
        final LevelBuffer bids = new LevelBuffer(8);
        final LevelBuffer asks = new LevelBuffer(8);
        for (int second = 0; second < 6; second++) {
            final long t = DAY_START_NS + 3_600_000_000_000L + second * 1_000_000_000L;
            for (final Instrument instrument : List.of(btc, hyperliquidBtc)) {
                bids.clear();
                asks.clear();
                for (int level = 0; level < 5; level++) {
                    bids.add(600_000 - second - level, 1 + level + second);
                    asks.add(600_001 + level, 2 + level);
                }
                engine.publisher().bookSnapshot(instrument.id(), t, t + second, second + 1, false, bids, asks);
                while (engine.doWork() > 0) {
                    // drain
                }
            }
            trades(3, t + 100_000_000, 50_000_000, 1 + second * 3L);
            engine.publisher().trade(eth.id(), t, t, 300_000, 5, AggressorSide.SELL, 100 + second, 0);
            while (engine.doWork() > 0) {
                // drain
            }
        }
        final List<FeatureView> published = journaledFeatures();
        assertThat(published).hasSizeGreaterThan(10);
        assertThat(published.stream().filter(f -> !Double.isNaN(f.basisBps()))).isNotEmpty();
        assertThat(published.stream().filter(f -> f.counterpartId() == hyperliquidEth.id())).isNotEmpty();
        await(() -> recordedCount("features") == published.size(), "every features event recorded");

        final String flat = "[mid, spread_bps, spread_velocity_bps_per_s, imbalance_bps, depth_imbalance,"
            + " visible_depth_bps, mid_age_ms, basis_bps, counterpart_mid_age_ms]"
            + " || flatten(list_transform(windows, lambda w: [w.window_ms, w.trade_count, w.buy_volume, w.sell_volume,"
            + " w.buy_notional, w.sell_notional, w.signed_notional, w.toxicity, w.aggressor_imbalance, w.arrival_rate,"
            + " w.vwap, w.vwap_deviation_bps]::DOUBLE[]))"
            + " || flatten(list_transform(bands, lambda b: [b.band_bps, b.bid_depth, b.ask_depth]))";
        final Map<String, List<Object>> recorded = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT symbol, seq, book_seq, trade_seq, counterpart, counterpart_book_seq, "
                 + flat + " FROM read_parquet(" + PartStore.quote(output() + "/features/**/*.parquet") + ")")) {
            while (r.next()) {
                final List<Object> row = new ArrayList<>(List.of(r.getLong(3), r.getLong(4),
                    String.valueOf(r.getString(5)), r.getLong(6)));
                row.addAll(Arrays.asList((Object[]) r.getArray(7).getArray()));
                assertThat(recorded.put(r.getString(1) + "|" + r.getLong(2), row)).as("a row twice").isNull();
            }
        }
        for (final FeatureView f : published) {
            final Instrument instrument = registry.get(f.instrumentId());
            final List<Object> expected = new ArrayList<>(List.of(f.bookSequence(), f.tradeSequence(),
                f.counterpartId() < 0 ? "null" : registry.get(f.counterpartId()).symbol(), f.counterpartBookSequence(),
                f.mid(), f.spreadBps(), f.spreadVelocityBpsPerS(), f.imbalanceBandBps(), f.depthImbalance(),
                f.visibleDepthBps(), f.midAgeNs() < 0 ? Double.NaN : f.midAgeNs() / 1e6, f.basisBps(),
                f.counterpartMidAgeNs() < 0 ? Double.NaN : f.counterpartMidAgeNs() / 1e6));
            for (int w = 0; w < f.windowCount(); w++) {
                expected.addAll(List.of((double) f.windowMs(w), (double) f.tradeCount(w), f.buyVolume(w),
                    f.sellVolume(w), f.buyNotional(w), f.sellNotional(w), f.signedNotional(w), f.toxicity(w),
                    f.aggressorImbalance(w), f.arrivalRatePerS(w), f.vwap(w), f.vwapDeviationBps(w)));
            }
            for (int b = 0; b < f.bandCount(); b++) {
                expected.addAll(List.of(f.bandBps(b), f.bidDepth(b), f.askDepth(b)));
            }
            // NaN (undefined) is written as null.
            expected.replaceAll(v -> v instanceof Double d && d.isNaN() ? null : v);
            assertThat(recorded.get(instrument.symbol() + "|" + f.streamSequence()))
                .as("%s features seq %d", instrument.symbol(), f.streamSequence()).isEqualTo(expected);
        }
    }

    /** Every features event in the journal, as the engine published it. */
    private List<FeatureView> journaledFeatures() throws Exception {
        final List<FeatureView> features = new ArrayList<>();
        final MarketEvent event = new MarketEvent();
        try (JournalReader reader = new JournalReader(dir.resolve("journal"), 0, 0)) {
            while (reader.poll(new JournalHandler() {
                @Override
                public void onRecord(final long epoch, final long position, final ByteBuffer buffer, final int offset,
                                     final int length, final boolean replay) {
                    if (!replay && buffer.getShort(offset) == EventType.FEATURES.code()) {
                        features.add(FeatureView.copyOf(event.wrap(buffer, offset, length)));
                    }
                }

                @Override
                public void onLost(final long e, final long f, final long te, final long t, final String reason) {
                    // the test keeps the whole journal
                }
            }, 10_000) > 0) {
                // read to the end
            }
        }
        return features;
    }

    private long recordedCount(final String table) {
        try {
            return JournalTruth.recorded(output(), table).size();
        } catch (final SQLException e) {
            return -1; // a part renamed while DuckDB listed the directory: look again
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
        await(() -> recordedCount("trades") == 1_000, "recording to resume");
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
        await(() -> recordedCount("trades") == 500, "rows committed");
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
        await(() -> recordedCount("trades") == 2_500, "rows after the restart");
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
