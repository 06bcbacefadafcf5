package io.slipstream.mktdata.ipc.server;

import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The protocol spoken by hand over a real socket, for tests: sends maps, and a reader thread decodes every message
 * into a queue (until {@link #pauseReading} makes it a client that stops reading).
 */
final class RawClient implements AutoCloseable {
    final SocketChannel channel;
    final LinkedBlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean paused;
    private volatile boolean closed;
    volatile boolean endOfStream;
    private long nextId = 1;

    RawClient(final Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        reader = new Thread(this::readLoop, "raw-client");
        reader.setDaemon(true);
        reader.start();
    }

    void pauseReading(final boolean pause) {
        paused = pause;
    }

    long send(final Map<String, Object> message) throws IOException {
        final long id = nextId++;
        final Map<String, Object> withId = new java.util.LinkedHashMap<>(message);
        withId.putIfAbsent("id", id);
        sendRaw(new MsgPackWriter(256).value(withId).toByteArray());
        return ((Number) withId.get("id")).longValue();
    }

    void sendRaw(final byte[] bytes) throws IOException {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** @return the reply with this id, skipping (and keeping nothing of) stream messages before it */
    Map<String, Object> reply(final long id) throws InterruptedException {
        return next(m -> m.get("id") instanceof Long l && l == id, 5_000);
    }

    /** @return the next message matching, within the timeout; earlier non-matching ones are dropped */
    Map<String, Object> next(final Predicate<Map<String, Object>> wanted, final long timeoutMs)
        throws InterruptedException {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            final long leftNs = deadline - System.nanoTime();
            final Map<String, Object> message = received.poll(Math.max(0, leftNs), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no matching message within " + timeoutMs + " ms");
            }
            if (wanted.test(message)) {
                return message;
            }
        }
    }

    static Predicate<Map<String, Object>> type(final String type) {
        return m -> type.equals(m.get("type"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(final Map<String, Object> message) {
        return (Map<String, Object>) message.get("data");
    }

    private void readLoop() {
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        byte[] pending = new byte[1 << 16];
        int length = 0;
        final MsgPackReader decoder = new MsgPackReader();
        try {
            while (!closed) {
                if (paused) {
                    Thread.sleep(5);
                    continue;
                }
                buffer.clear();
                final int read = channel.read(buffer);
                if (read < 0) {
                    endOfStream = true;
                    return;
                }
                if (length + read > pending.length) {
                    pending = Arrays.copyOf(pending, Math.max(length + read, pending.length * 2));
                }
                buffer.flip();
                buffer.get(pending, length, read);
                length += read;
                int start = 0;
                while (true) {
                    final int size = MsgPackReader.frameLength(pending, start, length - start, 64);
                    if (size < 0) {
                        break;
                    }
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> message =
                        (Map<String, Object>) decoder.wrap(pending, start, size).readValue();
                    received.add(message);
                    start += size;
                }
                System.arraycopy(pending, start, pending, 0, length - start);
                length -= start;
            }
        } catch (final IOException | InterruptedException e) {
            endOfStream = true;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }
}
