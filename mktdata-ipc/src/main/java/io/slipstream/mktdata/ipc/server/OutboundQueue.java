package io.slipstream.mktdata.ipc.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * One client's pending outbound bytes: appended message by message, written with as few {@code write} calls as the
 * socket allows (everything pending goes in one call, since each write wakes the reader). Grows up to the client's
 * bound; the caller checks {@link #fits} first. Owned by the server thread.
 */
final class OutboundQueue {
    private static final int INITIAL_BYTES = 16 * 1024;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private ByteBuffer view = ByteBuffer.wrap(bytes);
    private int readIndex;
    private int writeIndex;
    private int maxBytes;

    OutboundQueue(final int maxBytes) {
        this.maxBytes = maxBytes;
    }

    void maxBytes(final int bound) {
        maxBytes = bound;
    }

    int pending() {
        return writeIndex - readIndex;
    }

    boolean fits(final int length) {
        return pending() + length <= maxBytes;
    }

    void append(final byte[] source, final int offset, final int length) {
        makeRoom(length);
        System.arraycopy(source, offset, bytes, writeIndex, length);
        writeIndex += length;
    }

    void append(final ByteBuffer source, final int offset, final int length) {
        makeRoom(length);
        source.get(offset, bytes, writeIndex, length);
        writeIndex += length;
    }

    /**
     * Writes as much as the channel takes in one call.
     *
     * @return bytes written
     * @throws IOException if the connection failed
     */
    int writeTo(final WritableByteChannel channel) throws IOException {
        if (readIndex == writeIndex) {
            return 0;
        }
        view.limit(writeIndex).position(readIndex);
        final int written = channel.write(view);
        readIndex += written;
        if (readIndex == writeIndex) {
            readIndex = 0;
            writeIndex = 0;
        }
        return written;
    }

    private void makeRoom(final int length) {
        if (writeIndex + length <= bytes.length) {
            return;
        }
        final int pending = pending();
        if (pending + length <= bytes.length && readIndex >= bytes.length / 2) {
            System.arraycopy(bytes, readIndex, bytes, 0, pending);
        } else {
            int capacity = bytes.length;
            while (capacity < pending + length) {
                capacity *= 2;
            }
            final byte[] grown = new byte[capacity];
            System.arraycopy(bytes, readIndex, grown, 0, pending);
            bytes = grown;
            view = ByteBuffer.wrap(bytes);
        }
        readIndex = 0;
        writeIndex = pending;
    }
}
