package io.slipstream.mktdata.launcher.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WatchdogPingerTest {
    private final InstrumentRegistry registry = new InstrumentRegistry(16);
    private final Instrument btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));

    @TempDir
    Path directory;

    @Test
    void pingsKeepComingWhileTheEngineLoopRuns() throws Exception {
        try (FakeNotifySocket systemd = FakeNotifySocket.atPath(directory.resolve("notify.sock"));
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment(100_000));
             MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
             WatchdogPinger pinger = WatchdogPinger.startIfEnabled(engine, notifier)) {
            assertThat(pinger).isNotNull();
            assertThat(pinger.intervalMs()).isEqualTo(50);
            final List<String> received = systemd.collect(1_000);
            assertThat(received).allMatch("WATCHDOG=1"::equals).hasSizeGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void aStalledEngineStopsThePingsAndARecoveredOneResumesThem() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);
        try (FakeNotifySocket systemd = FakeNotifySocket.atPath(directory.resolve("notify.sock"));
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment());
             MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
             WatchdogPinger pinger = new WatchdogPinger(engine, notifier, 20).start()) {
            assertThat(systemd.collect(300)).contains("WATCHDOG=1");
            // A listener that blocks the engine thread: the engine loop is wedged from its first trade on.
            engine.subscribe(StreamKey.trades(btc), 0, (event, state) -> {
                if (!event.isSnapshot()) {
                    blocked.countDown();
                    try {
                        release.await();
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }).started().get(5, TimeUnit.SECONDS);
            assertThat(engine.publisher().trade(btc.id(), 1, 1, 100_000, 1, AggressorSide.BUY, 1, 0))
                .isEqualTo(Rejection.NONE);
            assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            systemd.drain();

            assertThat(systemd.collect(600)).isEmpty();
            assertThat(pinger.missed()).isPositive();

            release.countDown();
            assertThat(systemd.collect(600)).contains("WATCHDOG=1");
        }
    }

    @Test
    void noWatchdogConfiguredMeansNoPinger() throws Exception {
        try (FakeNotifySocket systemd = FakeNotifySocket.atPath(directory.resolve("notify.sock"));
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment());
             MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)).start()) {
            assertThat(WatchdogPinger.startIfEnabled(engine, notifier)).isNull();
        }
    }
}
