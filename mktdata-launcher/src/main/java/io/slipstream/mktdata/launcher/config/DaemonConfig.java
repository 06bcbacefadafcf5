package io.slipstream.mktdata.launcher.config;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.journal.JournalConfig;
import io.slipstream.mktdata.ipc.server.IpcServerConfig;
import io.slipstream.mktdata.venue.binance.BinanceAdapterConfig;
import io.slipstream.mktdata.venue.capture.RawCaptureWriter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daemon's validated configuration ({@code docs/configuration.md}), one record per section; built by
 * {@link ConfigLoader}, which has already checked every value, so the mappings onto the components' own settings
 * below cannot fail.
 *
 * @param source      the file it was read from
 * @param daemon      {@code [daemon]}
 * @param retention   {@code [retention]}
 * @param hyperliquid {@code [venues.hyperliquid]}
 * @param binance     {@code [venues.binance]}
 * @param features    {@code [features]}
 * @param health      {@code [health]}
 */
public record DaemonConfig(Path source, Daemon daemon, Retention retention, Hyperliquid hyperliquid, Binance binance,
                           Features features, Health health) {

    /** Hyperliquid serves at most this many candles of a (coin, interval). */
    static final int HYPERLIQUID_MAX_BACKFILL_CANDLES = 5_000;

    /** @return one line for people: the socket, each venue's symbols, channels and intervals, the health setup */
    public String summary() {
        return "socket " + daemon.socketPath() + " (" + daemon.socketMode()
            + (daemon.socketGroup() == null ? "" : ", group " + daemon.socketGroup()) + "); hyperliquid "
            + venueSummary(hyperliquid.enabled(), hyperliquid.symbols(), hyperliquid.channels(),
                hyperliquid.effectiveCandleIntervals())
            + "; binance " + venueSummary(binance.enabled(), binance.symbols(), binance.channels(),
                binance.effectiveCandleIntervals())
            + "; metrics " + (health.metricsPort() == 0 ? "off" : health.metricsBind() + ":" + health.metricsPort())
            + ", watchdog every " + health.watchdogIntervalMs() + " ms";
    }

    private static String venueSummary(final boolean enabled, final List<String> symbols,
                                       final Set<MarketChannel> channels, final List<CandleInterval> intervals) {
        if (!enabled) {
            return "off";
        }
        final StringBuilder out = new StringBuilder();
        out.append(symbols == null ? "all symbols" : symbols.size() + " symbols").append(", channels");
        for (final MarketChannel channel : MarketChannel.values()) {
            if (channels.contains(channel)) {
                out.append(' ').append(channel.configName());
            }
        }
        if (!intervals.isEmpty()) {
            out.append(", candles");
            intervals.forEach(interval -> out.append(' ').append(interval.wireName()));
        }
        return out.toString();
    }

    /**
     * {@code [daemon]}: the IPC socket and logging.
     *
     * @param socketPath      the Unix socket clients connect to
     * @param socketMode      its permissions, octal as in {@code chmod}, e.g. {@code 0660}
     * @param socketGroup     its group, or null to leave the daemon's
     * @param logLevel        {@code trace}, {@code debug}, {@code info}, {@code warn} or {@code error}
     * @param logPath         the log file, or null for standard error (the journal under systemd)
     * @param maxClients      connections served at once
     * @param maxMessageBytes largest client message accepted
     * @param clientQueueBytes a client's outbound queue bound unless its hello asks otherwise
     * @param heartbeatMs     heartbeat period on every connection
     * @param journalDir      where every published event is journaled for the recorder, or null for no journal
     * @param journalRetentionHours journal segments older than this are deleted (0: no age bound)
     * @param journalRetentionMb    oldest journal segments are deleted past this size (0: no size bound)
     * @param realtimePriority      SCHED_FIFO priority of the hot-path threads, 0 for normal scheduling
     * @param ipcOnEngineThread     true to serve IPC clients on the engine's thread ({@code ipc_thread = "engine"})
     * @param hotPathCpus           the CPUs the hot-path threads run on, empty to let them run anywhere
     */
    public record Daemon(Path socketPath, String socketMode, String socketGroup, String logLevel, Path logPath,
                         int maxClients, int maxMessageBytes, int clientQueueBytes, long heartbeatMs,
                         Path journalDir, long journalRetentionHours, long journalRetentionMb,
                         int realtimePriority, boolean ipcOnEngineThread, List<Integer> hotPathCpus) {

        /** @return {@link #hotPathCpus} as a CPU set */
        public BitSet hotPathCpuSet() {
            final BitSet cpus = new BitSet();
            hotPathCpus.forEach(cpus::set);
            return cpus;
        }

        /** @return the journal's settings, or null if the daemon keeps no journal */
        public JournalConfig journalConfig() {
            return journalDir == null ? null : JournalConfig.defaults(journalDir)
                .withRetention(journalRetentionHours * 3_600_000L, journalRetentionMb * 1024L * 1024L);
        }

        /** @return the IPC server's settings */
        public IpcServerConfig ipcServerConfig() {
            return IpcServerConfig.defaults(socketPath).withPermissions(permissions(socketMode), socketGroup)
                .withMaxClients(maxClients).withMaxMessageBytes(maxMessageBytes)
                .withDefaultMaxQueueBytes(clientQueueBytes).withHeartbeatIntervalMs(heartbeatMs)
                .withSharesEngineThread(ipcOnEngineThread);
        }

        /** @return e.g. {@code rw-rw----} for {@code 0660} */
        static String permissions(final String octal) {
            final int mode = Integer.parseInt(octal, 8);
            final StringBuilder out = new StringBuilder(9);
            for (int shift = 6; shift >= 0; shift -= 3) {
                final int bits = mode >> shift & 7;
                out.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-')
                    .append((bits & 1) != 0 ? 'x' : '-');
            }
            return out.toString();
        }
    }

    /**
     * {@code [retention]}: what the engine keeps in memory.
     *
     * @param candleCounts    candles kept per interval (every interval has an entry)
     * @param tradesPerSymbol trades kept per symbol
     * @param quotesPerSymbol quotes kept per symbol
     * @param bookMaxLevels   levels a book side may hold
     */
    public record Retention(Map<CandleInterval, Integer> candleCounts, int tradesPerSymbol, int quotesPerSymbol,
                            int bookMaxLevels) {

        /** Copies. */
        public Retention {
            candleCounts = Map.copyOf(new EnumMap<>(candleCounts));
        }

        /**
         * @param interval an interval
         * @return candles kept (and backfilled) for it
         */
        public int candleCount(final CandleInterval interval) {
            return candleCounts.get(interval);
        }

        /**
         * @param context the engine's settings
         * @return them, with this retention
         */
        public EngineContext applyTo(final EngineContext context) {
            for (final CandleInterval interval : CandleInterval.values()) {
                context.candleRetention(interval, candleCount(interval));
            }
            return context.tradesPerSymbol(tradesPerSymbol).quotesPerSymbol(quotesPerSymbol)
                .bookMaxLevels(bookMaxLevels)
                .bookInitialLevels(Math.min(EngineContext.BOOK_INITIAL_LEVELS_DEFAULT, bookMaxLevels));
        }
    }

    /**
     * {@code [venues.hyperliquid]}.
     *
     * @param enabled             whether the daemon connects to it
     * @param websocketUrl        the websocket, e.g. {@code wss://api.hyperliquid.xyz/ws}
     * @param restUrl             the {@code /info} endpoint, e.g. {@code https://api.hyperliquid.xyz/info}
     * @param symbols             coins as the venue spells them, or null for every listed perp
     * @param channels            channels subscribed per coin
     * @param candleIntervals     candle intervals (used when {@code channels} has candles)
     * @param reconnectDelayMs    first reconnect delay
     * @param maxReconnectDelayMs reconnect delay cap
     * @param rateLimits          {@code [venues.hyperliquid.rate_limits]}
     * @param captureDir          raw capture directory, or null for none
     */
    public record Hyperliquid(boolean enabled, URI websocketUrl, URI restUrl, List<String> symbols,
                              Set<MarketChannel> channels, List<CandleInterval> candleIntervals,
                              long reconnectDelayMs, long maxReconnectDelayMs, HyperliquidRateLimits rateLimits,
                              Path captureDir) {

        /** Copies. */
        public Hyperliquid {
            symbols = symbols == null ? null : List.copyOf(symbols);
            channels = Set.copyOf(channels);
            candleIntervals = List.copyOf(candleIntervals);
        }

        /** @return the intervals subscribed: none unless {@code channels} has candles */
        public List<CandleInterval> effectiveCandleIntervals() {
            return channels.contains(MarketChannel.CANDLES) ? candleIntervals : List.of();
        }

        /**
         * @param retention the engine's retention (candles backfilled per interval: the largest count of the
         *                  subscribed intervals, at most the 5000 the venue serves)
         * @param capture   raw capture, or null
         * @return the adapter's settings
         */
        public HyperliquidAdapterConfig adapterConfig(final Retention retention, final RawCaptureWriter capture) {
            final Set<HyperliquidAdapterConfig.Channel> wire = EnumSet.noneOf(HyperliquidAdapterConfig.Channel.class);
            for (final MarketChannel channel : channels) {
                wire.add(switch (channel) {
                    case BOOK -> HyperliquidAdapterConfig.Channel.L2_BOOK;
                    case TRADES -> HyperliquidAdapterConfig.Channel.TRADES;
                    case QUOTES -> HyperliquidAdapterConfig.Channel.BBO;
                    case CANDLES -> HyperliquidAdapterConfig.Channel.CANDLE;
                    case MARK -> HyperliquidAdapterConfig.Channel.ACTIVE_ASSET_CTX;
                });
            }
            int backfill = 0;
            for (final CandleInterval interval : effectiveCandleIntervals()) {
                backfill = Math.max(backfill, Math.min(HYPERLIQUID_MAX_BACKFILL_CANDLES,
                    retention.candleCount(interval)));
            }
            return HyperliquidAdapterConfig.builder(websocketUrl, restUrl).coins(symbols).channels(wire)
                .candleIntervals(effectiveCandleIntervals()).backfillBuckets(backfill)
                .reconnectDelay(reconnectDelayMs, maxReconnectDelayMs)
                .maxSubscriptionsTotal(rateLimits.maxSubscriptions())
                .maxMessagesPerMinute(rateLimits.maxMessagesPerMinute())
                .maxConnections(rateLimits.maxConnections()).capture(capture).build();
        }
    }

    /**
     * {@code [venues.hyperliquid.rate_limits]}; the venue's own limits per IP are 1000 subscriptions, 2000 client
     * messages a minute and 10 websocket connections.
     *
     * @param maxSubscriptions     subscriptions over all sockets (coins beyond it are not followed)
     * @param maxMessagesPerMinute client messages (subscribe, unsubscribe, ping) a minute over all sockets
     * @param maxConnections       websocket connections
     */
    public record HyperliquidRateLimits(int maxSubscriptions, int maxMessagesPerMinute, int maxConnections) {
    }

    /**
     * {@code [venues.binance]} (USD-M Futures).
     *
     * @param enabled             whether the daemon connects to it
     * @param restUrl             the REST base, e.g. {@code https://fapi.binance.com}
     * @param publicWsUrl         the {@code /public} websocket route (depth, bookTicker)
     * @param marketWsUrl         the {@code /market} websocket route (aggTrade, kline, markPrice)
     * @param symbols             upper-case symbols, or null for every perpetual that is trading
     * @param channels            always book, quotes, trades and mark; candles may be left out
     * @param candleIntervals     kline intervals (used when {@code channels} has candles)
     * @param reconnectDelayMs    first reconnect delay
     * @param maxReconnectDelayMs reconnect delay cap
     * @param rateLimits          {@code [venues.binance.rate_limits]}
     * @param captureDir          raw capture directory, or null for none
     */
    public record Binance(boolean enabled, URI restUrl, URI publicWsUrl, URI marketWsUrl, List<String> symbols,
                          Set<MarketChannel> channels, List<CandleInterval> candleIntervals, long reconnectDelayMs,
                          long maxReconnectDelayMs, BinanceRateLimits rateLimits, Path captureDir) {

        /** Copies. */
        public Binance {
            symbols = symbols == null ? null : List.copyOf(symbols);
            channels = Set.copyOf(channels);
            candleIntervals = List.copyOf(candleIntervals);
        }

        /** @return the intervals subscribed: none unless {@code channels} has candles */
        public List<CandleInterval> effectiveCandleIntervals() {
            return channels.contains(MarketChannel.CANDLES) ? candleIntervals : List.of();
        }

        /**
         * @param retention the engine's retention (candles backfilled per interval)
         * @param capture   raw capture, or null
         * @return the adapter's settings: {@link BinanceAdapterConfig#defaults} with these overrides
         */
        public BinanceAdapterConfig adapterConfig(final Retention retention, final RawCaptureWriter capture) {
            final BinanceAdapterConfig d = BinanceAdapterConfig.defaults(restUrl, publicWsUrl, marketWsUrl);
            return new BinanceAdapterConfig(d.restBaseUri(), d.publicWsBaseUri(), d.marketWsBaseUri(), symbols,
                effectiveCandleIntervals(), retention::candleCount, d.depthSpeed(), reconnectDelayMs,
                maxReconnectDelayMs, rateLimits.maxSubscriptions(),
                Math.min(d.streamsPerSubscribe(), rateLimits.maxSubscriptions()), rateLimits.maxMessagesPerSecond(),
                d.restSafetyFraction(), d.restWeightPerMinute(), d.maxConcurrentResyncs(), capture, d.depthStaleMs(),
                d.watchdogPeriodMs(), d.maxConnectionAgeMs(), d.backfillTrades());
        }
    }

    /**
     * {@code [venues.binance.rate_limits]}; Binance allows 1024 streams per connection and disconnects a
     * connection that sends more than 10 messages a second.
     *
     * @param maxSubscriptions     streams per websocket connection (more streams open more connections)
     * @param maxMessagesPerSecond outgoing messages per second per connection (1..9)
     */
    public record BinanceRateLimits(int maxSubscriptions, int maxMessagesPerSecond) {
    }

    /**
     * {@code [features]}: the order-flow features the engine computes (docs/features.md).
     *
     * @param enabled       whether the engine computes them
     * @param intervalMs    at most one features event per instrument per this much receive time
     * @param windowsMs     trade-flow windows, ascending
     * @param depthBandsBps depth bands, ascending
     * @param imbalanceBps  the band of the depth imbalance
     */
    public record Features(boolean enabled, long intervalMs, List<Long> windowsMs, List<Double> depthBandsBps,
                           double imbalanceBps) {
        /** Copies the lists. */
        public Features {
            windowsMs = List.copyOf(windowsMs);
            depthBandsBps = List.copyOf(depthBandsBps);
        }

        /** @return the engine's configuration: {@link FeatureConfig#disabled()} when not enabled */
        public FeatureConfig engineConfig() {
            if (!enabled) {
                return FeatureConfig.disabled();
            }
            return FeatureConfig.of(intervalMs, windowsMs.stream().mapToLong(Long::longValue).toArray(),
                depthBandsBps.stream().mapToDouble(Double::doubleValue).toArray(), imbalanceBps);
        }

        /** @param engine the engine's context @return it, computing these features */
        public EngineContext applyTo(final EngineContext engine) {
            return engine.features(engineConfig());
        }
    }

    /**
     * {@code [health]}.
     *
     * @param metricsPort        Prometheus metrics port, 0 for none
     * @param metricsBind        the address the metrics port binds
     * @param watchdogIntervalMs how often the daemon tells systemd it is alive
     */
    public record Health(int metricsPort, String metricsBind, long watchdogIntervalMs) {
    }
}
