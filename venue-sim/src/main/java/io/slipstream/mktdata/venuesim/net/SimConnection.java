package io.slipstream.mktdata.venuesim.net;

import io.slipstream.mktdata.instrument.Venue;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.CloseFrame;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection to a simulated venue, with the faults that apply to it. Every data frame the venue renders
 * goes through {@link #send(String)}, which honours stalls, duplication and reordering. Thread-safe.
 */
public final class SimConnection {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Venue venue;
    private final WebSocket socket;
    private final String path;
    private final long openedAtMs;
    private final Set<String> symbols = ConcurrentHashMap.newKeySet();
    private final AtomicInteger duplicateNext = new AtomicInteger();
    private final AtomicInteger reorderNext = new AtomicInteger();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong inboundMessages = new AtomicLong();
    private volatile long stalledUntilMs;
    private String heldFrame;

    /**
     * @param venue      the venue
     * @param socket     the websocket
     * @param path       the request path and query, e.g. {@code /public/stream?streams=btcusdt@depth}
     * @param openedAtMs when it opened, epoch ms (wall clock)
     */
    public SimConnection(final Venue venue, final WebSocket socket, final String path, final long openedAtMs) {
        this.venue = venue;
        this.socket = socket;
        this.path = path;
        this.openedAtMs = openedAtMs;
    }

    /** @return an id unique in this JVM */
    public long id() {
        return id;
    }

    /** @return the venue */
    public Venue venue() {
        return venue;
    }

    /** @return the request path and query */
    public String path() {
        return path;
    }

    /** @return when it opened, epoch ms */
    public long openedAtMs() {
        return openedAtMs;
    }

    /** @return the websocket */
    public WebSocket socket() {
        return socket;
    }

    /** @return symbols this connection subscribed to (venue spelling), maintained by the venue server */
    public Set<String> symbols() {
        return symbols;
    }

    /** @return data frames sent so far */
    public long framesSent() {
        return framesSent.get();
    }

    /** @return messages received from the client so far */
    public long countInbound() {
        return inboundMessages.incrementAndGet();
    }

    /** @return true while the connection is open */
    public boolean isOpen() {
        return socket.isOpen();
    }

    /**
     * Sends a data frame, unless the connection is stalled; duplicates or swaps it with the next one when told to.
     *
     * @param frame the text frame
     */
    public void send(final String frame) {
        if (!socket.isOpen() || System.currentTimeMillis() < stalledUntilMs) {
            return;
        }
        synchronized (this) {
            if (reorderNext.get() > 0) {
                if (heldFrame == null) {
                    heldFrame = frame;
                    return;
                }
                reorderNext.decrementAndGet();
                final String held = heldFrame;
                heldFrame = null;
                write(frame);
                write(held);
                return;
            }
            write(frame);
            if (duplicateNext.get() > 0) {
                duplicateNext.decrementAndGet();
                write(frame);
            }
        }
    }

    /**
     * Sends a frame bypassing every fault (control answers, injected garbage).
     *
     * @param frame the text frame
     */
    public void sendUnfiltered(final String frame) {
        if (socket.isOpen()) {
            write(frame);
        }
    }

    private void write(final String frame) {
        try {
            socket.send(frame);
            framesSent.incrementAndGet();
        } catch (final RuntimeException closedMeanwhile) {
            // the peer went away between the check and the send: nothing to deliver to
        }
    }

    /** @param durationMs how long to stay open but send nothing (not even pings) */
    public void stall(final long durationMs) {
        stalledUntilMs = System.currentTimeMillis() + durationMs;
    }

    /** @return true while stalled */
    public boolean isStalled() {
        return System.currentTimeMillis() < stalledUntilMs;
    }

    /** @param frames how many of the next data frames to send twice */
    public void duplicateNext(final int frames) {
        duplicateNext.addAndGet(frames);
    }

    /** @param pairs how many pairs of the next data frames to send in swapped order */
    public void reorderNext(final int pairs) {
        reorderNext.addAndGet(pairs);
    }

    /**
     * Ends the connection.
     *
     * @param kind   close frame 1000/1001, no close frame (1006), or TCP reset
     * @param reason the close reason for 1000/1001
     */
    public void close(final CloseKind kind, final String reason) {
        switch (kind) {
            case NORMAL, GOING_AWAY -> socket.close(kind.code(), reason);
            case ABNORMAL -> socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, reason);
            case RESET -> reset();
            default -> throw new IllegalStateException("unhandled " + kind);
        }
    }

    private void reset() {
        final ByteChannel channel = socket instanceof WebSocketImpl impl ? impl.getChannel() : null;
        if (channel instanceof SocketChannel socketChannel) {
            try {
                socketChannel.setOption(StandardSocketOptions.SO_LINGER, 0);
                socketChannel.close();
            } catch (final IOException e) {
                // already gone
            }
        }
        socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "reset");
    }

    @Override
    public String toString() {
        return venue.wireName() + " connection " + id + " " + path;
    }
}
