package io.slipstream.mktdata.ipc.client;

import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A tiny server for the client's tests: accepts one connection at a time on a Unix socket, records every request,
 * answers {@code hello}, {@code ping}, subscribes and unsubscribes by default, and lets the test send anything.
 */
final class FakeServer implements AutoCloseable {
    static final long EPOCH = 1_763_950_000_123_456L;

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptThread;
    private final BlockingQueue<Map<String, Object>> requests = new LinkedBlockingQueue<>();
    private final Map<String, BiConsumer<FakeServer, Map<String, Object>>> handlers = new ConcurrentHashMap<>();
    private final AtomicLong nextSubscription = new AtomicLong(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final Object writeLock = new Object();
    private volatile SocketChannel client;
    private volatile boolean closed;

    FakeServer(final Path path) throws IOException {
        this.path = path;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        handlers.put("hello", (s, request) -> s.reply(request, "hello", map("protocol", 1L, "server", "fake 0.0.1",
            "epoch", EPOCH, "max_message_bytes", 1_048_576L, "heartbeat_ms", 1000L)));
        handlers.put("ping", (s, request) -> s.reply(request, "pong", map("server_time_ns", 42L)));
        handlers.put("unsubscribe", (s, request) -> s.reply(request, "unsubscribed",
            map("subscription", request.get("subscription"))));
        acceptThread = new Thread(this::acceptLoop, "fake-server");
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    Path path() {
        return path;
    }

    /** @param type a request type @param handler answers it instead of the default (null: never answer) */
    void on(final String type, final BiConsumer<FakeServer, Map<String, Object>> handler) {
        handlers.put(type, handler == null ? (s, request) -> { } : handler);
    }

    /** @return the next request received, or null after the timeout */
    Map<String, Object> nextRequest(final long timeoutMs) throws InterruptedException {
        return requests.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** @return the next request of that type (others are dropped), or null after the timeout */
    Map<String, Object> nextRequest(final String type, final long timeoutMs) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            final long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            final Map<String, Object> request = requests.poll(Math.max(0, remainingMs), TimeUnit.MILLISECONDS);
            if (request == null || type.equals(request.get("type"))) {
                return request;
            }
        }
    }

    int connections() {
        return connections.get();
    }

    /** Sends a reply: {@code type}, the request's {@code id}, {@code data}. */
    void reply(final Map<String, Object> request, final String type, final Object data) {
        send(map("type", type, "id", request.get("id"), "data", data));
    }

    /** Sends a stream message. */
    void stream(final String type, final Object data) {
        send(map("type", type, "data", data));
    }

    /** Sends any value. */
    void send(final Object message) {
        sendRaw(new MsgPackWriter(256).value(message).toByteArray());
    }

    /** Sends bytes as they are (split messages, several at once). */
    void sendRaw(final byte[] bytes) {
        synchronized (writeLock) {
            final SocketChannel channel = client;
            if (channel == null) {
                throw new IllegalStateException("no client connected");
            }
            try {
                final ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw new IllegalStateException("write failed", e);
            }
        }
    }

    /** Closes the current connection (the server keeps accepting). */
    void dropConnection() throws IOException {
        synchronized (writeLock) {
            final SocketChannel channel = client;
            client = null;
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** Waits until a client is connected. */
    boolean awaitConnections(final int count, final long timeoutMs) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (connections.get() < count || client == null) {
            if (System.nanoTime() > deadlineNs) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    long nextSubscriptionId() {
        return nextSubscription.getAndIncrement();
    }

    /** Answers every subscribe request with a new subscription number. */
    void answerSubscribes() {
        for (final String type : List.of("subscribe_orderbook", "subscribe_quote", "subscribe_trades",
            "subscribe_candles", "subscribe_all_candles", "subscribe_all_trades", "subscribe_status")) {
            on(type, (s, request) -> s.reply(request, "subscribed",
                map("subscription", s.nextSubscriptionId(), "stream", type.substring("subscribe_".length()))));
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        dropConnection();
        server.close();
        try {
            acceptThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(path);
    }

    private void acceptLoop() {
        while (!closed) {
            final SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                return;
            }
            synchronized (writeLock) {
                client = channel;
            }
            connections.incrementAndGet();
            readLoop(channel);
        }
    }

    private void readLoop(final SocketChannel channel) {
        byte[] buffer = new byte[64 * 1024];
        int end = 0;
        final MsgPackReader reader = new MsgPackReader();
        try {
            while (!closed) {
                if (end == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                final int read = channel.read(ByteBuffer.wrap(buffer, end, buffer.length - end));
                if (read < 0) {
                    return;
                }
                end += read;
                int start = 0;
                while (start < end) {
                    final int length = MsgPackReader.frameLength(buffer, start, end - start, 64);
                    if (length < 0) {
                        break;
                    }
                    final Object value = reader.wrap(buffer, start, length).readValue();
                    start += length;
                    if (value instanceof Map<?, ?> message) {
                        handle(message);
                    }
                }
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
            }
        } catch (IOException e) {
            // The connection was dropped by the test or by the client: accept the next one.
        } finally {
            synchronized (writeLock) {
                if (client == channel) {
                    client = null;
                }
            }
        }
    }

    private void handle(final Map<?, ?> message) {
        final Map<String, Object> request = new LinkedHashMap<>();
        message.forEach((key, value) -> request.put(String.valueOf(key), value));
        requests.add(request);
        final BiConsumer<FakeServer, Map<String, Object>> handler = handlers.get(String.valueOf(request.get("type")));
        if (handler != null) {
            handler.accept(this, request);
        }
    }

    /** @return an insertion-ordered map from alternating keys and values (values may be null) */
    static Map<String, Object> map(final Object... keysAndValues) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** @return the common stream fields followed by {@code extra} */
    static Map<String, Object> common(
        final String venue, final String symbol, final long seq, final long epoch, final Object... extra) {
        final Map<String, Object> data = map("venue", venue, "symbol", symbol, "seq", seq, "epoch", epoch,
            "exchange_ts_ns", 1_000_000_000L + seq, "receive_ts_ns", 2_000_000_000L + seq,
            "publish_ts_ns", 3_000_000_000L + seq, "timestamp_us", 1_000_000L);
        data.putAll(map(extra));
        return data;
    }
}
