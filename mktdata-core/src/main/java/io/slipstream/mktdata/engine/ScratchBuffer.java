package io.slipstream.mktdata.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The engine's buffer for events it encodes itself (derived book deltas, candles, snapshots). Grows, loudly, only
 * when a book larger than any before must be encoded. Owned by the engine thread.
 */
final class ScratchBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchBuffer.class);

    private ByteBuffer buffer;

    ScratchBuffer(final int initialBytes) {
        buffer = ByteBuffer.allocate(initialBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the buffer, at least {@code length} bytes long */
    ByteBuffer forLength(final int length) {
        if (buffer.capacity() < length) {
            LOG.info("engine scratch buffer grows from {} to {} bytes", buffer.capacity(), length);
            buffer = ByteBuffer.allocate(Integer.highestOneBit(length) * 2).order(ByteOrder.LITTLE_ENDIAN);
        }
        return buffer;
    }

    /** @return the current buffer */
    ByteBuffer buffer() {
        return buffer;
    }
}
