package io.slipstream.mktdata.venuesim.hyperliquid;

import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The websocket transport of the simulated Hyperliquid: accepts {@code /ws} only and hands every event to the
 * {@link HyperliquidVenue}. No protocol-level pings: Hyperliquid uses JSON {@code ping}/{@code pong}.
 */
final class HyperliquidWebSocketServer extends WebSocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(HyperliquidWebSocketServer.class);
    private static final String PATH = "/ws";
    private static final int DECODERS = 2;
    private static final long START_TIMEOUT_MS = 5_000;

    private final HyperliquidVenue venue;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;

    /** @param address where to listen @param venue the protocol */
    HyperliquidWebSocketServer(final InetSocketAddress address, final HyperliquidVenue venue) {
        super(address, DECODERS);
        this.venue = venue;
        setConnectionLostTimeout(0);
        setReuseAddr(true);
        setTcpNoDelay(true);
        setDaemon(true);
    }

    /**
     * Starts the server thread and waits until the port is bound.
     *
     * @throws IOException if it cannot be bound
     */
    void startAndWait() throws IOException {
        start();
        try {
            if (!started.await(START_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new IOException("hyperliquid websocket server did not start within " + START_TIMEOUT_MS
                    + " ms");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the hyperliquid websocket server", e);
        }
        if (startFailure != null) {
            throw new IOException("cannot bind the hyperliquid websocket server to " + getAddress(), startFailure);
        }
    }

    /** @param path a request path @return true for Hyperliquid's {@code /ws} (a query string is tolerated) */
    static boolean isWebSocketPath(final String path) {
        return path != null && (path.equals(PATH) || path.startsWith(PATH + "?"));
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
        final WebSocket conn, final Draft draft, final ClientHandshake request) throws InvalidDataException {
        final ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        if (!isWebSocketPath(request.getResourceDescriptor())) {
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no websocket at "
                + request.getResourceDescriptor());
        }
        if (venue.refusingConnections()) {
            // The handshake fails (HTTP error, then the socket closes): the client's connect attempt fails.
            throw new InvalidDataException(CloseFrame.TRY_AGAIN_LATER, "connection refused (simulated)");
        }
        return response;
    }

    @Override
    public void onOpen(final WebSocket conn, final ClientHandshake handshake) {
        venue.opened(conn, handshake.getResourceDescriptor());
    }

    @Override
    public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote) {
        venue.closed(conn);
    }

    @Override
    public void onMessage(final WebSocket conn, final String message) {
        try {
            venue.received(conn, message);
        } catch (final RuntimeException e) {
            LOG.warn("hyperliquid: failed to handle a client message", e);
        }
    }

    @Override
    public void onError(final WebSocket conn, final Exception ex) {
        if (conn == null) {
            startFailure = ex;
            started.countDown();
            return;
        }
        LOG.debug("hyperliquid websocket error on {}", conn.getRemoteSocketAddress(), ex);
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
