package io.slipstream.mktdata.ringbuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

/**
 * A many-to-one ring of variable-length records in one preallocated direct buffer: any number of producer threads
 * claim, write and commit records in place; one consumer thread reads them in claim order.
 *
 * <p>The algorithm is Agrona's {@code ManyToOneRingBuffer}, written with {@link VarHandle}s instead of
 * {@code sun.misc.Unsafe} so that it needs no JVM flags and runs under {@code --sun-misc-unsafe-memory-access=deny}.
 *
 * <pre>
 * record (8-byte aligned):
 *   0                   4                   8
 *   +-------------------+-------------------+----------------------------+
 *   | length (int, LE)  | type id (int, LE) | payload (length - 8 bytes) |
 *   +-------------------+-------------------+----------------------------+
 * length is negative while a producer is writing, positive once committed; type -1 pads to the buffer's end.
 * </pre>
 *
 * <p>Producers never block: a full ring is the return value {@link #INSUFFICIENT_CAPACITY}. The consumer zeroes what
 * it has read before releasing it, so an unwritten header always reads as length 0. A consumer that parks registers
 * itself and producers unpark it on commit, so an idle consumer costs no CPU and still wakes at once. A consumer that
 * waits for something else as well (sockets) registers a {@link Waiter} instead, which producers wake the same way.
 */
public final class EventRing {
    /** How a consumer that cannot just park waits (a selector, say), and how producers end that wait. */
    public interface Waiter {
        /**
         * Waits until {@link #wake()} or {@code maxWaitNs} passes; a wake that came first ends the next wait at once.
         *
         * @param maxWaitNs longest wait in nanoseconds
         */
        void await(long maxWaitNs);

        /** Ends the current or the next {@link #await}; any thread. */
        void wake();
    }

    /** Bytes of record header before the payload. */
    public static final int HEADER_LENGTH = 8;
    /** Records start on this boundary. */
    public static final int ALIGNMENT = 8;
    /** {@link #tryClaim} result: the ring is full; the producer is back-pressured. */
    public static final int INSUFFICIENT_CAPACITY = -2;
    /** {@link #tryClaim} result: the record is larger than {@link #maxPayloadLength()}. */
    public static final int TOO_LARGE = -3;

