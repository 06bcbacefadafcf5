package io.slipstream.mktdata.benchmarks.daemon;

import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's resident memory with full retention: venue-sim (in this JVM) serves N synthetic symbols on each venue,
 * the daemon runs as its own process ({@code Launcher run --config}) with the default retention (candles 15m/1h 2000,
 * 4h 1200, all backfilled; 1000 trades and quotes per symbol; books), and its VmRSS is sampled every 5 s. Run from
 * the repository root after {@code mvn package}:
 *
 * <pre>
 * java -cp mktdata-benchmarks/target/mktdata-benchmarks.jar \
 *   io.slipstream.mktdata.benchmarks.daemon.DaemonMemoryHarness 100 120 "-XX:+UseZGC -Xms256m -Xmx1g"
 * </pre>
 */
public final class DaemonMemoryHarness {
    private DaemonMemoryHarness() {
    }

    /**
     * @param args symbols per venue, seconds to sample after the daemon is ready, the daemon's JVM options
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        final String jvmOptions = args.length > 2 ? args[2] : "-XX:+UseZGC -Xms256m -Xmx1g";
        final Path jar = Path.of("mktdata-launcher/target/slipstream-mktdata.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the launcher first: " + jar);
        }
        final Path directory = Files.createTempDirectory("memory");
        try (VenueSim sim = VenueSim.builder().synthetic(symbols, 42, 20L * symbols).start()) {
            final Path config = directory.resolve("mktdata.toml");
            Files.writeString(config, """
                [daemon]
                socket_path = "%s"
                log_level = "warn"

                [venues.hyperliquid]
                websocket_url = "%s/ws"
                rest_url = "%s/info"

                [venues.binance]
                rest_url = "%s"
                public_ws_url = "%s/public"
                market_ws_url = "%s/market"
                """.formatted(directory.resolve("mktdata.sock"), sim.hyperliquid().webSocketUri(),
                sim.hyperliquid().restUri(), sim.binance().restUri(), sim.binance().webSocketUri(),
                sim.binance().webSocketUri()), StandardCharsets.UTF_8);
            final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(List.of(jvmOptions.trim().split("\\s+")));
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "run", "--config",
                config.toString()));
            final Process daemon = new ProcessBuilder(command).redirectErrorStream(true).start();
            final BufferedReader output = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null && !line.startsWith("ready:")) {
                System.out.println("daemon: " + line);
            }
            final long pid = daemon.pid();
            System.out.printf("# daemon pid %d, %d symbols per venue, JVM %s; sampling VmRSS every 5 s for %d s%n",
                pid, symbols, jvmOptions, seconds);
            long maxKb = 0;
            for (int t = 0; t <= seconds; t += 5) {
                final long kb = rssKb(pid);
                maxKb = Math.max(maxKb, kb);
                System.out.printf("t=%4ds  VmRSS %,8d kB%n", t, kb);
                Thread.sleep(5_000);
            }
            System.out.printf("%n## daemon RSS, %d symbols per venue (%d instruments), full retention: max %.0f MB%n",
                symbols, 2 * symbols, maxKb / 1024.0);
            daemon.toHandle().destroy();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static long rssKb(final long pid) throws IOException {
        for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
