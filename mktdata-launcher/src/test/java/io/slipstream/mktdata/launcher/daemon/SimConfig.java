package io.slipstream.mktdata.launcher.daemon;

import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import io.slipstream.mktdata.launcher.demo.SimulatorConfig;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A daemon config pointing at a running venue-sim (URLs formed as DaemonDemo forms them), and a raw client. */
final class SimConfig {
    private SimConfig() {
    }

    static Path write(final VenueSim sim, final Path directory, final Path socket) throws IOException {
        return write(sim, directory, socket, 0);
    }

    static Path write(final VenueSim sim, final Path directory, final Path socket, final int metricsPort)
        throws IOException {
        return SimulatorConfig.write(sim, directory.resolve("mktdata.toml"), socket, null, metricsPort);
    }

    static void send(final SocketChannel channel, final Map<String, Object> message) throws IOException {
        final ByteBuffer bytes = ByteBuffer.wrap(new MsgPackWriter(256).value(message).toByteArray());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Every message until the server closes the connection (blocking channel). */
    static List<Map<?, ?>> readUntilClosed(final SocketChannel channel) throws IOException {
        final List<Map<?, ?>> messages = new ArrayList<>();
        final ByteBuffer buffer = ByteBuffer.allocate(4 << 20);
        final MsgPackReader reader = new MsgPackReader();
        while (channel.read(buffer) >= 0) {
            int start = 0;
            while (true) {
                final int length = MsgPackReader.frameLength(buffer.array(), start, buffer.position() - start, 64);
                if (length < 0) {
                    break;
                }
                messages.add((Map<?, ?>) reader.wrap(buffer.array(), start, length).readValue());
                start += length;
            }
            buffer.limit(buffer.position()).position(start);
            buffer.compact();
        }
        return messages;
    }
}
