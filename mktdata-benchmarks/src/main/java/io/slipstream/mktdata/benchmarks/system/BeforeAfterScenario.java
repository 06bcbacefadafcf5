package io.slipstream.mktdata.benchmarks.system;

import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.binance.BinanceAdapterConfig;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Scenario 3, before and after: N strategies each embedding the engine and opening their own Binance connections
 * (the world the sprint leaves), against the same N strategies on one shared daemon. Connections, REST weight, cold
 * start and tick-to-strategy latency side by side; cold starts repeated, medians with their spread.
 */
final class BeforeAfterScenario {
    private static final SystemEpochClock CLOCK = new SystemEpochClock();

    private BeforeAfterScenario() {
    }

    static void run(final BenchOptions options, final Report report) throws Exception {
        report.heading("3. Before and after: own venue connections versus the shared daemon");
        final int runs = options.beforeAfterRuns();
        final int measureSeconds = options.quick() ? 3 : 10;
        final double[][] before = new double[runs][];
        final double[][] after = new double[runs][];
        final Histogram beforeLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final Histogram afterLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (int run = 0; run < runs; run++) {
            before[run] = ownConnections(options.symbols(), options.strategies(), measureSeconds, beforeLatency);
            after[run] = sharedDaemon(options.symbols(), options.strategies(), measureSeconds, afterLatency);
        }
        report.text(Report.fmt("Binance only, %d symbols listed by venue-sim at the realistic rate; %d strategies "
                + "that each want the top-10 books, trades and candles of the %d busiest symbols. Before: each "
                + "strategy embeds the engine with its own Binance adapter (its own sockets, its own REST snapshots "
                + "and candle backfill). After: one daemon follows all %d symbols and the strategies connect to its "
                + "socket. Cold start before = adapter start to every wanted book in sync (the slowest strategy); "
                + "after = daemon process start to every book live, then (the daemon running, as in production) "
                + "strategy connect to its first book of every symbol. REST weight = Binance's used-weight of the "
                + "minute (X-MBX-USED-WEIGHT-1M) read after the cold start. %d run(s) per world: median (min..max).",
            options.symbols(), options.strategies(), DayScenario.SYMBOLS_PER_STRATEGY, options.symbols(), runs));
        final List<List<String>> rows = new ArrayList<>();
        final String[] names = {"venue connections", "REST weight used (1 min)", "REST 429 answers",
            "cold start (s)", "strategy cold start, daemon running (ms)"};
        final String[] formats = {"%.0f", "%.0f", "%.0f", "%.1f", "%.0f"};
        for (int i = 0; i < names.length; i++) {
            rows.add(List.of(names[i], Report.median(column(before, i), formats[i]),
                Report.median(column(after, i), formats[i])));
        }
        rows.add(List.of("tick to strategy p50 / p99 / p99.9 µs (all runs)", latency(beforeLatency),
            latency(afterLatency)));
        report.table(List.of("", "own connections (before)", "shared daemon (after)"), rows);
        final java.util.Map<String, Histogram> plot = new java.util.LinkedHashMap<>();
        plot.put("own connections (in-process engine)", beforeLatency);
        plot.put("shared daemon (Java client)", afterLatency);
        report.percentilePlot("before-after-latency.png", "Before and after: tick to strategy", plot);
    }

    private static double[] column(final double[][] runs, final int i) {
        final double[] values = new double[runs.length];
        for (int r = 0; r < runs.length; r++) {
            values[r] = runs[r][i];
        }
        return values;
    }

    private static String latency(final Histogram histogram) {
        return Report.us(histogram.getValueAtPercentile(50)) + " / " + Report.us(histogram.getValueAtPercentile(99))
            + " / " + Report.us(histogram.getValueAtPercentile(99.9));
    }

