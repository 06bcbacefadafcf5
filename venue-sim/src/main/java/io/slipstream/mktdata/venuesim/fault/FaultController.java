package io.slipstream.mktdata.venuesim.fault;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.net.CloseKind;
import io.slipstream.mktdata.venuesim.net.SimConnection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults on command, for both venues: the Java API tests call, and what the HTTP control endpoint and the command
 * line schedule drive. Venue servers register their connections here and consult it while rendering. Thread-safe.
 */
public final class FaultController {
    /** Binance closes every connection after 24 hours. */
    public static final long DEFAULT_MAX_CONNECTION_LIFETIME_MS = 24 * 3_600_000L;

    private static final Logger LOG = LoggerFactory.getLogger(FaultController.class);

    private final Map<Long, SimConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> droppedDiffs = new ConcurrentHashMap<>();
    private final Map<Venue, Long> refuseUntilMs = new EnumMap<>(Venue.class);
    private final Map<Venue, Long> maxLifetimeMs = new EnumMap<>(Venue.class);
    private final Map<Venue, Boolean> greeting = new EnumMap<>(Venue.class);
    private final Map<Venue, ConcurrentLinkedDeque<RestFault>> restFaults = new EnumMap<>(Venue.class);

    /** No faults: connections last 24 hours, no greeting, no REST faults. */
    public FaultController() {
        for (final Venue venue : Venue.values()) {
            maxLifetimeMs.put(venue, DEFAULT_MAX_CONNECTION_LIFETIME_MS);
            greeting.put(venue, false);
            refuseUntilMs.put(venue, 0L);
            restFaults.put(venue, new ConcurrentLinkedDeque<>());
        }
    }

    // ---- registry (venue servers) --------------------------------------------------------------------------------

    /** @param connection a newly opened connection */
    public void register(final SimConnection connection) {
        connections.put(connection.id(), connection);
    }

    /** @param connection a closed connection */
    public void unregister(final SimConnection connection) {
        connections.remove(connection.id());
    }

    /**
     * @param venue    the venue
     * @param selector which connections
     * @return the open connections of the venue that the selector covers
     */
    public List<SimConnection> select(final Venue venue, final Selector selector) {
        final List<SimConnection> result = new ArrayList<>();
        for (final SimConnection connection : connections.values()) {
            if (connection.venue() == venue && connection.isOpen() && selector.matches(connection)) {
                result.add(connection);
            }
        }
        return result;
    }

    /** @return every open connection, both venues */
    public Collection<SimConnection> connections() {
        return List.copyOf(connections.values());
    }

    // ---- websocket faults ----------------------------------------------------------------------------------------

