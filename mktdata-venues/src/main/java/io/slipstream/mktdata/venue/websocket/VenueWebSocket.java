package io.slipstream.mktdata.venue.websocket;

import io.slipstream.mktdata.agent.HotPath;
import io.slipstream.mktdata.clock.EpochClock;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One venue websocket that stays connected: it reconnects with back-off and jitter after every close until its
 * owner closes it, and hands each text frame to the listener as bytes with its receive time (no String per frame;
 * a decoder parses the bytes directly). Protocol pings are answered by the websocket library.
 *
 * <p>Thread-safe; the listener is called on the current connection's read thread.
 */
public final class VenueWebSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VenueWebSocket.class);

    private final String name;
    private final Supplier<URI> uri;
    private final FrameListener listener;
    private final EpochClock clock;
    private final ReconnectBackoff backoff;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private volatile Client client;
    private volatile boolean closed;
    private volatile boolean open;

    /**
     * @param name      for logs and thread names, e.g. {@code binance-public-0}
     * @param uri       where to connect (asked again before every attempt)
     * @param listener  receives frames and transitions
     * @param clock     receive timestamps
     * @param backoff   reconnect delays
     * @param scheduler runs reconnect attempts
     */
    public VenueWebSocket(final String name, final Supplier<URI> uri, final FrameListener listener,
                          final EpochClock clock, final ReconnectBackoff backoff,
                          final ScheduledExecutorService scheduler) {
        this.name = name;
        this.uri = uri;
        this.listener = listener;
        this.clock = clock;
        this.backoff = backoff;
        this.scheduler = scheduler;
    }

    /** Starts connecting (asynchronously). */
    public void start() {
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        final Client next = new Client(uri.get(), new Holder());
        client = next;
        connects.incrementAndGet();
        next.connect();
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        final long delayMs = backoff.nextDelayMs();
        LOG.info("{}: reconnecting in {} ms (attempt {})", name, delayMs, backoff.attempts());
        scheduler.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * @param text a text frame to send
     * @return false if the socket is not open (the caller resends on the next {@link FrameListener#onOpen})
     */
    public boolean send(final String text) {
        final Client current = client;
        if (current == null || !current.isOpen()) {
            return false;
        }
        try {
            current.send(text);
            return true;
        } catch (final RuntimeException notOpenAnyMore) {
            return false;
        }
    }

    /** Drops the current connection (e.g. it went stale); the socket reconnects after the usual back-off. */
    public void recycle() {
        final Client current = client;
        if (current != null) {
            current.closeConnection(1006, "recycled by " + name);
        }
    }

    /** @return true while connected */
    public boolean isOpen() {
        return open;
    }

    /** @return connection attempts so far */
    public long connects() {
        return connects.get();
    }

    /** @return frames received over all connections */
    public long framesReceived() {
        return framesReceived.get();
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** Closes for good: no more reconnects. */
    @Override
    public void close() {
        closed = true;
        final Client current = client;
        if (current != null) {
            current.close();
        }
    }

    /** A Java-WebSocket client whose complete text frames reach us as bytes. */
    private final class Client extends WebSocketClient {
        Client(final URI target, final Holder holder) {
            super(target, new BytesDraft(holder));
            holder.client = this;
            setConnectionLostTimeout(0);
            setTcpNoDelay(true);
        }

        void onTextBytes(final ByteBuffer payload) {
            framesReceived.incrementAndGet();
            listener.onFrame(VenueWebSocket.this, payload, clock.epochNanos());
        }

        @Override
        public void onOpen(final ServerHandshake handshake) {
            // The library calls this on the connection's new read thread, which carries every frame from now on.
            HotPath.enter(name);
            open = true;
            backoff.reset();
            LOG.info("{}: connected to {}", name, getURI());
            listener.onOpen(VenueWebSocket.this);
        }

        @Override
        public void onMessage(final String message) {
            // Only fragmented text frames arrive here (whole frames come through BytesDraft): rare, allocation ok.
            onTextBytes(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void onClose(final int code, final String reason, final boolean remote) {
            if (client != this) {
                return;
            }
            open = false;
            LOG.info("{}: closed ({} {})", name, code, reason);
            listener.onClose(VenueWebSocket.this, code, reason == null ? "" : reason);
            scheduleReconnect();
        }

        @Override
        public void onError(final Exception e) {
            LOG.debug("{}: {}", name, e.toString());
        }

    }

    /** Lets the draft (copied by the library before the client exists) find its client. */
    private static final class Holder {
        volatile Client client;
    }

    /** Hands whole text frames to the client as bytes instead of decoding them to a String. */
    private static final class BytesDraft extends Draft_6455 {
        private final Holder holder;

        BytesDraft(final Holder holder) {
            this.holder = holder;
        }

        @Override
        public void processFrame(final WebSocketImpl socket, final Framedata frame) throws InvalidDataException {
            if (frame.getOpcode() == Opcode.TEXT && frame.isFin()) {
                holder.client.onTextBytes(frame.getPayloadData());
                return;
            }
            super.processFrame(socket, frame);
        }

        @Override
        public Draft copyInstance() {
            return new BytesDraft(holder);
        }
    }
}
