package io.slipstream.mktdata.ipc.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A conflating subscription's pending messages while its client is behind: the latest message per instrument (one
 * instrument for a book or quote subscription, many for a venue-wide features one), sent in the order the
 * instruments first became pending. Reuses its buffers, so it stops allocating once every instrument has been seen.
 * Server thread only.
 */
final class LatestMessages {
    private byte[][] messages = new byte[0][];
    /** Length of each instrument's pending message; 0 when none is pending. */
    private int[] lengths = new int[0];
    private int[] pending = new int[4];
    private int pendingCount;

    /** Keeps {@code length} bytes at {@code offset} as the instrument's pending message, replacing any older one. */
    void keep(final int instrumentId, final ByteBuffer source, final int offset, final int length) {
        final int slot = Math.max(instrumentId, 0);
        if (slot >= messages.length) {
            final int size = Math.max(slot + 1, messages.length * 2);
            messages = Arrays.copyOf(messages, size);
            lengths = Arrays.copyOf(lengths, size);
        }
        byte[] message = messages[slot];
        if (message == null || message.length < length) {
            message = new byte[Math.max(length, message == null ? 0 : message.length * 2)];
            messages[slot] = message;
        }
        source.get(offset, message, 0, length);
        if (lengths[slot] == 0) {
            if (pendingCount == pending.length) {
                pending = Arrays.copyOf(pending, pending.length * 2);
            }
            pending[pendingCount++] = slot;
        }
        lengths[slot] = length;
    }

    /** @return true if no message is pending */
    boolean isEmpty() {
        return pendingCount == 0;
    }

    /**
     * Appends every pending message to the queue and forgets them.
     *
     * @return messages appended
     */
    int drainTo(final OutboundQueue out) {
        final int count = pendingCount;
        for (int i = 0; i < count; i++) {
            final int slot = pending[i];
            out.append(messages[slot], 0, lengths[slot]);
            lengths[slot] = 0;
        }
        pendingCount = 0;
        return count;
    }

    /** Forgets every pending message (a new snapshot supersedes them). */
    void clear() {
        for (int i = 0; i < pendingCount; i++) {
            lengths[pending[i]] = 0;
        }
        pendingCount = 0;
    }
}
