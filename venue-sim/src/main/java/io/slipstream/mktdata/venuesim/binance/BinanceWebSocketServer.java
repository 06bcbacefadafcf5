package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.net.CloseKind;
import io.slipstream.mktdata.venuesim.net.SimConnection;

import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The Binance market-stream websocket endpoint: routes connections by URL ({@code /public}, {@code /market}, the
 * legacy root), answers control messages, enforces the per-connection message rate, and keeps each connection's
 * ping state. Java-WebSocket's own lost-connection pings are off: the venue pings on Binance's schedule.
 */
final class BinanceWebSocketServer extends WebSocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceWebSocketServer.class);
    /** Sent first when the greeting fault is on: not JSON, as some gateways do. */
    static final String GREETING = "Welcome to the simulated Binance USD-M market streams";

    private final FaultController faults;
    private final BinanceConfig config;
    private final StreamRegistry registry;
    private final BinanceControl control;
    private final Set<BinanceSession> sessions = ConcurrentHashMap.newKeySet();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;

    /**
     * @param address  where to listen
     * @param faults   the fault controller
     * @param config   the venue settings
     * @param registry the stream channels
     */
    BinanceWebSocketServer(final InetSocketAddress address, final FaultController faults, final BinanceConfig config,
                           final StreamRegistry registry) {
        super(address);
        this.faults = faults;
        this.config = config;
        this.registry = registry;
        this.control = new BinanceControl(registry, config.maxStreamsPerConnection());
        setReuseAddr(true);
        setTcpNoDelay(true);
        setConnectionLostTimeout(0);
        setDaemon(true);
    }

    /** @return the open sessions */
    Set<BinanceSession> sessions() {
        return sessions;
    }

    /**
     * Waits until the port is bound.
     *
     * @param timeoutMs how long to wait
     * @return null once listening, or why it could not start
     * @throws InterruptedException if interrupted
     */
    Exception awaitStart(final long timeoutMs) throws InterruptedException {
        if (!started.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS) && startFailure == null) {
            return new IllegalStateException("websocket server did not start within " + timeoutMs + " ms");
        }
        return startFailure;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(final WebSocket conn, final Draft draft,
                                                                       final ClientHandshake request)
        throws InvalidDataException {
        // Java-WebSocket answers every refused handshake with an HTTP 404; clients see a failed upgrade either way.
        if (faults.refusingConnections(Venue.BINANCE_USDM)) {
            throw new InvalidDataException(CloseFrame.TRY_AGAIN_LATER, "connections refused (fault)");
        }
        if (BinanceRoute.resolve(request.getResourceDescriptor()) == null) {
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "unknown path "
                + request.getResourceDescriptor());
        }
        return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    @Override
    public void onOpen(final WebSocket conn, final ClientHandshake handshake) {
        final String path = handshake.getResourceDescriptor();
        final BinanceRoute.Resolved resolved = BinanceRoute.resolve(path);
        if (resolved == null) {
            conn.close(CloseFrame.POLICY_VALIDATION, "unknown path");
            return;
        }
        final SimConnection connection = new SimConnection(Venue.BINANCE_USDM, conn, path,
            System.currentTimeMillis());
        final BinanceSession session = new BinanceSession(connection, resolved.route(), resolved.combined(),
            config.maxInboundPerSecond());
        conn.setAttachment(session);
        sessions.add(session);
        faults.register(connection);
        if (faults.greeting(Venue.BINANCE_USDM)) {
            connection.sendUnfiltered(GREETING);
        }
        if (!resolved.streams().isEmpty()) {
            final List<BinanceStream> streams = new ArrayList<>();
            for (final String name : resolved.streams()) {
                final BinanceStream stream = BinanceStream.parse(name);
                if (stream != null) {
                    streams.add(stream);
                }
            }
            if (!session.fits(streams, config.maxStreamsPerConnection())) {
                conn.close(CloseFrame.POLICY_VALIDATION, "Maximum of " + config.maxStreamsPerConnection()
                    + " streams per connection exceeded");
                return;
            }
            session.subscribe(streams, registry);
        }
        LOG.debug("open {}", connection);
    }

    @Override
    public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote) {
        final BinanceSession session = conn.getAttachment();
        if (session == null) {
            return;
        }
        sessions.remove(session);
        session.unsubscribeAll(registry);
        faults.unregister(session.connection());
        LOG.debug("closed {} ({} {})", session.connection(), code, reason);
    }

    @Override
    public void onMessage(final WebSocket conn, final String message) {
        final BinanceSession session = conn.getAttachment();
        if (session == null || !admit(session)) {
            return;
        }
        control.handle(session, message);
    }

    @Override
    public void onMessage(final WebSocket conn, final ByteBuffer message) {
        final BinanceSession session = conn.getAttachment();
        if (session != null) {
            admit(session); // binary frames count toward the rate but mean nothing to the venue
        }
    }

    private boolean admit(final BinanceSession session) {
        if (session.admitInbound(System.nanoTime())) {
            return true;
        }
        LOG.info("closing {}: more than {} messages in one second", session.connection(),
            config.maxInboundPerSecond());
        session.connection().socket().close(CloseFrame.POLICY_VALIDATION, "Too many messages");
        return false;
    }

    @Override
    public void onWebsocketPong(final WebSocket conn, final Framedata frame) {
        final BinanceSession session = conn.getAttachment();
        if (session != null) {
            session.pongReceived();
        }
    }

    @Override
    public void onError(final WebSocket conn, final Exception ex) {
        if (conn == null) {
            startFailure = ex; // the server socket itself failed (e.g. the port is taken)
            started.countDown();
            return;
        }
        LOG.debug("websocket error on {}: {}", conn.getRemoteSocketAddress(), ex.toString());
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    /**
     * Pings every connection that is not stalled (a stalled connection sends nothing, pings included).
     *
     * @param nowMs wall clock
     */
    void pingAll(final long nowMs) {
        for (final BinanceSession session : sessions) {
            final SimConnection connection = session.connection();
            if (!connection.isOpen() || connection.isStalled()) {
                continue;
            }
            try {
                connection.socket().sendPing();
                session.pingSent(nowMs);
            } catch (final RuntimeException closedMeanwhile) {
                // the connection closed between the check and the ping: nothing to ping
            }
        }
    }

    /**
     * Drops connections whose oldest unanswered ping is older than the pong timeout.
     *
     * @param nowMs wall clock
     */
    void closeSilent(final long nowMs) {
        for (final BinanceSession session : sessions) {
            if (session.connection().isOpen() && session.pongOverdue(nowMs, config.pongTimeoutMs())) {
                LOG.info("closing {}: no pong for {} ms", session.connection(), config.pongTimeoutMs());
                session.connection().close(CloseKind.ABNORMAL, "pong timeout");
            }
        }
    }
}
