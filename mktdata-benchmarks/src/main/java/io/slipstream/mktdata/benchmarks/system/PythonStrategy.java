package io.slipstream.mktdata.benchmarks.system;

import io.slipstream.mktdata.agent.RealtimePriority;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * A Python strategy ({@code clients/python/benchmarks/strategy.py}) as a child process in the client's venv: the
 * same subscriptions and checks as {@link JavaStrategy}, results in a JSON file and raw latencies beside it.
 */
final class PythonStrategy {
    static final Path PYTHON = Path.of("clients/python/.venv/bin/python");
    private static final Path SCRIPT = Path.of("clients/python/benchmarks/strategy.py");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\\s*(-?\\d+)");

    private final Process process;
    private final Path result;

    private PythonStrategy(final Process process, final Path result) {
        this.process = process;
        this.result = result;
    }

    /** @return whether the venv exists (clients/python/run-tests creates it) */
    static boolean available() {
        return Files.isExecutable(PYTHON) && Files.exists(SCRIPT);
    }

    /**
     * @param socket          the daemon's socket
     * @param result          where it writes its JSON result
     * @param maxSeconds      it stops by itself after this long
     * @param symbolsPerVenue books and candles of this many symbols per venue
     * @return the running strategy
     * @throws IOException if it cannot start
     */
    static PythonStrategy start(final Path socket, final Path result, final int maxSeconds, final int symbolsPerVenue)
        throws IOException {
        Files.deleteIfExists(result);
        Files.deleteIfExists(Path.of(result + ".stop"));
        final ProcessBuilder builder = new ProcessBuilder(List.of(PYTHON.toString(), SCRIPT.toString(),
            socket.toString(), Integer.toString(maxSeconds), result.toString(), Integer.toString(symbolsPerVenue)))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                result.resolveSibling(result.getFileName() + ".log").toFile()));
        // strategy.py takes it on its (only) thread, as docs/api-python.md shows.
        builder.environment().put("SLIPSTREAM_REALTIME_PRIORITY", Integer.toString(RealtimePriority.hotPathPriority()));
        final Process process = builder.start();
        return new PythonStrategy(process, result);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Tells it to stop, waits for its result.
     *
     * @return its counters and its latencies since {@code warmupEndNs} is not known to it, so all of them
     * @throws IOException if it wrote no result
     * @throws InterruptedException if interrupted
     */
    Result stop() throws IOException, InterruptedException {
        Files.writeString(Path.of(result + ".stop"), "stop", StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (!Files.exists(result)) {
            throw new IOException("the Python strategy wrote no result (exit " + process.exitValue() + "); see "
                + result + ".log");
        }
        final Map<String, Long> counters = new HashMap<>();
        final Matcher matcher = FIELD.matcher(Files.readString(result));
        while (matcher.find()) {
            counters.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(Path.of(result + ".lat")))
            .order(ByteOrder.LITTLE_ENDIAN);
        // The first fifth is its warm-up (imports, first subscriptions): the Java strategies skip theirs too.
        final int values = raw.remaining() / Long.BYTES;
        for (int i = 0; i < values; i++) {
            final long ns = raw.getLong();
            if (i >= values / 5 && ns >= 0) {
                latency.recordValue(Math.min(ns, latency.getHighestTrackableValue()));
            }
        }
        return new Result(counters, latency);
    }

    /**
     * @param counters what it counted (books, trades, candles, doubled, lost_seq, gaps_detected, trade_id_holes, ...)
     * @param latency  tick to client, after its warm-up
     */
    record Result(Map<String, Long> counters, Histogram latency) {
        long get(final String name) {
            return counters.getOrDefault(name, 0L);
        }
    }
}
