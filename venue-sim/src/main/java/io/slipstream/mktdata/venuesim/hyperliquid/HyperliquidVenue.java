package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.market.LevelChanges;
import io.slipstream.mktdata.venuesim.market.MarketListener;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SimTrade;
import io.slipstream.mktdata.venuesim.net.CloseKind;
import io.slipstream.mktdata.venuesim.net.SimConnection;
import io.slipstream.mktdata.venuesim.net.SimVenue;

import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated Hyperliquid: websocket {@code /ws} and REST {@code POST /info} on 127.0.0.1, rendering the shared
 * {@link SimMarket} the way Hyperliquid does (see {@code /work/shared/docs/venues.md} section A).
 *
 * <p>Threads: the market thread calls the {@link MarketListener} methods, which only buffer trades, flag changed
 * books and, on ticks, push due frames (never blocking: sockets queue). Websocket threads handle client messages and
 * send each new subscriber its first frame. A housekeeping thread closes idle connections and expired ones. REST runs
 * on its own small pool. Limits are per venue, as Hyperliquid counts per IP and every local client is one IP.
 */
public final class HyperliquidVenue implements SimVenue, MarketListener {
    /** The greeting some old clients expect; sent only when the fault controller asks for it. */
    static final String GREETING = "Websocket connection established.";
    static final String PONG = "{\"channel\":\"pong\"}";

    private static final Logger LOG = LoggerFactory.getLogger(HyperliquidVenue.class);
    private static final long IDLE_CHECK_MS = 100;
    private static final long EXPIRY_CHECK_MS = 1_000;
    private static final int STOP_TIMEOUT_MS = 1_000;

    private final SimMarket market;
    private final FaultController faults;
    private final HyperliquidConfig config;
    private final HyperliquidInfo info;
    private final MinuteBudget messages;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final Set<HyperliquidSession> sessions = ConcurrentHashMap.newKeySet();
    private final Object sessionsLock = new Object();
    private final Map<String, HyperliquidFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, HyperliquidTradesFeed> tradesByCoin = new ConcurrentHashMap<>();
    private final Map<String, HyperliquidBboFeed> bboByCoin = new ConcurrentHashMap<>();
    private HyperliquidWebSocketServer webSocketServer;
    private HyperliquidRestServer restServer;
    private ScheduledExecutorService housekeeping;

    /**
     * @param market the market it renders
     * @param faults faults to apply; its connections registry learns every connection
     * @param config ports, cadences and limits
     */
    public HyperliquidVenue(final SimMarket market, final FaultController faults, final HyperliquidConfig config) {
        this.market = market;
        this.faults = faults;
        this.config = config;
        this.info = new HyperliquidInfo(market, config);
        this.messages = new MinuteBudget(config.maxMessagesPerMinute());
    }

