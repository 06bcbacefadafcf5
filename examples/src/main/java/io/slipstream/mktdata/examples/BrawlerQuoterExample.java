package io.slipstream.mktdata.examples;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.MarketState;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.binance.BinanceAdapterConfig;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig.Channel;
import io.slipstream.mktdata.venuesim.VenueSim;

import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A Brawler-style market maker's market-data side, embedding the engine with both venue adapters in its own JVM:
 * fair value from the Binance BTCUSDT mid (plus the smoothed Hyperliquid-over-Binance basis from the engine's
 * features), quotes around it for Hyperliquid BTC that never cross Hyperliquid's book, and a half-spread widened
 * when the Hyperliquid trade flow of the last 10 s is toxic ({@link QuoteRule}). It prints one decision a second.
 *
 * <p>Run: {@code BrawlerQuoterExample [--seconds N] [--production]}: against an embedded venue-sim (a synthetic
 * market on loopback, no network needed) unless {@code --production} connects to the real venues.
 *
 * <p>Threads: the listeners and {@link #decide} run on the engine thread, which owns the strategy's state; the
 * caller's thread only asks for a decision once a second and prints it.
 */
public final class BrawlerQuoterExample implements AutoCloseable {
    /** The Hyperliquid coin quoted. */
    public static final String COIN = "BTC";
    /** The Binance USD-M symbol the fair value comes from. */
    public static final String SYMBOL = "BTCUSDT";
    private static final long TOXICITY_WINDOW_MS = 10_000;
    /** Weight of a new basis in its moving average: the fair value follows the basis over ~10 features events. */
    private static final double BASIS_SMOOTHING = 0.1;
    private static final long QUERY_TIMEOUT_MS = 1_000;

    private final QuoteRule rule;
    private final MarketDataEngine engine;
    private final BinanceAdapter binance;
    private final HyperliquidAdapter hyperliquid;
    private Instrument btc;
    private Instrument btcusdt;

    // Engine thread only: written by the listeners, read by decide(), which runs as an engine query.
    private long hyperliquidBookUpdates;
    private long binanceBookUpdates;
    private long featureEvents;
    private FeatureView hyperliquidFeatures;
    private double smoothedBasisBps = Double.NaN;

    private BrawlerQuoterExample(final BinanceAdapterConfig binanceVenue, final HyperliquidAdapterConfig hlVenue,
                                 final QuoteRule rule) {
        this.rule = rule;
        // docs:start brawler-wiring
        final InstrumentRegistry registry = new InstrumentRegistry(1024);
        engine = new MarketDataEngine(new EngineContext().registry(registry));
        // Both adapters publish into the same engine; only what the strategy needs is subscribed at the venues.
        binance = new BinanceAdapter(binanceVenue.withSymbols(List.of(SYMBOL)).withCandles(List.of(), i -> 0),
            engine.publisher(), registry, new SystemEpochClock());
        // A quoter lives at the touch: Hyperliquid's fast book (5 levels, ~0.5 s) rather than 20 levels every ~5 s.
        hyperliquid = new HyperliquidAdapter(hlVenue.toBuilder().coins(List.of(COIN)).fast(true)
            .channels(EnumSet.of(Channel.L2_BOOK, Channel.TRADES)).candleIntervals(List.of()).build(),
            engine.publisher(), registry, new SystemEpochClock());
        // docs:end brawler-wiring
    }

    /**
     * Starts the engine and both adapters (each loads its venue's instrument list, blocking), then subscribes.
     *
     * @param binanceVenue where Binance USD-M is ({@link BinanceAdapterConfig#production()} or a venue-sim)
     * @param hlVenue      where Hyperliquid is
     * @param rule         the quoting rule
     * @return the running quoter
     * @throws Exception if a venue cannot be reached or the engine does not answer
     */
    public static BrawlerQuoterExample start(final BinanceAdapterConfig binanceVenue,
                                             final HyperliquidAdapterConfig hlVenue, final QuoteRule rule)
        throws Exception {
        final BrawlerQuoterExample quoter = new BrawlerQuoterExample(binanceVenue, hlVenue, rule);
        try {
            quoter.startAll();
        } catch (final Exception e) {
            quoter.close();
            throw e;
        }
        return quoter;
    }

    private void startAll() throws IOException, InterruptedException, ExecutionException, TimeoutException {
        engine.start();
        binance.start();
        hyperliquid.start();
        final InstrumentRegistry registry = engine.registry();
        btc = registry.find(Venue.HYPERLIQUID, COIN);
        btcusdt = registry.find(Venue.BINANCE_USDM, SYMBOL);
        if (btc == null || btcusdt == null) {
            throw new IllegalStateException("the venues do not list " + COIN + " and " + SYMBOL);
        }
        // docs:start brawler-subscribe
        // Listeners run on the engine thread, in sequence: they only note what changed.
        engine.subscribe(StreamKey.book(btc), 1, (event, state) -> hyperliquidBookUpdates++)
            .started().get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        engine.subscribe(StreamKey.book(btcusdt), 1, (event, state) -> binanceBookUpdates++)
            .started().get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        // Features come at most once a second per instrument: copying them (it allocates) is cheap enough.
        engine.subscribe(StreamKey.features(btc), 1, (event, state) -> {
            featureEvents++;
            hyperliquidFeatures = FeatureView.copyOf(event);
            final double basisBps = hyperliquidFeatures.basisBps();
            if (!Double.isNaN(basisBps)) {
                smoothedBasisBps = Double.isNaN(smoothedBasisBps) ? basisBps
                    : smoothedBasisBps + BASIS_SMOOTHING * (basisBps - smoothedBasisBps);
            }
        }).started().get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        // docs:end brawler-subscribe
    }

    /**
     * @return a decision on the books and features as they are now
     * @throws Exception if the engine does not answer within a second
     */
    public QuoteDecision decideNow() throws Exception {
        final long nowMs = System.currentTimeMillis();
        // docs:start brawler-decide
        // The decision runs on the engine thread between two events: both books are consistent with each other.
        return engine.query(state -> decide(state, nowMs)).get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        // docs:end brawler-decide
    }

    /** Engine thread. */
    private QuoteDecision decide(final MarketState state, final long nowMs) {
        final L2Book binanceBook = state.book(btcusdt.id());
        final L2Book hyperliquidBook = state.book(btc.id());
        final double hlBestBid = hyperliquidBook.isTwoSided() ? btc.price(hyperliquidBook.bestBidPrice()) : Double.NaN;
        final double hlBestAsk = hyperliquidBook.isTwoSided() ? btc.price(hyperliquidBook.bestAskPrice()) : Double.NaN;
        return rule.decide(nowMs, binanceBook.midPrice(), smoothedBasisBps, toxicity(hyperliquidFeatures),
            hlBestBid, hlBestAsk);
    }

    private static double toxicity(final FeatureView features) {
        if (features == null) {
            return Double.NaN;
        }
        for (int w = 0; w < features.windowCount(); w++) {
            if (features.windowMs(w) == TOXICITY_WINDOW_MS) {
                return features.toxicity(w);
            }
        }
        return Double.NaN;
    }

    /**
     * Decides once a second, on the second, and hands each decision to {@code out}.
     *
     * @param seconds how many decisions
     * @param out     where they go (the example prints them)
     * @throws Exception if interrupted or the engine does not answer
     */
    public void run(final int seconds, final Consumer<QuoteDecision> out) throws Exception {
        for (int i = 0; i < seconds; i++) {
            Thread.sleep(1_000 - System.currentTimeMillis() % 1_000);
            out.accept(decideNow());
        }
    }

    /**
     * What the listeners have seen so far.
     *
     * @param hyperliquidBookUpdates book events of Hyperliquid BTC
     * @param binanceBookUpdates     book events of Binance BTCUSDT
     * @param featureEvents          features events of Hyperliquid BTC
     */
    public record Counts(long hyperliquidBookUpdates, long binanceBookUpdates, long featureEvents) {
    }

    /**
     * @return what the listeners have seen so far (read on the engine thread, which owns the counters)
     * @throws Exception if the engine does not answer within a second
     */
    public Counts counts() throws Exception {
        return engine.query(state -> new Counts(hyperliquidBookUpdates, binanceBookUpdates, featureEvents))
            .get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** Stops the adapters, then the engine. */
    @Override
    public void close() {
        hyperliquid.close();
        binance.close();
        engine.close();
    }

    /**
     * @param sim a running venue-sim
     * @return Binance USD-M at the simulator
     */
    public static BinanceAdapterConfig binanceAt(final VenueSim sim) {
        final URI ws = sim.binance().webSocketUri();
        return BinanceAdapterConfig.defaults(sim.binance().restUri(), URI.create(ws + "/public"),
            URI.create(ws + "/market"));
    }

    /**
     * @param sim a running venue-sim
     * @return Hyperliquid at the simulator
     */
    public static HyperliquidAdapterConfig hyperliquidAt(final VenueSim sim) {
        return HyperliquidAdapterConfig.builder(URI.create(sim.hyperliquid().webSocketUri() + "/ws"),
            URI.create(sim.hyperliquid().restUri() + "/info")).build();
    }

    /** @param args {@code [--seconds N] [--production]} */
    public static void main(final String[] args) throws Exception {
        int seconds = 30;
        boolean production = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--production" -> production = true;
                default -> throw new IllegalArgumentException("usage: [--seconds N] [--production]; got " + args[i]);
            }
        }
        if (production) {
            try (BrawlerQuoterExample quoter = start(BinanceAdapterConfig.production(),
                HyperliquidAdapterConfig.builder(URI.create("wss://api.hyperliquid.xyz/ws"),
                    URI.create("https://api.hyperliquid.xyz/info")).build(), QuoteRule.defaults())) {
                quoter.run(seconds, decision -> System.out.println(decision.line()));
            }
            return;
        }
        try (VenueSim sim = VenueSim.builder().synthetic(3, 42, 1_000).start();
             BrawlerQuoterExample quoter = start(binanceAt(sim), hyperliquidAt(sim), QuoteRule.defaults())) {
            quoter.run(seconds, decision -> System.out.println(decision.line()));
        }
    }
}
