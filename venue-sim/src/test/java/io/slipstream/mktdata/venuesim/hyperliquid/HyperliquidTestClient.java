package io.slipstream.mktdata.venuesim.hyperliquid;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plain third-party client for the tests: the JDK's own websocket client, which knows nothing of the simulator.
 * Collects text frames in arrival order and records how the connection ended.
 */
final class HyperliquidTestClient implements WebSocket.Listener, AutoCloseable {
    static final long TIMEOUT_MS = 5_000;
    private static final long PROBE_AFTER_MS = 250;

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile WebSocket socket;
    private volatile String closeReason = "";

    private HyperliquidTestClient() {
    }

    /**
     * @param base the venue's websocket base
     * @return a client connected to {@code base + /ws}
     */
    static HyperliquidTestClient connect(final URI base) throws Exception {
        return connect(base, "/ws");
    }

    /**
     * @param base the venue's websocket base
     * @param path the path
     * @return a connected client
     */
    static HyperliquidTestClient connect(final URI base, final String path) throws Exception {
        final HyperliquidTestClient client = new HyperliquidTestClient();
        client.socket = client.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
            .buildAsync(base.resolve(path), client).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return client;
    }

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
        synchronized (partial) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable error) {
        // no close frame: what clients report as 1006
        closed.complete(1006);
    }

    /** @param text a text frame to send */
    void send(final String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** @param timeoutMs how long to wait @return the next frame, or null */
    String poll(final long timeoutMs) throws InterruptedException {
        return frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** @return the next frame, failing after {@link #TIMEOUT_MS} */
    String next() throws InterruptedException {
        final String frame = poll(TIMEOUT_MS);
        if (frame == null) {
            throw new AssertionError("no frame within " + TIMEOUT_MS + " ms");
        }
        return frame;
    }

    /**
     * Skips frames until one matches.
     *
     * @param matches the predicate
     * @return the matching frame
     */
    String await(final Predicate<String> matches) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            final String frame = poll(deadline - System.currentTimeMillis());
            if (frame != null && matches.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame within " + TIMEOUT_MS + " ms");
    }

    /** @param channel a channel @return the next frame on it, as JSON */
    Map<String, Object> awaitChannel(final String channel) throws InterruptedException {
        return json(await(frame -> channel.equals(channelOf(frame))));
    }

    /** @param durationMs how long to collect @return every frame that arrived meanwhile */
    List<String> collect(final long durationMs) throws InterruptedException {
        final List<String> result = new ArrayList<>();
        final long deadline = System.currentTimeMillis() + durationMs;
        long left = durationMs;
        while (left > 0) {
            final String frame = poll(left);
            if (frame != null) {
                result.add(frame);
            }
            left = deadline - System.currentTimeMillis();
        }
        return result;
    }

    /** @return frames received and not yet read */
    List<String> drain() {
        final List<String> result = new ArrayList<>();
        frames.drainTo(result);
        return result;
    }

    /** @param timeoutMs how long to wait @return the close code (1006 without a close frame), or -1 if open */
    int awaitClose(final long timeoutMs) throws Exception {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            if (leftMs <= 0) {
                return closed.isDone() ? closed.join() : -1;
            }
            try {
                return closed.get(Math.min(leftMs, PROBE_AFTER_MS), TimeUnit.MILLISECONDS);
            } catch (final java.util.concurrent.TimeoutException stillOpen) {
                probe();
            }
        }
    }

    /**
     * The JDK client sometimes never reports a connection the server dropped without a close frame (measured: 14
     * of 150 drops; the socket sat in CLOSE-WAIT, the FIN received, no onError), so a wait for a drop pings, as a
     * real client's keep-alive would: a write to a dropped connection fails, which is the drop (1006).
     */
    private void probe() {
        socket.sendPing(ByteBuffer.allocate(0)).whenComplete((ws, failure) -> {
            if (failure != null) {
                closed.complete(1006);
            }
        });
    }

    /** @return true until the server closed or dropped the connection */
    boolean isOpen() {
        return !closed.isDone();
    }

    /** @return the close reason the server gave */
    String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        final WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
        http.close();
    }

    /** @param frame a frame @return its JSON, failing if it is not a JSON object */
    static Map<String, Object> json(final String frame) {
        final Map<String, Object> object = HyperliquidJson.parseObject(frame);
        if (object == null) {
            throw new AssertionError("not a JSON object: " + frame);
        }
        return object;
    }

    /** @param frame a frame @return its channel, or null if it is not a channel frame */
    static String channelOf(final String frame) {
        final Map<String, Object> object = HyperliquidJson.parseObject(frame);
        return object == null ? null : HyperliquidJson.string(object, "channel");
    }

    /** @param frame a frame as JSON @return its {@code data} object */
    @SuppressWarnings("unchecked")
    static Map<String, Object> data(final Map<String, Object> frame) {
        return (Map<String, Object>) frame.get("data");
    }

    /** @param value a JSON value @return it as a list */
    @SuppressWarnings("unchecked")
    static List<Object> list(final Object value) {
        return (List<Object>) value;
    }

    /** @param value a JSON value @return it as an object */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Object value) {
        return (Map<String, Object>) value;
    }
}
