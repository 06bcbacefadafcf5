package io.slipstream.mktdata.ipc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The circular queue against the plainest reference: whatever goes in comes out, in order, byte for byte. */
class OutboundQueueTest {

    @Test
    void shouldWriteEverythingAppendedInOrderWhateverTheSocketTakesEachTime() throws Exception {
        final Random random = new Random(11);
        final OutboundQueue queue = new OutboundQueue(1 << 30);
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final WritableByteChannel stingySocket = new WritableByteChannel() {
            @Override
            public int write(final ByteBuffer source) {
                final int take = Math.min(source.remaining(), random.nextInt(3) == 0 ? 0 : random.nextInt(5_000));
                final byte[] bytes = new byte[take];
                source.get(bytes);
                written.write(bytes, 0, take);
                return take;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        for (int round = 0; round < 20_000; round++) {
            final byte[] message = new byte[1 + random.nextInt(random.nextInt(50) == 0 ? 40_000 : 300)];
            random.nextBytes(message);
            if (random.nextBoolean()) {
                queue.append(message, 0, message.length);
            } else {
                final ByteBuffer direct = ByteBuffer.allocateDirect(message.length + 8);
                direct.put(8, message);
                queue.append(direct, 8, message.length);
            }
            expected.write(message, 0, message.length);
            if (random.nextInt(3) == 0) {
                queue.writeTo(stingySocket);
            }
            assertThat(queue.pending()).isEqualTo(expected.size() - written.size());
        }
        while (queue.pending() > 0) {
            queue.writeTo(stingySocket);
        }
        assertThat(written.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void shouldSayWhatFitsUnderTheClientsBound() {
        final OutboundQueue queue = new OutboundQueue(100);
        queue.append(new byte[60], 0, 60);
        assertThat(queue.fits(40)).isTrue();
        assertThat(queue.fits(41)).isFalse();
        queue.maxBytes(200);
        assertThat(queue.fits(41)).isTrue();
    }
}
