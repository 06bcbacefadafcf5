package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.venuesim.net.SimConnection;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One websocket client of the simulated Hyperliquid: its {@link SimConnection}, its subscriptions by normalised
 * JSON, and what the idle check needs. Thread-safe.
 */
final class HyperliquidSession {
    private final SimConnection connection;
    private final Map<String, HyperliquidFeed> subscriptions = new ConcurrentHashMap<>();
    // Idle check state, touched only by the venue's housekeeping thread.
    private long framesSeen = -1;
    private long lastSendMs;
    private boolean closed;

    /** @param connection the connection @param openedAtMs wall clock at open */
    HyperliquidSession(final SimConnection connection, final long openedAtMs) {
        this.connection = connection;
        this.lastSendMs = openedAtMs;
    }

    /** @return true once the connection closed; guarded by this session's monitor */
    boolean isClosed() {
        return closed;
    }

    /** Marks the session closed; guarded by this session's monitor. */
    void markClosed() {
        closed = true;
    }

    /** @return the connection */
    SimConnection connection() {
        return connection;
    }

    /** @return subscriptions by normalised JSON */
    Map<String, HyperliquidFeed> subscriptions() {
        return subscriptions;
    }

    /**
     * Notes whether the server sent anything since the last check; a stalled connection counts as busy, since the
     * stall fault means "open but silent" and must not turn into an idle close.
     *
     * @param nowMs wall clock
     * @return ms since the server last sent this client anything
     */
    long idleMs(final long nowMs) {
        final long frames = connection.framesSent();
        if (frames != framesSeen || connection.isStalled()) {
            framesSeen = frames;
            lastSendMs = nowMs;
        }
        return nowMs - lastSendMs;
    }

    /**
     * Keeps the connection's coin set (used by {@code Selector.symbol}) equal to the coins it subscribes to.
     */
    void refreshSymbols() {
        final Set<String> coins = new HashSet<>();
        for (final HyperliquidFeed feed : subscriptions.values()) {
            if (feed.coin() != null) {
                coins.add(feed.coin());
            }
        }
        connection.symbols().retainAll(coins);
        connection.symbols().addAll(coins);
    }
}
