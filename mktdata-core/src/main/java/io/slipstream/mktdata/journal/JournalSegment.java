package io.slipstream.mktdata.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One preallocated, memory-mapped segment file being written. */
final class JournalSegment implements AutoCloseable {
    private static final int ZERO_CHUNK = 1024 * 1024;

    private Path path;
    private final FileChannel channel;
    private final MappedByteBuffer buffer;
    private long startPosition;

    private JournalSegment(final Path path, final FileChannel channel, final MappedByteBuffer buffer) {
        this.path = path;
        this.channel = channel;
        this.buffer = buffer;
    }

    /**
     * Creates the file, writes zeros over its whole length (so the blocks exist: a full disk fails here, with an
     * exception, rather than later as a fault on a mapped page) and maps it.
     */
    static JournalSegment create(final Path path, final int bytes) throws IOException {
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try {
            final ByteBuffer zeros = ByteBuffer.allocateDirect(Math.min(ZERO_CHUNK, bytes));
            long written = 0;
            while (written < bytes) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - written));
                written += channel.write(zeros, written);
            }
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            return new JournalSegment(path, channel, mapped);
        } catch (final IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    void placed(final Path finalPath, final long start) {
        this.path = finalPath;
        this.startPosition = start;
    }

    MappedByteBuffer buffer() {
        return buffer;
    }

    long startPosition() {
        return startPosition;
    }

    int capacity() {
        return buffer.capacity();
    }

    /** Forces written pages to disk; safe from another thread while the owner appends. */
    void force() {
        buffer.force();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
