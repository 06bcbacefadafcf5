package io.slipstream.mktdata.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RealtimePriorityTest {

    @AfterEach
    void off() {
        RealtimePriority.configureHotPath(0);
    }

    @Test
    void shouldLeaveThreadsAtNormalPriorityWhenOff() throws Exception {
        final AtomicBoolean fifo = new AtomicBoolean(true);
        final AtomicBoolean entered = new AtomicBoolean();
        runOnNewThread(() -> {
            entered.set(RealtimePriority.enterHotPath("test"));
            fifo.set(RealtimePriority.currentThreadIsFifo());
        });
        assertThat(entered).isTrue();
        assertThat(fifo).isFalse();
    }

    @Test
    void shouldRunTheCallingThreadFifoExactlyWhenTheKernelAllowsIt() throws Exception {
        RealtimePriority.configureHotPath(3);
        final AtomicBoolean entered = new AtomicBoolean();
        final AtomicBoolean fifo = new AtomicBoolean();
        runOnNewThread(() -> {
            entered.set(RealtimePriority.enterHotPath("test"));
            fifo.set(RealtimePriority.currentThreadIsFifo());
        });
        // As root (CI) the call succeeds; unprivileged it fails with a warning: either way the answer is the truth.
        assertThat(fifo.get()).isEqualTo(entered.get());
        assertThat(RealtimePriority.currentThreadIsFifo()).as("only the thread that asked").isFalse();
    }

    @Test
    void shouldStartTheThreadsAHotPathThreadCreatesAtNormalPriority() throws Exception {
        RealtimePriority.configureHotPath(3);
        final AtomicBoolean childFifo = new AtomicBoolean(true);
        runOnNewThread(() -> {
            RealtimePriority.enterHotPath("test");
            final Thread child = new Thread(() -> childFifo.set(RealtimePriority.currentThreadIsFifo()));
            child.start();
            try {
                child.join(5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(childFifo).as("e.g. an executor's worker started from a socket's read thread").isFalse();
    }

    @Test
    void shouldRejectPrioritiesOutsideOneToNinetyEight() {
        assertThatThrownBy(() -> RealtimePriority.configureHotPath(99)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1..98");
        assertThatThrownBy(() -> RealtimePriority.applyToCurrentThread(-1, "test"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static void runOnNewThread(final Runnable body) throws InterruptedException {
        final Thread thread = new Thread(body, "realtime-priority-test");
        thread.start();
        thread.join(5_000);
        assertThat(thread.isAlive()).isFalse();
    }
}