    @Override
    public synchronized void start() throws IOException {
        if (webSocketServer != null) {
            throw new IllegalStateException("already started");
        }
        restServer = new HyperliquidRestServer(config.restPort(), info, faults);
        webSocketServer = new HyperliquidWebSocketServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), config.webSocketPort()), this);
        try {
            webSocketServer.startAndWait();
        } catch (final IOException e) {
            restServer.stop();
            throw e;
        }
        restServer.start();
        housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "hyperliquid-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleAtFixedRate(this::closeIdle, IDLE_CHECK_MS, IDLE_CHECK_MS, TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(this::closeExpired, EXPIRY_CHECK_MS, EXPIRY_CHECK_MS,
            TimeUnit.MILLISECONDS);
        market.addListener(this);
        LOG.info("hyperliquid venue on {} (websocket) and {} (REST)", webSocketUri(), restUri());
    }

    @Override
    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + webSocketServer.getPort());
    }

    @Override
    public URI restUri() {
        return URI.create("http://127.0.0.1:" + restServer.port());
    }

    @Override
    public synchronized void close() {
        market.removeListener(this);
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (webSocketServer != null) {
            try {
                webSocketServer.stop(STOP_TIMEOUT_MS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (restServer != null) {
            restServer.stop();
        }
    }

    // ---- market thread -------------------------------------------------------------------------------------------

    @Override
    public void onBookUpdate(final SimSymbol symbol, final LevelChanges update) {
        final HyperliquidBboFeed bbo = bboByCoin.get(symbol.hyperliquidCoin());
        if (bbo != null) {
            bbo.markDirty();
        }
    }

    @Override
    public void onTrade(final SimSymbol symbol, final SimTrade trade) {
        final HyperliquidTradesFeed trades = tradesByCoin.get(symbol.hyperliquidCoin());
        if (trades != null && !trades.replayedVerbatim()) {
            trades.onTrade(trade);
        }
    }

    @Override
    public void onReplayedHyperliquidFrame(final SimSymbol symbol, final String channelKey, final String frame) {
        final String coin = symbol.hyperliquidCoin();
        for (final HyperliquidFeed feed : feeds.values()) {
            // every l2Book aggregation of the coin gets the captured book: the capture does not say which it was
            if (feed.replayedVerbatim() && coin.equals(feed.coin()) && channelKey.equals(feed.channelKey())) {
                feed.deliverReplayed(frame);
            }
        }
    }

    @Override
    public void onTick(final long marketTimeMs) {
        for (final HyperliquidFeed feed : feeds.values()) {
            try {
                feed.tick(marketTimeMs);
            } catch (final RuntimeException e) {
                // never let a rendering bug stop the market thread
                LOG.warn("hyperliquid: pushing {} failed", feed.subscription().toJson(), e);
            }
        }
    }

    // ---- websocket threads ---------------------------------------------------------------------------------------

    /** @return true while the fault controller refuses new connections */
    boolean refusingConnections() {
        return faults.refusingConnections(Venue.HYPERLIQUID);
    }

    /**
     * A client connected.
     *
     * @param socket the websocket
     * @param path   its request path
     */
    void opened(final WebSocket socket, final String path) {
        final long nowMs = System.currentTimeMillis();
        final SimConnection connection;
        synchronized (sessionsLock) {
            if (sessions.size() >= config.maxConnections()) {
                socket.close(CloseFrame.POLICY_VALIDATION, "Too many connections: at most "
                    + config.maxConnections() + " per IP");
                return;
            }
            connection = new SimConnection(Venue.HYPERLIQUID, socket, path, nowMs);
            final HyperliquidSession session = new HyperliquidSession(connection, nowMs);
            socket.setAttachment(session);
            sessions.add(session);
        }
        faults.register(connection);
        if (faults.greeting(Venue.HYPERLIQUID)) {
            connection.sendUnfiltered(GREETING);
        }
    }

    /** @param socket a websocket that closed */
    void closed(final WebSocket socket) {
        final HyperliquidSession session = socket.getAttachment();
        if (session == null) {
            return; // refused over the connection limit
        }
        sessions.remove(session);
        faults.unregister(session.connection());
        synchronized (session) {
            session.markClosed();
            for (final HyperliquidFeed feed : session.subscriptions().values()) {
                feed.unsubscribe(session);
            }
            subscriptions.addAndGet(-session.subscriptions().size());
            session.subscriptions().clear();
        }
    }

    /**
     * A client message.
     *
     * @param socket the websocket
     * @param text   the text frame
     */
    void received(final WebSocket socket, final String text) {
        final HyperliquidSession session = socket.getAttachment();
        if (session == null) {
            return;
        }
        final SimConnection connection = session.connection();
        connection.countInbound();
        if (!messages.tryAcquire(System.currentTimeMillis(), 1)) {
            error(connection, "Cannot send more than " + config.maxMessagesPerMinute() + " messages per minute.");
            return;
        }
        final Map<String, Object> request = HyperliquidJson.parseObject(text);
        final String method = request == null ? null : HyperliquidJson.string(request, "method");
        if (method == null) {
            parseError(connection, text);
            return;
        }
        switch (method) {
            case "ping" -> connection.sendUnfiltered(PONG);
            case "pong" -> {
                // an answer to a server "Ping" that Hyperliquid does not send: harmless, ignored
            }
            case "subscribe" -> subscribe(session, request, text);
            case "unsubscribe" -> unsubscribe(session, request, text);
            case "post" -> post(connection, request, text);
            default -> parseError(connection, text);
        }
    }

    /** @return the request's subscription, or null after answering the venue's parse error */
    private HyperliquidSubscription parseSubscription(
        final SimConnection connection, final Map<String, Object> request, final String text) {
        final HyperliquidSubscription subscription = HyperliquidSubscription.parse(
            HyperliquidJson.object(request, "subscription"), market);
        if (subscription == null) {
            parseError(connection, text);
        }
        return subscription;
    }

    private void subscribe(final HyperliquidSession session, final Map<String, Object> request, final String text) {
        final SimConnection connection = session.connection();
        final HyperliquidSubscription subscription = parseSubscription(connection, request, text);
        if (subscription == null) {
            return;
        }
        final String key = subscription.toJson();
        synchronized (session) {
            if (session.isClosed()) {
                return;
            }
            if (session.subscriptions().containsKey(key)) {
                error(connection, "Already subscribed: " + key);
                return;
            }
            if (!reserveSubscription()) {
                error(connection, "Cannot subscribe to more than " + config.maxSubscriptions() + " channels.");
                return;
            }
            final HyperliquidFeed feed = feeds.computeIfAbsent(key, k -> createFeed(subscription));
            session.subscriptions().put(key, feed);
            session.refreshSymbols();
            connection.sendUnfiltered(ack("subscribe", key));
            feed.subscribe(session, market.nowMs());
        }
    }

    private void unsubscribe(final HyperliquidSession session, final Map<String, Object> request,
                             final String text) {
        final SimConnection connection = session.connection();
        final HyperliquidSubscription subscription = parseSubscription(connection, request, text);
        if (subscription == null) {
            return;
        }
        final String key = subscription.toJson();
        synchronized (session) {
            if (session.isClosed()) {
                return;
            }
            final HyperliquidFeed feed = session.subscriptions().remove(key);
            if (feed == null) {
                error(connection, "Already unsubscribed: " + key);
                return;
            }
            feed.unsubscribe(session);
            subscriptions.decrementAndGet();
            session.refreshSymbols();
            connection.sendUnfiltered(ack("unsubscribe", key));
        }
    }

    /** Counts a subscription against the per-IP limit, shared by every connection. */
    private boolean reserveSubscription() {
        int current;
        do {
            current = subscriptions.get();
            if (current >= config.maxSubscriptions()) {
                return false;
            }
        } while (!subscriptions.compareAndSet(current, current + 1));
        return true;
    }

    private HyperliquidFeed createFeed(final HyperliquidSubscription subscription) {
        final SimSymbol symbol = subscription.coin() == null ? null : market.hyperliquid(subscription.coin());
        return switch (subscription.type()) {
            case HyperliquidSubscription.L2_BOOK -> new HyperliquidBookFeed(subscription, symbol, config);
            case HyperliquidSubscription.TRADES -> tradesByCoin.computeIfAbsent(subscription.coin(),
                coin -> new HyperliquidTradesFeed(subscription, symbol, config.recentTradesOnSubscribe()));
            case HyperliquidSubscription.BBO -> bboByCoin.computeIfAbsent(subscription.coin(),
                coin -> new HyperliquidBboFeed(subscription, symbol));
            case HyperliquidSubscription.CANDLE -> new HyperliquidCandleFeed(subscription, symbol);
            case HyperliquidSubscription.ALL_MIDS -> new HyperliquidPeriodicFeed(subscription, null, market,
                config.allMidsIntervalMs());
            case HyperliquidSubscription.ACTIVE_ASSET_CTX -> new HyperliquidPeriodicFeed(subscription, symbol, market,
                config.assetCtxIntervalMs());
            default -> throw new IllegalArgumentException("unsupported subscription " + subscription.toJson());
        };
    }

    /** A websocket {@code post}: an {@code /info} request answered on channel {@code post}, sharing REST weight. */
    private void post(final SimConnection connection, final Map<String, Object> request, final String text) {
        final Map<String, Object> inner = HyperliquidJson.object(request, "request");
        if (!(request.get("id") instanceof Long id) || inner == null
            || !(HyperliquidJson.string(inner, "type") instanceof String type)) {
            parseError(connection, text);
            return;
        }
        final StringBuilder out = new StringBuilder(512).append("{\"channel\":\"post\",\"data\":{\"id\":").append(id)
            .append(",\"response\":{\"type\":");
        if (!"info".equals(type)) {
            out.append("\"error\",\"payload\":");
            HyperliquidFormat.quoted(out, "The simulator serves market data only: '" + type
                + "' post requests are not supported");
        } else {
            final HyperliquidInfo.Answer answer = info.answer(HyperliquidJson.object(inner, "payload"),
                System.currentTimeMillis(), false);
            if (answer.ok()) {
                out.append("\"info\",\"payload\":{\"type\":\"").append(answer.type()).append("\",\"data\":")
                    .append(answer.body()).append('}');
            } else {
                out.append("\"error\",\"payload\":");
                HyperliquidFormat.quoted(out, answer.status() + " " + answer.body());
            }
        }
        connection.sendUnfiltered(out.append("}}}").toString());
    }

    private static String ack(final String method, final String subscriptionJson) {
        return "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"" + method + "\",\"subscription\":"
            + subscriptionJson + "}}";
    }

    private static void parseError(final SimConnection connection, final String text) {
        error(connection, "Error parsing JSON into valid websocket request: " + text);
    }

    private static void error(final SimConnection connection, final String message) {
        final StringBuilder out = new StringBuilder(message.length() + 40).append("{\"channel\":\"error\",\"data\":");
        connection.sendUnfiltered(HyperliquidFormat.quoted(out, message).append('}').toString());
    }

    // ---- housekeeping thread -------------------------------------------------------------------------------------

    /** Hyperliquid closes a connection it has sent nothing to for a minute; clients on quiet channels must ping. */
    private void closeIdle() {
        try {
            final long nowMs = System.currentTimeMillis();
            for (final HyperliquidSession session : sessions) {
                final SimConnection connection = session.connection();
                if (connection.isOpen() && session.idleMs(nowMs) >= config.idleTimeoutMs()) {
                    LOG.info("closing idle {}", connection);
                    connection.close(CloseKind.NORMAL, "idle timeout");
                }
            }
        } catch (final RuntimeException e) {
            LOG.warn("hyperliquid idle check failed", e);
        }
    }

    private void closeExpired() {
        try {
            faults.closeExpired(Venue.HYPERLIQUID, System.currentTimeMillis());
        } catch (final RuntimeException e) {
            LOG.warn("hyperliquid lifetime check failed", e);
        }
    }
}
