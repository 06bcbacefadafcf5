package io.slipstream.mktdata.journal;

import static io.slipstream.mktdata.journal.JournalFormat.END_OF_SEGMENT;
import static io.slipstream.mktdata.journal.JournalFormat.INT_VIEW;
import static io.slipstream.mktdata.journal.JournalFormat.RECORD_HEADER_LENGTH;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Tails a journal directory from a position: follows the writer as it appends, moves to the next segment at a
 * segment's end marker, and to the next epoch once a newer epoch exists and the current one has nothing more.
 * A record whose length is zero, too long or whose CRC does not match is the end of what the writer managed to
 * write (a crash mid-append); nothing after it in that epoch is read. Never returns a record twice.
 *
 * <p>Not thread-safe: one thread polls.
 */
public final class JournalReader implements AutoCloseable {
    private static final long NEWER_EPOCH_CHECK_INTERVAL_NS = 50_000_000L;

    private final Path directory;
    private final CRC32C crc = new CRC32C();
    private long epoch;
    private long position;
    private long segmentStart;
    private MappedByteBuffer segment;
    private ByteBuffer crcView;
    private FileChannel channel;
    private long nextNewerEpochCheckNs;
    private boolean torn;

    /**
     * @param directory the journal directory
     * @param epoch     the epoch to start in; 0 for the oldest one present
     * @param position  the next position to read in it (0: its beginning)
     */
    public JournalReader(final Path directory, final long epoch, final long position) {
        this.directory = directory;
        this.epoch = epoch;
        this.position = position;
    }

    /** @return the epoch of the next record */
    public long epoch() {
        return epoch;
    }

    /** @return the position of the next record */
    public long position() {
        return position;
    }

    /**
     * Delivers up to {@code maxRecords} records (plus any replayed definitions and checkpoints).
     *
     * @param handler    receives them
     * @param maxRecords the most to deliver
     * @return records delivered; 0 if nothing new
     * @throws IOException if the journal cannot be read
     */
    public int poll(final JournalHandler handler, final int maxRecords) throws IOException {
        if (segment == null && !open(handler)) {
            return 0;
        }
        int delivered = 0;
        while (delivered < maxRecords) {
            final int offset = (int) (position - segmentStart);
            final int length = offset + RECORD_HEADER_LENGTH > segment.capacity() ? 0
                : (int) INT_VIEW.getAcquire(segment, offset);
            if (length == END_OF_SEGMENT) {
                closeSegment();
                if (!open(handler)) {
                    return delivered;
                }
                continue;
            }
            if (length == 0 || !valid(offset, length)) {
                torn = length != 0;
                if (!moveToNewerEpoch(handler)) {
                    return delivered;
                }
                continue;
            }
            handler.onRecord(epoch, position, segment, offset + RECORD_HEADER_LENGTH, length, false);
            position += JournalFormat.recordLength(length);
            delivered++;
        }
        return delivered;
    }

    private boolean valid(final int offset, final int length) {
        if (length < 0 || offset + RECORD_HEADER_LENGTH + (long) length > segment.capacity()) {
            return false;
        }
        crc.reset();
        crcView.limit(offset + RECORD_HEADER_LENGTH + length).position(offset + RECORD_HEADER_LENGTH);
        crc.update(crcView);
        return (int) crc.getValue() == segment.getInt(offset + 4);
    }

    /** At the end of what an epoch holds: moves on if a newer epoch exists (then the old writer is gone). */
    private boolean moveToNewerEpoch(final JournalHandler handler) throws IOException {
        final long nowNs = System.nanoTime();
        if (nowNs < nextNewerEpochCheckNs) {
            return false;
        }
        nextNewerEpochCheckNs = nowNs + NEWER_EPOCH_CHECK_INTERVAL_NS;
        for (final long e : JournalFormat.epochs(directory)) {
            if (e > epoch) {
                // Re-read the length: the writer may have appended between our look and the listing.
                final int offset = (int) (position - segmentStart);
                final int length = offset + RECORD_HEADER_LENGTH > segment.capacity() ? 0
                    : (int) INT_VIEW.getAcquire(segment, offset);
                if (length != 0 && valid(offset, length)) {
                    return true;
                }
                if (torn) {
                    handler.onLost(epoch, position, e, 0, "torn record at the end of epoch " + epoch);
                }
                closeSegment();
                epoch = e;
                position = 0;
                torn = false;
                return open(handler);
            }
        }
        return false;
    }

    /** Opens the segment holding {@link #position}, or reports what was lost and opens the next one present. */
    private boolean open(final JournalHandler handler) throws IOException {
        final List<Long> epochs = JournalFormat.epochs(directory);
        if (epochs.isEmpty()) {
            return false;
        }
        if (epoch == 0 || epoch < epochs.get(0)) {
            if (epoch != 0) {
                handler.onLost(epoch, position, epochs.get(0), 0, "epoch " + epoch + " was deleted by retention");
            }
            epoch = epochs.get(0);
            position = 0;
        }
        if (!epochs.contains(epoch)) {
            final long newer = epochs.stream().filter(e -> e > epoch).findFirst().orElse(0L);
            if (newer == 0) {
                return false;
            }
            handler.onLost(epoch, position, newer, 0, "epoch " + epoch + " was deleted by retention");
            epoch = newer;
            position = 0;
        }
        final Path epochDir = directory.resolve(JournalFormat.epochDirName(epoch));
        final List<Long> starts = JournalFormat.segments(epochDir);
        long start = -1;
        for (final long s : starts) {
            if (s <= position) {
                start = s;
            }
        }
        if (starts.isEmpty()) {
            return false;
        }
        if (start < 0) {
            handler.onLost(epoch, position, epoch, starts.get(0), "journal segments deleted by retention");
            position = starts.get(0);
            start = position;
        }
        try {
            map(epochDir.resolve(JournalFormat.segmentFileName(start)), start);
        } catch (final NoSuchFileException e) {
            // Deleted by retention between the listing and the open: the next look finds the next one.
            return false;
        }
        if (position > segmentStart) {
            replayUpTo(handler);
        }
        return true;
    }

    /**
     * Walks from the segment's start to the position, handing every record over flagged as replay: the handler
     * rebuilds state (symbols, books) from them, and must not treat them as new.
     */
    private void replayUpTo(final JournalHandler handler) {
        long at = segmentStart;
        while (at < position) {
            final int offset = (int) (at - segmentStart);
            final int length = segment.getInt(offset);
            if (length <= 0 || !valid(offset, length)) {
                break;
            }
            handler.onRecord(epoch, at, segment, offset + RECORD_HEADER_LENGTH, length, true);
            at += JournalFormat.recordLength(length);
        }
    }

    private void map(final Path file, final long start) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (final IOException e) {
            channel.close();
            channel = null;
            throw e;
        }
        segment.order(ByteOrder.LITTLE_ENDIAN);
        crcView = segment.duplicate();
        segmentStart = start;
        if (Files.size(file) == 0) {
            throw new IOException("empty journal segment " + file);
        }
    }

    private void closeSegment() throws IOException {
        segment = null;
        crcView = null;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeSegment();
    }
}
