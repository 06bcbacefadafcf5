package io.slipstream.mktdata.ipc.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * One client's pending outbound bytes: a circular buffer in direct memory, appended message by message and written
 * with as few {@code write} calls as the socket allows (each write wakes the reader, so everything contiguous goes
 * in one call). Direct, so the kernel copies straight from it (a heap buffer makes the JDK copy the whole pending
 * region into a temporary direct buffer on every write, which costs megabytes per call for a client that is
 * behind); circular, so a client that is behind never makes the server move what it has not read yet. Grows up to
 * the client's bound; the caller checks {@link #fits} first. Owned by the server loop (see {@link IpcServer}).
 */
final class OutboundQueue {
    private static final int INITIAL_BYTES = 16 * 1024;

    private ByteBuffer storage = ByteBuffer.allocateDirect(INITIAL_BYTES);
    private ByteBuffer view = storage.duplicate();
    private int head;
    private int size;
    private int maxBytes;

    OutboundQueue(final int maxBytes) {
        this.maxBytes = maxBytes;
    }

    void maxBytes(final int bound) {
        maxBytes = bound;
    }

    /** @return bytes that can still be queued before the bound */
    int room() {
        return Math.max(0, maxBytes - size);
    }

    int pending() {
        return size;
    }

    boolean fits(final int length) {
        return size + length <= maxBytes;
    }

    void append(final byte[] source, final int offset, final int length) {
        ensureCapacity(length);
        final int capacity = storage.capacity();
        final int tail = (head + size) % capacity;
        final int first = Math.min(length, capacity - tail);
        storage.put(tail, source, offset, first);
        if (first < length) {
            storage.put(0, source, offset + first, length - first);
        }
        size += length;
    }

    void append(final ByteBuffer source, final int offset, final int length) {
        ensureCapacity(length);
        final int capacity = storage.capacity();
        final int tail = (head + size) % capacity;
        final int first = Math.min(length, capacity - tail);
        storage.put(tail, source, offset, first);
        if (first < length) {
            storage.put(0, source, offset + first, length - first);
        }
        size += length;
    }

    /**
     * Writes as much as the channel takes: the contiguous part first, then the wrapped part if all of it went.
     *
     * @return bytes written
     * @throws IOException if the connection failed
     */
    int writeTo(final WritableByteChannel channel) throws IOException {
        int total = 0;
        while (size > 0) {
            final int contiguous = Math.min(size, storage.capacity() - head);
            view.limit(head + contiguous).position(head);
            final int written = channel.write(view);
            total += written;
            head = (head + written) % storage.capacity();
            size -= written;
            if (size == 0) {
                head = 0;
            }
            if (written < contiguous) {
                break;
            }
        }
        return total;
    }

    private void ensureCapacity(final int more) {
        final int capacity = storage.capacity();
        if (size + more <= capacity) {
            return;
        }
        int grownCapacity = capacity;
        while (grownCapacity < size + more) {
            grownCapacity *= 2;
        }
        final ByteBuffer grown = ByteBuffer.allocateDirect(grownCapacity);
        final int first = Math.min(size, capacity - head);
        grown.put(0, storage, head, first);
        if (first < size) {
            grown.put(first, storage, 0, size - first);
        }
        storage = grown;
        view = grown.duplicate();
        head = 0;
    }
}
