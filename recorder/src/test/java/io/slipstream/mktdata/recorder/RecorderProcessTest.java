package io.slipstream.mktdata.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.launcher.Launcher;
import io.slipstream.mktdata.launcher.demo.SimulatorConfig;
import io.slipstream.mktdata.venuesim.SharedData;
import io.slipstream.mktdata.venuesim.VenueSim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Daemon, venue-sim and recorder as separate processes; the recorder is killed with SIGKILL at random moments and
 * restarted; in the end the Parquet tree must hold exactly what the daemon published (read back from its journal),
 * per stream: no row missing, none doubled.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RecorderProcessTest {
    private static final List<String> COMPARED = List.of("trades", "quotes", "candles", "mark", "status", "l2delta",
        "features");

    @TempDir
    Path dir;

    private Path config(final Path journal, final Path output, final String symbols) throws Exception {
        final Path file = dir.resolve("recorder.toml");
        Files.writeString(file, String.join("\n",
            "output_path = \"" + output + "\"",
            "journal_dir = \"" + journal + "\"",
            "venues = [\"binance\", \"hyperliquid\"]",
            "record_orderbook_symbols = [" + symbols + "]",
            "record_quote_symbols = [" + symbols + "]",
            "[batching]",
            "batch_size = 50000",
            "flush_interval_seconds = 0.3",
            "[books]",
            "snapshot_interval_ms = 1000",
            "record_deltas = true", ""));
        return file;
    }

    @Test
    void shouldRecordARealCaptureExactlyOnceWhenTheRecorderIsKilledAtRandomMoments() throws Exception {
        final Path capture = SharedData.require("binance-usdm/hftbacktest/btcusdt_20240808.gz");
        final Path journal = dir.resolve("journal");
        final Path output = dir.resolve("live");
        final Path config = config(journal, output, "\"BTC\"");
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        // The real daemon (slipstream-mktdata run) against the capture replayed by venue-sim at 30x.
        try (VenueSim sim = VenueSim.builder().replay(List.of(capture), 30, false).paused().start();
             ChildProcess daemon = ChildProcess.start(dir, Launcher.class, "run", "--config",
                 replayDaemonConfig(sim, journal).toString())) {
            daemon.await("ready: ", 60_000);
            // Both Binance sockets open and subscribed before the first captured frame is played.
            final long connected = System.currentTimeMillis() + 10_000;
            while (sim.binance().connectionCount() < 2 && System.currentTimeMillis() < connected) {
                Thread.sleep(20);
            }
            Thread.sleep(1_000);
            sim.startMarket();
            ChildProcess recorder = ChildProcess.start(dir, RecorderMain.class, "--config", config.toString());
            try {
                // Six kills, 0.3-1.5 s apart: some land mid-flush, some during start-up and recovery.
                for (int kill = 0; kill < 6; kill++) {
                    Thread.sleep(300 + random.nextInt(1_200));
                    recorder.kill9();
                    recorder = ChildProcess.start(dir, RecorderMain.class, "--config", config.toString());
                }
                final long replayed = System.currentTimeMillis() + 90_000;
                while (!sim.replay().finished() && System.currentTimeMillis() < replayed) {
                    Thread.sleep(50);
                }
                assertThat(sim.replay().finished()).as("the capture was replayed").isTrue();
                Thread.sleep(1_000);
                // Stopped, so the journal is final: nothing (a stale status...) arrives after the truth is taken.
                daemon.stop();
                final Map<String, List<String>> expected = JournalTruth.expected(journal, "BTCUSDT", "BTCUSDT");
                awaitRecorded(output, "trades", expected.get("trades").size(), 30_000);
                awaitRecorded(output, "l2delta", expected.get("l2delta").size(), 30_000);
                awaitRecorded(output, "features", expected.get("features").size(), 30_000);
                recorder.stop();
                assertExactlyOnce(output, expected, "seed " + seed);
                assertThat(expected.get("trades")).hasSizeGreaterThan(10_000);
                assertThat(expected.get("quotes")).hasSizeGreaterThan(10_000);
                final List<String> books = JournalTruth.recorded(output, "l2book");
                assertThat(books).as("one book snapshot row per second of the replay").hasSizeGreaterThan(5)
                    .doesNotHaveDuplicates();
                final String l2book = "read_parquet(" + PartStore.quote(output + "/l2book/**/*.parquet") + ")";
                assertThat(JournalTruth.scalar("SELECT count(*) FROM " + l2book + " WHERE len(bids) <> 20"
                    + " OR len(asks) <> 20 OR bids[1].price >= asks[1].price OR bids[1].price <= bids[2].price"
                    + " OR asks[1].price >= asks[2].price OR mid IS NULL OR spread_bps <= 0"))
                    .as("snapshots: 20 levels a side, best first, not crossed").isZero();
                runDocumentedQueries(output);
                readWithPandas(output, expected.get("trades").size());
            } finally {
                recorder.close();
            }
        }
    }

    /** The real daemon following BTCUSDT on the replaying venue-sim only, journaling. */
    private Path replayDaemonConfig(final VenueSim sim, final Path journal) throws Exception {
        final Path file = dir.resolve("replay-mktdata.toml");
        Files.writeString(file, """
            [daemon]
            socket_path = "%s"
            log_level = "warn"
            journal_dir = "%s"

            [venues.hyperliquid]
            enabled = false

            [venues.binance]
            rest_url = "%s"
            public_ws_url = "%s/public"
            market_ws_url = "%s/market"
            symbols = ["BTCUSDT"]
            channels = ["book", "quotes", "trades", "mark"]
            reconnect_delay_ms = 100
            max_reconnect_delay_ms = 1000
            """.formatted(dir.resolve("replay.sock"), journal, sim.binance().restUri(), sim.binance().webSocketUri(),
            sim.binance().webSocketUri()));
        return file;
    }

    /** The real daemon ({@code slipstream-mktdata run}) against a venue-sim in this JVM, journaling. */
    private Path daemonConfig(final VenueSim sim, final Path journal) throws Exception {
        return SimulatorConfig.write(sim, dir.resolve("mktdata.toml"), dir.resolve("mktdata.sock"), journal, 0);
    }

    @Test
    void shouldRecordARealDaemonRestartAsANewEpochWithAGapRowAndLoseNothingPublished() throws Exception {
        final Path journal = dir.resolve("journal");
        final Path output = dir.resolve("live");
        final Path config = config(journal, output, "\"*\"");
        ChildProcess recorder = null;
        try (VenueSim sim = VenueSim.builder().synthetic(3, 11, 3_000).start()) {
            final Path daemonConfig = daemonConfig(sim, journal);
            try (ChildProcess first = ChildProcess.start(dir, Launcher.class, "run", "--config",
                daemonConfig.toString())) {
                first.await("ready: ", 60_000);
                recorder = ChildProcess.start(dir, RecorderMain.class, "--config", config.toString());
                Thread.sleep(2_500);
                first.kill9();
            }
            try (ChildProcess second = ChildProcess.start(dir, Launcher.class, "run", "--config",
                daemonConfig.toString())) {
                second.await("ready: ", 60_000);
                Thread.sleep(1_500);
                recorder.kill9();
                recorder = ChildProcess.start(dir, RecorderMain.class, "--config", config.toString());
                Thread.sleep(1_500);
                second.stop();
            }
            final Map<String, List<String>> expected = JournalTruth.expected(journal, "*", "*");
            awaitRecorded(output, "trades", expected.get("trades").size(), 30_000);
            awaitRecorded(output, "l2delta", expected.get("l2delta").size(), 30_000);
            awaitRecorded(output, "features", expected.get("features").size(), 30_000);
            recorder.stop();
            assertExactlyOnce(output, expected, "daemon restart");
            assertThat(expected.get("trades").stream().map(k -> k.substring(0, k.indexOf('|'))).distinct())
                .as("two epochs").hasSize(2);
            assertThat(expected.get("candles")).as("backfilled closed candles").isNotEmpty();
            assertThat(JournalTruth.scalar("SELECT count(*) FROM read_parquet("
                + PartStore.quote(output + "/gaps/**/*.parquet") + ") WHERE reason LIKE 'daemon restarted%'"))
                .isEqualTo(1);
        } finally {
            if (recorder != null) {
                recorder.close();
            }
        }
    }

    private static void awaitRecorded(final Path output, final String table, final int expected, final long timeoutMs)
        throws Exception {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        int recorded = -1;
        while (System.currentTimeMillis() < deadline) {
            try {
                recorded = JournalTruth.recorded(output, table).size();
            } catch (final java.sql.SQLException e) {
                // a part renamed while DuckDB listed the directory: look again
                recorded = -1;
            }
            if (recorded >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(table + ": " + recorded + " rows recorded, " + expected + " published");
    }

    private static void assertExactlyOnce(final Path output, final Map<String, List<String>> expected,
                                          final String context) throws Exception {
        for (final String table : COMPARED) {
            final List<String> recorded = JournalTruth.recorded(output, table);
            final List<String> published = expected.get(table);
            final List<String> duplicates = new ArrayList<>();
            final HashSet<String> seen = new HashSet<>();
            for (final String key : recorded) {
                if (!seen.add(key)) {
                    duplicates.add(key);
                }
            }
            final HashSet<String> missing = new HashSet<>(published);
            missing.removeAll(seen);
            final HashSet<String> extra = new HashSet<>(seen);
            published.forEach(extra::remove);
            assertThat(duplicates).as("%s: duplicate %s rows (%s)", context, table, duplicates.size()).isEmpty();
            assertThat(missing).as("%s: missing %s rows (%s)", context, table, missing.size()).isEmpty();
            assertThat(extra).as("%s: %s rows nobody published", context, table).isEmpty();
        }
    }

    /**
     * pandas through pyarrow reads the same tree: with the Python named by {@code SLIPSTREAM_PYTHON} (one with
     * pandas and pyarrow installed); skipped, saying so, when it is not set.
     */
    private static void readWithPandas(final Path output, final int trades) throws Exception {
        final String python = System.getenv("SLIPSTREAM_PYTHON");
        if (python == null || python.isBlank()) {
            System.out.println("pandas check skipped: set SLIPSTREAM_PYTHON to a python with pandas and pyarrow");
            return;
        }
        final String script = String.join("\n",
            "import sys, pyarrow.dataset as ds",
            "t = ds.dataset(sys.argv[1] + '/trades', format='parquet').to_table().to_pandas()",
            "q = ds.dataset(sys.argv[1] + '/l2book', format='parquet').to_table().to_pandas()",
            "assert t['exchange_time'].dt.tz is None or str(t['exchange_time'].dt.tz) == 'UTC'",
            "print(len(t), t.duplicated(['epoch', 'symbol', 'seq']).sum(), len(q), len(q['bids'].iloc[0]))");
        final Process process = new ProcessBuilder(python, "-c", script, output.toString())
            .redirectErrorStream(true).start();
        final String result = new String(process.getInputStream().readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as(result).isZero();
        final String[] fields = result.substring(result.lastIndexOf('\n') + 1).split(" ");
        assertThat(Long.parseLong(fields[0])).as("pandas trade rows").isEqualTo(trades);
        assertThat(Long.parseLong(fields[1])).as("pandas duplicate trades").isZero();
        assertThat(Long.parseLong(fields[2])).as("pandas l2book rows").isPositive();
        assertThat(Long.parseLong(fields[3])).as("levels in a bids list").isEqualTo(20);
    }

    /** Runs every sql block of docs/queries.md against the recorded tree. */
    private static void runDocumentedQueries(final Path output) throws Exception {
        Path doc = Path.of("").toAbsolutePath();
        while (doc != null && !Files.exists(doc.resolve("docs/queries.md"))) {
            doc = doc.getParent();
        }
        assertThat(doc).as("docs/queries.md above the module").isNotNull();
        final String text = Files.readString(doc.resolve("docs/queries.md"));
        final Matcher blocks = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(text);
        int queries = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            while (blocks.find()) {
                final String sql = blocks.group(1).replace("/data/live", output.toString()).trim()
                    .replaceAll(";$", "");
                if (sql.contains("/gaps/") && !Files.isDirectory(output.resolve("gaps"))) {
                    continue;
                }
                int rows = 0;
                try (ResultSet r = s.executeQuery(sql)) {
                    while (r.next()) {
                        rows++;
                    }
                }
                if (!sql.contains("/gaps/")) {
                    assertThat(rows).as("rows of %s", sql).isPositive();
                }
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(5);
    }
}
