package io.slipstream.mktdata.benchmarks.replay;

import io.slipstream.mktdata.ipc.client.BookMode;
import io.slipstream.mktdata.ipc.client.MarketDataClient;
import io.slipstream.mktdata.ipc.client.MarketDataListener;
import io.slipstream.mktdata.ipc.client.OrderBookMessage;
import io.slipstream.mktdata.ipc.client.StatusMessage;
import io.slipstream.mktdata.ipc.client.TradeMessage;
import io.slipstream.mktdata.replay.Replay;
import io.slipstream.mktdata.replay.ReplayOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The replay end to end at {@code --speed max}: Parquet read and sorted by DuckDB, merged, applied by the engine,
 * served by the IPC server. Writes a synthetic session in the recorder's schema first ({@code symbols} instruments
 * split between the venues, one hour of receive time, a mix of trades, quotes and book deltas), or reuses a
 * recorded tree. Two runs: without a client, then with one Java {@code MarketDataClient} subscribed to all trades of
 * both venues and the top 10 of every book. Prints events/s for each.
 *
 * <p>Usage: {@code ReplayHarness [millionEvents=3] [symbols=20] [mix=40,20,40,1] [DIR]}: mix is the percentages of
 * trades, quotes and book deltas, then the levels each delta changes ({@code 16,76,8,40} is the mix of the Binance
 * BTCUSDT capture in /work/shared/data: 16 % trades, 76 % bookTicker, 8 % depth updates of ~40 levels); with DIR,
 * that tree is replayed instead of a synthetic one.
 */
public final class ReplayHarness {
    private static final long HOUR_NS = 3_600_000_000_000L;
    /** 2026-01-15 10:00 UTC. */
    private static final long START_NS = 1_768_471_200_000_000_000L;

    private ReplayHarness() {
    }

    /**
     * @param args see the class comment
     * @throws Exception if anything fails
     */
    public static void main(final String[] args) throws Exception {
        final double millions = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        final int symbols = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        final String[] mix = (args.length > 2 ? args[2] : "40,20,40,1").split(",");
        final Path data;
        if (args.length > 3) {
            data = Path.of(args[3]);
        } else {
            data = Files.createTempDirectory("replay-harness");
            final long startNs = System.nanoTime();
            write(data, (long) (millions * 1_000_000), symbols, Integer.parseInt(mix[0]), Integer.parseInt(mix[1]),
                Integer.parseInt(mix[3]));
            System.out.printf("wrote %.1f M synthetic events (%% trades, quotes, deltas, levels per delta: %s) to %s"
                + " in %.1f s%n", millions, String.join(",", mix), data, (System.nanoTime() - startNs) / 1e9);
        }
        run(data, false);
        run(data, true);
    }

