package io.slipstream.mktdata.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.launcher.Launcher;
import io.slipstream.mktdata.launcher.systemd.FakeNotifySocket;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipstream-mktdata run} as a real child process: ready line, status, SIGTERM, exit codes. */
class DaemonProcessTest {
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void killLeftovers() {
        for (final Process process : processes) {
            process.destroyForcibly();
        }
    }

    /** The launcher in a new JVM, with this test's classpath. */
    private Process launch(final String... args) throws IOException {
        return launch(Map.of(), args);
    }

    private Process launch(final Map<String, String> environment, final String... args) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        // The test's own environment must not reconfigure the daemon.
        builder.environment().keySet().removeIf(name -> name.startsWith("SLIPSTREAM_MKTDATA_")
            || name.startsWith("NOTIFY_") || name.startsWith("WATCHDOG_"));
        builder.environment().putAll(environment);
        final Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static BlockingQueue<String> lines(final InputStream stream) {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (final IOException e) {
                // the process ended: nothing more to read
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String awaitLine(final BlockingQueue<String> lines, final String prefix, final long timeoutMs,
                                    final BlockingQueue<String> stderr) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        final List<String> seen = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            final String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line != null) {
                seen.add(line);
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within " + timeoutMs + " ms; stdout: "
            + seen + "; stderr: " + String.join("\n", stderr));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static int status(final Path socket, final ByteArrayOutputStream out) {
        out.reset();
        final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return Launcher.run(new String[] {"status", "--socket", socket.toString()}, print, print);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldRunFromAConfigFileReportLiveStatusAndExitZeroOnSigterm() throws Exception {
        try (VenueSim sim = VenueSim.builder().synthetic(3, 42, 1_000).start();
             FakeNotifySocket systemd = FakeNotifySocket.atPath(directory.resolve("notify.sock"))) {
            final Path socket = directory.resolve("mktdata.sock");
            final int metricsPort = freePort();
            final Path config = SimConfig.write(sim, directory, socket, metricsPort);
            final ByteArrayOutputStream statusOutput = new ByteArrayOutputStream();
            assertThat(status(socket, statusOutput)).isEqualTo(StatusCommand.NO_DAEMON);
            assertThat(statusOutput.toString(StandardCharsets.UTF_8)).contains("no slipstream-mktdata daemon "
                + "answers on " + socket);

            final Map<String, String> underSystemd = new java.util.HashMap<>(systemd.environment());
            underSystemd.put("WATCHDOG_USEC", "1000000");
            final Process daemon = launch(underSystemd, "run", "--config", config.toString());
            final BlockingQueue<String> stdout = lines(daemon.getInputStream());
            final BlockingQueue<String> stderr = lines(daemon.getErrorStream());
            final String ready = awaitLine(stdout, "ready: serving on " + socket, 60_000, stderr);
            assertThat(ready).contains("hyperliquid 3 coins", "binance 3 symbols");

            // systemd hears READY=1 only once every stream is live, and status agrees at that moment.
            final List<String> beforeReady = new ArrayList<>();
            String datagram = systemd.next(60_000);
            while (datagram != null && !datagram.contains("READY=1")) {
                beforeReady.add(datagram);
                datagram = systemd.next(60_000);
            }
            assertThat(datagram).as("READY=1 within 60 s; before it: " + beforeReady).isNotNull();
            assertThat(status(socket, statusOutput)).as(statusOutput.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(beforeReady).noneMatch(d -> d.contains("READY=1"));
            final List<String> afterReady = systemd.collect(2_500);
            assertThat(afterReady.stream().filter(d -> d.contains("WATCHDOG=1")).count())
                .as("watchdog pings every 500 ms: " + afterReady).isGreaterThanOrEqualTo(3);

            final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            final java.net.http.HttpResponse<String> metrics = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            final io.slipstream.mktdata.launcher.health.PrometheusText exposition =
                io.slipstream.mktdata.launcher.health.PrometheusText.parse(metrics.body());
            assertThat(exposition.types()).containsKeys("mktdata_messages_received_total",
                "mktdata_active_subscriptions", "mktdata_ipc_latency_seconds",
                "mktdata_ipc_slow_consumer_disconnects_total");
            final java.net.http.HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + metricsPort + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);

            final long deadline = System.currentTimeMillis() + 60_000;
            int exit = status(socket, statusOutput);
            while (exit != 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                exit = status(socket, statusOutput);
            }
            final String table = statusOutput.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(table).isZero();
            assertThat(table).contains("VENUE", "binance", "BTCUSDT", "hyperliquid", "BTC", "book", "candles", "15m",
                "live", " streams: ");
            final Process statusProcess = launch("status", "--config", config.toString());
            assertThat(statusProcess.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(statusProcess.exitValue()).as(new String(statusProcess.getErrorStream().readAllBytes(),
                StandardCharsets.UTF_8)).isZero();

            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(socket));
                SimConfig.send(client, Map.of("type", "hello", "id", 1L, "protocol", 1L));
                final CompletableFuture<List<Map<?, ?>>> told = CompletableFuture.supplyAsync(() -> {
                    try {
                        return SimConfig.readUntilClosed(client);
                    } catch (final IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(200);

                final long sigtermNs = System.nanoTime();
                // SIGTERM, as Process.destroy() sends it, but through the handle: Process.destroy() also closes our
                // end of the child's stdout, and we still want to read its last line.
                assertThat(daemon.toHandle().destroy()).isTrue();
                assertThat(daemon.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s of SIGTERM").isTrue();
                final long stopMs = (System.nanoTime() - sigtermNs) / 1_000_000L;

                assertThat(daemon.exitValue()).as("stderr: " + String.join("\n", stderr)).isZero();
                assertThat(socket).doesNotExist();
                awaitLine(stdout, "stopped", 1_000, stderr);
                final List<Map<?, ?>> messages = told.get(5, TimeUnit.SECONDS);
                assertThat(messages).anySatisfy(message -> {
                    assertThat(message.get("type")).isEqualTo("status");
                    assertThat(((Map<?, ?>) message.get("data")).get("stream")).isEqualTo("ipc");
                    assertThat(((Map<?, ?>) message.get("data")).get("status")).isEqualTo("disconnected");
                });
                assertThat(((Map<?, ?>) messages.getLast().get("data")).get("code")).isEqualTo("shutting_down");
                assertThat(systemd.drain()).anyMatch(d -> d.contains("STOPPING=1"));
                System.out.println("SIGTERM to exit: " + stopMs + " ms");
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldLetTheJavaClientReconnectAndResubscribeByItselfWhenTheDaemonComesBack() throws Exception {
        try (VenueSim sim = VenueSim.builder().synthetic(3, 42, 1_000).start()) {
            final Path socket = directory.resolve("mktdata.sock");
            final Path config = SimConfig.write(sim, directory, socket);
            final Process first = launch("run", "--config", config.toString());
            awaitLine(lines(first.getInputStream()), "ready: ", 60_000, lines(first.getErrorStream()));

            final BlockingQueue<io.slipstream.mktdata.ipc.client.TradeMessage> trades = new LinkedBlockingQueue<>();
            final BlockingQueue<io.slipstream.mktdata.ipc.client.ConnectionState> states = new LinkedBlockingQueue<>();
            final io.slipstream.mktdata.ipc.client.MarketDataListener listener =
                new io.slipstream.mktdata.ipc.client.MarketDataListener() {
                    @Override
                    public void onTrade(final io.slipstream.mktdata.ipc.client.TradeMessage message) {
                        trades.add(message);
                    }

                    @Override
                    public void onConnectionState(final io.slipstream.mktdata.ipc.client.ConnectionState state,
                                                  final String reason) {
                        states.add(state);
                    }
                };
            try (io.slipstream.mktdata.ipc.client.MarketDataClient client =
                     io.slipstream.mktdata.ipc.client.MarketDataClient.connect(socket)) {
                client.addConnectionListener(listener);
                client.subscribeTrades("binance", "BTCUSDT", listener);
                final io.slipstream.mktdata.ipc.client.TradeMessage before = trades.poll(30, TimeUnit.SECONDS);
                assertThat(before).as("a trade from the first daemon").isNotNull();

                assertThat(first.toHandle().destroy()).isTrue();
                assertThat(first.waitFor(5, TimeUnit.SECONDS)).isTrue();
                assertThat(states.poll(10, TimeUnit.SECONDS))
                    .isEqualTo(io.slipstream.mktdata.ipc.client.ConnectionState.DISCONNECTED);

                final Process second = launch("run", "--config", config.toString());
                awaitLine(lines(second.getInputStream()), "ready: ", 60_000, lines(second.getErrorStream()));
                io.slipstream.mktdata.ipc.client.ConnectionState state = states.poll(30, TimeUnit.SECONDS);
                while (state == io.slipstream.mktdata.ipc.client.ConnectionState.DISCONNECTED) {
                    state = states.poll(30, TimeUnit.SECONDS);
                }
                assertThat(state).isEqualTo(io.slipstream.mktdata.ipc.client.ConnectionState.RECONNECTED);
                trades.clear();
                final io.slipstream.mktdata.ipc.client.TradeMessage after = trades.poll(30, TimeUnit.SECONDS);
                assertThat(after).as("a trade from the second daemon, without resubscribing by hand").isNotNull();
                assertThat(after.epoch()).as("the restart shows as a new epoch").isNotEqualTo(before.epoch());
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldExitWithStatusTwoNamingTheKeyWhenTheConfigIsBad() throws Exception {
        final Path config = directory.resolve("bad.toml");
        Files.writeString(config, """
            [daemon]
            socket_path = "%s"
            max_clients = -1
            [venues.binance.rate_limits]
            max_messages_per_second = 20
            """.formatted(directory.resolve("never.sock")));

        final Process run = launch("run", "--config", config.toString());
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        final String stderr = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(run.exitValue()).isEqualTo(2);
        assertThat(stderr).contains(config + ":3: daemon.max_clients: expected an integer in 1..10000, found -1",
            config + ":5: venues.binance.rate_limits.max_messages_per_second: expected an integer in 1..9");
        assertThat(directory.resolve("never.sock")).doesNotExist();
    }
}