    /** @return connections, weight, 429s, cold start s, NaN */
    private static double[] ownConnections(final int symbols, final int strategies, final int measureSeconds,
                                           final Histogram latency) throws Exception {
        try (VenueSim sim = VenueSim.builder().synthetic(symbols, 42,
            DayScenario.REALISTIC_EVENTS_PER_SYMBOL * symbols).start()) {
            final List<String> wanted = new ArrayList<>();
            for (final SimSymbol symbol : sim.market().symbols().subList(0, DayScenario.SYMBOLS_PER_STRATEGY)) {
                wanted.add(symbol.binanceSymbol());
            }
            final URI ws = sim.binance().webSocketUri();
            final List<MarketDataEngine> engines = new ArrayList<>();
            final List<BinanceAdapter> adapters = new ArrayList<>();
            final Histogram[] histograms = new Histogram[strategies];
            final long startNs = System.nanoTime();
            for (int i = 0; i < strategies; i++) {
                final InstrumentRegistry registry = new InstrumentRegistry(256);
                final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
                final BinanceAdapter adapter = new BinanceAdapter(BinanceAdapterConfig.defaults(sim.binance().restUri(),
                    URI.create(ws + "/public"), URI.create(ws + "/market")).withSymbols(wanted), engine.publisher(),
                    registry, CLOCK);
                adapter.start();
                engines.add(engine);
                adapters.add(adapter);
                final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                histograms[i] = histogram;
                for (final StreamKind kind : List.of(StreamKind.BOOK, StreamKind.TRADES)) {
                    engine.subscribe(io.slipstream.mktdata.engine.StreamKey.all(kind, Venue.BINANCE_USDM, null), 0,
                        (event, state) -> {
                            final long latencyNs = CLOCK.epochNanos() - event.receiveTimeNs();
                            if (!event.isSnapshot() && event.receiveTimeNs() > 0 && latencyNs >= 0) {
                                synchronized (histogram) {
                                    histogram.recordValue(Math.min(latencyNs, histogram.getHighestTrackableValue()));
                                }
                            }
                        });
                }
            }
            final long deadlineNs = startNs + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadlineNs && !adapters.stream().allMatch(
                adapter -> wanted.stream().allMatch(adapter::depthSynced))) {
                Thread.sleep(50);
            }
            final double coldStartS = (System.nanoTime() - startNs) / 1e9;
            final double connections = sim.binance().connectionCount();
            final double weight = sim.binance().restUsedWeight();
            final double refused = sim.binance().restTooManyRequests();
            for (final Histogram histogram : histograms) {
                synchronized (histogram) {
                    histogram.reset();
                }
            }
            Thread.sleep(measureSeconds * 1000L);
            for (final Histogram histogram : histograms) {
                synchronized (histogram) {
                    latency.add(histogram);
                }
            }
            adapters.forEach(BinanceAdapter::close);
            engines.forEach(MarketDataEngine::close);
            return new double[] {connections, weight, refused, coldStartS, Double.NaN};
        }
    }

    /** @return connections, weight, 429s, daemon cold start s, strategy cold start ms */
    private static double[] sharedDaemon(final int symbols, final int strategies, final int measureSeconds,
                                         final Histogram latency) throws Exception {
        final Path directory = Files.createTempDirectory("bench-after");
        final long startNs = System.nanoTime();
        try (Chain chain = Chain.start(VenueSim.builder().synthetic(symbols, 42,
            DayScenario.REALISTIC_EVENTS_PER_SYMBOL * symbols).start(), directory, false, false)) {
            chain.awaitLiveBooks(symbols, 90_000);
            final double coldStartS = (System.nanoTime() - startNs) / 1e9;
            final long strategiesStartNs = System.nanoTime();
            final List<JavaStrategy> javas = new ArrayList<>();
            for (int i = 0; i < strategies; i++) {
                javas.add(JavaStrategy.start(chain.daemon().socket(), "after-" + i, DayScenario.SYMBOLS_PER_STRATEGY,
                    JavaStrategy.Mode.NORMAL));
            }
            final List<String> wanted = new ArrayList<>();
            for (final SimSymbol symbol : chain.sim().market().symbols().subList(0,
                DayScenario.SYMBOLS_PER_STRATEGY)) {
                wanted.add(symbol.binanceSymbol());
            }
            while (!javas.stream().allMatch(java -> wanted.stream().allMatch(s -> java.lastBook(s) != null))
                && System.nanoTime() - strategiesStartNs < TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(1);
            }
            final double strategyColdStartMs = (System.nanoTime() - strategiesStartNs) / 1e6;
            final double connections = chain.sim().binance().connectionCount();
            final double weight = chain.sim().binance().restUsedWeight();
            final double refused = chain.sim().binance().restTooManyRequests();
            javas.forEach(JavaStrategy::resetLatency);
            Thread.sleep(measureSeconds * 1000L);
            javas.forEach(java -> latency.add(java.latency()));
            javas.forEach(JavaStrategy::close);
            return new double[] {connections, weight, refused, coldStartS, strategyColdStartMs};
        }
    }
}
