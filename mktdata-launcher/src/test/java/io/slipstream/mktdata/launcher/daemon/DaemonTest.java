package io.slipstream.mktdata.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipstream.mktdata.agent.CpuAffinity;
import io.slipstream.mktdata.launcher.config.ConfigLoader;
import io.slipstream.mktdata.launcher.config.DaemonConfig;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
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

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldRunExactlyTheHotPathThreadsOnTheConfiguredCpu() throws Exception {
        final BitSet processCpus = CpuAffinity.currentThreadCpus();
        assumeTrue(processCpus.cardinality() >= 2, "needs Linux and at least two CPUs, has " + processCpus);
        final int cpu = processCpus.nextSetBit(0);
        try (VenueSim sim = VenueSim.builder().synthetic(3, 42, 1_000).start()) {
            final Path socket = directory.resolve("mktdata.sock");
            final DaemonConfig config = ConfigLoader.load(SimConfig.write(sim, directory, socket),
                Map.of("SLIPSTREAM_MKTDATA_DAEMON_HOT_PATH_CPUS", Integer.toString(cpu)));
            try (Daemon daemon = new Daemon(config).start()) {
                final long deadline = System.currentTimeMillis() + 60_000;
                while (!daemon.allStreamsLive() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                // The affinity sweep runs every 2 s: wait for one after everything started.
                Thread.sleep(4_500);

                // Linux keeps the first 15 bytes of a thread's name.
                final Map<String, List<String>> cpusByThread = threadCpus();
                assertThat(cpusByThread.get("mktdata-engine")).containsOnly(Integer.toString(cpu));
                assertThat(cpusByThread.get("WebSocketConnec")).as("the venue sockets' read threads")
                    .hasSize(3 + 2).containsOnly(Integer.toString(cpu));
                assertThat(cpusByThread.get("binance-control")).as("started by a read thread, released by the sweep")
                    .isNotEmpty().doesNotContain(Integer.toString(cpu));
                assertThat(cpusByThread.get("mktdata-affinit")).as("started by the daemon's own thread")
                    .singleElement().isNotEqualTo(Integer.toString(cpu));
            } finally {
                CpuAffinity.configureHotPath(new BitSet());
            }
        }
    }

    /** Each thread of this process by name (digits dropped), with its {@code Cpus_allowed_list}. */
    private static Map<String, List<String>> threadCpus() throws IOException {
        final Map<String, List<String>> byName = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (final Path task : tasks) {
                try {
                    final String name = Files.readString(task.resolve("comm")).trim().replaceAll("-?[0-9]+$", "");
                    final String cpus = Files.readAllLines(task.resolve("status")).stream()
                        .filter(line -> line.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                        .substring("Cpus_allowed_list:".length()).trim();
                    byName.computeIfAbsent(name, key -> new ArrayList<>()).add(cpus);
                } catch (final IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return byName;
    }
}
