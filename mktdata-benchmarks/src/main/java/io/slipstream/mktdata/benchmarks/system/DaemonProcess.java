package io.slipstream.mktdata.benchmarks.system;

import io.slipstream.mktdata.agent.RealtimePriority;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The daemon as its own process ({@code slipstream-mktdata.jar run --config}, as in production), configured by a
 * generated TOML file against a running venue-sim, with its journal (for the recorder) and its metrics port.
 * Its output goes to {@code daemon.log} in the work directory.
 */
final class DaemonProcess implements AutoCloseable {
    static final Path JAR = Path.of("mktdata-launcher/target/slipstream-mktdata.jar");
    /** The daemons' {@code hot_path_cpus}, e.g. "0"; "" leaves their hot path on any CPU (--hot-path-cpus). */
    static volatile String hotPathCpus = "";

    private final Process process;
    private final Path socket;
    private final Path journal;
    private final int metricsPort;
    private final long startedNs;
    private final long readyNs;

    private DaemonProcess(final Process process, final Path socket, final Path journal, final int metricsPort,
                          final long startedNs, final long readyNs) {
        this.process = process;
        this.socket = socket;
        this.journal = journal;
        this.metricsPort = metricsPort;
        this.startedNs = startedNs;
        this.readyNs = readyNs;
    }

    /**
     * Writes the configuration and starts the daemon; returns once it printed {@code ready:}.
     *
     * @param sim         the simulator both venues point at
     * @param directory   the work directory (config, socket, journal, log)
     * @param hyperliquid whether Hyperliquid is enabled (Binance always is)
     * @param withJournal whether the daemon journals (for the recorder)
     * @return the running daemon
     * @throws IOException if it cannot start or is not ready within 120 s
     */
    static DaemonProcess start(final VenueSim sim, final Path directory, final boolean hyperliquid,
                               final boolean withJournal) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("build the launcher first: " + JAR);
        }
        Files.createDirectories(directory);
        final Path socket = directory.resolve("mktdata.sock");
        final Path journal = withJournal ? directory.resolve("journal") : null;
        final int metricsPort = freePort();
        final Path config = directory.resolve("mktdata.toml");
        // The demo's SimulatorConfig, plus what a benchmark needs (1m candles off, Hyperliquid optional); kept here
        // because this module must not depend on the launcher's shaded application jar.
        Files.writeString(config, """
            [daemon]
            socket_path = "%s"
            log_level = "warn"
            journal_dir = "%s"

            [retention]
            candles_15m_count = 300
            candles_1h_count = 300
            candles_4h_count = 300

            [venues.hyperliquid]
            enabled = %s
            websocket_url = "%s/ws"
            rest_url = "%s/info"
            reconnect_delay_ms = 200
            max_reconnect_delay_ms = 5000

            [venues.binance]
            rest_url = "%s"
            public_ws_url = "%s/public"
            market_ws_url = "%s/market"
            reconnect_delay_ms = 200
            max_reconnect_delay_ms = 5000

            [health]
            metrics_port = %d
            """.formatted(socket, journal == null ? "" : journal, hyperliquid, sim.hyperliquid().webSocketUri(),
            sim.hyperliquid().restUri(), sim.binance().restUri(), sim.binance().webSocketUri(),
            sim.binance().webSocketUri(), metricsPort), StandardCharsets.UTF_8);
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseZGC", "-Xms256m", "-Xmx1g",
            "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString(), "run", "--config", config.toString()));
        final long startedNs = System.nanoTime();
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (RealtimePriority.hotPathPriority() > 0) {
            builder.environment().put("SLIPSTREAM_MKTDATA_DAEMON_REALTIME_PRIORITY",
                Integer.toString(RealtimePriority.hotPathPriority()));
        }
        if (!hotPathCpus.isEmpty()) {
            builder.environment().put("SLIPSTREAM_MKTDATA_DAEMON_HOT_PATH_CPUS", hotPathCpus);
        }
        final Process process = builder.start();
        final CompletableFuture<Long> ready = new CompletableFuture<>();
        final Path log = directory.resolve("daemon.log");
        final Thread pump = new Thread(() -> pump(process, log, ready), "daemon-log");
        pump.setDaemon(true);
        pump.start();
        try {
            final long readyNs = ready.get(120, TimeUnit.SECONDS);
            return new DaemonProcess(process, socket, journal, metricsPort, startedNs, readyNs);
        } catch (final Exception e) {
            process.destroyForcibly();
            throw new IOException("the daemon did not get ready (see " + log + "): " + e, e);
        }
    }

    private static void pump(final Process process, final Path log, final CompletableFuture<Long> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.startsWith("ready:")) {
                    ready.complete(System.nanoTime());
                }
            }
        } catch (final IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("the daemon closed its output"));
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    Path socket() {
        return socket;
    }

    Path journal() {
        return journal;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @return process start to its {@code ready:} line */
    long startToReadyNs() {
        return readyNs - startedNs;
    }

    Metrics metrics() throws IOException {
        return Metrics.scrape(metricsPort);
    }

    ProcStats stats() throws IOException {
        return ProcStats.sample(process.pid());
    }

    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
