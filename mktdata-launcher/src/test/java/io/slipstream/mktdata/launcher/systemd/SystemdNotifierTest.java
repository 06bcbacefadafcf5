package io.slipstream.mktdata.launcher.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SystemdNotifierTest {
    @TempDir
    Path directory;

    @Test
    void withoutNotifySocketEveryCallIsANoOp() {
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "10000000"))) {
            assertThat(notifier.enabled()).isFalse();
            notifier.ready("up");
            notifier.watchdog();
            notifier.status("x");
            assertThat(notifier.sent()).isZero();
            assertThat(notifier.failures()).isZero();
        }
    }

    @Test
    void sendsReadyStatusWatchdogAndStoppingAsDatagramsToAPathSocket() throws Exception {
        try (FakeNotifySocket systemd = FakeNotifySocket.atPath(directory.resolve("notify.sock"));
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment())) {
            assertThat(notifier.enabled()).isTrue();
            notifier.status("starting: 0/4 books\nsecond line");
            notifier.ready("4/4 books live");
            notifier.watchdog();
            notifier.stopping();
            assertThat(systemd.next(2_000)).isEqualTo("STATUS=starting: 0/4 books second line");
            assertThat(systemd.next(2_000)).isEqualTo("READY=1\nSTATUS=4/4 books live");
            assertThat(systemd.next(2_000)).isEqualTo("WATCHDOG=1");
            assertThat(systemd.next(2_000)).isEqualTo("STOPPING=1");
            assertThat(notifier.sent()).isEqualTo(4);
        }
    }

    @Test
    void reachesASocketInTheAbstractNamespace() throws Exception {
        final String name = "slipstream-notify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (FakeNotifySocket systemd = FakeNotifySocket.abstractNamespace(name);
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment())) {
            notifier.watchdog();
            assertThat(systemd.next(2_000)).isEqualTo("WATCHDOG=1");
        }
    }

    @Test
    void closeSendsStoppingExactlyOnce() throws Exception {
        try (FakeNotifySocket systemd = FakeNotifySocket.atPath(directory.resolve("notify.sock"))) {
            final SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment());
            notifier.stopping();
            notifier.close();
            notifier.watchdog();
            assertThat(systemd.collect(300)).containsExactly("STOPPING=1");
        }
    }

    @Test
    void aVanishedSocketIsCountedNotThrown() {
        final Map<String, String> env = Map.of("NOTIFY_SOCKET", directory.resolve("nobody-listens.sock").toString());
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(env)) {
            notifier.watchdog();
            assertThat(notifier.failures()).isEqualTo(1);
        }
    }

    @Test
    void watchdogIntervalIsHalfOfWatchdogUsecAndOnlyForTheNamedProcess() {
        assertThat(SystemdNotifier.watchdogIntervalMs("10000000", null, 42)).isEqualTo(5_000);
        assertThat(SystemdNotifier.watchdogIntervalMs("10000000", "42", 42)).isEqualTo(5_000);
        assertThat(SystemdNotifier.watchdogIntervalMs("10000000", "43", 42)).isZero();
        assertThat(SystemdNotifier.watchdogIntervalMs(null, null, 42)).isZero();
        assertThat(SystemdNotifier.watchdogIntervalMs("0", null, 42)).isZero();
        assertThat(SystemdNotifier.watchdogIntervalMs("junk", null, 42)).isZero();
        final Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "3000000");
        assertThat(SystemdNotifier.fromEnvironment(env).watchdogIntervalMs()).isEqualTo(1_500);
    }
}
