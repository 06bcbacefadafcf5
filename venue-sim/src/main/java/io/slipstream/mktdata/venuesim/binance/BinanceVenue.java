package io.slipstream.mktdata.venuesim.binance;

import com.sun.net.httpserver.HttpServer;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.net.SimVenue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated Binance USD-M Futures market-data venue on 127.0.0.1: the 2026 routed websocket streams
 * ({@code /public/ws}, {@code /public/stream?streams=}, the same under {@code /market}, and the legacy
 * {@code /ws}, {@code /stream} that only serve /public-class data) and the {@code /fapi/v1} REST endpoints.
 *
 * <p>Threads: the market thread renders every stream ({@link BinanceRenderer}, a {@code MarketListener}) and hands
 * frames to the sockets without blocking; Java-WebSocket's selector and workers read client messages; one daemon
 * timer pings, enforces the pong timeout and the maximum connection lifetime; a small pool serves REST.
 *
 * <p>Limits, as on the venue: more than {@link BinanceConfig#maxInboundPerSecond()} client messages in any
 * one-second window closes the connection (1008). Subscribing beyond {@link BinanceConfig#maxStreamsPerConnection()}
 * streams is undocumented on the real venue; the simulator closes the connection (1008) rather than inventing an
 * error frame. A ping goes out every {@link BinanceConfig#pingIntervalMs()}; a ping unanswered for
 * {@link BinanceConfig#pongTimeoutMs()} drops the connection without a close frame. Refused connections (fault)
 * and unknown paths fail the websocket upgrade with HTTP 404 (Java-WebSocket's only refusal status).
 */
public final class BinanceVenue implements SimVenue {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceVenue.class);
    private static final long LIFETIME_CHECK_MS = 1_000;
    private static final int REST_THREADS = 6;

    private final SimMarket market;
    private final FaultController faults;
    private final BinanceConfig config;
    private final StreamRegistry registry = new StreamRegistry();
    private BinanceWebSocketServer webSocketServer;
    private HttpServer restServer;
    private BinanceRest rest;
    private ExecutorService restExecutor;
    private ScheduledExecutorService timer;
    private BinanceRenderer renderer;
    private URI webSocketUri;
    private URI restUri;

    /**
     * @param market the simulated market to render
     * @param faults the fault controller (shared with the other venue)
     * @param config ports, timings and limits
     */
    public BinanceVenue(final SimMarket market, final FaultController faults, final BinanceConfig config) {
        this.market = market;
        this.faults = faults;
        this.config = config;
    }

    @Override
    public synchronized void start() throws IOException {
        if (webSocketServer != null) {
            throw new IllegalStateException("already started");
        }
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        webSocketServer = new BinanceWebSocketServer(new InetSocketAddress(loopback, config.webSocketPort()), faults,
            config, registry);
        webSocketServer.start();
        final Exception failure;
        try {
            failure = webSocketServer.awaitStart(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while starting the websocket server", e);
        }
        if (failure != null) {
            close();
            throw new IOException("Binance websocket server could not start on port " + config.webSocketPort(),
                failure);
        }
        webSocketUri = URI.create("ws://127.0.0.1:" + webSocketServer.getPort());

        restExecutor = Executors.newFixedThreadPool(REST_THREADS, daemonThreads("binance-sim-rest"));
        try {
            restServer = HttpServer.create(new InetSocketAddress(loopback, config.restPort()), 64);
        } catch (final IOException e) {
            close();
            throw e;
        }
        rest = new BinanceRest(market, faults, config);
        restServer.createContext("/", rest);
        restServer.setExecutor(restExecutor);
        restServer.start();
        restUri = URI.create("http://127.0.0.1:" + restServer.getAddress().getPort());

        renderer = new BinanceRenderer(market, faults, registry);
        market.addListener(renderer);

        timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("binance-sim-timer"));
        final long pingMs = Math.max(1, config.pingIntervalMs());
        timer.scheduleAtFixedRate(() -> guarded(() -> webSocketServer.pingAll(System.currentTimeMillis())),
            pingMs, pingMs, TimeUnit.MILLISECONDS);
        // Check the pong deadline often enough to honour short test timeouts, at most once per 20 ms.
        final long pongCheckMs = Math.max(20, Math.min(LIFETIME_CHECK_MS, config.pongTimeoutMs() / 4));
        timer.scheduleAtFixedRate(() -> guarded(() -> webSocketServer.closeSilent(System.currentTimeMillis())),
            pongCheckMs, pongCheckMs, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(
            () -> guarded(() -> faults.closeExpired(Venue.BINANCE_USDM, System.currentTimeMillis())),
            LIFETIME_CHECK_MS, LIFETIME_CHECK_MS, TimeUnit.MILLISECONDS);
        LOG.info("Binance USD-M simulator: websocket {} REST {}", webSocketUri, restUri);
    }

    /** A periodic task must not die of one exception: the scheduler would silently stop running it. */
    private static void guarded(final Runnable task) {
        try {
            task.run();
        } catch (final RuntimeException e) {
            LOG.warn("Binance simulator timer task failed", e);
        }
    }

    private static ThreadFactory daemonThreads(final String name) {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized URI webSocketUri() {
        requireStarted(webSocketUri);
        return webSocketUri;
    }

    @Override
    public synchronized URI restUri() {
        requireStarted(restUri);
        return restUri;
    }

    private static void requireStarted(final URI uri) {
        if (uri == null) {
            throw new IllegalStateException("Binance venue not started");
        }
    }

    /** @return how many websocket connections are open */
    public int connectionCount() {
        final BinanceWebSocketServer server;
        synchronized (this) {
            server = webSocketServer;
        }
        return server == null ? 0 : server.sessions().size();
    }

    /** @return HTTP 429 answers the REST server sent (over the weight budget, or an injected fault) */
    public synchronized long restTooManyRequests() {
        return rest == null ? 0 : rest.tooManyRequestsSent();
    }

    /** @return HTTP 418 answers the REST server sent (banned after ignored 429s, or an injected fault) */
    public synchronized long restBanned() {
        return rest == null ? 0 : rest.bannedSent();
    }

    /** @return REST weight used in the current minute of the wall clock, by the venue's count */
    public synchronized int restUsedWeight() {
        return rest == null ? 0 : rest.usedWeight();
    }

    @Override
    public synchronized void close() {
        if (renderer != null) {
            market.removeListener(renderer);
            renderer = null;
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (restServer != null) {
            restServer.stop(0);
            restServer = null;
        }
        if (restExecutor != null) {
            restExecutor.shutdownNow();
            restExecutor = null;
        }
        if (webSocketServer != null) {
            try {
                webSocketServer.stop(1_000, "simulator stopping");
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            webSocketServer = null;
        }
    }
}
