package io.slipstream.mktdata.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

class EventRingTest {
    private final List<long[]> received = new ArrayList<>();
    private final EventHandler recorder = (type, buffer, offset, length) ->
        received.add(new long[] {type, length, buffer.getLong(offset)});

    private static boolean write(final EventRing ring, final int type, final int length, final long value) {
        final int offset = ring.tryClaim(type, length);
        if (offset < 0) {
            return false;
        }
        ring.buffer().putLong(offset, value);
        ring.commit(offset);
        return true;
    }

    @Test
    void shouldDeliverRecordsInOrderWithTypeAndLength() {
        final EventRing ring = new EventRing(4096);
        assertThat(write(ring, 1, 8, 11)).isTrue();
        assertThat(write(ring, 2, 20, 22)).isTrue();
        assertThat(ring.read(recorder, 10)).isEqualTo(2);
        assertThat(received).containsExactly(new long[] {1, 8, 11}, new long[] {2, 20, 22});
        assertThat(ring.usedBytes()).isZero();
    }

    @Test
    void shouldWrapAroundTheEndWithPadding() {
        final EventRing ring = new EventRing(4096);
        for (long i = 0; i < 10_000; i++) {
            assertThat(write(ring, 1, 8 + (int) (i % 300), i)).isTrue();
            assertThat(ring.read(recorder, 10)).isEqualTo(1);
            assertThat(received.get(received.size() - 1)[2]).isEqualTo(i);
        }
    }

    @Test
    void shouldReportFullInsteadOfBlockingAndRecoverAfterRead() {
        final EventRing ring = new EventRing(4096);
        int written = 0;
        while (write(ring, 1, 56, written)) {
            written++;
        }
        assertThat(written).isEqualTo(4096 / 64);
        assertThat(ring.tryClaim(1, 56)).isEqualTo(EventRing.INSUFFICIENT_CAPACITY);
        assertThat(ring.read(recorder, 1)).isEqualTo(1);
        assertThat(write(ring, 1, 56, 99)).isTrue();
    }

    @Test
    void shouldRefuseRecordsLargerThanAnEighthOfTheRing() {
        final EventRing ring = new EventRing(4096);
        assertThat(ring.tryClaim(1, ring.maxPayloadLength())).isGreaterThanOrEqualTo(0);
        assertThat(ring.tryClaim(1, ring.maxPayloadLength() + 1)).isEqualTo(EventRing.TOO_LARGE);
    }

    @Test
    void shouldSkipAbortedRecords() {
        final EventRing ring = new EventRing(4096);
        ring.abort(ring.tryClaim(1, 8));
        write(ring, 2, 8, 7);
        assertThat(ring.read(recorder, 10)).isEqualTo(1);
        assertThat(received.get(0)[0]).isEqualTo(2);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepEveryProducersRecordsInOrderUnderContention() throws Exception {
        final EventRing ring = new EventRing(64 * 1024);
        final int producers = 4;
        final int perProducer = 200_000;
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final int producer = p;
            final Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (final InterruptedException e) {
                    return;
                }
                for (long i = 0; i < perProducer; i++) {
                    final int length = 16 + (int) (i % 5) * 8;
                    int offset;
                    while ((offset = ring.tryClaim(producer + 1, length)) < 0) {
                        Thread.onSpinWait();
                    }
                    final ByteBuffer buffer = ring.buffer();
                    buffer.putLong(offset, i);
                    buffer.putLong(offset + 8, i * 31 + producer);
                    ring.commit(offset);
                }
            });
            thread.start();
            threads.add(thread);
        }
        final long[] next = new long[producers];
        final long[] corrupt = new long[1];
        final EventHandler checker = (type, buffer, offset, length) -> {
            final int producer = type - 1;
            final long value = buffer.getLong(offset);
            if (value != next[producer] || buffer.getLong(offset + 8) != value * 31 + producer
                || length != 16 + (int) (value % 5) * 8) {
                corrupt[0]++;
            }
            next[producer] = value + 1;
        };
        start.countDown();
        long total = 0;
        while (total < (long) producers * perProducer) {
            final int read = ring.read(checker, 100);
            if (read == 0) {
                ring.parkConsumer(1_000_000);
            }
            total += read;
        }
        for (final Thread thread : threads) {
            thread.join();
        }
        assertThat(corrupt[0]).isZero();
        assertThat(next).containsOnly(perProducer);
        assertThat(ring.usedBytes()).isZero();
    }
}
