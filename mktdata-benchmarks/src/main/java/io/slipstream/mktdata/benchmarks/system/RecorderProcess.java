package io.slipstream.mktdata.benchmarks.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code slipstream-recorder} as its own process reading the daemon's journal into Parquet (as the demo runs it);
 * the soak kills it with SIGKILL and starts it again, and {@link #checkTrades()} then proves every trade the daemon
 * journaled is in the Parquet exactly once.
 */
final class RecorderProcess implements AutoCloseable {
    static final Path JAR = Path.of("recorder/target/slipstream-recorder.jar");

    private final Path config;
    private final Path data;
    private final Path log;
    private Process process;
    private int starts;

    private RecorderProcess(final Path config, final Path data, final Path log) {
        this.config = config;
        this.data = data;
        this.log = log;
    }

    /**
     * @param journal   the daemon's journal directory
     * @param directory where the configuration, the log and {@code data/} go
     * @return the running recorder
     * @throws IOException if it cannot start
     */
    static RecorderProcess start(final Path journal, final Path directory) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("build the recorder first: " + JAR);
        }
        final Path data = directory.resolve("data");
        Files.createDirectories(data);
        final Path config = directory.resolve("recorder.toml");
        Files.writeString(config, """
            output_path = "%s"
            journal_dir = "%s"
            venues = ["hyperliquid", "binance"]
            record_orderbook_symbols = ["*"]
            record_quote_symbols = ["*"]

            [batching]
            flush_interval_seconds = 1
            """.formatted(data, journal), StandardCharsets.UTF_8);
        final RecorderProcess recorder = new RecorderProcess(config, data, directory.resolve("recorder.log"));
        recorder.launch();
        return recorder;
    }

    private void launch() throws IOException {
        starts++;
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-jar", JAR.toString(), "--config", config.toString()))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** SIGKILL, as a crash or the OOM killer would, then a fresh start that must resume exactly once. */
    void killAndRestart() throws IOException, InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        launch();
    }

    long pid() {
        return process.pid();
    }

    int starts() {
        return starts;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops it with SIGTERM: it flushes what it has read, then exits. */
    void stop() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * @return per trade stream in the Parquet: rows, rows with a repeated {@code (epoch, venue, symbol, seq)}, and
     *     seqs missing between each stream's first and last
     * @throws SQLException if DuckDB cannot read the files
     */
    TradeCheck checkTrades() throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement()) {
            final String glob = data.resolve("trades").toString().replace("'", "''") + "/**/*.parquet";
            try (ResultSet rows = statement.executeQuery("""
                SELECT count(*) AS streams, coalesce(sum(n), 0), coalesce(sum(n - d), 0),
                       coalesce(sum(hi - lo + 1 - d), 0)
                FROM (SELECT epoch, venue, symbol, count(*) AS n, count(DISTINCT seq) AS d, min(seq) AS lo,
                             max(seq) AS hi
                      FROM read_parquet('%s', union_by_name = true) GROUP BY epoch, venue, symbol)
                """.formatted(glob))) {
                rows.next();
                return new TradeCheck(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
            }
        }
    }

    /**
     * @param streams trade streams recorded
     * @param rows    trade rows
     * @param doubled rows repeating an earlier row's identity
     * @param missing seqs missing inside a stream's range
     */
    record TradeCheck(long streams, long rows, long doubled, long missing) {
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                stop();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    Path data() {
        return data;
    }

    static boolean hasJar() {
        return Files.exists(JAR);
    }
}
