package io.slipstream.mktdata.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CpuAffinityTest {
    private BitSet processCpus;

    @BeforeEach
    void processCpus() {
        processCpus = CpuAffinity.currentThreadCpus();
        assumeTrue(processCpus.cardinality() >= 2, "needs Linux and at least two CPUs, has " + processCpus);
    }

    @AfterEach
    void off() {
        CpuAffinity.configureHotPath(new BitSet());
    }

    @Test
    void shouldLeaveThreadsOnEveryCpuWhenOff() throws Exception {
        final Entered thread = enterHotPathOnNewThread();
        assertThat(thread.entered()).isTrue();
        assertThat(thread.cpus()).isEqualTo(processCpus);
    }

    @Test
    void shouldPinExactlyTheThreadThatEntersTheHotPath() throws Exception {
        final BitSet first = cpus(processCpus.nextSetBit(0));
        CpuAffinity.configureHotPath(first);
        final Entered thread = enterHotPathOnNewThread();
        assertThat(thread.entered()).isTrue();
        assertThat(thread.cpus()).isEqualTo(first);
        assertThat(CpuAffinity.currentThreadCpus()).as("only the thread that asked").isEqualTo(processCpus);
    }

    @Test
    void shouldGiveAThreadStartedOnTheHotPathEveryCpuBackOnTheSweepAndLeaveTheHotPathPinned() throws Exception {
        final BitSet first = cpus(processCpus.nextSetBit(0));
        CpuAffinity.configureHotPath(first);
        final CountDownLatch swept = new CountDownLatch(1);
        final AtomicReference<BitSet> childBefore = new AtomicReference<>();
        final AtomicReference<BitSet> childAfter = new AtomicReference<>();
        final AtomicReference<BitSet> hotAfter = new AtomicReference<>();
        final CountDownLatch childStarted = new CountDownLatch(1);
        final Thread hot = new Thread(() -> {
            CpuAffinity.enterHotPath("test");
            // e.g. a venue library's timer thread, started lazily from a socket's read thread
            final Thread child = new Thread(() -> {
                childBefore.set(CpuAffinity.currentThreadCpus());
                childStarted.countDown();
                await(swept);
                childAfter.set(CpuAffinity.currentThreadCpus());
            });
            child.start();
            await(swept);
            hotAfter.set(CpuAffinity.currentThreadCpus());
            join(child);
        });
        hot.start();
        assertThat(childStarted.await(5, TimeUnit.SECONDS)).isTrue();

        final int released = CpuAffinity.releaseInherited();
        swept.countDown();
        hot.join(5_000);

        assertThat(childBefore.get()).as("Linux hands the CPU set down").isEqualTo(first);
        assertThat(released).isGreaterThanOrEqualTo(1);
        assertThat(childAfter.get()).isEqualTo(processCpus);
        assertThat(hotAfter.get()).as("the hot-path thread itself").isEqualTo(first);
    }

    @Test
    void shouldRefuseCpusThisProcessMayNotRunOn() {
        final BitSet outside = cpus(CpuAffinity.MAX_CPU);
        assumeTrue(!processCpus.get(CpuAffinity.MAX_CPU));

        assertThatThrownBy(() -> CpuAffinity.configureHotPath(outside))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not available to this process");
        assertThat(CpuAffinity.hotPathCpus()).isEqualTo(new BitSet());
    }

    private static BitSet cpus(final int... numbers) {
        final BitSet cpus = new BitSet();
        for (final int number : numbers) {
            cpus.set(number);
        }
        return cpus;
    }

    /** What a new thread saw entering the hot path: the answer, and the CPUs it may run on afterwards. */
    private record Entered(boolean entered, BitSet cpus) {
    }

    private static Entered enterHotPathOnNewThread() throws InterruptedException {
        final AtomicReference<Entered> result = new AtomicReference<>();
        final Thread thread = new Thread(() ->
            result.set(new Entered(CpuAffinity.enterHotPath("test"), CpuAffinity.currentThreadCpus())));
        thread.start();
        thread.join(5_000);
        assertThat(result.get()).as("the thread finished").isNotNull();
        return result.get();
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(final Thread thread) {
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
