package io.slipstream.mktdata.benchmarks.system;

import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Scenario 5, real captures: every capture directory under {@code ../shared/data} replayed as one session, as fast
 * as venue-sim can, through the whole chain (daemon, recorder, a Java strategy). Directories that hold no stream
 * capture (REST fixtures, licences) are listed as such.
 */
final class CaptureScenario {
    private static final Path DATA = Path.of("../shared/data");

    private CaptureScenario() {
    }

    static void run(final BenchOptions options, final Report report) throws Exception {
        report.heading("5. Real captures, replayed at full speed through the whole chain");
        if (!Files.isDirectory(DATA)) {
            report.text("Skipped: no captures at " + DATA.toAbsolutePath().normalize() + " (they are never copied "
                + "into the repository).");
            return;
        }
        final TreeMap<Path, List<Path>> sessions = sessions();
        final List<List<String>> rows = new ArrayList<>();
        int session = 0;
        for (final var entry : sessions.entrySet()) {
            if (options.quick() && session++ > 0 && !entry.getKey().toString().contains("hyperliquid/hftbacktest")) {
                // Quick mode: the first session and the Hyperliquid one, to run both venues' paths.
                continue;
            }
            rows.add(replay(DATA.relativize(entry.getKey()).toString(), entry.getValue(), options, report));
        }
        report.text("Each directory's capture files are merged by receive time into one session and replayed at "
            + "speed `max` (not looped), the market starting once the daemon has subscribed; the run ends when the "
            + "replay is over and the daemon has published nothing for 2 s (or after " + options.captureSeconds()
            + " s). Trade ids in old captures have holes of their own, so they are counted, not judged; the chain "
            + "itself must not double a trade or lose a seq, in the strategy or in the Parquet."
            + (options.quick() ? " Quick mode replays two sessions only." : ""));
        report.table(List.of("capture", "lines", "wall s", "lines/s", "daemon events", "strategy msgs",
            "seq doubled / lost", "Parquet trades (doubled, missing)", "result"), rows);
    }

    private static TreeMap<Path, List<Path>> sessions() throws IOException {
        final TreeMap<Path, List<Path>> sessions = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(DATA)) {
            walk.filter(Files::isRegularFile).filter(CaptureScenario::isCaptureFile).sorted()
                .forEach(file -> sessions.computeIfAbsent(file.getParent(), d -> new ArrayList<>()).add(file));
        }
        return sessions;
    }

    private static boolean isCaptureFile(final Path file) {
        final String name = file.getFileName().toString();
        final String lower = name.toLowerCase(Locale.ROOT);
        return !lower.startsWith("license") && !lower.startsWith("readme") && !lower.startsWith("provenance")
            && !lower.startsWith("sha256") && !lower.equals("index.tsv") && !lower.endsWith(".md");
    }

    private static List<String> replay(final String name, final List<Path> files, final BenchOptions options,
                                       final Report report) throws Exception {
        final VenueSim sim;
        try {
            sim = VenueSim.builder().replay(files, 0, false).paused().start();
        } catch (final RuntimeException e) {
            return List.of(name, "-", "-", "-", "-", "-", "-", "-", "not a stream capture: " + e.getMessage());
        }
        if (sim.market().symbols().isEmpty()) {
            sim.close();
            return List.of(name, "-", "-", "-", "-", "-", "-", "-", "no symbols: fixtures, not a stream "
                + "capture venue-sim replays");
        }
        final Path directory = Files.createTempDirectory("bench-capture");
        try (Chain chain = Chain.start(sim, directory, true, true)) {
            final JavaStrategy strategy = JavaStrategy.start(chain.daemon().socket(), "capture", 1000,
                JavaStrategy.Mode.NORMAL);
            Thread.sleep(3_000);
            final double eventsBefore = chain.daemon().metrics().sum("mktdata_engine_events_published_total");
            final long startNs = System.nanoTime();
            sim.startMarket();
            final long deadlineNs = startNs + options.captureSeconds() * 1_000_000_000L;
            double lastEvents = -1;
            long quietSinceNs = System.nanoTime();
            while (System.nanoTime() < deadlineNs) {
                Thread.sleep(250);
                final double events = chain.daemon().metrics().sum("mktdata_engine_events_published_total");
                if (events != lastEvents) {
                    lastEvents = events;
                    quietSinceNs = System.nanoTime();
                } else if (sim.replay().finished() && System.nanoTime() - quietSinceNs > 2_000_000_000L) {
                    break;
                }
            }
            final double wallS = (System.nanoTime() - startNs) / 1e9;
            final boolean finished = sim.replay().finished();
            final JavaStrategy.Tally tally = strategy.tally();
            strategy.close();
            chain.recorder().stop();
            final RecorderProcess.TradeCheck recorded = chain.recorder().checkTrades();
            final boolean daemonAlive = chain.daemon().isAlive();
            final long lines = sim.replay().linesReplayed();
            final List<String> problems = new ArrayList<>();
            if (!daemonAlive) {
                problems.add("daemon died");
            }
            if (tally.doubled() > 0 || tally.lostSeq() > tally.reportedLost()) {
                problems.add("strategy saw doubled or unreported lost trades");
            }
            if (recorded.doubled() > 0 || recorded.missing() > 0) {
                problems.add("Parquet not exactly once");
            }
            final String result = problems.isEmpty() ? (finished ? "ok" : "ok (cut at the time limit)")
                : "**" + String.join(", ", problems) + "**";
            report.check("capture " + name + " through the chain", problems.isEmpty(), String.join(", ", problems));
            return List.of(name, Report.fmt("%,d", lines), Report.fmt("%.1f", wallS),
                Report.fmt("%,.0f", lines / wallS),
                Report.fmt("%,.0f", chain.daemon().isAlive() ? lastEvents - eventsBefore : Double.NaN),
                Long.toString(tally.books() + tally.trades() + tally.candles()),
                tally.doubled() + " / " + tally.lostSeq(),
                Report.fmt("%,d (%d, %d)", recorded.rows(), recorded.doubled(), recorded.missing()), result);
        }
    }
}
