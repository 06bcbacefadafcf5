package io.slipstream.mktdata.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.launcher.config.ConfigLoader;
import io.slipstream.mktdata.launcher.config.DaemonConfig;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon built from a config file, in this JVM, against venue-sim. */
class DaemonTest {
    @TempDir
    Path directory;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldBecomeLiveThenTellClientsAndRemoveTheSocketWhenClosed() throws Exception {
        try (VenueSim sim = VenueSim.builder().synthetic(3, 42, 1_000).start()) {
            final Path socket = directory.resolve("mktdata.sock");
            final DaemonConfig config = ConfigLoader.load(SimConfig.write(sim, directory, socket), Map.of());
            final Daemon daemon = new Daemon(config);
            assertThat(daemon.allStreamsLive()).isFalse();
            try {
                daemon.start();
                assertThat(socket).exists();
                assertThat(daemon.binance().symbols()).hasSize(3);
                assertThat(daemon.hyperliquid().coins()).hasSize(3);
                final long deadline = System.currentTimeMillis() + 60_000;
                while (!daemon.allStreamsLive() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(daemon.allStreamsLive()).as(daemon.binance().describe()).isTrue();

                try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    client.connect(UnixDomainSocketAddress.of(socket));
                    SimConfig.send(client, Map.of("type", "hello", "id", 1L, "protocol", 1L));
                    Thread.sleep(200);
                    final long closeStartNs = System.nanoTime();
                    daemon.close();
                    final long closeMs = (System.nanoTime() - closeStartNs) / 1_000_000L;

                    assertThat(closeMs).isLessThan(5_000);
                    assertThat(socket).doesNotExist();
                    assertThat(daemon.allStreamsLive()).isFalse();
                    final List<Map<?, ?>> messages = SimConfig.readUntilClosed(client);
                    assertThat(messages).anySatisfy(message -> {
                        assertThat(message.get("type")).isEqualTo("status");
                        final Map<?, ?> data = (Map<?, ?>) message.get("data");
                        assertThat(data.get("stream")).isEqualTo("ipc");
                        assertThat(data.get("status")).isEqualTo("disconnected");
                    });
                    assertThat(messages.getLast().get("type")).isEqualTo("error");
                    assertThat(((Map<?, ?>) messages.getLast().get("data")).get("code")).isEqualTo("shutting_down");
                }
            } finally {
                daemon.close();
            }
        }
    }
}
