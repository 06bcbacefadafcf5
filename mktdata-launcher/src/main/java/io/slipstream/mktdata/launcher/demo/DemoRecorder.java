package io.slipstream.mktdata.launcher.demo;

import io.slipstream.mktdata.journal.JournalWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo's recorder: {@code slipstream-recorder} as its own process (as in production), reading the demo engine's
 * journal and writing Parquet under the record directory. Its jar is found beside the launcher's in the build tree
 * ({@code bin/slipstream-mktdata demo} builds it); without it the demo still journals and says how to record.
 */
final class DemoRecorder implements AutoCloseable {
    private final Path dataDirectory;
    private final Process process;

    private DemoRecorder(final Path dataDirectory, final Process process) {
        this.dataDirectory = dataDirectory;
        this.process = process;
    }

    /**
     * @param recordDirectory where {@code journal/} is written and {@code data/} will be
     * @param out             where to say what happens
     * @return the recorder, running or not
     * @throws IOException if its configuration cannot be written
     */
    static DemoRecorder start(final Path recordDirectory, final PrintStream out) throws IOException {
        final Path data = recordDirectory.resolve("data");
        final Path config = recordDirectory.resolve("recorder.toml");
        Files.createDirectories(data);
        Files.writeString(config, """
            # Written by slipstream-mktdata demo: record everything the demo publishes.
            output_path = "%s"
            journal_dir = "%s"
            venues = ["hyperliquid", "binance"]
            record_orderbook_symbols = ["*"]
            record_quote_symbols = ["*"]

            [batching]
            flush_interval_seconds = 1

            # Every book delta too, so books (and the features: docs/features.md "Offline") can be rebuilt exactly.
            [books]
            record_deltas = true
            """.formatted(data, recordDirectory.resolve("journal")), StandardCharsets.UTF_8);
        final Path jar = recorderJar();
        if (jar == null) {
            out.println("recorder: not built, so only the journal is written; to record it to Parquet run"
                + " bin/slipstream-recorder --config " + config);
            return new DemoRecorder(data, null);
        }
        final Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
            "-Xmx1g", "-jar", jar.toString(), "--config", config.toString()))
            .redirectErrorStream(true).redirectOutput(recordDirectory.resolve("recorder.log").toFile()).start();
        out.println("recorder: pid " + process.pid() + ", Parquet under " + data + " (log: "
            + recordDirectory.resolve("recorder.log") + "); query it with DuckDB: SELECT * FROM read_parquet('"
            + data + "/trades/**/*.parquet')");
        return new DemoRecorder(data, process);
    }

    /** @return the recorder jar next to this launcher jar in the build tree, or null */
    private static Path recorderJar() {
        try {
            final Path launcherJar = Path.of(DemoRecorder.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
            // .../mktdata-launcher/target/slipstream-mktdata.jar (or target/classes in tests)
            final Path root = launcherJar.getParent().getParent().getParent();
            final Path jar = root.resolve("recorder/target/slipstream-recorder.jar");
            return Files.isRegularFile(jar) ? jar : null;
        } catch (final URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @param journal the engine's journal
     * @return one line: events journaled, Parquet files written so far
     */
    String summary(final JournalWriter journal) {
        final long files;
        try (Stream<Path> walk = Files.walk(dataDirectory)) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).count();
        } catch (final IOException | UncheckedIOException e) {
            return "recorder: cannot read " + dataDirectory + ": " + e.getMessage();
        }
        return "journal: " + (journal == null ? 0 : journal.eventsWritten()) + " events | recorder: "
            + (process == null ? "not running" : process.isAlive() ? "running" : "exited " + process.exitValue())
            + ", " + files + " Parquet files under " + dataDirectory;
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        // SIGTERM: the recorder flushes what it has read, then exits.
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
