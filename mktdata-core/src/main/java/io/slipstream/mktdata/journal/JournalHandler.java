package io.slipstream.mktdata.journal;

import java.nio.ByteBuffer;

/** Receives what a {@link JournalReader} reads, on the reader's thread. */
public interface JournalHandler {
    /**
     * One record: an event ({@link io.slipstream.mktdata.event.EventLayout}) or one of the journal's own records
     * (type codes from {@link JournalFormat#TYPE_INSTRUMENT}). The bytes are valid only during the call.
     *
     * @param epoch    the epoch it belongs to
     * @param position its position in the epoch
     * @param buffer   the buffer holding it (little-endian)
     * @param offset   where it starts
     * @param length   its length
     * @param replay   true for the records a reader passes on its way from a segment's start to the start
     *                 position it was given: state to rebuild (symbols, books), not new records
     */
    void onRecord(long epoch, long position, ByteBuffer buffer, int offset, int length, boolean replay);

    /**
     * Records that can no longer be read: retention deleted them, or a file was torn by a crash.
     *
     * @param epoch         the epoch of the first record lost
     * @param fromPosition  the first position lost
     * @param toEpoch       the epoch reading continues in
     * @param toPosition    where reading continues in it
     * @param reason        what happened, for people
     */
    void onLost(long epoch, long fromPosition, long toEpoch, long toPosition, String reason);
}
