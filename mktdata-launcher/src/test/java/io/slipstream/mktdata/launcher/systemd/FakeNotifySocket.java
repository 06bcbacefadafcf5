package io.slipstream.mktdata.launcher.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Plays systemd's side of {@code $NOTIFY_SOCKET}: a datagram socket whose messages the test reads. */
public final class FakeNotifySocket implements AutoCloseable {
    private final AFUNIXDatagramChannel channel;
    private final String name;
    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final Thread reader;

    private FakeNotifySocket(final AFUNIXSocketAddress address, final String name) throws IOException {
        this.name = name;
        this.channel = AFUNIXDatagramChannel.open();
        channel.bind(address);
        reader = new Thread(this::read, "fake-notify-socket");
        reader.setDaemon(true);
        reader.start();
    }

    public static FakeNotifySocket atPath(final Path path) throws IOException {
        return new FakeNotifySocket(AFUNIXSocketAddress.of(path), path.toString());
    }

    public static FakeNotifySocket abstractNamespace(final String name) throws IOException {
        return new FakeNotifySocket(AFUNIXSocketAddress.inAbstractNamespace(name), "@" + name);
    }

    /** @return the environment systemd would give the service */
    public Map<String, String> environment() {
        return Map.of("NOTIFY_SOCKET", name);
    }

    /** @return the environment with a watchdog of {@code usec} for this process */
    public Map<String, String> environment(final long watchdogUsec) {
        return Map.of("NOTIFY_SOCKET", name, "WATCHDOG_USEC", Long.toString(watchdogUsec),
            "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid()));
    }

    /**
     * @param timeoutMs how long to wait
     * @return the next datagram, or null if none came in time
     * @throws InterruptedException if interrupted
     */
    public String next(final long timeoutMs) throws InterruptedException {
        return messages.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * @param forMs how long to collect
     * @return every datagram received during that time
     * @throws InterruptedException if interrupted
     */
    public List<String> collect(final long forMs) throws InterruptedException {
        final List<String> out = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(forMs);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            final String message = messages.poll(left, TimeUnit.NANOSECONDS);
            if (message != null) {
                out.add(message);
            }
        }
        return out;
    }

    /** @return everything received and not yet read */
    public List<String> drain() {
        final List<String> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    private void read() {
        final ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                messages.add(StandardCharsets.UTF_8.decode(buffer).toString());
            } catch (final IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
