package io.slipstream.mktdata.launcher.daemon;

import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code slipstream-mktdata status}: asks a running daemon for the health of every stream over its socket
 * ({@code get_status}, docs/protocol.md) and prints a table. Exit 0 when every stream is live, 1 when one is not (or
 * none is reported), 3 when no daemon answers on the socket.
 *
 * <p>A stream counts as live when its status is {@code live} or {@code resynced}, or when it is {@code connected}
 * (or has no status) and data has arrived: some streams (Binance quotes) report no state beyond connected, and their
 * data flowing is what says they work.
 */
public final class StatusCommand {
    /** Exit status when no daemon answers. */
    public static final int NO_DAEMON = 3;
    private static final long TIMEOUT_MS = 5_000;
    private static final int MAX_NESTING = 32;
    private static final long STATUS_REQUEST_ID = 2;

    private StatusCommand() {
    }

    /**
     * @param socket the daemon's socket
     * @param out    the table
     * @param err    errors
     * @return 0 all live, 1 not all live, {@link #NO_DAEMON} no daemon answering
     */
    public static int run(final Path socket, final PrintStream out, final PrintStream err) {
        final Map<Long, Map<?, ?>> replies;
        try {
            replies = ask(socket);
        } catch (final IOException e) {
            err.println("error: no slipstream-mktdata daemon answers on " + socket + " (" + e.getMessage() + ")");
            return NO_DAEMON;
        }
        final Map<?, ?> hello = replies.get(1L);
        final Map<?, ?> report = replies.get(STATUS_REQUEST_ID);
        if (report == null || !"status_report".equals(report.get("type"))) {
            err.println("error: the daemon on " + socket + " answered get_status with " + report);
            return 1;
        }
        if (hello != null && hello.get("data") instanceof Map<?, ?> data) {
            out.println(socket + ": " + data.get("server") + ", epoch " + data.get("epoch"));
        }
        final List<?> streams = (List<?>) ((Map<?, ?>) report.get("data")).get("streams");
        return printTable(streams, out);
    }

    private static int printTable(final List<?> streams, final PrintStream out) {
        out.printf("%-12s %-16s %-8s %-8s %-13s %10s%n", "VENUE", "SYMBOL", "STREAM", "INTERVAL", "STATUS", "AGE");
        int live = 0;
        final Map<String, Integer> notLiveByVenue = new LinkedHashMap<>();
        for (final Object each : streams) {
            final Map<?, ?> stream = (Map<?, ?>) each;
            final boolean ok = isLive(stream);
            final long ageMs = ((Number) stream.get("age_ms")).longValue();
            out.printf("%-12s %-16s %-8s %-8s %-13s %10s%s%n", stream.get("venue"), stream.get("symbol"),
                stream.get("stream"), stream.get("interval") == null ? "-" : stream.get("interval"),
                stream.get("status"), age(ageMs), ok ? "" : "   <- not live");
            if (ok) {
                live++;
            } else {
                notLiveByVenue.merge(String.valueOf(stream.get("venue")), 1, Integer::sum);
            }
        }
        if (streams.isEmpty()) {
            out.println("no streams reported yet: not live");
            return 1;
        }
        out.println(streams.size() + " streams: " + live + " live"
            + (notLiveByVenue.isEmpty() ? "" : ", not live: " + notLiveByVenue));
        return live == streams.size() ? 0 : 1;
    }

    static boolean isLive(final Map<?, ?> stream) {
        final String status = String.valueOf(stream.get("status"));
        final long ageMs = ((Number) stream.get("age_ms")).longValue();
        return switch (status) {
            case "live", "resynced" -> true;
            case "connected", "unknown" -> ageMs >= 0;
            default -> false;
        };
    }

    private static String age(final long ageMs) {
        if (ageMs < 0) {
            return "no data";
        }
        if (ageMs < 1_000) {
            return ageMs + " ms";
        }
        if (ageMs < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", ageMs / 1_000.0);
        }
        return ageMs / 60_000 + " min";
    }

    /** Sends hello and get_status; returns the replies by id. */
    private static Map<Long, Map<?, ?>> ask(final Path socket) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            final MsgPackWriter request = new MsgPackWriter(256);
            request.value(Map.of("type", "hello", "id", 1L, "protocol", 1L, "client", "slipstream-mktdata status"));
            request.value(Map.of("type", "get_status", "id", STATUS_REQUEST_ID));
            final ByteBuffer outgoing = ByteBuffer.wrap(request.array(), 0, request.length());
            while (outgoing.hasRemaining()) {
                channel.write(outgoing);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            final Map<Long, Map<?, ?>> replies = new LinkedHashMap<>();
            final MsgPackReader reader = new MsgPackReader();
            final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            byte[] pending = new byte[0];
            final long deadlineNs = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
            while (!replies.containsKey(STATUS_REQUEST_ID)) {
                final long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) {
                    throw new IOException("no answer to get_status within " + TIMEOUT_MS + " ms");
                }
                selector.select(leftMs);
                selector.selectedKeys().clear();
                chunk.clear();
                final int read = channel.read(chunk);
                if (read < 0) {
                    throw new IOException("the daemon closed the connection");
                }
                pending = Arrays.copyOf(pending, pending.length + read);
                System.arraycopy(chunk.array(), 0, pending, pending.length - read, read);
                int offset = 0;
                while (true) {
                    final int length = MsgPackReader.frameLength(pending, offset, pending.length - offset,
                        MAX_NESTING);
                    if (length == MsgPackReader.NEED_MORE) {
                        break;
                    }
                    if (length == MsgPackReader.INVALID) {
                        throw new IOException("the daemon sent bytes that are not MessagePack");
                    }
                    if (reader.wrap(pending, offset, length).readValue() instanceof Map<?, ?> message
                        && message.get("id") instanceof Long id) {
                        replies.put(id, message);
                    }
                    offset += length;
                }
                pending = Arrays.copyOfRange(pending, offset, pending.length);
            }
            return replies;
        }
    }
}
