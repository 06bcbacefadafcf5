package io.slipstream.mktdata.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.ipc.client.CandleColumns;
import io.slipstream.mktdata.launcher.config.ConfigLoader;
import io.slipstream.mktdata.launcher.daemon.Daemon;
import io.slipstream.mktdata.launcher.demo.SimulatorConfig;
import io.slipstream.mktdata.venuesim.VenueSim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

class IpcClientExampleTest {
    @TempDir
    Path directory;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldReadBooksTradesAndEveryCandleSeriesFromTheDaemon() throws Exception {
        // Unix socket paths are short (~108 bytes): a JUnit temp dir may be too deep.
        final Path socketDirectory = Files.createTempDirectory(Path.of("/tmp"), "ipc-example-");
        final Path socket = socketDirectory.resolve("mktdata.sock");
        try (VenueSim sim = VenueSim.builder().synthetic(3, 42, 1_000).start();
             Daemon daemon = new Daemon(ConfigLoader.load(SimulatorConfig.write(sim, directory.resolve("d.toml"),
                 socket, null, 0), Map.of()))) {
            daemon.start();
            final long deadlineMs = System.currentTimeMillis() + 60_000;
            while (!daemon.allStreamsLive() && System.currentTimeMillis() < deadlineMs) {
                Thread.sleep(100);
            }
            assertThat(daemon.allStreamsLive()).as("daemon live").isTrue();

            final IpcClientExample.Report report = IpcClientExample.run(socket, 3);

            assertThat(report.snapshot().bids().price(0)).isLessThan(report.snapshot().asks().price(0));
            assertThat(report.books()).isPositive();
            assertThat(report.trades()).isPositive();
            assertThat(report.gaps()).isZero();
            // venue-sim renders one market on both venues: the two BTC mids are within 1% of each other.
            assertThat(Math.abs(report.lastMids()[0] / report.lastMids()[1] - 1)).isLessThan(0.01);
            assertThat(report.candles().symbols()).contains("BTC").hasSize(daemon.hyperliquid().coins().size());
            final CandleColumns btc = report.candles().columns("BTC");
            assertThat(btc.count()).isPositive();
            assertThat(btc.high()[btc.count() - 1]).isGreaterThanOrEqualTo(btc.low()[btc.count() - 1]);
            assertThat(report.lines()).hasSize(2 + report.candles().symbols().size());
            assertThat(report.lines().get(0)).startsWith("hyperliquid BTC: best bid ");
            assertThat(report.lines()).anySatisfy(line -> assertThat(line).startsWith("BTC      ")
                .contains(" candles 4h, last close "));
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socketDirectory);
        }
    }
}
