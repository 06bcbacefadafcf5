package io.slipstream.mktdata.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.ipc.client.BookLevels;
import io.slipstream.mktdata.ipc.client.Candle;
import io.slipstream.mktdata.ipc.client.GapEvent;
import io.slipstream.mktdata.ipc.client.InstrumentInfo;
import io.slipstream.mktdata.ipc.client.MarketDataClient;
import io.slipstream.mktdata.ipc.client.MarketDataListener;
import io.slipstream.mktdata.ipc.client.OrderBookSnapshot;
import io.slipstream.mktdata.ipc.client.StatusMessage;
import io.slipstream.mktdata.ipc.client.TradeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay over a real recording (daemon on venue-sim, real recorder), served on a real Unix socket to the Java
 * client: what the client gets must be what was recorded.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayTest {
    private static final String TRADES_SQL = "SELECT venue, symbol, epoch_ns(receive_time), price, size, side,"
        + " trade_id FROM %s%s ORDER BY receive_time, venue, symbol, epoch, seq";

    private Path dir;
    private Path recording;

    @BeforeAll
    void record(@TempDir final Path tempDir) throws Exception {
        dir = tempDir;
        recording = Recording.record(dir, 4);
    }

    /** Trades, statuses and gaps a client received. */
    private static final class Received implements MarketDataListener {
        final List<TradeMessage> trades = Collections.synchronizedList(new ArrayList<>());
        final List<StatusMessage> finished = Collections.synchronizedList(new ArrayList<>());
        final List<GapEvent> gaps = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done;

        Received(final int venues) {
            done = new CountDownLatch(venues);
        }

        @Override
        public void onTrade(final TradeMessage message) {
            trades.add(message);
        }

        @Override
        public void onStatus(final StatusMessage message) {
            if ("replay_finished".equals(message.status())) {
                finished.add(message);
                done.countDown();
            }
        }

        @Override
        public void onGap(final GapEvent gap) {
            gaps.add(gap);
        }

        List<String> tradeKeys() {
            synchronized (trades) {
                return trades.stream().map(t -> key(t.header().venue(), t.header().symbol(),
                    t.header().receiveTimeNs(), t.price(), t.size(), t.side().name().toLowerCase(Locale.ROOT),
                    t.tradeId())).toList();
            }
        }
    }

    private static String key(final Object... values) {
        final StringBuilder text = new StringBuilder();
        for (final Object value : values) {
            text.append(text.isEmpty() ? "" : "|").append(value);
        }
        return text.toString();
    }

    private List<String> expectedTrades(final String where) throws Exception {
        final List<String> keys = new ArrayList<>();
        for (final List<Object> row : Recording.query(TRADES_SQL.formatted(Recording.table(recording, "trades"),
            where))) {
            keys.add(key(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4),
                row.get(5) == null ? "unknown" : row.get(5), row.get(6)));
        }
        return keys;
    }

    private Replay open(final String... args) throws Exception {
        return Replay.open(ReplayOptions.parse(args));
    }

    @Test
    void shouldServeEveryRecordedTradeOnceInReceiveTimeOrderAndRebuildTheRecordedBooksAndCandles() throws Exception {
        final Path socket = dir.resolve("max.sock");
        final Received received = new Received(2);
        try (Replay replay = open("--data", recording.toString(), "--speed", "max", "--socket", socket.toString(),
            "--wait-clients", "1").start(); MarketDataClient client = MarketDataClient.connect(socket)) {
            client.subscribeAllTrades("binance", received);
            client.subscribeAllTrades("hyperliquid", received);
            client.subscribeStatus(null, received);
            assertThat(received.done.await(60, TimeUnit.SECONDS)).as("replay_finished for both venues").isTrue();

            final List<String> expected = expectedTrades("");
            assertThat(expected).hasSizeGreaterThan(1_000);
            assertThat(received.tradeKeys()).as("every trade once, in receive-time order, as recorded")
                .containsExactlyElementsOf(expected);
            assertThat(received.gaps).isEmpty();
            assertThat(received.finished).allSatisfy(s -> assertThat(s.detail()).isEqualTo(replay.eventsReplayed()));
            assertThat(replay.eventsRefused()).isZero();

            assertBooksEqualTheDeltas(client);
            assertCandlesEqualTheRecorded(client);
        }
    }

    /** Each book, in full, equals the one rebuilt here from every recorded delta. */
    private void assertBooksEqualTheDeltas(final MarketDataClient client) throws Exception {
        final Map<String, List<TreeMap<Double, Double>>> books = new HashMap<>();
        final Map<String, Object> epochs = new HashMap<>();
        for (final List<Object> row : Recording.query("SELECT venue || ' ' || symbol, epoch,"
            + " flatten(list_transform(bids, lambda x: [x.price, x.size])),"
            + " flatten(list_transform(asks, lambda x: [x.price, x.size])) FROM "
            + Recording.table(recording, "l2delta") + " ORDER BY receive_time, venue, symbol, epoch, seq")) {
            final String instrument = (String) row.get(0);
            if (!row.get(1).equals(epochs.put(instrument, row.get(1)))) {
                books.put(instrument, List.of(new TreeMap<>(), new TreeMap<>()));
            }
            for (int side = 0; side < 2; side++) {
                final Object[] levels = (Object[]) ((java.sql.Array) row.get(2 + side)).getArray();
                for (int i = 0; i < levels.length; i += 2) {
                    final double price = (Double) levels[i];
                    final double size = (Double) levels[i + 1];
                    if (size == 0) {
                        books.get(instrument).get(side).remove(price);
                    } else {
                        books.get(instrument).get(side).put(price, size);
                    }
                }
            }
        }
        assertThat(books).hasSizeGreaterThanOrEqualTo(6);
        for (final Map.Entry<String, List<TreeMap<Double, Double>>> entry : books.entrySet()) {
            final String[] name = entry.getKey().split(" ");
            final OrderBookSnapshot book = client.getOrderbook(name[0], name[1], 0);
            assertThat(levels(book.bids())).as("%s bids", entry.getKey())
                .isEqualTo(entry.getValue().get(0).descendingMap().entrySet().stream()
                    .map(e -> e.getKey() + "@" + e.getValue()).toList());
            assertThat(levels(book.asks())).as("%s asks", entry.getKey())
                .isEqualTo(entry.getValue().get(1).entrySet().stream().map(e -> e.getKey() + "@" + e.getValue())
                    .toList());
        }
    }

    private static List<String> levels(final BookLevels levels) {
        final List<String> text = new ArrayList<>();
        for (int i = 0; i < levels.count(); i++) {
            text.add(levels.price(i) + "@" + levels.size(i));
        }
        return text;
    }

    /** Every recorded candle series (the last correction of each bucket) is what the replay serves. */
    private void assertCandlesEqualTheRecorded(final MarketDataClient client) throws Exception {
        final Map<String, List<String>> expected = new TreeMap<>();
        for (final List<Object> row : Recording.query("SELECT venue, symbol, interval, epoch_ms(open_time), open,"
            + " high, low, close, volume, num_trades FROM " + Recording.table(recording, "candles")
            + " QUALIFY row_number() OVER (PARTITION BY venue, symbol, interval, open_time ORDER BY epoch DESC,"
            + " seq DESC) = 1 ORDER BY venue, symbol, interval, open_time")) {
            expected.computeIfAbsent(row.get(0) + " " + row.get(1) + " " + row.get(2), k -> new ArrayList<>())
                .add(key(row.get(3), row.get(4), row.get(5), row.get(6), row.get(7), row.get(8), row.get(9)));
        }
        assertThat(expected).isNotEmpty();
        for (final Map.Entry<String, List<String>> series : expected.entrySet()) {
            final String[] name = series.getKey().split(" ");
            final List<String> served = new ArrayList<>();
            for (final Candle c : client.getCandles(name[0], name[1], name[2], 2_000)) {
                served.add(key(c.openTimeMs(), c.open(), c.high(), c.low(), c.close(), c.volume(), c.trades()));
            }
            assertThat(served).as("candles %s", series.getKey()).isEqualTo(series.getValue());
        }
    }

    @Test
    void shouldRebuildBooksFromSnapshotsWhenNoDeltasWereRecordedAndServeQueriesAfterTheEnd() throws Exception {
        final Path copy = dir.resolve("no-deltas");
        try (Stream<Path> walk = Files.walk(recording)) {
            for (final Path path : walk.toList()) {
                final Path relative = recording.relativize(path);
                if (!relative.toString().startsWith("l2delta")) {
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy.resolve(relative.toString()));
                    } else {
                        Files.copy(path, copy.resolve(relative.toString()));
                    }
                }
            }
        }
        final Path socket = dir.resolve("snapshots.sock");
        try (Replay replay = open("--data", copy.toString(), "--speed", "max", "--socket", socket.toString())
            .start()) {
            assertThat(replay.awaitFinished(60_000)).isTrue();
            assertThat(replay.failure()).isNull();
            try (MarketDataClient client = MarketDataClient.connect(socket)) {
                final List<List<Object>> last = Recording.query("SELECT venue, symbol,"
                    + " list_transform(bids, lambda x: x.price || '@' || x.size),"
                    + " list_transform(asks, lambda x: x.price || '@' || x.size) FROM "
                    + Recording.table(copy, "l2book") + " QUALIFY row_number() OVER (PARTITION BY venue, symbol"
                    + " ORDER BY receive_time DESC, epoch DESC, seq DESC) = 1");
                assertThat(last).hasSizeGreaterThanOrEqualTo(6);
                for (final List<Object> row : last) {
                    final OrderBookSnapshot book = client.getOrderbook((String) row.get(0), (String) row.get(1), 20);
                    assertThat(levels(book.bids())).as("%s %s bids", row.get(0), row.get(1))
                        .isEqualTo(doubles((java.sql.Array) row.get(2)));
                    assertThat(levels(book.asks())).as("%s %s asks", row.get(0), row.get(1))
                        .isEqualTo(doubles((java.sql.Array) row.get(3)));
                }
            }
        }
    }

    /** DuckDB prints doubles as "64000.5"; Java as "64000.5" too, but "1.0E-4" for small ones: parse both. */
    private static List<String> doubles(final java.sql.Array levels) throws Exception {
        final List<String> text = new ArrayList<>();
        for (final Object level : (Object[]) levels.getArray()) {
            final String[] parts = level.toString().split("@");
            text.add(Double.parseDouble(parts[0]) + "@" + Double.parseDouble(parts[1]));
        }
        return text;
    }

    @Test
    void shouldReplayOnlyTheSelectedSymbolsFromTheSelectedTime() throws Exception {
        final List<List<Object>> middle = Recording.query("SELECT symbol, epoch_ms(quantile_disc(receive_time, 0.5))"
            + " FROM " + Recording.table(recording, "trades") + " WHERE venue = 'hyperliquid' GROUP BY symbol"
            + " ORDER BY symbol LIMIT 1");
        final String symbol = (String) middle.get(0).get(0);
        final long fromMs = ((Number) middle.get(0).get(1)).longValue();
        final String lower = symbol.toLowerCase(Locale.ROOT);
        final List<String> expected = expectedTrades(" WHERE receive_time >= make_timestamp_ns(" + fromMs * 1_000_000L
            + ") AND lower(symbol) IN ('" + lower + "', '" + lower + "usdt', '" + lower + "usdc')");
        assertThat(expected).hasSizeGreaterThan(10);
        final Path socket = dir.resolve("filtered.sock");
        final Received received = new Received(2);
        try (Replay replay = open("--data", recording.toString(), "--speed", "max", "--socket", socket.toString(),
            "--symbols", symbol, "--from", Instant.ofEpochMilli(fromMs).toString(), "--wait-clients", "1").start();
             MarketDataClient client = MarketDataClient.connect(socket)) {
            client.subscribeAllTrades("binance", received);
            client.subscribeAllTrades("hyperliquid", received);
            client.subscribeStatus(null, received);
            assertThat(received.done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(received.tradeKeys()).containsExactlyElementsOf(expected);
            assertThat(replay.eventsRefused()).isZero();
            assertThat(client.getSymbols(null)).extracting(InstrumentInfo::symbol)
                .allSatisfy(s -> assertThat(s.toLowerCase(Locale.ROOT)).startsWith(lower));
        }
    }

    @Test
    void shouldPaceByReceiveTimeAtTheChosenSpeed() throws Exception {
        final List<List<Object>> span = Recording.query("SELECT epoch_ms(max(receive_time)) FROM "
            + Recording.table(recording, "trades"));
        final long toMs = ((Number) span.get(0).get(0)).longValue();
        final long fromMs = toMs - 3_000;
        try (Replay replay = open("--data", recording.toString(), "--speed", "10", "--socket",
            dir.resolve("paced.sock").toString(), "--from", Long.toString(fromMs), "--to", Long.toString(toMs))
            .start()) {
            assertThat(replay.awaitFinished(60_000)).isTrue();
            final double expectedMs = replay.spanNs() / 10 / 1e6;
            final double elapsedMs = replay.elapsedNs() / 1e6;
            assertThat(replay.spanNs() / 1e6).as("receive-time span, ms").isBetween(2_500.0, 3_000.0);
            // Never faster than 10x; later only by what a busy machine costs.
            assertThat(elapsedMs).as("elapsed ms for %.0f ms at 10x", expectedMs)
                .isBetween(expectedMs * 0.97, expectedMs + 1_500);
        }
    }

    @Test
    void shouldExitWithStatusTwoAndAClearErrorForNoDataOrABadArgument() throws Exception {
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(run("--data", empty.toString())).startsWith("2 error: no recorded data under " + empty);
        assertThat(run("--data", dir.resolve("missing").toString())).startsWith("2 error: no recorded data: ");
        assertThat(run("--data", recording.toString(), "--speed", "fast")).startsWith("2 error: --speed takes");
        assertThat(run("--speed", "max")).startsWith("2 error: replay needs --data DIR");
        assertThat(run("--data", recording.toString(), "--venues", "kraken")).startsWith("2 error: --venues:");
        assertThat(run("--data", recording.toString(), "--from", "yesterday")).startsWith("2 error: --from takes");
        assertThat(run("--data", recording.toString(), "--symbols", "NOSUCHCOIN", "--socket",
            dir.resolve("none.sock").toString())).startsWith("2 error: no recorded rows in " + recording);
    }

    /**
     * The Python client, unchanged, on the replay: every trade once, in order. With the Python named by
     * {@code SLIPSTREAM_CLIENT_PYTHON}, else the client's own {@code clients/python/.venv} (made by its run-tests),
     * which need only msgpack; skipped, saying so, when there is neither.
     */
    @Test
    void shouldServeThePythonClientUnchanged() throws Exception {
        Path clientSource = Path.of("").toAbsolutePath();
        while (clientSource != null && !Files.isDirectory(clientSource.resolve("clients/python/src"))) {
            clientSource = clientSource.getParent();
        }
        assertThat(clientSource).as("clients/python above the module").isNotNull();
        final Path venv = clientSource.resolve("clients/python/.venv/bin/python");
        final String configured = System.getenv("SLIPSTREAM_CLIENT_PYTHON");
        final String python = configured != null && !configured.isBlank() ? configured
            : Files.isExecutable(venv) ? venv.toString() : null;
        Assumptions.assumeTrue(python != null, "Python client check skipped: set SLIPSTREAM_CLIENT_PYTHON to a python"
            + " with msgpack, or run clients/python/run-tests once");
        final String script = String.join("\n",
            "import sys",
            "sys.path.insert(0, sys.argv[2])",
            "from slipstream_mktdata import MarketDataClient",
            "c = MarketDataClient(sys.argv[1], reconnect=False)",
            "c.subscribe_all_trades('binance')",
            "c.subscribe_all_trades('hyperliquid')",
            "c.subscribe_status()",
            "finished = 0",
            "for m in c.stream():",
            "    d = m['data']",
            "    if m['type'] == 'trade':",
            "        print('%s|%s|%d|%d' % (d['venue'], d['symbol'], d['receive_ts_ns'], d['trade_id']))",
            "    elif m['type'] == 'status' and d['status'] == 'replay_finished':",
            "        finished += 1",
            "        if finished == 2:",
            "            break",
            "print('finished', finished)");
        final Path socket = dir.resolve("python.sock");
        try (Replay replay = open("--data", recording.toString(), "--speed", "max", "--socket", socket.toString(),
            "--wait-clients", "1").start()) {
            final Process process = new ProcessBuilder(python, "-c", script, socket.toString(),
                clientSource.resolve("clients/python/src").toString()).redirectErrorStream(true).start();
            final List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().toList();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
            assertThat(lines).last().isEqualTo("finished 2");
            final List<String> expected = new ArrayList<>();
            for (final List<Object> row : Recording.query("SELECT venue, symbol, epoch_ns(receive_time), trade_id"
                + " FROM " + Recording.table(recording, "trades") + " ORDER BY receive_time, venue, symbol, epoch,"
                + " seq")) {
                expected.add(key(row.get(0), row.get(1), row.get(2), row.get(3)));
            }
            assertThat(lines.subList(0, lines.size() - 1)).containsExactlyElementsOf(expected);
            assertThat(replay.eventsRefused()).isZero();
        }
    }

    @Test
    void shouldPrintWhereItServesAndASummaryThenExitWhenDoneIfAsked() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Path socket = dir.resolve("done.sock");
        final int status = ReplayMain.run(new String[] {"--data", recording.toString(), "--speed", "max", "--socket",
            socket.toString(), "--exit-when-done", "--venues", "binance"}, new PrintStream(out, true,
            StandardCharsets.UTF_8), System.err, true);
        final String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        assertThat(printed).contains("ready: serving on " + socket)
            .containsPattern("replay finished: [1-9][0-9]* events \\(0 refused\\) spanning 20");
        assertThat(socket).as("the socket is removed on exit").doesNotExist();
    }

    private static String run(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return status + " " + err.toString(StandardCharsets.UTF_8);
    }
}