    /**
     * @param venue    the venue
     * @param selector which connections
     * @param kind     close 1000/1001, drop without close frame (1006), or TCP reset
     * @return connections closed
     */
    public int disconnect(final Venue venue, final Selector selector, final CloseKind kind) {
        final List<SimConnection> selected = select(venue, selector);
        for (final SimConnection connection : selected) {
            LOG.info("fault: {} {}", kind, connection);
            connection.close(kind, "simulated " + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        return selected.size();
    }

    /**
     * @param venue      the venue
     * @param selector   which connections
     * @param durationMs how long they stay open but silent
     * @return connections stalled
     */
    public int stall(final Venue venue, final Selector selector, final long durationMs) {
        final List<SimConnection> selected = select(venue, selector);
        selected.forEach(connection -> connection.stall(durationMs));
        return selected.size();
    }

    /**
     * @param venue    the venue
     * @param selector which connections
     * @param frames   how many of the next data frames each sends twice
     * @return connections affected
     */
    public int duplicate(final Venue venue, final Selector selector, final int frames) {
        final List<SimConnection> selected = select(venue, selector);
        selected.forEach(connection -> connection.duplicateNext(frames));
        return selected.size();
    }

    /**
     * @param venue    the venue
     * @param selector which connections
     * @param pairs    how many pairs of the next data frames each sends swapped
     * @return connections affected
     */
    public int reorder(final Venue venue, final Selector selector, final int pairs) {
        final List<SimConnection> selected = select(venue, selector);
        selected.forEach(connection -> connection.reorderNext(pairs));
        return selected.size();
    }

    /**
     * Sends a frame that is not valid JSON, or a valid-looking frame cut short.
     *
     * @param venue     the venue
     * @param selector  which connections
     * @param truncated true for a truncated frame, false for garbage
     * @return connections affected
     */
    public int malformed(final Venue venue, final Selector selector, final boolean truncated) {
        final String frame = truncated
            ? (venue == Venue.BINANCE_USDM ? "{\"stream\":\"btcusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":17"
                : "{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":17")
            : "\u0000garbage, not JSON }{";
        final List<SimConnection> selected = select(venue, selector);
        selected.forEach(connection -> connection.sendUnfiltered(frame));
        return selected.size();
    }

    /**
     * Drops the next depth diff of a Binance symbol on every connection: a {@code pu} break.
     *
     * @param binanceSymbol e.g. {@code BTCUSDT}
     * @param count         how many consecutive diffs to drop
     */
    public void dropDepthDiffs(final String binanceSymbol, final int count) {
        droppedDiffs.computeIfAbsent(binanceSymbol, s -> new AtomicInteger()).addAndGet(count);
    }

    /**
     * For the Binance renderer: whether to drop this diff of the symbol.
     *
     * @param binanceSymbol the symbol
     * @return true once per requested drop
     */
    public boolean consumeDroppedDepthDiff(final String binanceSymbol) {
        final AtomicInteger remaining = droppedDiffs.get(binanceSymbol);
        if (remaining == null) {
            return false;
        }
        int value;
        do {
            value = remaining.get();
            if (value <= 0) {
                return false;
            }
        } while (!remaining.compareAndSet(value, value - 1));
        return true;
    }

    /**
     * @param venue      the venue
     * @param durationMs how long new connections are refused
     */
    public synchronized void refuseConnections(final Venue venue, final long durationMs) {
        refuseUntilMs.put(venue, System.currentTimeMillis() + durationMs);
    }

    /** @param venue the venue @return true while new connections are refused */
    public synchronized boolean refusingConnections(final Venue venue) {
        return System.currentTimeMillis() < refuseUntilMs.get(venue);
    }

    /**
     * @param venue   the venue
     * @param enabled whether new connections first receive a non-JSON text greeting
     */
    public synchronized void greeting(final Venue venue, final boolean enabled) {
        greeting.put(venue, enabled);
    }

    /** @param venue the venue @return whether new connections first receive a non-JSON greeting */
    public synchronized boolean greeting(final Venue venue) {
        return greeting.get(venue);
    }

    /**
     * The forced disconnect after a connection's lifetime (Binance: 24 hours); shorten it to test reconnects.
     *
     * @param venue      the venue
     * @param lifetimeMs the lifetime
     */
    public synchronized void maxConnectionLifetime(final Venue venue, final long lifetimeMs) {
        maxLifetimeMs.put(venue, lifetimeMs);
    }

    /**
     * Closes connections that have outlived the venue's maximum lifetime; venue servers call this periodically.
     *
     * @param venue the venue
     * @param nowMs wall clock
     */
    public void closeExpired(final Venue venue, final long nowMs) {
        final long lifetime;
        synchronized (this) {
            lifetime = maxLifetimeMs.get(venue);
        }
        for (final SimConnection connection : select(venue, Selector.ALL)) {
            if (nowMs - connection.openedAtMs() >= lifetime) {
                LOG.info("closing {} after its maximum lifetime of {} ms", connection, lifetime);
                connection.close(CloseKind.NORMAL, "connection lifetime reached");
            }
        }
    }

    // ---- REST faults ---------------------------------------------------------------------------------------------

    /**
     * Makes the next {@code count} matching REST requests of a venue meet a fault.
     *
     * @param venue the venue
     * @param fault the fault
     * @param count how many requests
     */
    public void restFault(final Venue venue, final RestFault fault, final int count) {
        for (int i = 0; i < count; i++) {
            restFaults.get(venue).add(fault);
        }
    }

    /**
     * For REST handlers: the fault this request meets, if any (consumed).
     *
     * @param venue the venue
     * @param path  the request path
     * @return the fault, or null
     */
    public RestFault nextRestFault(final Venue venue, final String path) {
        final Iterator<RestFault> pending = restFaults.get(venue).iterator();
        while (pending.hasNext()) {
            final RestFault fault = pending.next();
            if (fault.appliesTo(path)) {
                pending.remove();
                return fault;
            }
        }
        return null;
    }

    /** Clears every pending fault (not the closed connections). */
    public void clear() {
        droppedDiffs.clear();
        for (final Venue venue : Venue.values()) {
            restFaults.get(venue).clear();
            synchronized (this) {
                refuseUntilMs.put(venue, 0L);
                greeting.put(venue, false);
                maxLifetimeMs.put(venue, DEFAULT_MAX_CONNECTION_LIFETIME_MS);
            }
        }
    }
}
