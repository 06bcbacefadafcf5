package io.slipstream.mktdata.ringbuffer;

import java.nio.ByteBuffer;

/** Receives records read from an {@link EventRing}; called on the consumer thread. */
@FunctionalInterface
public interface EventHandler {
    /**
     * @param typeId the record's type, as given to {@link EventRing#tryClaim}
     * @param buffer the ring's buffer; valid only during the call
     * @param offset where the record's payload starts
     * @param length payload length in bytes
     */
    void onRecord(int typeId, ByteBuffer buffer, int offset, int length);
}
