package io.slipstream.mktdata.journal;

import static io.slipstream.mktdata.journal.JournalFormat.END_OF_SEGMENT;
import static io.slipstream.mktdata.journal.JournalFormat.INT_VIEW;
import static io.slipstream.mktdata.journal.JournalFormat.RECORD_HEADER_LENGTH;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.MarketDataListener;
import io.slipstream.mktdata.engine.MarketState;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.engine.Subscription;
import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.Venue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * Appends every event the engine publishes to the journal ({@link JournalFormat}): the daemon's own durable record
 * of what it published, which the recorder (or a replay) reads back with {@link JournalReader}.
 *
 * <p>Threads: {@link #onEvent} runs on the engine thread and owns the current segment; it copies the event into the
 * mapped file with no system call and no allocation. A background thread ({@code journal-sync}) forces written pages
 * to disk every {@link JournalConfig#forceIntervalMs()} (so an event is durable within that bound), prepares the next
 * segment ahead of time (creating and zero-filling a file is slow) and applies retention.
 *
 * <p>Each epoch (engine run) gets its own directory. Every segment starts with the definitions of the instruments
 * seen so far and a checkpoint of every book, so a reader can start at any segment and know symbols and books.
 * If the journal cannot be written (the disk is full and no segment can be created), events are counted as lost and
 * a {@link JournalFormat#TYPE_LOST} record is written when writing works again: a hole is never silent.
 */
public final class JournalWriter implements MarketDataListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final long RETENTION_CHECK_INTERVAL_MS = 5_000;

    private final JournalConfig config;
    private final long epoch;
    private final Path epochDir;
    private final CRC32C crc = new CRC32C();
    private final AtomicReference<JournalSegment> prepared = new AtomicReference<>();
    private final Queue<JournalSegment> retired = new ConcurrentLinkedQueue<>();
    private final AtomicLong eventsWritten = new AtomicLong();
    private final AtomicLong eventsLost = new AtomicLong();
    private final Thread syncThread;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ByteBuffer recordScratch = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);

    // Engine thread only.
    private JournalSegment segment;
    private MappedByteBuffer buffer;
    private ByteBuffer crcView;
    private int offset;
    private byte[][] symbolBytes = new byte[64][];
    private long[] lastBookPublishNs = new long[64];
    private long lostSinceNs;
    private long lostPending;
    private int preparedCounter;
    private int oldOffset;

    private volatile JournalSegment current;
    private volatile boolean closed;

    /**
     * Creates the epoch's directory and its first segment, and starts the sync thread.
     *
     * @param config where and how
     * @param epoch  the engine's epoch ({@link MarketDataEngine#epoch()})
     * @throws IOException if the directory or the first segment cannot be created
     */
    public JournalWriter(final JournalConfig config, final long epoch) throws IOException {
        this.config = config;
        this.epoch = epoch;
        this.epochDir = config.directory().resolve(JournalFormat.epochDirName(epoch));
        Files.createDirectories(epochDir);
        deleteLeftoverTmpFiles(config.directory());
        if (!JournalFormat.segments(epochDir).isEmpty()) {
            throw new IOException("journal epoch " + epoch + " already exists in " + config.directory()
                + ": two engines with the same epoch?");
        }
        final JournalSegment first = JournalSegment.create(epochDir.resolve("first.tmp"), config.segmentBytes());
        place(first, 0);
        syncThread = new Thread(this::syncLoop, "journal-sync");
        syncThread.setDaemon(true);
        syncThread.start();
    }

    /**
     * Subscribes this writer to every stream of every venue of the engine (trades, quotes, books, mark prices,
     * candles of every interval, status). The subscriptions take effect on the engine thread's next duty cycle;
     * {@link #awaitAttached} waits for that. Attach before the adapters start, so the journal holds every event of
     * the epoch.
     *
     * @param engine the engine whose epoch this writer was created with
     * @return this
     */
    public JournalWriter attach(final MarketDataEngine engine) {
        if (engine.epoch() != epoch) {
            throw new IllegalArgumentException("engine epoch " + engine.epoch() + " != journal epoch " + epoch);
        }
        for (final Venue venue : Venue.values()) {
            for (final StreamKind kind : StreamKind.values()) {
                if (kind == StreamKind.STATUS) {
                    subscriptions.add(engine.subscribe(StreamKey.status(venue), 0, this));
                } else if (kind == StreamKind.CANDLES) {
                    for (final CandleInterval interval : CandleInterval.values()) {
                        subscriptions.add(engine.subscribe(StreamKey.all(kind, venue, interval), 0, this));
                    }
                } else {
                    subscriptions.add(engine.subscribe(StreamKey.all(kind, venue, null), 0, this));
                }
            }
        }
        return this;
    }

    /**
     * Waits until the engine thread has registered every subscription of {@link #attach}.
     *
     * @param timeoutMs how long at most
     * @return this
     * @throws InterruptedException if interrupted
     * @throws IllegalStateException if they are not live in time
     */
    public JournalWriter awaitAttached(final long timeoutMs) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        for (final Subscription subscription : subscriptions) {
            try {
                subscription.started().get(Math.max(1, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("journal subscriptions did not start within " + timeoutMs + " ms", e);
            }
        }
        return this;
    }

    /** @return the epoch this writer journals */
    public long epoch() {
        return epoch;
    }

    /** @return this epoch's directory */
    public Path epochDirectory() {
        return epochDir;
    }

    /** @return events appended so far (any thread) */
    public long eventsWritten() {
        return eventsWritten.get();
    }

    /** @return events that could not be journaled (any thread) */
    public long eventsLost() {
        return eventsLost.get();
    }

    @Override
    public void onEvent(final MarketEvent event, final MarketState state) {
        if (event.isSnapshot() || closed) {
            // A subscription's opening snapshot repeats state already journaled; only live events are published.
            return;
        }
        final int instrumentId = event.instrumentId();
        if (instrumentId >= 0 && (instrumentId >= symbolBytes.length || symbolBytes[instrumentId] == null)) {
            define(state.registry().get(instrumentId));
        }
        if (event.typeCode() == EventType.FEATURES.code()) {
            // A features event names its counterpart by id, maybe before the counterpart has had an event of its
            // own: define it too, so a reader can always name it.
            final int counterpartId = event.featureCounterpartId();
            if (counterpartId >= 0 && (counterpartId >= symbolBytes.length || symbolBytes[counterpartId] == null)) {
                define(state.registry().get(counterpartId));
            }
        }
        if (event.typeCode() == EventType.BOOK_DELTA.code()) {
            lastBookPublishNs[instrumentId] = event.publishTimeNs();
        }
        append(event.buffer(), event.offset(), event.length(), state);
    }

    private void define(final Instrument instrument) {
        if (instrument == null) {
            return;
        }
        final int id = instrument.id();
        if (id >= symbolBytes.length) {
            final int size = Math.max(symbolBytes.length * 2, id + 1);
            symbolBytes = java.util.Arrays.copyOf(symbolBytes, size);
            lastBookPublishNs = java.util.Arrays.copyOf(lastBookPublishNs, size);
        }
        symbolBytes[id] = instrument.symbol().getBytes(StandardCharsets.UTF_8);
        if (segment != null) {
            writeDefinition(instrument);
        }
    }

    private void append(final ByteBuffer source, final int sourceOffset, final int length, final MarketState state) {
        final int needed = JournalFormat.recordLength(length) + JournalFormat.recordLength(JournalFormat.LOST_LENGTH);
        if ((segment == null || offset + needed + RECORD_HEADER_LENGTH > segment.capacity())
            && !rotate(state, needed)) {
            if (lostPending++ == 0) {
                lostSinceNs = System.currentTimeMillis() * 1_000_000L;
            }
            eventsLost.lazySet(eventsLost.get() + 1);
            return;
        }
        if (lostPending > 0) {
            writeLost();
        }
        writeRecord(source, sourceOffset, length);
        eventsWritten.lazySet(eventsWritten.get() + 1);
    }

    private void writeRecord(final ByteBuffer source, final int sourceOffset, final int length) {
        final int payload = offset + RECORD_HEADER_LENGTH;
        buffer.put(payload, source, sourceOffset, length);
        commit(length);
    }

    /** Stores the CRC of the payload already in place, then the length (release): the record becomes visible. */
    private void commit(final int length) {
        final int payload = offset + RECORD_HEADER_LENGTH;
        crc.reset();
        crcView.limit(payload + length).position(payload);
        crc.update(crcView);
        buffer.putInt(offset + 4, (int) crc.getValue());
        INT_VIEW.setRelease(buffer, offset, length);
        offset += JournalFormat.recordLength(length);
    }

    private void writeLost() {
        final ByteBuffer scratch = recordScratch;
        scratch.clear();
        scratch.putShort(0, (short) JournalFormat.TYPE_LOST);
        scratch.put(JournalFormat.LOST_VENUE_OFFSET, (byte) -1);
        scratch.putLong(JournalFormat.LOST_SINCE_OFFSET, lostSinceNs);
        scratch.putLong(JournalFormat.LOST_UNTIL_OFFSET, System.currentTimeMillis() * 1_000_000L);
        scratch.putLong(JournalFormat.LOST_COUNT_OFFSET, lostPending);
        writeRecord(scratch, 0, JournalFormat.LOST_LENGTH);
        LOG.warn("journal writable again after losing {} events", lostPending);
        lostPending = 0;
    }

    private void writeDefinition(final Instrument instrument) {
        final byte[] symbol = symbolBytes[instrument.id()];
        final int length = JournalFormat.INSTRUMENT_SYMBOL_OFFSET + symbol.length;
        if (offset + JournalFormat.recordLength(length) + RECORD_HEADER_LENGTH > segment.capacity()) {
            return;
        }
        final int p = offset + RECORD_HEADER_LENGTH;
        buffer.putShort(p, (short) JournalFormat.TYPE_INSTRUMENT);
        buffer.put(p + 2, (byte) 0);
        buffer.put(p + JournalFormat.INSTRUMENT_VENUE_OFFSET, (byte) instrument.venue().ordinal());
        buffer.putInt(p + JournalFormat.INSTRUMENT_ID_OFFSET, instrument.id());
        buffer.put(p + JournalFormat.INSTRUMENT_PRICE_SCALE_OFFSET, (byte) instrument.priceScale());
        buffer.put(p + JournalFormat.INSTRUMENT_SIZE_SCALE_OFFSET, (byte) instrument.sizeScale());
        buffer.putShort(p + JournalFormat.INSTRUMENT_SYMBOL_LENGTH_OFFSET, (short) symbol.length);
        buffer.put(p + JournalFormat.INSTRUMENT_SYMBOL_OFFSET, symbol);
        commit(length);
    }

    /** Writes the full book of one instrument as a checkpoint, if it fits in what is left of the segment. */
    private void writeCheckpoint(final Instrument instrument, final MarketState state) {
        final L2Book book = state.book(instrument.id());
        if (book == null || book.bidDepth() + book.askDepth() == 0) {
            return;
        }
        final int bids = book.bidDepth();
        final int asks = book.askDepth();
        final int length = EventLayout.bookLength(bids, asks);
        if (offset + JournalFormat.recordLength(length) + 2 * RECORD_HEADER_LENGTH > segment.capacity()) {
            LOG.warn("book of {} ({} levels) does not fit a journal segment: no checkpoint", instrument, bids + asks);
            return;
        }
        final int p = offset + RECORD_HEADER_LENGTH;
        buffer.putShort(p + EventLayout.TYPE_OFFSET, (short) JournalFormat.TYPE_BOOK_CHECKPOINT);
        buffer.put(p + EventLayout.FLAGS_OFFSET, (byte) 0);
        buffer.put(p + EventLayout.VENUE_OFFSET, (byte) instrument.venue().ordinal());
        buffer.putInt(p + EventLayout.INSTRUMENT_OFFSET, instrument.id());
        buffer.putLong(p + EventLayout.EXCHANGE_TIME_OFFSET, 0);
        buffer.putLong(p + EventLayout.RECEIVE_TIME_OFFSET, 0);
        // The publish time of the book's last delta: a reader starting here keeps deriving the same snapshots.
        buffer.putLong(p + EventLayout.PUBLISH_TIME_OFFSET, lastBookPublishNs[instrument.id()]);
        buffer.putLong(p + EventLayout.STREAM_SEQUENCE_OFFSET,
            state.streamSequence(instrument.id(), StreamKind.BOOK, null));
        buffer.putLong(p + EventLayout.EPOCH_OFFSET, epoch);
        buffer.putLong(p + EventLayout.BOOK_VENUE_SEQUENCE_OFFSET, book.sequence());
        buffer.putInt(p + EventLayout.BOOK_FLAGS_OFFSET, 0);
        buffer.putInt(p + EventLayout.BOOK_BID_COUNT_OFFSET, bids);
        buffer.putInt(p + EventLayout.BOOK_ASK_COUNT_OFFSET, asks);
        buffer.putInt(p + EventLayout.BOOK_ASK_COUNT_OFFSET + 4, 0);
        int level = p + EventLayout.BOOK_LEVELS_OFFSET;
        for (int i = 0; i < bids; i++, level += EventLayout.BOOK_LEVEL_LENGTH) {
            buffer.putLong(level, book.bidPrice(i));
            buffer.putLong(level + 8, book.bidSize(i));
        }
        for (int i = 0; i < asks; i++, level += EventLayout.BOOK_LEVEL_LENGTH) {
            buffer.putLong(level, book.askPrice(i));
            buffer.putLong(level + 8, book.askSize(i));
        }
        commit(length);
    }

    /**
     * Moves to a new segment starting at the current position: the new file is put in place first, then the old
     * one gets its end marker, so a reader that sees the marker always finds the next file. Rare (once per segment),
     * so it may allocate and make system calls.
     */
    private boolean rotate(final MarketState state, final int needed) {
        final long nextStart = segment == null ? 0 : segment.startPosition() + offset;
        JournalSegment next = prepared.getAndSet(null);
        try {
            if (next == null) {
                next = JournalSegment.create(epochDir.resolve("inline-" + (++preparedCounter) + ".tmp"),
                    config.segmentBytes());
            }
        } catch (final IOException e) {
            LOG.error("journal: cannot create a segment in {} ({}); events are being lost", epochDir, e.toString());
            return false;
        }
        final JournalSegment old = segment;
        try {
            place(next, nextStart);
        } catch (final IOException e) {
            LOG.error("journal: cannot place a segment in {} ({})", epochDir, e.toString());
            closeQuietly(next);
            return false;
        }
        if (old != null) {
            INT_VIEW.setRelease(old.buffer(), oldOffset, END_OF_SEGMENT);
            retired.add(old);
        }
        for (int id = 0; id < symbolBytes.length; id++) {
            if (symbolBytes[id] != null) {
                writeDefinition(state.registry().get(id));
            }
        }
        for (int id = 0; id < symbolBytes.length; id++) {
            if (symbolBytes[id] != null) {
                writeCheckpoint(state.registry().get(id), state);
            }
        }
        return offset + needed + RECORD_HEADER_LENGTH <= segment.capacity();
    }

    private void place(final JournalSegment next, final long start) throws IOException {
        final Path finalPath = epochDir.resolve(JournalFormat.segmentFileName(start));
        Files.move(next.path(), finalPath, StandardCopyOption.ATOMIC_MOVE);
        next.placed(finalPath, start);
        oldOffset = offset;
        segment = next;
        buffer = next.buffer();
        crcView = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        offset = 0;
        current = next;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The sync thread

    private void syncLoop() {
        long nextRetentionMs = 0;
        while (!closed) {
            try {
                Thread.sleep(config.forceIntervalMs());
            } catch (final InterruptedException e) {
                break;
            }
            syncOnce();
            if (prepared.get() == null && !closed) {
                try {
                    prepared.set(JournalSegment.create(epochDir.resolve("next-" + System.nanoTime() + ".tmp"),
                        config.segmentBytes()));
                } catch (final IOException e) {
                    LOG.error("journal: cannot prepare the next segment in {} ({})", epochDir, e.toString());
                }
            }
            final long nowMs = System.currentTimeMillis();
            if (nowMs >= nextRetentionMs) {
                nextRetentionMs = nowMs + RETENTION_CHECK_INTERVAL_MS;
                applyRetention(nowMs);
            }
        }
    }

    private void syncOnce() {
        JournalSegment old;
        while ((old = retired.poll()) != null) {
            old.force();
            closeQuietly(old);
        }
        final JournalSegment active = current;
        if (active != null) {
            active.force();
        }
    }

    private void applyRetention(final long nowMs) {
        if (config.retentionMs() == 0 && config.retentionBytes() == 0) {
            return;
        }
        try {
            final List<Path> files = new ArrayList<>();
            long total = 0;
            for (final long e : JournalFormat.epochs(config.directory())) {
                final Path dir = config.directory().resolve(JournalFormat.epochDirName(e));
                for (final long start : JournalFormat.segments(dir)) {
                    final Path file = dir.resolve(JournalFormat.segmentFileName(start));
                    files.add(file);
                    total += Files.size(file);
                }
            }
            final JournalSegment active = current;
            for (final Path file : files) {
                if (active != null && file.equals(active.path())) {
                    break;
                }
                final boolean tooOld = config.retentionMs() > 0
                    && Files.getLastModifiedTime(file).toMillis() < nowMs - config.retentionMs();
                final boolean tooBig = config.retentionBytes() > 0 && total > config.retentionBytes();
                if (!tooOld && !tooBig) {
                    break;
                }
                total -= Files.size(file);
                Files.deleteIfExists(file);
                LOG.info("journal retention: deleted {}", file);
                final Path dir = file.getParent();
                if (!dir.equals(epochDir) && JournalFormat.segments(dir).isEmpty()) {
                    deleteLeftoverTmpFiles(dir);
                    Files.deleteIfExists(dir);
                }
            }
        } catch (final NoSuchFileException e) {
            // A segment went away while we looked (another retention pass or an operator): next pass sees it.
        } catch (final IOException e) {
            LOG.warn("journal retention failed: {}", e.toString());
        }
    }

    private static void deleteLeftoverTmpFiles(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (final Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    if (!entry.equals(dir)) {
                        try (DirectoryStream<Path> tmps = Files.newDirectoryStream(entry, "*.tmp")) {
                            for (final Path tmp : tmps) {
                                Files.deleteIfExists(tmp);
                            }
                        }
                    }
                } else if (entry.getFileName().toString().endsWith(".tmp")) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    private static void closeQuietly(final JournalSegment s) {
        try {
            s.close();
        } catch (final IOException e) {
            LOG.debug("closing a journal segment: {}", e.toString());
        }
    }

    /**
     * Stops journaling: unsubscribes, forces everything written to disk and closes the files. Call after the engine
     * has stopped, or accept that events published meanwhile are not journaled.
     */
    @Override
    public void close() {
        for (final Subscription subscription : subscriptions) {
            subscription.close();
        }
        closed = true;
        syncThread.interrupt();
        try {
            syncThread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        syncOnce();
        final JournalSegment active = current;
        if (active != null) {
            closeQuietly(active);
        }
        final JournalSegment spare = prepared.getAndSet(null);
        if (spare != null) {
            closeQuietly(spare);
            try {
                Files.deleteIfExists(spare.path());
            } catch (final IOException e) {
                LOG.debug("deleting a spare segment: {}", e.toString());
            }
        }
    }
}
