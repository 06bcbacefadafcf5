package io.slipstream.mktdata.journal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The journal's files and records.
 *
 * <pre>
 * journal/&lt;epoch, 20 digits&gt;/&lt;start position, 20 digits&gt;.seg    preallocated, zero-filled, memory-mapped
 *
 * record:  +------------+-----------+------------------------------+---------+
 *          | length:int | crc32c:int| payload (length bytes)       | pad to 8|
 *          +------------+-----------+------------------------------+---------+
 * length 0: nothing written yet (the tail); -1: end of this segment, the next one starts at this position.
 * </pre>
 * A record's position is its segment's start position plus its offset in the segment; positions grow through the
 * epoch without holes. The payload is an event in {@link io.slipstream.mktdata.event.EventLayout}, or one of the
 * journal's own records (type codes from 100): an instrument definition, a book checkpoint or a loss marker.
 * The writer stores the length last with release semantics, so a reader that sees a length sees the whole record;
 * the CRC catches what a power loss may tear (the kernel does not order page write-back).
 */
public final class JournalFormat {
    /** Bytes before a record's payload: length and CRC. */
    public static final int RECORD_HEADER_LENGTH = 8;
    /** Records start at multiples of this. */
    public static final int RECORD_ALIGNMENT = 8;
    /** Length value marking the end of a segment. */
    public static final int END_OF_SEGMENT = -1;
    /** Segment file suffix. */
    public static final String SEGMENT_SUFFIX = ".seg";

    /** Record type: instrument definition (see {@link #INSTRUMENT_SYMBOL_OFFSET}). */
    public static final int TYPE_INSTRUMENT = 100;
    /** Record type: the full book of one instrument, written at the start of every segment (BOOK layout). */
    public static final int TYPE_BOOK_CHECKPOINT = 101;
    /** Record type: events the writer could not journal (disk full...); the count is at {@link #LOST_COUNT_OFFSET}. */
    public static final int TYPE_LOST = 102;

    /** Instrument record: venue code (byte). */
    public static final int INSTRUMENT_VENUE_OFFSET = 3;
    /** Instrument record: instrument id (int). */
    public static final int INSTRUMENT_ID_OFFSET = 4;
    /** Instrument record: price scale (byte). */
    public static final int INSTRUMENT_PRICE_SCALE_OFFSET = 8;
    /** Instrument record: size scale (byte). */
    public static final int INSTRUMENT_SIZE_SCALE_OFFSET = 9;
    /** Instrument record: symbol length in bytes (short). */
    public static final int INSTRUMENT_SYMBOL_LENGTH_OFFSET = 12;
    /** Instrument record: symbol, UTF-8. */
    public static final int INSTRUMENT_SYMBOL_OFFSET = 14;

    /** Loss record: venue code (byte, -1 unknown). */
    public static final int LOST_VENUE_OFFSET = 3;
    /** Loss record: when the loss began, epoch ns (long). */
    public static final int LOST_SINCE_OFFSET = 8;
    /** Loss record: when it ended, epoch ns (long). */
    public static final int LOST_UNTIL_OFFSET = 16;
    /** Loss record: events lost (long). */
    public static final int LOST_COUNT_OFFSET = 24;
    /** Loss record length. */
    public static final int LOST_LENGTH = 32;

    static final VarHandle INT_VIEW = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private JournalFormat() {
    }

    /** @param payloadLength payload bytes @return bytes the record occupies, header and padding included */
    public static int recordLength(final int payloadLength) {
        return (RECORD_HEADER_LENGTH + payloadLength + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }

    /** @param epoch an epoch @return its directory name */
    public static String epochDirName(final long epoch) {
        return String.format("%020d", epoch);
    }

    /** @param startPosition a segment's first position @return its file name */
    public static String segmentFileName(final long startPosition) {
        return String.format("%020d", startPosition) + SEGMENT_SUFFIX;
    }

    /**
     * @param journalDir the journal directory
     * @return the epochs present, oldest first
     * @throws IOException if the directory cannot be listed
     */
    public static List<Long> epochs(final Path journalDir) throws IOException {
        final List<Long> epochs = new ArrayList<>();
        if (!Files.isDirectory(journalDir)) {
            return epochs;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(journalDir)) {
            for (final Path entry : entries) {
                final String name = entry.getFileName().toString();
                if (name.length() == 20 && name.chars().allMatch(Character::isDigit) && Files.isDirectory(entry)) {
                    epochs.add(Long.parseLong(name));
                }
            }
        }
        Collections.sort(epochs);
        return epochs;
    }

    /**
     * @param epochDir one epoch's directory
     * @return the start positions of its segments, oldest first
     * @throws IOException if the directory cannot be listed
     */
    public static List<Long> segments(final Path epochDir) throws IOException {
        final List<Long> starts = new ArrayList<>();
        if (!Files.isDirectory(epochDir)) {
            return starts;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(epochDir, "*" + SEGMENT_SUFFIX)) {
            for (final Path entry : entries) {
                final String name = entry.getFileName().toString();
                final String digits = name.substring(0, name.length() - SEGMENT_SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
                    starts.add(Long.parseLong(digits));
                }
            }
        }
        Collections.sort(starts);
        return starts;
    }
}