    private static final int PADDING_TYPE = -1;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG =
        MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle HEAD_CACHE;
    private static final VarHandle PARKED_CONSUMER;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(EventRing.class, "tail", long.class);
            HEAD = lookup.findVarHandle(EventRing.class, "head", long.class);
            HEAD_CACHE = lookup.findVarHandle(EventRing.class, "headCache", long.class);
            PARKED_CONSUMER = lookup.findVarHandle(EventRing.class, "parkedConsumer", Object.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ByteBuffer buffer;
    private final int capacity;
    private final int mask;
    private final int maxRecordLength;
    @SuppressWarnings("unused") // accessed through TAIL
    private long tail;
    @SuppressWarnings("unused") // accessed through HEAD
    private long head;
    @SuppressWarnings("unused") // accessed through HEAD_CACHE
    private long headCache;
    /** The parked consumer's Thread or its Waiter, or null while it runs. */
    @SuppressWarnings("unused") // accessed through PARKED_CONSUMER
    private Object parkedConsumer;

    /** @param capacityBytes ring size in bytes; a power of two, at least 4096 */
    public EventRing(final int capacityBytes) {
        if (capacityBytes < 4096 || Integer.bitCount(capacityBytes) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 4096, was " + capacityBytes);
        }
        capacity = capacityBytes;
        mask = capacityBytes - 1;
        maxRecordLength = capacityBytes / 8;
        buffer = ByteBuffer.allocateDirect(capacityBytes + ALIGNMENT).alignedSlice(ALIGNMENT)
            .limit(capacityBytes).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the buffer records are written into and read from (little-endian) */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** @return ring size in bytes */
    public int capacity() {
        return capacity;
    }

    /** @return the largest payload a record may carry */
    public int maxPayloadLength() {
        return maxRecordLength - HEADER_LENGTH;
    }

    /**
     * Claims space for a record. Write the payload at the returned offset in {@link #buffer()}, then call
     * {@link #commit} (or {@link #abort}). Any thread may call this.
     *
     * @param typeId  the record type, not negative
     * @param length  payload length in bytes
     * @return the payload offset, or {@link #INSUFFICIENT_CAPACITY} or {@link #TOO_LARGE}
     */
    public int tryClaim(final int typeId, final int length) {
        final int recordLength = length + HEADER_LENGTH;
        final int required = align(recordLength);
        if (length < 0 || required > maxRecordLength) {
            return TOO_LARGE;
        }
        long headPosition = (long) HEAD_CACHE.getAcquire(this);
        long tailPosition;
        int padding;
        int recordIndex;
        do {
            tailPosition = (long) TAIL.getVolatile(this);
            if (required > capacity - (int) (tailPosition - headPosition)) {
                headPosition = (long) HEAD.getVolatile(this);
                if (required > capacity - (int) (tailPosition - headPosition)) {
                    return INSUFFICIENT_CAPACITY;
                }
                HEAD_CACHE.setRelease(this, headPosition);
            }
            padding = 0;
            recordIndex = (int) tailPosition & mask;
            final int toBufferEnd = capacity - recordIndex;
            if (required > toBufferEnd) {
                int headIndex = (int) headPosition & mask;
                if (required > headIndex) {
                    headPosition = (long) HEAD.getVolatile(this);
                    headIndex = (int) headPosition & mask;
                    if (required > headIndex) {
                        return INSUFFICIENT_CAPACITY;
                    }
                    HEAD_CACHE.setRelease(this, headPosition);
                }
                padding = toBufferEnd;
            }
        } while (!TAIL.compareAndSet(this, tailPosition, tailPosition + required + padding));

        if (padding != 0) {
            LONG.setRelease(buffer, recordIndex, header(padding, PADDING_TYPE));
            recordIndex = 0;
        }
        LONG.setRelease(buffer, recordIndex, header(-recordLength, typeId));
        return recordIndex + HEADER_LENGTH;
    }

    /**
     * Publishes a claimed record to the consumer, and wakes it if it is parked.
     *
     * @param payloadOffset the offset returned by {@link #tryClaim}
     */
    public void commit(final int payloadOffset) {
        final int recordIndex = payloadOffset - HEADER_LENGTH;
        final int recordLength = -(int) INT.get(buffer, recordIndex);
        // A volatile store orders the commit before the read of parkedConsumer (the consumer does the mirror
        // image: registers, then re-checks the ring), so a wake-up is never lost.
        INT.setVolatile(buffer, recordIndex, recordLength);
        final Object consumer = PARKED_CONSUMER.getVolatile(this);
        if (consumer instanceof Thread thread) {
            LockSupport.unpark(thread);
        } else if (consumer != null) {
            ((Waiter) consumer).wake();
        }
    }

    /**
     * Gives a claimed record back: the consumer skips it.
     *
     * @param payloadOffset the offset returned by {@link #tryClaim}
     */
    public void abort(final int payloadOffset) {
        final int recordIndex = payloadOffset - HEADER_LENGTH;
        final int recordLength = -(int) INT.get(buffer, recordIndex);
        buffer.putInt(recordIndex + 4, PADDING_TYPE);
        INT.setVolatile(buffer, recordIndex, recordLength);
    }

    /**
     * Reads up to {@code limit} committed records, in order. Only the consumer thread may call this.
     *
     * @param handler receives each record; a record is released once the read returns
     * @param limit   most records to read in this call
     * @return records read
     */
    public int read(final EventHandler handler, final int limit) {
        final int records = readContiguous(handler, limit);
        // A read that ended at the buffer's end (after padding, typically) continues from its start, so that
        // 0 always means "nothing committed" and never "only padding was consumed".
        if (records < limit && ((int) (long) HEAD.getOpaque(this) & mask) == 0) {
            return records + readContiguous(handler, limit - records);
        }
        return records;
    }

    private int readContiguous(final EventHandler handler, final int limit) {
        final long headPosition = (long) HEAD.getOpaque(this);
        final int headIndex = (int) headPosition & mask;
        final int contiguous = capacity - headIndex;
        int bytesRead = 0;
        int records = 0;
        try {
            while (bytesRead < contiguous && records < limit) {
                final int recordIndex = headIndex + bytesRead;
                final int recordLength = (int) INT.getVolatile(buffer, recordIndex);
                if (recordLength <= 0) {
                    break;
                }
                bytesRead += align(recordLength);
                final int typeId = buffer.getInt(recordIndex + 4);
                if (typeId == PADDING_TYPE) {
                    continue;
                }
                records++;
                handler.onRecord(typeId, buffer, recordIndex + HEADER_LENGTH, recordLength - HEADER_LENGTH);
            }
        } finally {
            if (bytesRead > 0) {
                for (int i = headIndex, end = headIndex + bytesRead; i < end; i += ALIGNMENT) {
                    buffer.putLong(i, 0L);
                }
                HEAD.setRelease(this, headPosition + bytesRead);
            }
        }
        return records;
    }

    /** @return true if a committed or in-progress record is waiting; a hint, for the consumer's idle loop */
    public boolean hasPending() {
        return (long) TAIL.getVolatile(this) != (long) HEAD.getVolatile(this);
    }

    /** @return bytes claimed and not yet released by the consumer */
    public long usedBytes() {
        return (long) TAIL.getVolatile(this) - (long) HEAD.getVolatile(this);
    }

    /**
     * Parks the calling consumer until a producer commits or {@code maxParkNs} passes. Only the consumer thread may
     * call this.
     *
     * @param maxParkNs longest park in nanoseconds
     */
    public void parkConsumer(final long maxParkNs) {
        PARKED_CONSUMER.setVolatile(this, Thread.currentThread());
        try {
            if (!hasPending()) {
                LockSupport.parkNanos(this, maxParkNs);
            }
        } finally {
            PARKED_CONSUMER.setRelease(this, (Object) null);
        }
    }

    /**
     * Waits through {@code waiter} until a producer commits (producers call {@link Waiter#wake()}), the waiter's own
     * events end the wait, or {@code maxWaitNs} passes. Only the consumer thread may call this.
     *
     * @param maxWaitNs longest wait in nanoseconds
     * @param waiter    how to wait
     */
    public void awaitConsumer(final long maxWaitNs, final Waiter waiter) {
        PARKED_CONSUMER.setVolatile(this, waiter);
        try {
            if (!hasPending()) {
                waiter.await(maxWaitNs);
            }
        } finally {
            PARKED_CONSUMER.setRelease(this, (Object) null);
        }
    }

    private static long header(final int length, final int typeId) {
        return ((long) typeId << 32) | (length & 0xFFFF_FFFFL);
    }

    private static int align(final int length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
