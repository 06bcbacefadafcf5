package io.slipstream.mktdata.benchmarks.system;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.client.BookLevels;
import io.slipstream.mktdata.ipc.client.OrderBookMessage;
import io.slipstream.mktdata.ipc.client.OrderBookSnapshot;
import io.slipstream.mktdata.ipc.client.StreamStatusInfo;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.binance.BinanceConfig;
import io.slipstream.mktdata.venuesim.fault.Selector;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.net.SimConnection;
import io.slipstream.mktdata.venuesim.net.CloseKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4, soak with faults: the chain at 10x the realistic per-symbol rate with a fault every few seconds
 * (venue disconnects, stalls, dropped diffs, malformed frames, recorder kills, client churn) while slow and stuck
 * strategies hang on, checking the invariants throughout (books at checkpoints, trades exactly once in clients and
 * in the Parquet, gaps reported, resources flat, recovery within target). Any broken invariant fails the run.
 */
final class SoakScenario {
    /** Full mode: how long the trade backfills owed when the faults stop may take (weight for ~3 minutes). */
    private static final long BACKFILL_DRAIN_S = 150;
    private static final long SPEED = 10;
    /** Binance's real REST weight limit per minute. */
    private static final int BINANCE_WEIGHT_PER_MINUTE = 2_400;
    private static final long BOOK_TARGET_MS = 2_000;
    private static final long VENUE_TARGET_MS = 30_000;
    private static final int CHECKED_LEVELS = 20;
    /** After a stall: the next depth batches (every 100 ms) reveal the gap to the daemon. */
    private static final long STALL_SETTLE_MS = 1_000;

    private SoakScenario() {
    }

    /** One injected fault. */
    private record Fault(String kind, String venue, String symbol, long timeNs, long targetMs, int binanceWeight) {
    }

