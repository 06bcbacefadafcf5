package io.slipstream.mktdata.venuesim.binance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A third-party websocket client for the tests: the JDK's {@link HttpClient#newWebSocketBuilder()}, collecting text
 * messages, pings, the close code and errors.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger pings = new AtomicInteger();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final CompletableFuture<Throwable> error = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private WebSocket socket;

    private WsClient() {
    }

    /**
     * @param uri the websocket URL
     * @return a connected client
     * @throws Exception if the connection fails
     */
    static WsClient connect(final URI uri) throws Exception {
        final WsClient client = new WsClient();
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, client)
            .get(5, TimeUnit.SECONDS);
        return client;
    }

    /** @param text a text message to send */
    void send(final String text) {
        socket.sendText(text, true).join();
    }

    /**
     * @param timeoutMs how long to wait
     * @return the next message, or null on timeout
     * @throws InterruptedException if interrupted
     */
    String next(final long timeoutMs) throws InterruptedException {
        return messages.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * @param matches   what to wait for (earlier messages that do not match are dropped)
     * @param timeoutMs how long to wait
     * @return the first matching message, or null on timeout
     * @throws InterruptedException if interrupted
     */
    String next(final Predicate<String> matches, final long timeoutMs) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            final String message = messages.poll(left, TimeUnit.NANOSECONDS);
            if (message != null && matches.test(message)) {
                return message;
            }
        }
    }

    /**
     * @param durationMs how long to collect
     * @return every message received in that time
     * @throws InterruptedException if interrupted
     */
    List<String> collect(final long durationMs) throws InterruptedException {
        final List<String> result = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            final String message = messages.poll(left, TimeUnit.NANOSECONDS);
            if (message != null) {
                result.add(message);
            }
        }
        return result;
    }

    /** Drops every message received so far. */
    void clear() {
        messages.clear();
    }

    /** @return pings received */
    int pings() {
        return pings.get();
    }

    /** @return completes with the close code when the server closed */
    CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    /** @return completes with the error when the connection failed */
    CompletableFuture<Throwable> error() {
        return error;
    }

    /** @return completes when the connection ended either way */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Waits for the connection to end, pinging every 250 ms meanwhile. The JDK client sometimes never reports a
     * connection the server dropped without a close frame (the socket sits in CLOSE-WAIT with the FIN received and no
     * onError), so a wait for a drop pings, as a real client's keep-alive would: a write to a dropped connection
     * fails, which is the drop, reported as an error.
     *
     * @param timeoutMs how long to wait
     * @return true if it ended
     * @throws InterruptedException if interrupted
     */
    boolean awaitEnd(final long timeoutMs) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!ended.isDone() && System.nanoTime() < deadlineNs) {
            try {
                ended.get(250, TimeUnit.MILLISECONDS);
            } catch (final java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                socket.sendPing(ByteBuffer.allocate(0)).whenComplete((ws, failure) -> {
                    if (failure != null) {
                        error.complete(failure);
                        ended.complete(null);
                    }
                });
            }
        }
        return ended.isDone();
    }

    @Override
    public void onOpen(final WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(final WebSocket webSocket, final ByteBuffer message) {
        pings.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
        closeCode.complete(statusCode);
        ended.complete(null);
        return null;
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable failure) {
        error.complete(failure);
        ended.complete(null);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
