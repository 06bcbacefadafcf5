package io.slipstream.mktdata.venuesim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A plain third-party websocket client for tests: the JDK's {@link java.net.http.WebSocket}, collecting every text
 * message (reassembled from fragments) and how the connection ended.
 */
public final class TextCollector implements WebSocket.Listener {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    /**
     * @param uri where to connect
     * @return a connected collector
     * @throws Exception if the connection fails within 10 s
     */
    public static TextCollector connect(final URI uri) throws Exception {
        final TextCollector collector = new TextCollector();
        collector.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
            .buildAsync(uri, collector).get(10, TimeUnit.SECONDS);
        return collector;
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
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable error) {
        closed.complete(1006);
    }

    /** @param text a message to send */
    public void send(final String text) {
        socket.sendText(text, true).join();
    }

    /** @return every text message so far, in order */
    public List<String> messages() {
        return messages;
    }

    /**
     * @param count   how many messages to wait for
     * @param timeoutMs how long at most
     * @return true if that many arrived
     * @throws InterruptedException if interrupted
     */
    public boolean awaitMessages(final int count, final long timeoutMs) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (messages.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return messages.size() >= count;
    }

    /**
     * @param prefix how the wanted message starts
     * @return the newest message starting with it, or null
     */
    public String last(final String prefix) {
        String found = null;
        for (final String message : messages) {
            if (message.startsWith(prefix)) {
                found = message;
            }
        }
        return found;
    }

    /** @return completes with the close code (1006 for an abnormal end) */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Closes the connection if it is open. */
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
