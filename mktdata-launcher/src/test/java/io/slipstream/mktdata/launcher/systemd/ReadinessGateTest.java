package io.slipstream.mktdata.launcher.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReadinessGateTest {
    @TempDir
    Path directory;

    @Test
    void sendsReadyOnlyOnceEveryStreamIsLiveAndOnlyOnce() throws Exception {
        final AtomicBoolean live = new AtomicBoolean();
        try (FakeNotifySocket systemd = FakeNotifySocket.atPath(directory.resolve("notify.sock"));
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment());
             ReadinessGate gate = new ReadinessGate(notifier, live::get, () -> "2/4 books live", 10, 100).start()) {
            final List<String> before = systemd.collect(400);
            assertThat(before).isNotEmpty().allMatch(m -> m.equals("STATUS=starting: 2/4 books live"));
            assertThat(gate.isReady()).isFalse();

            live.set(true);
            assertThat(systemd.next(2_000)).isEqualTo("READY=1\nSTATUS=2/4 books live");
            assertThat(gate.isReady()).isTrue();

            final List<String> after = systemd.collect(400);
            assertThat(after).isNotEmpty().allMatch(m -> m.equals("STATUS=2/4 books live"));
            live.set(false);
            assertThat(systemd.collect(300)).noneMatch(m -> m.contains("READY=1"));
        }
    }

    @Test
    void aThrowingProbeDoesNotStopThePolling() throws Exception {
        final AtomicBoolean broken = new AtomicBoolean(true);
        try (FakeNotifySocket systemd = FakeNotifySocket.atPath(directory.resolve("notify.sock"));
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment());
             ReadinessGate gate = new ReadinessGate(notifier, () -> {
                 if (broken.get()) {
                     throw new IllegalStateException("probe failed");
                 }
                 return true;
             }, () -> "ok", 10, 10_000).start()) {
            Thread.sleep(100);
            broken.set(false);
            assertThat(systemd.collect(500)).contains("READY=1\nSTATUS=ok");
            assertThat(gate.isReady()).isTrue();
        }
    }
}
