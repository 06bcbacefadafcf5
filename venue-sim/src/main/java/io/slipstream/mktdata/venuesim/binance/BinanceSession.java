package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.venuesim.net.CloseKind;
import io.slipstream.mktdata.venuesim.net.SimConnection;

import org.java_websocket.WebSocketImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One Binance websocket connection: its route, its {@code combined} property, its subscriptions (in subscription
 * order, for {@code LIST_SUBSCRIPTIONS}), its inbound message rate and its ping state. Subscriptions change on the
 * connection's websocket worker thread; the market thread reads {@link #combined()} and calls {@link #deliver}.
 */
final class BinanceSession {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceSession.class);
    /**
     * Frames queued for a client that does not read before it is dropped, like a venue drops slow consumers
     * (otherwise a stuck client would grow the simulator's heap without bound).
     */
    private static final int MAX_QUEUED_FRAMES = 100_000;
    private static final long ONE_SECOND_NS = 1_000_000_000L;

    private final SimConnection connection;
    private final BinanceRoute route;
    private final Set<String> subscriptions = new LinkedHashSet<>();
    private final long[] inboundTimesNs;
    private int inboundNext;
    private volatile boolean combined;
    private volatile long pingOutstandingSinceMs;

    /**
     * @param connection          the connection
     * @param route               the route its URL chose
     * @param combined            the initial {@code combined} property (true on {@code /stream})
     * @param maxInboundPerSecond client messages allowed in any one-second window
     */
    BinanceSession(final SimConnection connection, final BinanceRoute route, final boolean combined,
                   final int maxInboundPerSecond) {
        this.connection = connection;
        this.route = route;
        this.combined = combined;
        this.inboundTimesNs = new long[Math.max(1, maxInboundPerSecond)];
        java.util.Arrays.fill(inboundTimesNs, Long.MIN_VALUE);
    }

    /** @return the connection */
    SimConnection connection() {
        return connection;
    }

    /** @return the route */
    BinanceRoute route() {
        return route;
    }

    /** @return whether payloads go out in the {@code {"stream":..,"data":..}} envelope */
    boolean combined() {
        return combined;
    }

    /** @param value the new {@code combined} property */
    void combined(final boolean value) {
        combined = value;
    }

    /**
     * Counts one client message.
     *
     * @param nowNs {@link System#nanoTime()}
     * @return false if it is one message too many for the last second (the connection must then be dropped)
     */
    synchronized boolean admitInbound(final long nowNs) {
        connection.countInbound();
        // The ring holds the times of the last N admitted messages: the oldest one must be over a second old.
        final long oldest = inboundTimesNs[inboundNext];
        if (oldest != Long.MIN_VALUE && nowNs - oldest < ONE_SECOND_NS) {
            return false;
        }
        inboundTimesNs[inboundNext] = nowNs;
        inboundNext = (inboundNext + 1) % inboundTimesNs.length;
        return true;
    }

    /**
     * @param streams    streams about to be subscribed
     * @param maxStreams the most streams one connection may hold
     * @return true if the connection may hold them all (streams already held do not count twice)
     */
    synchronized boolean fits(final List<BinanceStream> streams, final int maxStreams) {
        final Set<String> after = new LinkedHashSet<>(subscriptions);
        for (final BinanceStream stream : streams) {
            after.add(stream.name());
        }
        return after.size() <= maxStreams;
    }

    /**
     * Adds subscriptions; streams this route does not serve are listed but never joined to their channel, which is
     * how the real venue's wrong-route subscriptions behave (acked, silent).
     *
     * @param streams  the streams
     * @param registry the channels
     */
    synchronized void subscribe(final List<BinanceStream> streams, final StreamRegistry registry) {
        for (final BinanceStream stream : streams) {
            if (subscriptions.add(stream.name())) {
                if (!stream.symbol().isEmpty()) {
                    connection.symbols().add(stream.binanceSymbol());
                }
                if (route.serves(stream)) {
                    registry.channel(stream).add(this);
                }
            }
        }
    }

    /**
     * @param streams  streams to drop (unknown ones are ignored, as Binance does)
     * @param registry the channels
     */
    synchronized void unsubscribe(final List<BinanceStream> streams, final StreamRegistry registry) {
        for (final BinanceStream stream : streams) {
            if (subscriptions.remove(stream.name())) {
                registry.channel(stream).remove(this);
            }
        }
        // Keep the symbol set exact, so a fault aimed at a symbol only hits connections still subscribed to it.
        final Set<String> symbols = new LinkedHashSet<>();
        for (final String name : subscriptions) {
            final BinanceStream stream = BinanceStream.parse(name);
            if (stream != null && !stream.symbol().isEmpty()) {
                symbols.add(stream.binanceSymbol());
            }
        }
        connection.symbols().retainAll(symbols);
    }

    /** @param registry the channels: leaves every one of them (the connection closed) */
    synchronized void unsubscribeAll(final StreamRegistry registry) {
        for (final String name : subscriptions) {
            final StreamChannel channel = registry.channel(name);
            if (channel != null) {
                channel.remove(this);
            }
        }
        subscriptions.clear();
    }

    /** @return the subscriptions, in the order they were made */
    synchronized List<String> subscriptions() {
        return new ArrayList<>(subscriptions);
    }

    /**
     * Sends a data frame through the connection's faults.
     *
     * @param frame the frame, already wrapped if combined
     */
    void deliver(final String frame) {
        if (connection.socket() instanceof WebSocketImpl impl && impl.outQueue.size() > MAX_QUEUED_FRAMES) {
            if (connection.isOpen()) {
                LOG.warn("dropping slow consumer {}: {} frames queued", connection, impl.outQueue.size());
                connection.close(CloseKind.ABNORMAL, "slow consumer");
            }
            return;
        }
        connection.send(frame);
    }

    /** @param nowMs wall clock: a ping went out; the pong timeout runs from the first unanswered one */
    void pingSent(final long nowMs) {
        if (pingOutstandingSinceMs == 0) {
            pingOutstandingSinceMs = nowMs;
        }
    }

    /** The client answered. */
    void pongReceived() {
        pingOutstandingSinceMs = 0;
    }

    /**
     * @param nowMs     wall clock
     * @param timeoutMs the pong timeout
     * @return true if a ping has gone unanswered for {@code timeoutMs}
     */
    boolean pongOverdue(final long nowMs, final long timeoutMs) {
        final long since = pingOutstandingSinceMs;
        return since != 0 && nowMs - since >= timeoutMs;
    }
}
