package io.slipstream.mktdata.venue.hyperliquid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.EpochClock;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig.Channel;
import io.slipstream.mktdata.venue.rest.RestResponse;
import io.slipstream.mktdata.venue.rest.VenueRestClient;
import io.slipstream.mktdata.venue.rest.WeightBudget;
import io.slipstream.mktdata.venue.websocket.FrameListener;
import io.slipstream.mktdata.venue.websocket.ReconnectBackoff;
import io.slipstream.mktdata.venue.websocket.VenueWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Hyperliquid market-data adapter: perps from {@code meta}, websocket subscriptions spread over at most
 * {@code maxConnections} sockets (one coin's streams on one socket), outgoing messages paced by one token bucket,
 * JSON pings, a per-stream staleness watchdog, candle backfill over {@code candleSnapshot} and clock-driven candle
 * closing. Socket read threads decode and publish; control work runs on one scheduler of daemon threads (two
 * threads, so a blocking REST backfill never delays pings and subscribes; backfills themselves run one at a time).
 *
 * <p>Trades replayed by the venue after a subscribe are de-duplicated on (coin, time, tid) (a bounded set of recent
 * keys per coin); the non-duplicate ones of the first {@code trades} frame after a subscribe whose time is not after
 * the subscribe (history on the first subscribe, trades missed while disconnected after a reconnect) are published
 * with {@link io.slipstream.mktdata.trade.TradeRing#FLAG_BACKFILLED}; everything else with no flag.
 */
public final class HyperliquidAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HyperliquidAdapter.class);
    private static final long META_WEIGHT = 20;
    private static final long CANDLE_SNAPSHOT_WEIGHT = 20;
    private static final int CANDLES_PER_EXTRA_WEIGHT = 60;
    private static final int MAX_CANDLES_PER_RESPONSE = 5000;
    private static final int MAX_BACKFILL_PAGES = 50;
    private static final long PUMP_PERIOD_MS = 20;
    private static final long WATCHDOG_PERIOD_MS = 250;
    private static final long MS_TO_NS = 1_000_000L;
    private static final String PING = "{\"method\":\"ping\"}";

    private final HyperliquidAdapterConfig config;
    private final EventPublisher publisher;
    private final InstrumentRegistry registry;
    private final EpochClock clock;
    private final HyperliquidStats stats = new HyperliquidStats();
    private final JsonFactory json = new JsonFactory();
    private final ScheduledExecutorService scheduler;
    private final VenueRestClient rest;
    private final List<HyperliquidCoin> coins = new ArrayList<>();
    private final List<Conn> conns = new ArrayList<>();
    private final ConcurrentLinkedQueue<Outbound> urgent = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Outbound> outbound = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> backfills = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean backfilling = new AtomicBoolean();
    private final Map<String, Long> backfilledUpTo = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object pumpLock = new Object();
    private double tokens;
    private long lastRefillNs;
    private volatile boolean closed;
    private boolean started;

    /**
     * @param config    settings
     * @param publisher where events go ({@code engine.publisher()})
     * @param registry  the engine's instrument registry (perps are registered from {@code meta})
     * @param clock     receive timestamps and the candle clock
     */
    public HyperliquidAdapter(final HyperliquidAdapterConfig config, final EventPublisher publisher,
                              final InstrumentRegistry registry, final EpochClock clock) {
        this.config = config;
        this.publisher = publisher;
        this.registry = registry;
        this.clock = clock;
        final AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            final Thread thread = new Thread(runnable, "hyperliquid-control-" + threads.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
        final WeightBudget budget = new WeightBudget(config.weightPerMinute(), config.weightSafety(),
            () -> clock.epochNanos() / MS_TO_NS, WeightBudget.Window.SLIDING_MINUTE);
        this.rest = new VenueRestClient("hyperliquid", budget, clock, config.capture(), Duration.ofSeconds(10));
        this.tokens = Math.min(config.maxMessagesPerMinute(), burst());
    }

    private double burst() {
        // Bucket of at most a tenth of a minute's allowance: any 60 s window sees at most 1.1 x the rate.
        return Math.max(1, config.maxMessagesPerMinute() / 10.0);
    }

    /**
     * Loads {@code meta}, registers the perps, opens the sockets and schedules the control work. Blocks for the
     * {@code meta} call only.
     *
     * @throws IOException          if {@code meta} could not be loaded
     * @throws InterruptedException if interrupted while loading it
     */
    public synchronized void start() throws IOException, InterruptedException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        final List<String> names = loadMeta();
        final List<Channel> channels = new ArrayList<>(config.channels());
        final int perCoin = streamsPerCoin(channels);
        int total = 0;
        for (final String name : names) {
            if (perCoin > 0 && total + perCoin > config.maxSubscriptionsTotal()) {
                LOG.warn("hyperliquid: {} not followed: {} subscriptions would exceed {}", name, total + perCoin,
                    config.maxSubscriptionsTotal());
                continue;
            }
            total += perCoin;
            final Instrument instrument = registry.find(Venue.HYPERLIQUID, name);
            final HyperliquidCoin coin = new HyperliquidCoin(name, instrument, config.candleIntervals());
            for (final HyperliquidCoin.CandleState state : coin.candles) {
                state.live(!backfillEnabled());
            }
            coins.add(coin);
        }
        final int socketCount = Math.max(1, Math.min(config.maxConnections(), coins.size()));
        final List<List<HyperliquidCoin>> byConn = new ArrayList<>();
        for (int i = 0; i < socketCount; i++) {
            byConn.add(new ArrayList<>());
        }
        for (int i = 0; i < coins.size(); i++) {
            byConn.get(i % socketCount).add(coins.get(i));
        }
        final Random random = new Random();
        for (int i = 0; i < socketCount; i++) {
            conns.add(new Conn(i, byConn.get(i), channels, random.nextLong()));
        }
        LOG.info("hyperliquid: {} coins, {} subscriptions over {} sockets", coins.size(), total, socketCount);
        lastRefillNs = System.nanoTime();
        scheduler.scheduleAtFixedRate(guard(this::pump), PUMP_PERIOD_MS, PUMP_PERIOD_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(guard(this::ping), config.pingIntervalMs(), config.pingIntervalMs(),
            TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(guard(this::watchdog), WATCHDOG_PERIOD_MS, WATCHDOG_PERIOD_MS,
            TimeUnit.MILLISECONDS);
        for (final Conn conn : conns) {
            conn.socket.start();
        }
        requestBackfill(coins);
    }

    private int streamsPerCoin(final List<Channel> channels) {
        int count = 0;
        for (final Channel channel : channels) {
            count += channel == Channel.CANDLE ? config.candleIntervals().size() : 1;
        }
        return count;
    }

    private Runnable guard(final Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (final RuntimeException e) {
                LOG.warn("hyperliquid: control task failed", e);
            }
        };
    }

    /** @return the counters */
    public HyperliquidStats stats() {
        return stats;
    }

    /** @return the followed coins, as the venue spells them */
    public List<String> coins() {
        final List<String> names = new ArrayList<>();
        for (final HyperliquidCoin coin : coins) {
            names.add(coin.name);
        }
        return Collections.unmodifiableList(names);
    }

    /** @return the number of sockets */
    public int connectionCount() {
        return conns.size();
    }

    /** @return connection attempts over all sockets */
    public long connects() {
        long sum = 0;
        for (final Conn conn : conns) {
            sum += conn.socket.connects();
        }
        return sum;
    }

    /** @return true when every socket is open and every subscription acknowledged */
    public boolean allSubscribed() {
        for (final Conn conn : conns) {
            if (!conn.socket.isOpen()) {
                return false;
            }
            for (final Stream stream : conn.streams) {
                if (!stream.acked) {
                    return false;
                }
            }
        }
        return !conns.isEmpty();
    }

    /** @return the REST client (its budget shows the weight used) */
    public VenueRestClient rest() {
        return rest;
    }

    @Override
    public void close() {
        closed = true;
        for (final Conn conn : conns) {
            conn.socket.close();
        }
        scheduler.shutdownNow();
    }

    // ---- meta --------------------------------------------------------------------------------------------------

    private List<String> loadMeta() throws IOException, InterruptedException {
        final RestResponse response = rest.post(config.infoUri(), "{\"type\":\"meta\"}", META_WEIGHT);
        if (!response.ok()) {
            throw new IOException("hyperliquid meta: HTTP " + response.status() + " " + response.body());
        }
        final Map<String, Integer> listed = new LinkedHashMap<>();
        try (JsonParser parser = json.createParser(response.body())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("hyperliquid meta: not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                parser.nextToken();
                if (!"universe".equals(field) || parser.currentToken() != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    String name = null;
                    int szDecimals = -1;
                    boolean delisted = false;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        final String key = parser.currentName();
                        parser.nextToken();
                        switch (key) {
                            case "name" -> name = parser.getText();
                            case "szDecimals" -> szDecimals = parser.getIntValue();
                            case "isDelisted" -> delisted = parser.currentToken() == JsonToken.VALUE_TRUE;
                            default -> parser.skipChildren();
                        }
                    }
                    if (name != null && szDecimals >= 0 && !delisted) {
                        listed.put(name, szDecimals);
                    }
                }
            }
        }
        final List<String> wanted = config.coins() == null ? new ArrayList<>(listed.keySet()) : config.coins();
        final List<String> result = new ArrayList<>();
        for (final String name : wanted) {
            final Integer szDecimals = listed.get(name);
            if (szDecimals == null) {
                LOG.warn("hyperliquid: {} is not a listed perp (names are case-sensitive); skipped", name);
                continue;
            }
            try {
                registry.register(InstrumentSpec.hyperliquid(name, szDecimals));
                result.add(name);
            } catch (final IllegalArgumentException e) {
                LOG.warn("hyperliquid: {} not registered: {}", name, e.getMessage());
            }
        }
        return result;
    }

    // ---- outgoing messages -------------------------------------------------------------------------------------

    private void pump() {
        synchronized (pumpLock) {
            final long now = System.nanoTime();
            final double perNs = config.maxMessagesPerMinute() / 60e9;
            tokens = Math.min(burst(), tokens + (now - lastRefillNs) * perNs);
            lastRefillNs = now;
            while (tokens >= 1) {
                Outbound next = urgent.poll();
                if (next == null) {
                    next = outbound.poll();
                }
                if (next == null) {
                    return;
                }
                if (next.generation != next.conn.generation.get()) {
                    continue; // queued for a connection that is gone: the reopen resubscribes everything
                }
                if (next.stream != null && next.subscribe) {
                    next.stream.beforeSubscribe(clock.epochNanos());
                }
                if (next.conn.socket.send(next.text)) {
                    tokens -= 1;
                    stats.messagesSent.increment();
                }
            }
        }
    }

    private void ping() {
        for (final Conn conn : conns) {
            if (!conn.socket.isOpen()) {
                continue;
            }
            if (conn.pingsOutstanding.get() >= 2) {
                LOG.warn("hyperliquid: {} missed two pongs; recycling", conn.socket.name());
                conn.pingsOutstanding.set(0);
                stats.socketRecycles.increment();
                conn.socket.recycle();
                continue;
            }
            conn.pingsOutstanding.incrementAndGet();
            urgent.add(new Outbound(conn, conn.generation.get(), PING, null, false));
        }
    }

    // ---- watchdog and candle clock -----------------------------------------------------------------------------

    private void watchdog() {
        final long nowNs = clock.epochNanos();
        final long nowMs = nowNs / MS_TO_NS;
        for (final Conn conn : conns) {
            if (!conn.socket.isOpen()) {
                continue;
            }
            boolean recycle = false;
            for (final Stream stream : conn.streams) {
                final long staleMs = stream.staleMs;
                final long sentNs = stream.sentNs;
                if (staleMs <= 0 || sentNs == 0) {
                    continue;
                }
                final long silenceMs = (nowNs - Math.max(stream.lastDataNs, sentNs)) / MS_TO_NS;
                if (silenceMs <= staleMs) {
                    continue;
                }
                if (stream.staleSinceNs == 0) {
                    stream.staleSinceNs = nowNs;
                    stats.staleStreams.increment();
                    stream.status(StreamStatus.STALE, nowNs, silenceMs);
                    LOG.warn("hyperliquid: {} silent for {} ms; resubscribing", stream.subscription, silenceMs);
                    final long generation = conn.generation.get();
                    outbound.add(new Outbound(conn, generation, stream.unsubscribeJson, stream, false));
                    outbound.add(new Outbound(conn, generation, stream.subscribeJson, stream, true));
                } else if (nowNs - stream.staleSinceNs > staleMs * MS_TO_NS) {
                    recycle = true;
                }
            }
            if (recycle) {
                LOG.warn("hyperliquid: {} still stale after a resubscribe; recycling the socket", conn.socket.name());
                stats.socketRecycles.increment();
                for (final Stream stream : conn.streams) {
                    stream.staleSinceNs = 0;
                }
                conn.socket.recycle();
            }
        }
        for (final HyperliquidCoin coin : coins) {
            for (final HyperliquidCoin.CandleState state : coin.candles) {
                if (state.closeIfExpired(publisher, nowMs, config.candleCloseGraceMs(), nowNs)) {
                    stats.candlesClosedByClock.increment();
                }
            }
        }
    }

    // ---- candle backfill ---------------------------------------------------------------------------------------

    private boolean backfillEnabled() {
        return config.backfillBuckets() > 0 && config.channels().contains(Channel.CANDLE);
    }

    private void requestBackfill(final List<HyperliquidCoin> forCoins) {
        if (!backfillEnabled()) {
            return;
        }
        for (final HyperliquidCoin coin : forCoins) {
            for (final HyperliquidCoin.CandleState state : coin.candles) {
                backfills.add(() -> backfill(coin, state));
            }
        }
        scheduler.execute(this::drainBackfills);
    }

    private void drainBackfills() {
        while (!closed) {
            if (!backfilling.compareAndSet(false, true)) {
                return;
            }
            try {
                Runnable job;
                while (!closed && (job = backfills.poll()) != null) {
                    job.run();
                }
            } finally {
                backfilling.set(false);
            }
            if (backfills.isEmpty()) {
                return;
            }
        }
    }

    private void backfill(final HyperliquidCoin coin, final HyperliquidCoin.CandleState state) {
        try {
            fetchCandles(coin, state);
        } finally {
            state.finishBackfill(publisher, clock.epochNanos());
        }
    }

    private void fetchCandles(final HyperliquidCoin coin, final HyperliquidCoin.CandleState state) {
        final CandleInterval interval = state.interval;
        final String key = coin.name + '/' + interval.wireName();
        final long nowMs = clock.epochNanos() / MS_TO_NS;
        final long currentBucket = interval.bucketStartMs(nowMs);
        final Long upTo = backfilledUpTo.get(key);
        // First time: the retention; after a reconnect: from two buckets before the newest we know (its final push
        // may have been missed while disconnected).
        long start = upTo == null ? interval.plusBuckets(currentBucket, -(config.backfillBuckets() - 1))
            : interval.plusBuckets(Math.max(upTo, state.openTimeMs()), -2);
        try {
            for (int page = 0; page < MAX_BACKFILL_PAGES && !closed; page++) {
                final long expected = Math.min(MAX_CANDLES_PER_RESPONSE,
                    Math.max(1, interval.bucketsBetween(start, currentBucket) + 1));
                final long weight = CANDLE_SNAPSHOT_WEIGHT + (expected + CANDLES_PER_EXTRA_WEIGHT - 1)
                    / CANDLES_PER_EXTRA_WEIGHT;
                final String body = "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"" + coin.name
                    + "\",\"interval\":\"" + interval.wireName() + "\",\"startTime\":" + start + ",\"endTime\":"
                    + nowMs + "}}";
                stats.backfillRequests.increment();
                final RestResponse response = rest.post(config.infoUri(), body, weight);
                if (!response.ok()) {
                    LOG.warn("hyperliquid: candleSnapshot {} failed: HTTP {} {}", key, response.status(),
                        response.body());
                    return;
                }
                final long lastT = publishCandles(coin, state, response, currentBucket);
                if (lastT == Long.MIN_VALUE) {
                    return;
                }
                backfilledUpTo.merge(key, lastT, Math::max);
                if (lastT >= currentBucket) {
                    return;
                }
                start = interval.nextBucketStartMs(lastT);
                if (start > nowMs) {
                    return;
                }
            }
        } catch (final IOException e) {
            LOG.warn("hyperliquid: candleSnapshot {} failed: {}", key, e.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the newest open time in the page, or {@link Long#MIN_VALUE} if it was empty or unreadable */
    private long publishCandles(final HyperliquidCoin coin, final HyperliquidCoin.CandleState state,
                                final RestResponse response, final long currentBucket) throws IOException {
        final Instrument instrument = coin.instrument;
        long lastT = Long.MIN_VALUE;
        try (JsonParser parser = json.createParser(response.body())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                LOG.warn("hyperliquid: candleSnapshot for {} is not an array", coin.name);
                return Long.MIN_VALUE;
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                long t = -1;
                long n = 0;
                long o = FixedPoint.INVALID;
                long h = FixedPoint.INVALID;
                long l = FixedPoint.INVALID;
                long c = FixedPoint.INVALID;
                long v = FixedPoint.INVALID;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String field = parser.currentName();
                    parser.nextToken();
                    switch (field) {
                        case "t" -> t = parser.getLongValue();
                        case "n" -> n = parser.getLongValue();
                        case "o" -> o = FixedPoint.parse(parser.getText(), instrument.priceScale());
                        case "h" -> h = FixedPoint.parse(parser.getText(), instrument.priceScale());
                        case "l" -> l = FixedPoint.parse(parser.getText(), instrument.priceScale());
                        case "c" -> c = FixedPoint.parse(parser.getText(), instrument.priceScale());
                        case "v" -> v = HyperliquidDecoder.parseRounded(parser.getText(), instrument.sizeScale());
                        default -> parser.skipChildren();
                    }
                }
                if (t < 0 || o == FixedPoint.INVALID || h == FixedPoint.INVALID || l == FixedPoint.INVALID
                    || c == FixedPoint.INVALID || v == FixedPoint.INVALID) {
                    stats.invalidDecimals.increment();
                    continue;
                }
                lastT = Math.max(lastT, t);
                if (state.backfillRow(publisher, response.receiveTimeNs(), t, o, h, l, c, v, n, currentBucket)) {
                    stats.backfilledCandles.increment();
                }
            }
        }
        return lastT;
    }

    // ---- connections and streams -------------------------------------------------------------------------------

    /** A message waiting for a token. */
    private record Outbound(Conn conn, long generation, String text, Stream stream, boolean subscribe) {
    }

    /** One subscription: its wire form, its socket and its health. */
    final class Stream {
        final Channel channel;
        final HyperliquidCoin coin;
        final CandleInterval interval;
        final String subscription;
        final String subscribeJson;
        final String unsubscribeJson;
        final long staleMs;
        volatile long sentNs;
        volatile long lastDataNs;
        volatile long staleSinceNs;
        volatile boolean acked;
        volatile StreamStatus status;

        Stream(final Channel channel, final HyperliquidCoin coin, final CandleInterval interval) {
            this.channel = channel;
            this.coin = coin;
            this.interval = interval;
            final StringBuilder sub = new StringBuilder(96).append("{\"type\":\"").append(channel.wireName())
                .append("\",\"coin\":\"").append(coin.name).append('"');
            if (channel == Channel.CANDLE) {
                sub.append(",\"interval\":\"").append(interval.wireName()).append('"');
            }
            if (channel == Channel.L2_BOOK) {
                if (config.nSigFigs() != null) {
                    sub.append(",\"nSigFigs\":").append(config.nSigFigs());
                }
                if (config.fast()) {
                    sub.append(",\"fast\":true");
                }
            }
            this.subscription = sub.append('}').toString();
            this.subscribeJson = "{\"method\":\"subscribe\",\"subscription\":" + subscription + "}";
            this.unsubscribeJson = "{\"method\":\"unsubscribe\",\"subscription\":" + subscription + "}";
            this.staleMs = config.staleMs(channel);
        }

        void beforeSubscribe(final long nowNs) {
            sentNs = nowNs;
            if (channel == Channel.L2_BOOK) {
                coin.bookResetPending = true;
            } else if (channel == Channel.TRADES) {
                coin.tradesReplayCutoffMs = nowNs / MS_TO_NS;
                coin.tradesReplayPending = true;
            }
        }

        StreamKind kind() {
            return switch (channel) {
                case L2_BOOK -> StreamKind.BOOK;
                case TRADES -> StreamKind.TRADES;
                case BBO -> StreamKind.QUOTES;
                case CANDLE -> StreamKind.CANDLES;
                case ACTIVE_ASSET_CTX -> StreamKind.MARK;
            };
        }

        void status(final StreamStatus next, final long nowNs, final long detail) {
            status = next;
            publisher.status(Venue.HYPERLIQUID, coin.instrument.id(), nowNs, kind(), interval, next, detail);
        }
    }

    /** One socket and the streams it carries. */
    private final class Conn implements FrameListener, HyperliquidDecoder.Listener {
        final List<Stream> streams = new ArrayList<>();
        final List<HyperliquidCoin> connCoins;
        final Map<HyperliquidCoin, Stream[]> byCoin = new java.util.IdentityHashMap<>();
        final VenueWebSocket socket;
        final HyperliquidDecoder decoder;
        final AtomicLong generation = new AtomicLong();
        final AtomicInteger pingsOutstanding = new AtomicInteger();
        final AtomicInteger opens = new AtomicInteger();
        private final int candleBase = Channel.values().length;

        Conn(final int index, final List<HyperliquidCoin> connCoins, final List<Channel> channels, final long seed) {
            this.connCoins = connCoins;
            for (final HyperliquidCoin coin : connCoins) {
                final Stream[] slots = new Stream[candleBase + config.candleIntervals().size()];
                for (final Channel channel : channels) {
                    if (channel == Channel.CANDLE) {
                        for (int i = 0; i < config.candleIntervals().size(); i++) {
                            final Stream stream = new Stream(channel, coin, config.candleIntervals().get(i));
                            slots[candleBase + i] = stream;
                            streams.add(stream);
                        }
                    } else {
                        final Stream stream = new Stream(channel, coin, null);
                        slots[channel.ordinal()] = stream;
                        streams.add(stream);
                    }
                }
                byCoin.put(coin, slots);
            }
            this.decoder = new HyperliquidDecoder(json, publisher, stats, this,
                connCoins.toArray(new HyperliquidCoin[0]));
            this.socket = new VenueWebSocket("hyperliquid-" + index, config::wsUri, this, clock,
                new ReconnectBackoff(config.reconnectDelayMs(), config.maxReconnectDelayMs(), new Random(seed)),
                scheduler);
        }

        @Override
        public void onOpen(final VenueWebSocket ws) {
            final long generationNow = generation.incrementAndGet();
            final long nowNs = clock.epochNanos();
            pingsOutstanding.set(0);
            LOG.info("hyperliquid: {} open (connection #{}); subscribing {} streams", ws.name(), generationNow,
                streams.size());
            publisher.status(Venue.HYPERLIQUID, -1, nowNs, StreamKind.STATUS, null, StreamStatus.CONNECTED, 0);
            for (final Stream stream : streams) {
                stream.acked = false;
                stream.staleSinceNs = 0;
                stream.sentNs = 0;
                stream.status(StreamStatus.SYNCING, nowNs, 0);
                outbound.add(new Outbound(this, generationNow, stream.subscribeJson, stream, true));
            }
            if (opens.incrementAndGet() > 1) {
                // a reconnect: the last pushes of a bucket may have been missed
                requestBackfill(connCoins);
            }
        }

        @Override
        public void onFrame(final VenueWebSocket ws, final ByteBuffer payload, final long receiveTimeNs) {
            if (config.capture() != null) {
                config.capture().writeFrame(receiveTimeNs, payload);
            }
            decoder.decode(payload, receiveTimeNs);
        }

        @Override
        public void onClose(final VenueWebSocket ws, final int code, final String reason) {
            generation.incrementAndGet();
            if (closed) {
                return;
            }
            final long nowNs = clock.epochNanos();
            LOG.info("hyperliquid: {} closed ({} {})", ws.name(), code, reason);
            publisher.status(Venue.HYPERLIQUID, -1, nowNs, StreamKind.STATUS, null, StreamStatus.DISCONNECTED, 0);
            for (final Stream stream : streams) {
                stream.acked = false;
                stream.sentNs = 0;
                stream.status(StreamStatus.DISCONNECTED, nowNs, 0);
            }
        }

        @Override
        public void onAck(final String type, final String coin, final String interval) {
            for (final Stream stream : streams) {
                if (stream.channel.wireName().equals(type) && stream.coin.name.equals(coin)
                    && (stream.interval == null || stream.interval.wireName().equals(interval))) {
                    stream.acked = true;
                }
            }
        }

        @Override
        public void onPong() {
            pingsOutstanding.set(0);
        }

        @Override
        public void onData(final HyperliquidCoin coin, final Channel channel, final CandleInterval interval,
                           final long receiveTimeNs) {
            final Stream[] slots = byCoin.get(coin);
            if (slots == null) {
                return;
            }
            Stream stream = null;
            if (channel == Channel.CANDLE) {
                final int index = config.candleIntervals().indexOf(interval);
                stream = index < 0 ? null : slots[candleBase + index];
            } else {
                stream = slots[channel.ordinal()];
            }
            if (stream == null) {
                return;
            }
            stream.lastDataNs = receiveTimeNs;
            stream.staleSinceNs = 0;
            if (stream.status != StreamStatus.LIVE) {
                stream.status(StreamStatus.LIVE, receiveTimeNs, 0);
            }
        }
    }
}
