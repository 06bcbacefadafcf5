package io.slipstream.mktdata.venue.binance;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.EpochClock;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.venue.rest.RestResponse;
import io.slipstream.mktdata.venue.rest.VenueRestClient;
import io.slipstream.mktdata.venue.rest.WeightBudget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Binance USD-M Futures market-data adapter: registers the TRADING perpetuals from {@code exchangeInfo}, opens
 * combined-stream sockets on the {@code /public} route (diff depth, bookTicker) and the {@code /market} route
 * (aggTrade, klines, markPrice@1s), at most {@code maxStreamsPerConnection} streams each, keeps every book in step
 * by the official snapshot-and-diff procedure, de-duplicates and backfills trades, backfills candles, and publishes
 * everything into the engine.
 *
 * <p>Threads: each socket's read thread decodes its frames and publishes them; a small control pool does the depth
 * snapshots, one thread does trade backfills and one candle backfills (so a backfill waiting for REST weight never
 * holds a control thread a book resync needs), and one timer thread does reconnects,
 * subscription pacing and the staleness watchdog.
 */
public final class BinanceAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceAdapter.class);

    private final BinanceAdapterConfig config;
    private final InstrumentRegistry registry;
    private final EpochClock clock;
    private final WeightBudget budget;
    private final VenueRestClient rest;
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService control;
    private final ScheduledExecutorService backfill;
    private final ScheduledExecutorService tradeBackfill;
    private final BinanceRuntime runtime;
    private final Map<String, BinanceSymbol> symbols = new LinkedHashMap<>();
    private final List<BinanceConnection> connections = new ArrayList<>();
    private boolean started;

    /**
     * @param config    settings
     * @param publisher the engine's publisher
     * @param registry  where instruments are registered
     * @param clock     receive timestamps and REST budget clock
     */
    public BinanceAdapter(final BinanceAdapterConfig config, final EventPublisher publisher,
                          final InstrumentRegistry registry, final EpochClock clock) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.budget = new WeightBudget(config.restWeightPerMinute(), config.restSafetyFraction(),
            () -> clock.epochNanos() / 1_000_000L);
        this.rest = new VenueRestClient("binance-rest", budget, clock, config.capture(), Duration.ofSeconds(10));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("binance-timer"));
        this.control = Executors.newScheduledThreadPool(2, daemon("binance-control"));
        this.backfill = Executors.newSingleThreadScheduledExecutor(daemon("binance-backfill"));
        this.tradeBackfill = Executors.newSingleThreadScheduledExecutor(daemon("binance-trade-backfill"));
        this.runtime = new BinanceRuntime(config, publisher, clock, control, tradeBackfill, backfill, rest);
    }

    private static ThreadFactory daemon(final String prefix) {
        final AtomicInteger count = new AtomicInteger();
        return task -> {
            final Thread thread = new Thread(task, prefix + "-" + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Loads exchangeInfo, registers the instruments and opens the sockets (books, trades and candles then sync in
     * the background).
     *
     * @return the instruments carried
     * @throws IOException          if exchangeInfo cannot be loaded
     * @throws InterruptedException if interrupted
     */
    public synchronized List<Instrument> start() throws IOException, InterruptedException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        final RestResponse info = runtime.get(BinanceExchangeInfo.PATH, BinanceExchangeInfo.WEIGHT);
        final List<Instrument> instruments = BinanceExchangeInfo.register(
            BinanceExchangeInfo.parse(runtime.json, info.body()), config.symbols(), registry, budget,
            config.restSafetyFraction());
        // Room for every book to resync at the reduced depth, so a cut after a minute of backfills still finds it.
        budget.reserveForResyncs((long) instruments.size() * BinanceDepthSync.REDUCED_SNAPSHOT_WEIGHT);
        LOG.info("binance: {} instruments, REST budget {} weight/min", instruments.size(), budget.limitPerMinute());
        final BinanceStreamTable table = new BinanceStreamTable();
        final List<BinanceStreamTable.Entry> publicStreams = new ArrayList<>();
        final List<BinanceStreamTable.Entry> marketStreams = new ArrayList<>();
        for (final Instrument instrument : instruments) {
            final BinanceSymbol symbol = new BinanceSymbol(runtime, instrument);
            symbols.put(instrument.symbol(), symbol);
            final String p = symbol.streamPrefix;
            publicStreams.add(new BinanceStreamTable.Entry(p + "@depth" + config.depthSpeed(),
                BinanceStreamTable.Kind.DEPTH, symbol, null));
            publicStreams.add(new BinanceStreamTable.Entry(p + "@bookTicker", BinanceStreamTable.Kind.BOOK_TICKER,
                symbol, null));
            marketStreams.add(new BinanceStreamTable.Entry(p + "@aggTrade", BinanceStreamTable.Kind.AGG_TRADE,
                symbol, null));
            for (final CandleInterval interval : config.candleIntervals()) {
                marketStreams.add(new BinanceStreamTable.Entry(p + "@kline_" + interval.wireName(),
                    BinanceStreamTable.Kind.KLINE, symbol, interval));
            }
            marketStreams.add(new BinanceStreamTable.Entry(p + "@markPrice@1s", BinanceStreamTable.Kind.MARK_PRICE,
                symbol, null));
        }
        publicStreams.forEach(table::add);
        marketStreams.forEach(table::add);
        split("binance-public", config.publicWsBaseUri(), true, publicStreams, table);
        split("binance-market", config.marketWsBaseUri(), false, marketStreams, table);
        connections.forEach(BinanceConnection::start);
        timer.scheduleWithFixedDelay(this::watch, config.watchdogPeriodMs(), config.watchdogPeriodMs(),
            TimeUnit.MILLISECONDS);
        return instruments;
    }

    private void split(final String prefix, final java.net.URI base, final boolean publicRoute,
                       final List<BinanceStreamTable.Entry> streams, final BinanceStreamTable table) {
        final int perConnection = config.maxStreamsPerConnection();
        for (int from = 0, n = 0; from < streams.size(); from += perConnection, n++) {
            final List<BinanceStreamTable.Entry> group = streams.subList(from,
                Math.min(streams.size(), from + perConnection));
            connections.add(new BinanceConnection(prefix + "-" + n, base, publicRoute, group, table, runtime,
                timer));
        }
    }

    private void watch() {
        try {
            final long now = clock.epochNanos();
            for (final BinanceConnection connection : connections) {
                connection.watch(now);
            }
        } catch (final RuntimeException e) {
            LOG.warn("binance: watchdog failed", e);
        }
    }

    @Override
    public synchronized void close() {
        runtime.closed = true;
        connections.forEach(BinanceConnection::close);
        timer.shutdownNow();
        control.shutdownNow();
        backfill.shutdownNow();
        tradeBackfill.shutdownNow();
    }

    // ----- observability (tests, metrics) -----

    /** @return the symbols carried, upper case */
    public synchronized List<String> symbols() {
        return List.copyOf(symbols.keySet());
    }

    /** @return number of sockets */
    public synchronized int connectionCount() {
        return connections.size();
    }

    /** @return the streams of each socket, by socket */
    public synchronized List<List<String>> streamsBySocket() {
        final List<List<String>> out = new ArrayList<>();
        for (final BinanceConnection connection : connections) {
            final List<String> names = new ArrayList<>();
            connection.streams().forEach(e -> names.add(e.name()));
            out.add(Collections.unmodifiableList(names));
        }
        return out;
    }

    /** @return frames that were not JSON or were cut short, over all sockets */
    public long malformedFrames() {
        return sum(BinanceConnection::malformed);
    }

    /** @return frames with no known stream */
    public long unknownFrames() {
        return sum(BinanceConnection::unknown);
    }

    /** @return SUBSCRIBE acknowledgements received */
    public long acks() {
        return sum(BinanceConnection::acks);
    }

    /** @return error frames received */
    public long errorFrames() {
        return sum(BinanceConnection::errors);
    }

    /** @return socket opens (first and reconnects) */
    public long opens() {
        return sum(BinanceConnection::opens);
    }

    /** @return events the engine refused (ring full and the like) */
    public long publishFailures() {
        return runtime.publishFailures.get();
    }

    /** @return mark price updates decoded */
    public long markPrices() {
        return runtime.markPrices.get();
    }

    /** @return 429/418 answers met */
    public long restRateLimited() {
        return rest.rateLimited();
    }

    /** @return the REST budget */
    public WeightBudget budget() {
        return budget;
    }

    /**
     * @param symbol upper-case symbol
     * @return depth gaps detected (pu breaks)
     */
    public long depthGaps(final String symbol) {
        return symbol(symbol).depth.gaps();
    }

    /**
     * @param symbol upper-case symbol
     * @return {worst bid, worst ask} the last applied snapshot (1000 or 500 levels) reached, each Long.MIN_VALUE when
     *         that side held fewer levels (then the whole side is known)
     */
    public long[] depthSnapshotReach(final String symbol) {
        return symbol(symbol).depth.snapshotReach();
    }

    /**
     * @param symbol upper-case symbol
     * @return depth snapshots fetched
     */
    public long depthSnapshots(final String symbol) {
        return symbol(symbol).depth.snapshots();
    }

    /**
     * @param symbol upper-case symbol
     * @return true once the book follows the diffs
     */
    public boolean depthSynced(final String symbol) {
        return symbol(symbol).depth.state() == BinanceDepthSync.State.SYNCED;
    }

    /**
     * @param symbol upper-case symbol
     * @return trades published (live and backfilled)
     */
    public long tradesPublished(final String symbol) {
        return symbol(symbol).trades.published();
    }

    /**
     * @param symbol upper-case symbol
     * @return trades published from REST backfill
     */
    public long tradesBackfilled(final String symbol) {
        return symbol(symbol).trades.backfilled();
    }

    /**
     * @param symbol upper-case symbol
     * @return live trades dropped as already published
     */
    public long tradeDuplicates(final String symbol) {
        return symbol(symbol).trades.duplicates();
    }

    /**
     * @param symbol upper-case symbol
     * @return true while a trade backfill runs
     */
    public boolean tradesBackfilling(final String symbol) {
        return symbol(symbol).trades.backfilling();
    }

    /**
     * @param symbol upper-case symbol
     * @return quotes published
     */
    public long quotes(final String symbol) {
        return symbol(symbol).quotes.get();
    }

    /**
     * @param symbol upper-case symbol
     * @return live candle pushes published
     */
    public long liveCandles(final String symbol) {
        return symbol(symbol).liveCandles.get();
    }

    /**
     * @param symbol upper-case symbol
     * @return candles published from REST backfill
     */
    public long backfilledCandles(final String symbol) {
        return symbol(symbol).backfilledCandles.get();
    }

    /** @return a one-line summary per socket and symbol, for logs and failed tests */
    public synchronized String describe() {
        final StringBuilder out = new StringBuilder();
        for (final BinanceConnection c : connections) {
            out.append(c.socket().name()).append(": open=").append(c.socket().isOpen()).append(" frames=")
                .append(c.socket().framesReceived()).append(" acks=").append(c.acks()).append(" errors=")
                .append(c.errors()).append(" malformed=").append(c.malformed()).append(" unknown=")
                .append(c.unknown()).append('\n');
        }
        for (final BinanceSymbol s : symbols.values()) {
            out.append(s.instrument).append(": book=").append(s.depth.state()).append(" snapshots=")
                .append(s.depth.snapshots()).append(" gaps=").append(s.depth.gaps()).append(" applied=")
                .append(s.depth.applied()).append(" trades=").append(s.trades.published()).append(" backfilled=")
                .append(s.trades.backfilled()).append(" quotes=").append(s.quotes.get()).append('\n');
        }
        return out.append("publishFailures=").append(runtime.publishFailures.get()).toString();
    }

    private synchronized BinanceSymbol symbol(final String symbol) {
        final BinanceSymbol s = symbols.get(symbol);
        if (s == null) {
            throw new IllegalArgumentException("not carried: " + symbol);
        }
        return s;
    }

    private long sum(final java.util.function.ToLongFunction<BinanceConnection> counter) {
        final List<BinanceConnection> copy;
        synchronized (this) {
            copy = List.copyOf(connections);
        }
        long total = 0;
        for (final BinanceConnection connection : copy) {
            total += counter.applyAsLong(connection);
        }
        return total;
    }
}