    static void run(final BenchOptions options, final Report report) throws Exception {
        report.heading("4. Soak with faults");
        final Path directory = Files.createTempDirectory("bench-soak");
        // Quick mode follows fewer symbols: a Binance reconnect's REST weight grows with them (see the report).
        final int symbols = options.quick() ? 10 : 20;
        final long eventsPerSecond = SPEED * DayScenario.REALISTIC_EVENTS_PER_SYMBOL * symbols;
        final long wallSeconds = Math.max(10, options.soakSimMinutes() * 60L / SPEED);
        final long checkpointEveryNs = TimeUnit.SECONDS.toNanos(options.quick() ? wallSeconds / 2 + 1 : 45);
        // Start at the realistic rate: the daemon's cold start and the strategies' subscriptions are not what is
        // soaked; then 10x for the whole soak.
        // Binance's REST weight limit per minute of the soak's clock: the market and the faults run 10x, so the
        // venue's minute is 6 s of wall time. At the real 2,400 a wall minute, a cut and a stall of 20 books every
        // 30 s ask for more weight than Binance gives anyone (docs/benchmarks.md); the adapter reads the limit from
        // exchangeInfo, as it does in production. Hyperliquid keeps its real limit.
        final BinanceConfig binance = BinanceConfig.defaults()
            .withRequestWeightPerMinute((int) (BINANCE_WEIGHT_PER_MINUTE * SPEED));
        try (Chain chain = Chain.start(VenueSim.builder().synthetic(symbols, 7, eventsPerSecond / SPEED)
            .binance(binance).start(), directory, true, true)) {
            if (chain.awaitLiveBooks(2 * symbols, 120_000) < 0) {
                report.failure("soak: the books were not live within 120 s");
            }
            log("books live");
            final VenueSim sim = chain.sim();
            final StatusLog statuses = new StatusLog(chain.daemon().socket());
            final List<JavaStrategy> healthy = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                healthy.add(JavaStrategy.start(chain.daemon().socket(), "soak-java-" + i, symbols,
                    JavaStrategy.Mode.NORMAL));
            }
            final JavaStrategy slow = JavaStrategy.start(chain.daemon().socket(), "soak-slow", symbols,
                JavaStrategy.Mode.SLOW);
            final JavaStrategy stuck = JavaStrategy.start(chain.daemon().socket(), "soak-stuck", symbols,
                JavaStrategy.Mode.STUCK);
            final PythonStrategy python = PythonStrategy.available() ? PythonStrategy.start(chain.daemon().socket(),
                directory.resolve("python.json"), (int) wallSeconds + 600, symbols) : null;
            log("strategies subscribed");
            sim.synthetic().eventsPerSecond(eventsPerSecond);
            Thread.sleep(3_000);
            stuck.getStuck();
            final List<Fault> faults = new ArrayList<>();
            final List<double[]> samples = new ArrayList<>();
            final List<List<String>> checkpoints = new ArrayList<>();
            final Metrics metricsBefore = chain.daemon().metrics();
            List<String> threadsAtBase = List.of();
            final long startNs = System.nanoTime();
            final long endNs = startNs + TimeUnit.SECONDS.toNanos(wallSeconds);
            long nextFaultNs = startNs + options.faultIntervalMs() * 1_000_000L;
            long nextCheckpointNs = startNs + checkpointEveryNs;
            long nextSampleNs = startNs;
            int faultIndex = 0;
            while (System.nanoTime() < endNs) {
                final long nowNs = System.nanoTime();
                if (nowNs >= nextSampleNs) {
                    final ProcStats stats = chain.daemon().stats();
                    samples.add(new double[] {(nowNs - startNs) / 1e9, stats.rssKb() / 1024.0, stats.threads(),
                        stats.fds()});
                    if (samples.size() == (int) (wallSeconds / 3)) {
                        threadsAtBase = ProcStats.threadNames(chain.daemon().pid());
                    }
                    nextSampleNs += 1_000_000_000L;
                }
                if (nowNs >= nextFaultNs) {
                    faults.add(inject(faultIndex++, chain, statuses));
                    nextFaultNs += options.faultIntervalMs() * 1_000_000L;
                }
                if (nowNs >= nextCheckpointNs) {
                    checkpoints.add(checkpoint(chain, healthy.get(0), symbols,
                        "t=" + (nowNs - startNs) / 1_000_000_000L + " s"));
                    nextCheckpointNs += checkpointEveryNs;
                }
                Thread.sleep(50);
            }
            sim.faults().clear();
            log("faults over");
            checkpoints.add(checkpoint(chain, healthy.get(0), symbols, "end"));
            // Trade backfills still owed when the faults stop are late, not lost: wait (bounded) for them to arrive
            // before judging contiguity, and report how long they took.
            final long drainStartNs = System.nanoTime();
            final long drainEndNs = drainStartNs + TimeUnit.SECONDS.toNanos(options.quick() ? 30 : BACKFILL_DRAIN_S);
            final long holesAtEnd = healthy.stream().mapToLong(java -> java.tally().tradeIdHoles()).sum();
            while (healthy.stream().anyMatch(java -> java.tally().tradeIdHoles() > 0)
                && System.nanoTime() < drainEndNs) {
                Thread.sleep(250);
            }
            final long drainMs = (System.nanoTime() - drainStartNs) / 1_000_000L;
            log("trade backfills owed at the end: " + holesAtEnd + " missing ids, " + drainMs + " ms to drain");
            final ProcStats last = chain.daemon().stats();
            final List<String> threadsAtEnd = ProcStats.threadNames(chain.daemon().pid());
            samples.add(new double[] {(last.timeNs() - startNs) / 1e9, last.rssKb() / 1024.0, last.threads(),
                last.fds()});
            final Metrics metricsAfter = chain.daemon().metrics();
            final PythonStrategy.Result pythonResult = python == null ? null : python.stop();
            final boolean recorderAlive = chain.recorder().isAlive();
            chain.recorder().stop();
            final RecorderProcess.TradeCheck recorded = chain.recorder().checkTrades();
            log("results collected");
            final boolean daemonAlive = chain.daemon().isAlive();

            report.text(Report.fmt("%d symbols per venue at %,d events/s (10x the realistic day's per-symbol rate; "
                    + "venue-sim's synthetic clock runs at 1x, so candle buckets and ping timers do not accelerate: "
                    + "%d simulated minutes are %d s of wall time at 10x the traffic; Binance's REST weight limit is "
                    + "its real 2,400 per simulated minute, 24,000 per wall minute, read by the daemon from "
                    + "exchangeInfo; Hyperliquid's stays at its real 1,200 a minute). The daemon, the recorder, 3 "
                    + "healthy Java strategies and %s on every book, trade and 15m candle, plus a slow Java strategy "
                    + "(2 ms per message) and a stuck one (stops reading after 3 s). A fault every %.1f s, in turn: "
                    + "%s. %d faults injected; book checkpoints every %d s and at the end (the market paused, every "
                    + "Binance book of the daemon and of a healthy strategy compared with the simulator's, top %d "
                    + "levels; Hyperliquid's books are aggregated by the venue, so they are not compared "
                    + "level by level).", symbols, eventsPerSecond, options.soakSimMinutes(), wallSeconds,
                python == null ? "no Python strategy (no venv)" : "1 Python strategy",
                options.faultIntervalMs() / 1000.0, String.join(", ", FAULT_NAMES), faults.size(),
                checkpointEveryNs / 1_000_000_000L, CHECKED_LEVELS));

            final List<List<String>> checks = new ArrayList<>();
            checks.add(report.check("daemon alive throughout", daemonAlive, "pid " + chain.daemon().pid()));
            checks.add(report.check("recorder alive after its kills", recorderAlive, chain.recorder().starts()
                + " starts"));
            final long badCheckpoints = checkpoints.stream().filter(c -> !c.get(1).contains("equal:")).count();
            // A checkpoint where no Binance book was live compared nothing: it must not count as agreement.
            final long emptyCheckpoints = checkpoints.stream().filter(c -> c.get(1).contains("equal: 0 live")).count();
            checks.add(report.check("books equal the simulator's at every checkpoint",
                badCheckpoints == 0 && emptyCheckpoints < checkpoints.size(),
                checkpoints.size() + " checkpoints, " + badCheckpoints + " with differences, " + emptyCheckpoints
                    + " comparing no book (none live)"));
            long doubled = 0;
            long holes = 0;
            long unreported = 0;
            long healthyTrades = 0;
            for (final JavaStrategy java : healthy) {
                final JavaStrategy.Tally tally = java.tally();
                doubled += tally.doubled() + tally.tradeIdRepeats();
                holes += tally.tradeIdHoles();
                unreported += Math.max(0, tally.lostSeq() - tally.reportedLost());
                healthyTrades += tally.trades();
            }
            if (pythonResult != null) {
                doubled += pythonResult.get("doubled") + pythonResult.get("trade_id_repeats");
                holes += pythonResult.get("trade_id_holes");
                unreported += Math.max(0, pythonResult.get("lost_seq") - pythonResult.get("gaps_detected"));
            }
            checks.add(report.check("no trade doubled in the healthy strategies (seq and Binance trade id)",
                doubled == 0, doubled + " doubled of " + healthyTrades + " Java trades"));
            final List<String> holeList = healthy.get(0).tradeIdHoles();
            checks.add(report.check("no Binance trade lost in the healthy strategies (trade ids contiguous)",
                holes == 0, holes + " missing" + (holes == 0 ? "" : "; strategy 0: " + String.join("; ",
                    holeList.subList(0, Math.min(3, holeList.size()))))
                    + Report.fmt(" (when the faults stopped %,d ids were still owed by trade backfills, waiting for "
                    + "REST weight; %.1f s later %s)", holesAtEnd, drainMs / 1000.0,
                    holes == 0 ? "all had arrived" : "these had not")));
            checks.add(report.check("every seq jump a strategy saw was reported as a gap", unreported == 0,
                unreported + " unreported"));
            checks.add(report.check("recorder: every journaled trade in the Parquet exactly once",
                recorded.doubled() == 0 && recorded.missing() == 0 && recorded.rows() > 0,
                Report.fmt("%,d rows in %d streams, %d doubled, %d missing", recorded.rows(), recorded.streams(),
                    recorded.doubled(), recorded.missing())));
            statuses.writeTo(directory.resolve("statuses.txt"), startNs);
            final StringBuilder faultLog = new StringBuilder();
            for (final Fault fault : faults) {
                faultLog.append(Report.fmt("%10.3f %s %s %s (Binance REST weight used this minute: %d)%n",
                    (fault.timeNs() - startNs) / 1e9, fault.kind(), fault.venue(), fault.symbol(),
                    fault.binanceWeight()));
            }
            Files.writeString(directory.resolve("faults.txt"), faultLog);
            log("statuses and faults: " + directory);
            recoveryChecks(report, checks, faults, statuses);
            resourceChecks(report, checks, samples, threadsAtBase, threadsAtEnd);
            report.table(List.of("invariant", "result", "detail"), checks);
            report.table(List.of("checkpoint", "books"), checkpoints);
            report.table(List.of("daemon counters over the soak", "value"), List.of(
                List.of("venue (re)connects", delta(metricsBefore, metricsAfter, "mktdata_venue_connects_total")),
                List.of("book gaps / resyncs", delta(metricsBefore, metricsAfter, "mktdata_book_gaps_total") + " / "
                    + delta(metricsBefore, metricsAfter, "mktdata_book_resyncs_total")),
                List.of("bad venue frames", delta(metricsBefore, metricsAfter, "mktdata_venue_bad_frames_total")),
                List.of("trades backfilled", delta(metricsBefore, metricsAfter, "mktdata_trades_backfilled_total")),
                List.of("messages dropped for slow clients", delta(metricsBefore, metricsAfter,
                    "mktdata_ipc_messages_dropped_total")),
                List.of("slow-consumer disconnects", delta(metricsBefore, metricsAfter,
                    "mktdata_ipc_slow_consumer_disconnects_total")),
                // A strategy's replies queue behind the stream messages its own reader has not handled yet, so
                // the slow one (2 ms per message) waits for its own backlog: its figure says nothing of the daemon.
                List.of("slowest subscribe reply (ms) of the strategies starting under load: healthy, slow, stuck",
                    healthy.stream().mapToLong(JavaStrategy::slowestSubscribeMs).max().orElse(0) + ", "
                        + slow.slowestSubscribeMs() + ", " + stuck.slowestSubscribeMs()),
                List.of("slow strategy: trades received, gaps reported", slow.tally().trades() + ", "
                    + slow.tally().gapStatuses())));
            final Map<String, double[][]> plot = new LinkedHashMap<>();
            plot.put("RSS (MB)", series(samples, 1));
            plot.put("threads", series(samples, 2));
            plot.put("file descriptors", series(samples, 3));
            report.timePlot("soak-resources.png", "Soak: daemon RSS, threads and file descriptors", "count / MB",
                plot);
            statuses.close();
            healthy.forEach(JavaStrategy::close);
            slow.close();
            stuck.close();
        }
    }

    private static final List<String> FAULT_NAMES = List.of("a dropped Binance depth diff", "a malformed Binance "
        + "frame", "every Binance socket cut (1006)", "the recorder killed (SIGKILL) and restarted",
        "Hyperliquid stalled 3 s", "a dropped diff", "a malformed Hyperliquid frame",
        "every Hyperliquid socket reset (RST)", "a client connecting, subscribing and leaving",
        "Binance stalled 2 s");

    private static Fault inject(final int index, final Chain chain, final StatusLog statuses) throws Exception {
        final VenueSim sim = chain.sim();
        final long nowNs = System.nanoTime();
        // The venue's own count of the REST weight used this minute, when the fault hit.
        final int weight = sim.binance().restUsedWeight();
        final String busy = sim.market().symbols().get((index / FAULT_NAMES.size()) % 5).binanceSymbol();
        switch (index % FAULT_NAMES.size()) {
            case 0, 5 -> {
                sim.faults().dropDepthDiffs(busy, 1);
                // A diff dropped while the book is already resyncing (after a cut) changes nothing to report.
                return new Fault("dropped diff", "binance", busy, nowNs,
                    statuses.isLive("binance", busy) ? BOOK_TARGET_MS : 0, weight);
            }
            case 1 -> {
                sim.faults().malformed(Venue.BINANCE_USDM, Selector.ALL, index % 2 == 0);
                return new Fault("malformed frame", "binance", null, nowNs, 0, weight);
            }
            case 2 -> {
                sim.faults().disconnect(Venue.BINANCE_USDM, Selector.ALL, CloseKind.parse("1006"));
                return new Fault("disconnect", "binance", null, nowNs, VENUE_TARGET_MS, weight);
            }
            case 3 -> {
                chain.recorder().killAndRestart();
                return new Fault("recorder kill", null, null, nowNs, 0, weight);
            }
            case 4 -> {
                sim.faults().stall(Venue.HYPERLIQUID, Selector.ALL, 3_000);
                return new Fault("stall", "hyperliquid", null, nowNs, 0, weight);
            }
            case 6 -> {
                sim.faults().malformed(Venue.HYPERLIQUID, Selector.ALL, true);
                return new Fault("malformed frame", "hyperliquid", null, nowNs, 0, weight);
            }
            case 7 -> {
                sim.faults().disconnect(Venue.HYPERLIQUID, Selector.ALL, CloseKind.parse("reset"));
                return new Fault("disconnect", "hyperliquid", null, nowNs, VENUE_TARGET_MS, weight);
            }
            case 8 -> {
                try (JavaStrategy churn = JavaStrategy.start(chain.daemon().socket(), "soak-churn-" + index, 5,
                    JavaStrategy.Mode.NORMAL)) {
                    churn.client().ping();
                }
                return new Fault("client churn", null, null, nowNs, 0, weight);
            }
            default -> {
                sim.faults().stall(Venue.BINANCE_USDM, Selector.ALL, 2_000);
                return new Fault("stall", "binance", null, nowNs, 0, weight);
            }
        }
    }

    /**
     * Waits until every book is live (a recent fault gets the venue target to recover, with the market running: a
     * Binance book resyncs on the first diff after its snapshot), pauses the market, lets the last diffs and
     * messages arrive, compares every Binance book, resumes.
     */
    private static List<String> checkpoint(final Chain chain, final JavaStrategy strategy, final int symbols,
                                           final String when)
        throws InterruptedException {
        final VenueSim sim = chain.sim();
        final long waitStartMs = System.currentTimeMillis();
        // A stalled connection silently drops what it would send, and until data flows again nothing tells the
        // daemon, whose books still (rightly, as far as it can know) say live: a checkpoint then would compare books
        // that cannot be current. Wait for the stall to end and the next diffs to show the gap.
        boolean stalled = false;
        while (System.currentTimeMillis() - waitStartMs < VENUE_TARGET_MS
            && sim.faults().connections().stream().anyMatch(SimConnection::isStalled)) {
            stalled = true;
            Thread.sleep(100);
        }
        if (stalled) {
            Thread.sleep(STALL_SETTLE_MS);
        }
        while (System.currentTimeMillis() - waitStartMs < VENUE_TARGET_MS && chain.liveBooks() < 2 * symbols) {
            Thread.sleep(100);
        }
        final String live = chain.liveBooks() + " of " + 2 * symbols + " books live after "
            + (System.currentTimeMillis() - waitStartMs) + " ms; ";
        sim.synthetic().pause();
        try {
            Thread.sleep(1_500);
            int compared = 0;
            final List<String> differences = new ArrayList<>();
            final java.util.Set<String> notLive = new java.util.HashSet<>();
            for (final StreamStatusInfo stream : chain.checker().getStatus("binance")) {
                if ("book".equals(stream.stream()) && !"live".equals(stream.status())) {
                    notLive.add(stream.symbol());
                }
            }
            for (final SimSymbol symbol : sim.market().symbols()) {
                // A book that is not live is known stale (its status says so); the recovery checks judge how long.
                if (notLive.contains(symbol.binanceSymbol())) {
                    continue;
                }
                final long[][] expected = simBook(symbol);
                final OrderBookSnapshot daemonBook = chain.checker().getOrderbook("binance", symbol.binanceSymbol(),
                    CHECKED_LEVELS);
                final String daemonDiff = compare(expected, daemonBook.bids(), daemonBook.asks(), symbol,
                    CHECKED_LEVELS);
                if (daemonDiff != null) {
                    differences.add("daemon " + symbol.binanceSymbol() + ": " + daemonDiff);
                }
                final OrderBookMessage seen = strategy.lastBook(symbol.binanceSymbol());
                final String clientDiff = seen == null ? "no book received"
                    : compare(expected, seen.bids(), seen.asks(), symbol, 10);
                if (clientDiff != null) {
                    differences.add("strategy " + symbol.binanceSymbol() + ": " + clientDiff);
                }
                compared++;
            }
            final String detail = differences.isEmpty()
                ? "equal: " + compared + " live Binance books, daemon and strategy"
                : differences.size() + " different: " + String.join("; ", differences.subList(0,
                    Math.min(3, differences.size())));
            System.out.println("checkpoint " + when + ": " + live + detail);
            return List.of(when, live + detail);
        } finally {
            sim.synthetic().resume();
        }
    }

    private static void log(final String what) {
        System.out.printf("%tT soak: %s%n", System.currentTimeMillis(), what);
    }

    private static long[][] simBook(final SimSymbol symbol) {
        synchronized (symbol) {
            final L2Book book = symbol.book();
            final int bids = Math.min(CHECKED_LEVELS, book.bidDepth());
            final int asks = Math.min(CHECKED_LEVELS, book.askDepth());
            final long[][] levels = new long[4][];
            levels[0] = new long[bids];
            levels[1] = new long[bids];
            levels[2] = new long[asks];
            levels[3] = new long[asks];
            for (int i = 0; i < bids; i++) {
                levels[0][i] = book.bidPrice(i);
                levels[1][i] = book.bidSize(i);
            }
            for (int i = 0; i < asks; i++) {
                levels[2][i] = book.askPrice(i);
                levels[3][i] = book.askSize(i);
            }
            return levels;
        }
    }

    /** @return null if the first {@code depth} levels agree, else the first difference */
    private static String compare(final long[][] expected, final BookLevels bids, final BookLevels asks,
                                  final SimSymbol symbol, final int depth) {
        final String bidDiff = compareSide("bid", expected[0], expected[1], bids, symbol, depth);
        return bidDiff != null ? bidDiff : compareSide("ask", expected[2], expected[3], asks, symbol, depth);
    }

    private static String compareSide(final String side, final long[] prices, final long[] sizes,
                                      final BookLevels actual, final SimSymbol symbol, final int depth) {
        final int levels = Math.min(depth, prices.length);
        if (actual.prices().length < levels) {
            return side + "s: " + actual.prices().length + " levels, expected " + levels;
        }
        final double priceUnit = Math.pow(10, symbol.priceScale());
        final double sizeUnit = Math.pow(10, symbol.sizeScale());
        for (int i = 0; i < levels; i++) {
            if (Math.round(actual.prices()[i] * priceUnit) != prices[i]
                || Math.round(actual.sizes()[i] * sizeUnit) != sizes[i]) {
                return Report.fmt("%s %d: %s x %s, expected %s x %s", side, i, actual.prices()[i], actual.sizes()[i],
                    symbol.formatPrice(prices[i]), symbol.formatSize(sizes[i]));
            }
        }
        return null;
    }

    private static void recoveryChecks(final Report report, final List<List<String>> checks, final List<Fault> faults,
                                       final StatusLog statuses) {
        final Map<String, List<Long>> recoveries = new LinkedHashMap<>();
        int unreported = 0;
        int late = 0;
        final List<String> lateFaults = new ArrayList<>();
        for (final Fault fault : faults) {
            if (fault.targetMs() == 0) {
                continue;
            }
            final long recoveryMs = statuses.recoveryMs(fault.timeNs(), fault.venue(), fault.symbol(),
                fault.timeNs() + TimeUnit.MILLISECONDS.toNanos(fault.targetMs() + 5_000));
            final String kind = fault.kind() + " (" + fault.venue() + ")";
            if (recoveryMs == -1) {
                unreported++;
                lateFaults.add(kind + " " + (fault.symbol() == null ? "" : fault.symbol()) + ": never reported");
                continue;
            }
            if (recoveryMs == -2 || recoveryMs > fault.targetMs()) {
                late++;
                lateFaults.add(kind + (fault.symbol() == null ? "" : " " + fault.symbol()) + ": "
                    + (recoveryMs == -2 ? "not live again within " + (fault.targetMs() + 5_000) + " ms"
                    : recoveryMs + " ms"));
            }
            // Not live again within the window counts as the window: the check fails, the median stays honest.
            recoveries.computeIfAbsent(kind, k -> new ArrayList<>()).add(recoveryMs == -2
                ? fault.targetMs() + 5_000 : recoveryMs);
        }
        checks.add(report.check("every dropped diff (on a live book) and venue cut reported (a book status not live)",
            unreported == 0, unreported + " unreported"));
        for (final Map.Entry<String, List<Long>> entry : recoveries.entrySet()) {
            final double[] values = entry.getValue().stream().mapToDouble(Long::doubleValue).toArray();
            final boolean book = entry.getKey().startsWith("dropped");
            checks.add(report.check("recovery after " + entry.getKey() + " within " + (book ? "2 s" : "30 s"),
                entry.getValue().stream().allMatch(ms -> ms <= (book ? BOOK_TARGET_MS : VENUE_TARGET_MS)),
                values.length + " faults, ms: median (min..max) " + Report.median(values, "%.0f")
                    + (entry.getValue().contains((book ? BOOK_TARGET_MS : VENUE_TARGET_MS) + 5_000)
                    ? " (a book not live again within the target + 5 s counts as target + 5 s)" : "")));
        }
        if (late > 0) {
            report.text("Late recoveries: " + String.join("; ", lateFaults));
        }
    }

    private static void resourceChecks(final Report report, final List<List<String>> checks,
                                       final List<double[]> samples, final List<String> threadsAtBase,
                                       final List<String> threadsAtEnd) {
        final List<String> newThreads = new ArrayList<>(threadsAtEnd);
        threadsAtBase.forEach(newThreads::remove);
        // Growth is judged against the first half's maximum: REST bursts after faults start the JDK HttpClient's
        // cached worker threads (idle ones end after a minute), and ZGC grows the heap in steps.
        final double[] end = samples.get(samples.size() - 1);
        final double[] base = new double[4];
        for (final double[] sample : samples.subList(0, samples.size() / 2 + 1)) {
            for (int i = 1; i < 4; i++) {
                base[i] = Math.max(base[i], sample[i]);
            }
        }
        final double baseRss = base[1];
        checks.add(report.check("no thread growth (the end within 3 of the first half's max)", end[2] <= base[2] + 3,
            Report.fmt("%.0f, then %.0f; threads at the end not there after the first third: %s", base[2], end[2],
                newThreads)));
        checks.add(report.check("no file-descriptor growth (the end within 8 of the first half's max)",
            end[3] <= base[3] + 8, Report.fmt("%.0f, then %.0f", base[3], end[3])));
        // ZGC grows its heap in large steps towards -Xmx, so only runaway growth fails here; the plot shows the trend.
        checks.add(report.check("no memory growth (RSS at the end within 25% + 128 MB of the first half's max)",
            end[1] <= baseRss * 1.25 + 128, Report.fmt("%.0f MB, then %.0f MB", baseRss, end[1])));
    }

    private static String delta(final Metrics before, final Metrics after, final String name) {
        return Report.fmt("%.0f", after.sum(name) - before.sum(name));
    }

    private static double[][] series(final List<double[]> samples, final int column) {
        return new double[][] {samples.stream().mapToDouble(s -> s[0]).toArray(),
            samples.stream().mapToDouble(s -> s[column]).toArray()};
    }
}
