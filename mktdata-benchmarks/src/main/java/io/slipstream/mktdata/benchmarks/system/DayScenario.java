package io.slipstream.mktdata.benchmarks.system;

import io.slipstream.mktdata.venuesim.VenueSim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Scenario 1, a realistic day: 100 symbols per venue at a realistic rate, the daemon, the recorder, 8 Java and 2
 * Python strategies on books, trades and candles. Measured in windows after a warm-up; figures are medians of the
 * windows with their spread.
 */
final class DayScenario {
    static final int SYMBOLS = 100;
    /** Book updates plus trades per second and symbol; each venue renders all of them. */
    static final long REALISTIC_EVENTS_PER_SYMBOL = 20;
    static final long REALISTIC_EVENTS_PER_SECOND = REALISTIC_EVENTS_PER_SYMBOL * SYMBOLS;
    static final int JAVA_STRATEGIES = 8;
    static final int PYTHON_STRATEGIES = 2;
    static final int SYMBOLS_PER_STRATEGY = 10;

    private DayScenario() {
    }

    static void run(final BenchOptions options, final Report report) throws Exception {
        report.heading("1. Realistic day");
        final Path directory = Files.createTempDirectory("bench-day");
        final int warmupSeconds = options.quick() ? 4 : 30;
        final int symbols = options.symbols();
        final long rate = REALISTIC_EVENTS_PER_SYMBOL * symbols;
        try (Chain chain = Chain.start(VenueSim.builder().synthetic(symbols, 42, rate).start(), directory, true,
            true)) {
            if (chain.awaitLiveBooks(2 * symbols, 120_000) < 0) {
                report.failure("day: not every book was live within 120 s (" + chain.liveBooks() + ")");
            }
            final List<JavaStrategy> javas = new ArrayList<>();
            for (int i = 0; i < JAVA_STRATEGIES; i++) {
                javas.add(JavaStrategy.start(chain.daemon().socket(), "day-java-" + i, SYMBOLS_PER_STRATEGY,
                    JavaStrategy.Mode.NORMAL));
            }
            final List<PythonStrategy> pythons = new ArrayList<>();
            if (PythonStrategy.available()) {
                for (int i = 0; i < PYTHON_STRATEGIES; i++) {
                    pythons.add(PythonStrategy.start(chain.daemon().socket(), directory.resolve("python-" + i
                        + ".json"), options.daySeconds() + warmupSeconds + 60, SYMBOLS_PER_STRATEGY));
                }
            } else {
                report.failure("day: the Python client's venv is missing (run clients/python/run-tests once)");
            }
            Thread.sleep(warmupSeconds * 1000L);
            javas.forEach(JavaStrategy::resetLatency);
            final Histogram javaAll = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final List<DaemonWindow> windows = new ArrayList<>();
            final List<double[]> javaWindowPercentiles = new ArrayList<>();
            final List<double[]> rss = new ArrayList<>();
            final long startNs = System.nanoTime();
            final DaemonWindow.Mark first = DaemonWindow.Mark.take(chain.daemon());
            final int windowSeconds = Math.max(1, options.daySeconds() / options.dayWindows());
            final int sampleSeconds = options.quick() ? 1 : 5;
            for (int w = 0; w < options.dayWindows(); w++) {
                final DaemonWindow.Mark from = DaemonWindow.Mark.take(chain.daemon());
                for (int s = 0; s < windowSeconds; s += sampleSeconds) {
                    Thread.sleep(sampleSeconds * 1000L);
                    final ProcStats stats = chain.daemon().stats();
                    rss.add(new double[] {(stats.timeNs() - startNs) / 1e9, stats.rssKb() / 1024.0, stats.threads(),
                        stats.fds()});
                }
                windows.add(DaemonWindow.between(from, DaemonWindow.Mark.take(chain.daemon())));
                final Histogram window = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                for (final JavaStrategy java : javas) {
                    window.add(java.latency());
                    java.resetLatency();
                }
                javaAll.add(window);
                javaWindowPercentiles.add(new double[] {window.getValueAtPercentile(50),
                    window.getValueAtPercentile(99), window.getValueAtPercentile(99.9), window.getMaxValue()});
            }
            final DaemonWindow whole = DaemonWindow.between(first, DaemonWindow.Mark.take(chain.daemon()));
            final Histogram pythonAll = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final List<PythonStrategy.Result> pythonResults = new ArrayList<>();
            for (final PythonStrategy python : pythons) {
                final PythonStrategy.Result result = python.stop();
                pythonResults.add(result);
                pythonAll.add(result.latency());
            }
            report.text(Report.fmt("venue-sim (in the orchestrator's JVM) serves %d synthetic symbols on each venue "
                    + "at %,d book updates and trades per second (each venue renders all of them: Binance `@100ms` "
                    + "depth diffs, aggTrades, klines; Hyperliquid l2Book, trades, bbo, candles); the daemon follows "
                    + "both venues, journals, and the recorder writes Parquet. %d Java strategies (threads of the "
                    + "orchestrator, one client each) and %d Python strategies (processes) each subscribe to the "
                    + "top-10 books and 15m candles of %d symbols per venue and to every trade of both venues. "
                    + "Warm-up %d s, then %d windows of %d s. Tick to client = venue frame read by the daemon to "
                    + "message decoded by the strategy (same clock, same host).", symbols,
                rate, JAVA_STRATEGIES, pythons.size(), SYMBOLS_PER_STRATEGY, warmupSeconds,
                options.dayWindows(), windowSeconds));
            final List<List<String>> rows = new ArrayList<>();
            rows.add(row("Java (" + JAVA_STRATEGIES + " strategies)", javaAll, javaWindowPercentiles));
            if (!pythons.isEmpty()) {
                rows.add(row("Python (" + pythons.size() + " strategies, whole run)", pythonAll, List.of()));
            }
            report.table(List.of("client type", "messages", "p50 µs", "p99 µs", "p99.9 µs", "max µs"), rows);
            final Map<String, Histogram> plot = new LinkedHashMap<>();
            plot.put("Java", javaAll);
            if (!pythons.isEmpty()) {
                plot.put("Python", pythonAll);
            }
            report.percentilePlot("day-latency.png", "Realistic day: tick to client", plot);
            report.table(List.of("daemon, per window (median (min..max))", "value"), List.of(
                List.of("venue messages per second", median(windows, w -> w.venueMessages() / w.seconds(), "%,.0f")),
                List.of("IPC messages per second", median(windows, w -> w.ipcMessages() / w.seconds(), "%,.0f")),
                List.of("CPU per venue message (µs)", median(windows, DaemonWindow::cpuUsPerVenueMessage, "%.1f")),
                List.of("CPU (% of one core)", median(windows, DaemonWindow::cpuPercentOfCore, "%.1f")),
                List.of("machine CPU (% of all cores)", median(windows, DaemonWindow::machinePercent, "%.0f")),
                List.of("allocation once warm, whole run (MB/s; the JVM counts it at each GC)",
                    Report.fmt("%.2f", whole.allocationMbPerSecond())),
                List.of("GC pauses, whole run (count, total ms; the JVM reports whole ms)",
                    Report.fmt("%.0f, %.0f", whole.gcPauses(), whole.gcPauseSeconds() * 1e3)),
                List.of("RSS (MB): first sample, last, max", Report.fmt("%.0f, %.0f, %.0f", rss.get(0)[1],
                    rss.get(rss.size() - 1)[1], rss.stream().mapToDouble(r -> r[1]).max().orElse(0))),
                List.of("threads, file descriptors (last sample)", Report.fmt("%.0f, %.0f",
                    rss.get(rss.size() - 1)[2], rss.get(rss.size() - 1)[3]))));
            report.timePlot("day-rss.png", "Realistic day: daemon RSS", "MB", Map.of("daemon RSS",
                new double[][] {rss.stream().mapToDouble(r -> r[0]).toArray(),
                    rss.stream().mapToDouble(r -> r[1]).toArray()}));
            final List<List<String>> checks = new ArrayList<>();
            long doubled = 0;
            long holes = 0;
            long unreported = 0;
            for (final JavaStrategy java : javas) {
                final JavaStrategy.Tally tally = java.tally();
                doubled += tally.doubled() + tally.tradeIdRepeats();
                holes += tally.tradeIdHoles();
                unreported += Math.max(0, tally.lostSeq() - tally.reportedLost());
            }
            for (final PythonStrategy.Result result : pythonResults) {
                doubled += result.get("doubled") + result.get("trade_id_repeats");
                holes += result.get("trade_id_holes");
                unreported += Math.max(0, result.get("lost_seq") - result.get("gaps_detected"));
            }
            checks.add(report.check("no trade doubled (seq, Binance trade id)", doubled == 0, doubled + " doubled"));
            checks.add(report.check("no Binance trade lost (trade ids contiguous)", holes == 0, holes + " missing"));
            checks.add(report.check("every seq jump reported as a gap", unreported == 0, unreported
                + " unreported"));
            report.table(List.of("check", "result", "detail"), checks);
            javas.forEach(JavaStrategy::close);
        }
    }

    private static List<String> row(final String name, final Histogram all, final List<double[]> windows) {
        final List<String> cells = new ArrayList<>();
        cells.add(name);
        cells.add(Long.toString(all.getTotalCount()));
        for (int p = 0; p < 4; p++) {
            if (windows.size() > 1) {
                final double[] values = new double[windows.size()];
                for (int w = 0; w < values.length; w++) {
                    values[w] = windows.get(w)[p] / 1000.0;
                }
                cells.add(Report.median(values, "%.0f"));
            } else {
                cells.add(Report.us(p == 0 ? all.getValueAtPercentile(50) : p == 1 ? all.getValueAtPercentile(99)
                    : p == 2 ? all.getValueAtPercentile(99.9) : all.getMaxValue()));
            }
        }
        return cells;
    }

    static String median(final List<DaemonWindow> windows, final java.util.function.ToDoubleFunction<DaemonWindow> f,
                         final String format) {
        return Report.median(windows.stream().mapToDouble(f).toArray(), format);
    }
}