    private static void run(final Path data, final boolean withClient) throws Exception {
        final Path socket = Files.createTempDirectory("replay-harness-sock").resolve("replay.sock");
        final long openStartNs = System.nanoTime();
        final List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--speed", "max", "--socket",
            socket.toString()));
        if (withClient) {
            args.addAll(List.of("--wait-clients", "1"));
        }
        try (Replay replay = Replay.open(ReplayOptions.parse(args.toArray(new String[0])))) {
            final double openS = (System.nanoTime() - openStartNs) / 1e9;
            replay.start();
            final Counter counter = new Counter();
            MarketDataClient client = null;
            try {
                if (withClient) {
                    client = MarketDataClient.connect(socket);
                    client.subscribeAllTrades("binance", counter);
                    client.subscribeAllTrades("hyperliquid", counter);
                    client.subscribeStatus(null, counter);
                    for (final var symbol : client.getSymbols(null)) {
                        client.subscribeOrderbook(symbol.venue(), symbol.symbol(), 10, BookMode.TOP, counter);
                    }
                }
                replay.awaitFinished(Long.MAX_VALUE);
                if (withClient) {
                    counter.finished.await(60, TimeUnit.SECONDS);
                }
            } finally {
                if (client != null) {
                    client.close();
                }
            }
            final double playS = replay.elapsedNs() / 1e9;
            System.out.printf("%s: open (scales, sort) %.2f s, play %.2f s: %,d events, %,.0f events/s played"
                    + " (%,.0f events/s including open); refused %d%s%n",
                withClient ? "with a client (all trades, top 10 of every book)" : "no client",
                openS, playS, replay.eventsReplayed(), replay.eventsReplayed() / playS,
                replay.eventsReplayed() / (openS + playS), replay.eventsRefused(),
                withClient ? String.format(", client got %,d trades, %,d book updates (conflated), %d gaps",
                    counter.trades, counter.books, counter.gaps) : "");
        }
    }

    /** What the client received; called on its reader thread only. */
    private static final class Counter implements MarketDataListener {
        final CountDownLatch finished = new CountDownLatch(2);
        long trades;
        long books;
        long gaps;

        @Override
        public void onTrade(final TradeMessage message) {
            trades++;
        }

        @Override
        public void onOrderBook(final OrderBookMessage message) {
            books++;
        }

        @Override
        public void onStatus(final StatusMessage message) {
            if ("replay_finished".equals(message.status())) {
                finished.countDown();
            } else if (message.isGap()) {
                gaps++;
            }
        }
    }

    /** A synthetic session in the recorder's schema (docs/data.md), one file per table and venue. */
    private static void write(final Path root, final long events, final int symbols, final int tradePercent,
                              final int quotePercent, final int levelsPerDelta) throws Exception {
        final long trades = events * tradePercent / 100;
        final long quotes = events * quotePercent / 100;
        final long deltas = events - trades - quotes;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (final String venue : List.of("binance", "hyperliquid")) {
                final String common = common(venue, symbols);
                copy(s, root, "trades", venue, "SELECT " + times(trades) + ", " + common
                    + ", round(60000 + hash(i) % 1000 / 10.0, 1) AS price, (1 + hash(i * 7) % 50) / 1000.0 AS size,"
                    + " CASE WHEN i % 2 = 0 THEN 'buy'"
                    + " ELSE 'sell' END AS side, i AS trade_id, 0::UTINYINT AS flags, i AS seq, 1::BIGINT AS epoch"
                    + " FROM range(" + trades + ") r(i)" + venueFilter(venue, symbols));
                copy(s, root, "quotes", venue, "SELECT " + times(quotes) + ", " + common + ", (59990 - hash(i) % 100"
                    + " / 10.0) AS bid_price, (1 + hash(i * 3) % 50) / 1000.0 AS bid_size, (60010 + hash(i) % 100"
                    + " / 10.0) AS ask_price, (1 + hash(i * 5) % 50) / 1000.0 AS ask_size, i AS seq, 1::BIGINT AS epoch"
                    + " FROM range(" + quotes + ") r(i)" + venueFilter(venue, symbols));
                final String none = " ELSE []::STRUCT(price DOUBLE, size DOUBLE)[] END";
                final boolean one = levelsPerDelta <= 1;
                final String bids = one ? "CASE WHEN i % 2 = 0 THEN " + levels(1, "59990 - hash(i) % 100") + none
                    : levels(levelsPerDelta / 2, "59990 - k");
                final String asks = one ? "CASE WHEN i % 2 = 1 THEN " + levels(1, "60010 + hash(i) % 100") + none
                    : levels(levelsPerDelta / 2, "60010 + k");
                copy(s, root, "l2delta", venue, "SELECT " + times(deltas) + ", " + common + ", " + bids + " AS bids, "
                    + asks + " AS asks, false AS from_snapshot, i AS venue_sequence, i AS seq, 1::BIGINT AS epoch"
                    + " FROM range(" + deltas + ") r(i)" + venueFilter(venue, symbols));
            }
        }
    }

    /**
     * @param count levels
     * @param price the price of level k (0-based) in whole units; a tenth from the row's hash is added
     * @return a LIST(STRUCT(price, size)) expression, sizes 0 (removed) to 0.004
     */
    private static String levels(final int count, final String price) {
        return "list_transform(range(" + count + "), lambda k: {'price': round(" + price + " + (hash(i + k) % 10)"
            + " / 10.0, 1), 'size': (hash(i * 11 + k) % 5) / 1000.0})";
    }

    private static String times(final long rows) {
        final long stepNs = HOUR_NS / Math.max(1, rows);
        return "make_timestamp_ns(" + START_NS + " + i * " + stepNs + ") AS exchange_time, make_timestamp_ns("
            + START_NS + " + i * " + stepNs + " + 1000000) AS receive_time";
    }

    /** Even symbol numbers on Binance ({@code S0USDT}), odd ones on Hyperliquid ({@code S1}). */
    private static String common(final String venue, final int symbols) {
        return "'" + venue + "' AS venue, 'S' || (i % " + symbols + ")" + ("binance".equals(venue) ? " || 'USDT'" : "")
            + " AS symbol";
    }

    private static String venueFilter(final String venue, final int symbols) {
        return " WHERE i % " + symbols + " % 2 = " + ("binance".equals(venue) ? 0 : 1);
    }

    private static void copy(final Statement s, final Path root, final String table, final String venue,
                             final String select) throws Exception {
        final Path dir = Files.createDirectories(root.resolve(table).resolve(venue).resolve("2026-01-15"));
        s.execute("COPY (" + select + ") TO '" + dir.resolve("part-synthetic.parquet")
            + "' (FORMAT parquet, COMPRESSION zstd)");
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM '" + dir.resolve("part-synthetic.parquet") + "'")) {
            r.next();
        }
    }
}
