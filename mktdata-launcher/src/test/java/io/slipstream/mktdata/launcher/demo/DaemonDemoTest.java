package io.slipstream.mktdata.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import io.slipstream.mktdata.launcher.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo as a newcomer runs it: venue-sim, adapters, engine and IPC server, answering on its socket. */
class DaemonDemoTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path directory;

    private int launch(final String... args) {
        return Launcher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldServeTheSimulatedVenuesOnItsSocketAndPrintALiveSummary() throws Exception {
        final Path socket = directory.resolve("demo.sock");
        final Path record = directory.resolve("record");
        final CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> launch("demo", "--seconds", "8",
            "--socket", socket.toString(), "--symbols", "3", "--record", record.toString()));
        final long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(socket) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(socket).exists();
        Map<?, ?> data = Map.of();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            // The books sync within a second or two of start; ask until one is two-sided.
            for (int attempt = 0; attempt < 40; attempt++) {
                final Map<?, ?> reply = request(channel, Map.of("type", "get_orderbook", "id", (long) attempt,
                    "venue", "binance", "symbol", "BTCUSDT", "depth", 5L));
                data = (Map<?, ?>) reply.get("data");
                if (!((List<?>) data.get("bids")).isEmpty() && !((List<?>) data.get("asks")).isEmpty()) {
                    break;
                }
                Thread.sleep(250);
            }
        }
        final double bestBid = (Double) ((List<?>) ((List<?>) data.get("bids")).get(0)).get(0);
        final double bestAsk = (Double) ((List<?>) ((List<?>) data.get("asks")).get(0)).get(0);
        assertThat(bestBid).isPositive().isLessThan(bestAsk);

        assertThat(demo.get(40, TimeUnit.SECONDS)).isZero();
        final String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("socket: " + socket, "from slipstream_mktdata import MarketDataClient", "[  2s]",
            "books in sync", "hyperliquid:BTC", "binance:BTCUSDT", "stopped");
        // The basis comes from the engine's features of Hyperliquid BTC (counterpart BTCUSDT).
        assertThat(output).contains("basis BTC (hyperliquid) vs BTCUSDT (binance): ");
        assertThat(socket).doesNotExist();
        // The journal the recorder reads was written (the recorder itself runs when its jar is built).
        assertThat(output).contains("journal: ");
        try (java.util.stream.Stream<Path> segments = Files.walk(record.resolve("journal"))) {
            assertThat(segments.filter(p -> p.toString().endsWith(".seg"))).isNotEmpty();
        }
    }

    @Test
    void shouldRefuseUnknownCommandsAndBadOptionsClearly() {
        assertThat(launch("frobnicate")).isEqualTo(2);
        assertThat(launch("demo", "--seconds", "soon")).isEqualTo(2);
        assertThat(launch("demo", "--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'",
            "--seconds takes a whole number, not 'soon'", "unknown option '--bogus' for demo");
    }

    /** One request, one reply (no subscriptions, so the only other messages are heartbeats, skipped). */
    private static Map<?, ?> request(final SocketChannel channel, final Map<String, Object> request)
        throws Exception {
        channel.write(ByteBuffer.wrap(new MsgPackWriter(256).value(request).toByteArray()));
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        final MsgPackReader reader = new MsgPackReader();
        while (true) {
            channel.read(buffer);
            int start = 0;
            while (true) {
                final int length = MsgPackReader.frameLength(buffer.array(), start, buffer.position() - start, 64);
                if (length < 0) {
                    break;
                }
                final Map<?, ?> message = (Map<?, ?>) reader.wrap(buffer.array(), start, length).readValue();
                start += length;
                if (request.get("id").equals(message.get("id"))) {
                    return message;
                }
            }
            buffer.limit(buffer.position()).position(start);
            buffer.compact();
        }
    }
}
