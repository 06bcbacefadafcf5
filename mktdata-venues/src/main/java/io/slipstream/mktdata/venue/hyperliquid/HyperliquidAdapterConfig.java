package io.slipstream.mktdata.venue.hyperliquid;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.venue.capture.RawCaptureWriter;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the {@link HyperliquidAdapter}. Defaults follow the venue's published limits with a margin
 * ({@code ../shared/docs/venues.md} A.6, A.8): at most 10 sockets, 1000 subscriptions, 1500 client messages a minute
 * (the venue allows 2000), REST weight 1200 a minute of which 80 % is used.
 *
 * @param wsUri                 {@code wss://api.hyperliquid.xyz/ws} or {@code ws://127.0.0.1:PORT/ws}
 * @param infoUri               {@code https://api.hyperliquid.xyz/info}
 * @param coins                 coins to follow (case-sensitive, e.g. {@code kPEPE}); null for every listed perp
 * @param channels              channels to subscribe per coin
 * @param nSigFigs              {@code l2Book} aggregation (2..5), null for full precision
 * @param fast                  {@code l2Book} {@code fast:true} (5 levels about every 0.5 s)
 * @param candleIntervals       candle intervals (live and backfilled)
 * @param backfillBuckets       candles fetched per (coin, interval) on start (the venue keeps the newest 5000)
 * @param reconnectDelayMs      first reconnect delay
 * @param maxReconnectDelayMs   reconnect delays never exceed this
 * @param pingIntervalMs        JSON {@code {"method":"ping"}} period on every socket (at most 50 s)
 * @param maxConnections        sockets at most
 * @param maxSubscriptionsTotal subscriptions at most, over all sockets
 * @param maxMessagesPerMinute  client messages per minute over all sockets (subscribe, unsubscribe, ping)
 * @param weightPerMinute       REST weight budget per minute
 * @param weightSafety          share of the REST budget used
 * @param capture               raw capture of frames and REST bodies, or null
 * @param bookStaleMs           {@code l2Book} silence that counts as stale (0 disables)
 * @param bboStaleMs            {@code bbo} silence that counts as stale (0 disables)
 * @param assetCtxStaleMs       {@code activeAssetCtx} silence that counts as stale (0 disables)
 * @param candleCloseGraceMs    a live bucket is closed this long after its {@code T} when no newer one came
 */
public record HyperliquidAdapterConfig(
    URI wsUri, URI infoUri, List<String> coins, Set<Channel> channels, Integer nSigFigs, boolean fast,
    List<CandleInterval> candleIntervals, int backfillBuckets, long reconnectDelayMs, long maxReconnectDelayMs,
    long pingIntervalMs, int maxConnections, int maxSubscriptionsTotal, int maxMessagesPerMinute,
    long weightPerMinute, double weightSafety, RawCaptureWriter capture, long bookStaleMs, long bboStaleMs,
    long assetCtxStaleMs, long candleCloseGraceMs) {

    /** The venue's hard ping limit: it closes a connection silent for 60 s. */
    public static final long MAX_PING_INTERVAL_MS = 50_000;
    /** The venue's per-IP websocket connection limit. */
    public static final int VENUE_MAX_CONNECTIONS = 10;
    /** The venue's per-IP subscription limit, over all connections. */
    public static final int VENUE_MAX_SUBSCRIPTIONS = 1000;
    /** The venue's per-IP client message limit per minute, over all connections (pings included). */
    public static final int VENUE_MAX_MESSAGES_PER_MINUTE = 2000;

    /** Market-data channels the adapter knows. */
    public enum Channel {
        /** Full book snapshots. */
        L2_BOOK("l2Book"),
        /** Trades. */
        TRADES("trades"),
        /** Best bid/offer. */
        BBO("bbo"),
        /** Candles, one subscription per interval. */
        CANDLE("candle"),
        /** Perp context: mark, oracle, funding. */
        ACTIVE_ASSET_CTX("activeAssetCtx");

        private final String wireName;

        Channel(final String wireName) {
            this.wireName = wireName;
        }

        /** @return the subscription {@code type} and data {@code channel} */
        public String wireName() {
            return wireName;
        }
    }

    /** Validates. */
    public HyperliquidAdapterConfig {
        if (wsUri == null || infoUri == null) {
            throw new IllegalArgumentException("wsUri and infoUri are required");
        }
        coins = coins == null ? null : List.copyOf(coins);
        channels = channels == null || channels.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(channels);
        candleIntervals = candleIntervals == null ? List.of() : List.copyOf(candleIntervals);
        if (candleIntervals.contains(CandleInterval.H6)) {
            throw new IllegalArgumentException("Hyperliquid has no 6h candles");
        }
        if (nSigFigs != null && (nSigFigs < 2 || nSigFigs > 5)) {
            throw new IllegalArgumentException("nSigFigs must be 2..5 or null, was " + nSigFigs);
        }
        if (pingIntervalMs <= 0 || pingIntervalMs > MAX_PING_INTERVAL_MS) {
            throw new IllegalArgumentException("pingIntervalMs must be 1.." + MAX_PING_INTERVAL_MS);
        }
        if (maxConnections <= 0 || maxConnections > VENUE_MAX_CONNECTIONS || maxSubscriptionsTotal <= 0
            || maxSubscriptionsTotal > VENUE_MAX_SUBSCRIPTIONS || maxMessagesPerMinute <= 0
            || maxMessagesPerMinute > VENUE_MAX_MESSAGES_PER_MINUTE) {
            throw new IllegalArgumentException("limits must be within the venue's: 1.." + VENUE_MAX_CONNECTIONS
                + " connections, 1.." + VENUE_MAX_SUBSCRIPTIONS + " subscriptions, 1.."
                + VENUE_MAX_MESSAGES_PER_MINUTE + " messages a minute");
        }
        if (weightSafety <= 0 || weightSafety > 1) {
            throw new IllegalArgumentException("weightSafety must be in (0, 1]");
        }
    }

    /**
     * @param wsUri   the websocket
     * @param infoUri the REST {@code /info} endpoint
     * @return a builder with the defaults: every perp, every channel, 15m/1h/4h candles
     */
    public static Builder builder(final URI wsUri, final URI infoUri) {
        return new Builder(wsUri, infoUri);
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        final Builder b = new Builder(wsUri, infoUri);
        b.coins = coins;
        b.channels = channels;
        b.nSigFigs = nSigFigs;
        b.fast = fast;
        b.candleIntervals = candleIntervals;
        b.backfillBuckets = backfillBuckets;
        b.reconnectDelayMs = reconnectDelayMs;
        b.maxReconnectDelayMs = maxReconnectDelayMs;
        b.pingIntervalMs = pingIntervalMs;
        b.maxConnections = maxConnections;
        b.maxSubscriptionsTotal = maxSubscriptionsTotal;
        b.maxMessagesPerMinute = maxMessagesPerMinute;
        b.weightPerMinute = weightPerMinute;
        b.weightSafety = weightSafety;
        b.capture = capture;
        b.bookStaleMs = bookStaleMs;
        b.bboStaleMs = bboStaleMs;
        b.assetCtxStaleMs = assetCtxStaleMs;
        b.candleCloseGraceMs = candleCloseGraceMs;
        return b;
    }

    /** @return the staleness threshold of a channel, 0 when not watched (trades and candles may be quiet) */
    long staleMs(final Channel channel) {
        return switch (channel) {
            case L2_BOOK -> bookStaleMs;
            case BBO -> bboStaleMs;
            case ACTIVE_ASSET_CTX -> assetCtxStaleMs;
            default -> 0;
        };
    }

    /** Builds a {@link HyperliquidAdapterConfig}. */
    public static final class Builder {
        private final URI wsUri;
        private final URI infoUri;
        private List<String> coins;
        private Set<Channel> channels = EnumSet.allOf(Channel.class);
        private Integer nSigFigs;
        private boolean fast;
        private List<CandleInterval> candleIntervals = List.of(CandleInterval.M15, CandleInterval.H1,
            CandleInterval.H4);
        private int backfillBuckets = 2000;
        private long reconnectDelayMs = 1_000;
        private long maxReconnectDelayMs = 30_000;
        private long pingIntervalMs = MAX_PING_INTERVAL_MS;
        private int maxConnections = 10;
        private int maxSubscriptionsTotal = 1000;
        private int maxMessagesPerMinute = 1500;
        private long weightPerMinute = 1200;
        private double weightSafety = 0.8;
        private RawCaptureWriter capture;
        private Long bookStaleMs;
        private long bboStaleMs = 15_000;
        private long assetCtxStaleMs = 10_000;
        private long candleCloseGraceMs = 2_000;

        private Builder(final URI wsUri, final URI infoUri) {
            this.wsUri = wsUri;
            this.infoUri = infoUri;
        }

        /** @param value coins, null for every listed perp @return this */
        public Builder coins(final List<String> value) {
            coins = value;
            return this;
        }

        /** @param value channels @return this */
        public Builder channels(final Set<Channel> value) {
            channels = value;
            return this;
        }

        /** @param value l2Book nSigFigs or null @return this */
        public Builder nSigFigs(final Integer value) {
            nSigFigs = value;
            return this;
        }

        /** @param value l2Book fast mode @return this */
        public Builder fast(final boolean value) {
            fast = value;
            return this;
        }

        /** @param value candle intervals @return this */
        public Builder candleIntervals(final List<CandleInterval> value) {
            candleIntervals = value;
            return this;
        }

        /** @param value candles backfilled per (coin, interval), 0 for none @return this */
        public Builder backfillBuckets(final int value) {
            backfillBuckets = value;
            return this;
        }

        /** @param initialMs first delay @param maxMs cap @return this */
        public Builder reconnectDelay(final long initialMs, final long maxMs) {
            reconnectDelayMs = initialMs;
            maxReconnectDelayMs = maxMs;
            return this;
        }

        /** @param value ping period @return this */
        public Builder pingIntervalMs(final long value) {
            pingIntervalMs = value;
            return this;
        }

        /** @param value sockets at most @return this */
        public Builder maxConnections(final int value) {
            maxConnections = value;
            return this;
        }

        /** @param value subscriptions at most @return this */
        public Builder maxSubscriptionsTotal(final int value) {
            maxSubscriptionsTotal = value;
            return this;
        }

        /** @param value client messages per minute @return this */
        public Builder maxMessagesPerMinute(final int value) {
            maxMessagesPerMinute = value;
            return this;
        }

        /** @param perMinute REST weight per minute @param safety share used @return this */
        public Builder weight(final long perMinute, final double safety) {
            weightPerMinute = perMinute;
            weightSafety = safety;
            return this;
        }

        /** @param value raw capture, or null @return this */
        public Builder capture(final RawCaptureWriter value) {
            capture = value;
            return this;
        }

        /** @param value l2Book staleness (default 20 s, 3 s when fast) @return this */
        public Builder bookStaleMs(final long value) {
            bookStaleMs = value;
            return this;
        }

        /** @param value bbo staleness @return this */
        public Builder bboStaleMs(final long value) {
            bboStaleMs = value;
            return this;
        }

        /** @param value activeAssetCtx staleness @return this */
        public Builder assetCtxStaleMs(final long value) {
            assetCtxStaleMs = value;
            return this;
        }

        /** @param value grace after a bucket's close time before it is closed by the clock @return this */
        public Builder candleCloseGraceMs(final long value) {
            candleCloseGraceMs = value;
            return this;
        }

        /** @return the config */
        public HyperliquidAdapterConfig build() {
            final long book = bookStaleMs != null ? bookStaleMs : fast ? 3_000 : 20_000;
            return new HyperliquidAdapterConfig(wsUri, infoUri, coins, channels, nSigFigs, fast, candleIntervals,
                backfillBuckets, reconnectDelayMs, maxReconnectDelayMs, pingIntervalMs, maxConnections,
                maxSubscriptionsTotal, maxMessagesPerMinute, weightPerMinute, weightSafety, capture, book,
                bboStaleMs, assetCtxStaleMs, candleCloseGraceMs);
        }
    }
}
