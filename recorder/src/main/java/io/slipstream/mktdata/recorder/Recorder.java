package io.slipstream.mktdata.recorder;

import static io.slipstream.mktdata.event.EventLayout.*;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.journal.JournalFormat;
import io.slipstream.mktdata.journal.JournalHandler;
import io.slipstream.mktdata.journal.JournalReader;

import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the daemon's journal and writes every published event to Parquet parts through DuckDB, exactly once.
 *
 * <p>One thread ({@link #run()}) owns everything here. Rows are buffered per table in Java columns; every
 * {@code flush_interval} (or {@code batch_size} rows) each table's rows are appended to a DuckDB staging table and
 * written, per (venue[, symbol], UTC date), as one Parquet part by {@code COPY (SELECT ...) TO}. The flush is
 * committed by {@link PartStore#commit} together with the journal position it reached, so a restart after a crash
 * (even {@code kill -9}) resumes right after the last committed position: nothing is missing, nothing doubled.
 * A flush that fails (disk full, read-only directory) keeps its rows and is retried; reading pauses while a full
 * batch waits, the journal holding what comes in.
 */
public final class Recorder implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    private static final long NS_PER_DAY = 86_400_000_000_000L;
    private static final long COMPACTION_INTERVAL_MS_DEFAULT = 30_000;
    private static final long CLOSED_DAY_GRACE_NS = 10L * 60 * 1_000_000_000L;
    private static final long RETRY_DELAY_MS = 1_000;
    private static final int POLL_RECORDS = 8192;
    /** The features' scalar doubles, in the order {@link Table#FEATURES} stages them. */
    private static final int[] FEATURE_SCALAR_OFFSETS = {FEATURES_MID_OFFSET, FEATURES_SPREAD_BPS_OFFSET,
        FEATURES_SPREAD_VELOCITY_OFFSET, FEATURES_IMBALANCE_BAND_OFFSET, FEATURES_DEPTH_IMBALANCE_OFFSET,
        FEATURES_VISIBLE_DEPTH_OFFSET, FEATURES_BASIS_BPS_OFFSET};

    /** Thrown out of the journal handler when an epoch switch needs a flush that failed: the record is re-read. */
    private static final class FlushFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FlushFailed() {
            super(null, null, false, false);
        }
    }

    /** What the recorder knows about one instrument of the current epoch. */
    private static final class InstrumentInfo {
        final Venue venue;
        final String symbol;
        final boolean recordBook;
        final boolean recordQuotes;
        final L2Book book;
        long lastBookPublishNs;
        final long[] cacheDay = new long[Table.values().length];
        final int[] cacheGroup = new int[Table.values().length];
        final long[] cacheGeneration = new long[Table.values().length];

        InstrumentInfo(final Venue venue, final String symbol, final int id, final int priceScale,
                       final boolean recordBook, final boolean recordQuotes) {
            this.venue = venue;
            this.symbol = symbol;
            this.recordBook = recordBook;
            this.recordQuotes = recordQuotes;
            this.book = recordBook ? new L2Book(id, priceScale, 64) : null;
            java.util.Arrays.fill(cacheGeneration, -1);
        }
    }

    private final RecorderConfig config;
    private final PartStore store;
    private final DuckDBConnection connection;
    private final Map<Table, StageBuffer> buffers = new EnumMap<>(Table.class);
    private final Handler handler = new Handler();
    private final Set<Long> instrumentsInDuckDb = new HashSet<>();
    private final AtomicLong rowsCommitted = new AtomicLong();
    private final AtomicLong partsCommitted = new AtomicLong();
    private final AtomicLong eventsCommitted = new AtomicLong();
    private long batchEvents;
    private final AtomicLong flushFailures = new AtomicLong();
    private final AtomicLong committedPosition = new AtomicLong(-1);
    private InstrumentInfo[] instruments = new InstrumentInfo[64];
    private JournalReader reader;
    private long batchEpoch;
    private long batchFirst;
    private long nextPosition;
    private long committedEpoch;
    private long committed = -1;
    private long bufferedRows;
    private long generation;
    private long flushCounter;
    private long lastFlushMs;
    private long retryAtMs;
    private boolean failing;
    private boolean pendingEpochGap;
    private long previousEpoch;
    private long maxRowTimeNs;
    private long committedMaxRowTimeNs;
    private long nextCompactionMs;
    private long compactionIntervalMs = COMPACTION_INTERVAL_MS_DEFAULT;
    private long cachedDay = Long.MIN_VALUE;
    private String cachedDayText;
    private volatile boolean running = true;
    private volatile boolean stopped;

    /**
     * Opens DuckDB (in memory: it only stages and writes) and prepares the staging tables.
     *
     * @param config the configuration
     * @throws SQLException if DuckDB cannot start
     */
    public Recorder(final RecorderConfig config) throws SQLException {
        this.config = config;
        this.store = new PartStore(config.outputPath());
        this.connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET threads = 2");
            // A partitioned COPY keeps a buffer per open part; 2 GB leaves room for a 1M-row batch over 200 parts.
            statement.execute("SET memory_limit = '2GB'");
            // If DuckDB must spill, it does so under _state/, which no glob reads, not in the working directory.
            statement.execute("SET temp_directory = " + PartStore.quote(
                config.outputPath().resolve(PartStore.STATE_DIR).resolve("duckdb-spill").toString()));
            statement.execute("CREATE TABLE instruments (epoch BIGINT, iid INTEGER, venue VARCHAR, symbol VARCHAR,"
                + " pdiv DOUBLE, sdiv DOUBLE)");
            for (final Table table : Table.values()) {
                statement.execute(table.createStageSql());
                buffers.put(table, new StageBuffer(table));
            }
        }
    }

    /**
     * @param intervalMs how often closed days are looked for (tests shorten it); call before {@link #run()}
     * @return this
     */
    Recorder compactionIntervalMs(final long intervalMs) {
        this.compactionIntervalMs = intervalMs;
        return this;
    }

    /** @return rows written in committed parts since start (any thread) */
    public long rowsCommitted() {
        return rowsCommitted.get();
    }

    /** @return journal events covered by committed flushes since start, recorded or filtered out (any thread) */
    public long eventsCommitted() {
        return eventsCommitted.get();
    }

    /** @return parts committed since start (any thread) */
    public long partsCommitted() {
        return partsCommitted.get();
    }

    /** @return flushes that failed and were retried (any thread) */
    public long flushFailures() {
        return flushFailures.get();
    }

    /** @return the journal position of the last commit, -1 before the first (any thread) */
    public long committedPosition() {
        return committedPosition.get();
    }

    /** Records until {@link #close()}. */
    @Override
    public void run() {
        try {
            final PartStore.Resume resume = recoverUntilWritable();
            if (resume == null) {
                return;
            }
            LOG.info("recording journal {} into {} from epoch {} position {}", config.journalDir(),
                config.outputPath(), resume.epoch(), resume.position());
            reader = new JournalReader(config.journalDir(), resume.epoch(), resume.position());
            batchEpoch = resume.epoch();
            committedEpoch = resume.epoch();
            batchFirst = resume.position();
            nextPosition = resume.position();
            committed = resume.position();
            lastFlushMs = System.currentTimeMillis();
            while (running) {
                final long nowMs = System.currentTimeMillis();
                if (failing && nowMs < retryAtMs) {
                    sleep(20);
                    continue;
                }
                if (failing && !flush()) {
                    continue;
                }
                int read = 0;
                // A full batch is written before more is read: the journal holds the rest, and a flush never grows
                // past what DuckDB's memory limit has room for (an overloaded recorder lags; it does not fail).
                if (bufferedRows < config.batchRows()) {
                    try {
                        read = reader.poll(handler, POLL_RECORDS);
                    } catch (final FlushFailed e) {
                        continue;
                    }
                }
                final boolean progressed = nextPosition != committed || batchEpoch != committedEpoch;
                if (bufferedRows >= config.batchRows()
                    || (progressed && nowMs - lastFlushMs >= config.flushIntervalMs())) {
                    flush();
                }
                if (nowMs >= nextCompactionMs) {
                    nextCompactionMs = nowMs + compactionIntervalMs;
                    compact();
                }
                if (read == 0) {
                    sleep(2);
                }
            }
            if (!failing || flush()) {
                flush();
            }
        } catch (final IOException | RuntimeException e) {
            LOG.error("recorder stopped: {}", e.toString(), e);
        } finally {
            stopped = true;
        }
    }

    /** Repairs the tree after a crash; retries while the output directory is not writable. */
    private PartStore.Resume recoverUntilWritable() {
        long nextLogMs = 0;
        while (running) {
            try {
                Files.createDirectories(config.outputPath());
                return store.recover();
            } catch (final IOException e) {
                final long nowMs = System.currentTimeMillis();
                if (nowMs >= nextLogMs) {
                    LOG.error("cannot prepare the output directory {} ({}); retrying", config.outputPath(),
                        e.toString());
                    nextLogMs = nowMs + 10_000;
                }
                sleep(RETRY_DELAY_MS);
            }
        }
        return null;
    }

    private boolean flush() {
        final List<PartStore.Part> parts = new ArrayList<>();
        long rows = 0;
        final long startNs = System.nanoTime();
        long appendNs = 0;
        final StringBuilder perTable = LOG.isDebugEnabled() ? new StringBuilder() : null;
        try {
            for (final StageBuffer buffer : buffers.values()) {
                if (buffer.rows == 0) {
                    continue;
                }
                final Table table = buffer.table;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DELETE FROM " + table.stageName());
                    final long appendStartNs = System.nanoTime();
                    buffer.appendTo(connection);
                    appendNs += System.nanoTime() - appendStartNs;
                    // One COPY per table, partitioned by group: one scan, files written in parallel, then each
                    // file is moved to its place in the tree by the commit.
                    final Path staging = store.stagingDir(flushCounter++).resolve(table.dirName);
                    Files.createDirectories(staging.getParent());
                    final long copyStartNs = System.nanoTime();
                    statement.execute("COPY (" + table.selectAllGroups() + ") TO "
                        + PartStore.quote(staging.toString())
                        + " (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (grp))");
                    if (perTable != null) {
                        perTable.append(' ').append(table.dirName).append(' ').append(buffer.rows).append(" rows ")
                            .append((copyStartNs - appendStartNs) / 1_000_000).append('+')
                            .append((System.nanoTime() - copyStartNs) / 1_000_000).append(" ms");
                    }
                    final String name = PartStore.partName(batchEpoch, batchFirst, nextPosition);
                    final List<String> dirs = buffer.groupDirs();
                    for (int group = 0; group < dirs.size(); group++) {
                        final List<Path> files = PartStore.filesIn(staging.resolve("grp=" + group));
                        for (int f = 0; f < files.size(); f++) {
                            final String target = dirs.get(group) + "/" + (files.size() == 1 ? name
                                : name.replace(".parquet", "-" + f + ".parquet"));
                            Files.createDirectories(store.root().resolve(target).getParent());
                            parts.add(new PartStore.Part(store.root().relativize(files.get(f)).toString(), target));
                        }
                    }
                }
                rows += buffer.rows;
            }
            final long commitStartNs = System.nanoTime();
            store.commit(batchEpoch, nextPosition, parts);
            if (LOG.isDebugEnabled()) {
                LOG.debug("flush: {} rows, {} parts: append {} ms, copy {} ms, commit {} ms; copy:{}", rows,
                    parts.size(), appendNs / 1_000_000, (commitStartNs - startNs - appendNs) / 1_000_000,
                    (System.nanoTime() - commitStartNs) / 1_000_000, perTable);
            }
        } catch (final SQLException | IOException | RuntimeException e) {
            if (store.committedButNotPlaced()) {
                // Committed: the parts must be placed, not abandoned. Recovery finishes the renames.
                LOG.error("flush committed but its parts could not all be placed ({}); finishing it", e.toString());
                while (running) {
                    try {
                        store.recover();
                        break;
                    } catch (final IOException again) {
                        sleep(RETRY_DELAY_MS);
                    }
                }
                return finished(rows, parts.size());
            }
            store.abandon(parts);
            flushFailures.incrementAndGet();
            if (!failing) {
                LOG.error("cannot write Parquet parts to {}: {}. Rows are kept and the flush is retried every {} ms;"
                    + " the journal holds what arrives meanwhile.", config.outputPath(), e.toString(),
                    RETRY_DELAY_MS);
            }
            failing = true;
            retryAtMs = System.currentTimeMillis() + RETRY_DELAY_MS;
            return false;
        }
        return finished(rows, parts.size());
    }

    /** Forgets the rows of a committed flush and moves the batch on. */
    private boolean finished(final long rows, final int partCount) {
        if (failing) {
            LOG.info("writing to {} works again", config.outputPath());
        }
        failing = false;
        for (final StageBuffer buffer : buffers.values()) {
            buffer.clear();
        }
        generation++;
        bufferedRows = 0;
        batchFirst = nextPosition;
        committed = nextPosition;
        committedEpoch = batchEpoch;
        committedPosition.set(nextPosition);
        committedMaxRowTimeNs = Math.max(committedMaxRowTimeNs, maxRowTimeNs);
        rowsCommitted.addAndGet(rows);
        eventsCommitted.addAndGet(batchEvents);
        batchEvents = 0;
        partsCommitted.addAndGet(partCount);
        lastFlushMs = System.currentTimeMillis();
        return true;
    }

    private void compact() {
        if (committedMaxRowTimeNs == 0 || failing) {
            return;
        }
        final String firstOpenDay = dayText(Math.floorDiv(committedMaxRowTimeNs - CLOSED_DAY_GRACE_NS, NS_PER_DAY));
        try {
            store.compactClosedDays(connection, firstOpenDay);
        } catch (final IOException | SQLException e) {
            LOG.error("compacting closed days in {} failed ({}); retried later", config.outputPath(), e.toString());
        }
    }

    private String dayText(final long epochDay) {
        if (epochDay != cachedDay) {
            cachedDay = epochDay;
            cachedDayText = LocalDate.ofEpochDay(epochDay).toString();
        }
        return cachedDayText;
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after a last flush; waits up to 10 s for it. */
    @Override
    public void close() {
        running = false;
        final long deadline = System.currentTimeMillis() + 10_000;
        while (!stopped && System.currentTimeMillis() < deadline) {
            sleep(5);
        }
        try {
            if (reader != null) {
                reader.close();
            }
            connection.close();
        } catch (final IOException | SQLException e) {
            LOG.debug("closing: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Journal records to rows

    private final class Handler implements JournalHandler {
        @Override
        public void onRecord(final long epoch, final long position, final ByteBuffer buffer, final int offset,
                             final int length, final boolean replay) {
            if (!replay && epoch != batchEpoch) {
                switchEpoch(epoch, position);
            }
            final int type = buffer.getShort(offset);
            if (type == JournalFormat.TYPE_INSTRUMENT) {
                define(epoch, buffer, offset);
            } else if (type == JournalFormat.TYPE_BOOK_CHECKPOINT) {
                checkpoint(buffer, offset);
            } else if (!replay) {
                if (type == JournalFormat.TYPE_LOST) {
                    journalLoss(epoch, position, buffer, offset);
                } else {
                    if (pendingEpochGap) {
                        pendingEpochGap = false;
                        gap(epoch, 0, "all", null, "all", -1, buffer.getLong(offset + RECEIVE_TIME_OFFSET),
                            "daemon restarted: epoch " + previousEpoch + " -> " + epoch
                                + "; what the venues sent while it was down is missing");
                    }
                    event(type, buffer, offset);
                    batchEvents++;
                }
            } else if (type == EventType.BOOK_DELTA.code()) {
                applyDelta(buffer, offset, true);
            }
            if (!replay) {
                nextPosition = position + JournalFormat.recordLength(length);
            }
        }

        @Override
        public void onLost(final long epoch, final long fromPosition, final long toEpoch, final long toPosition,
                           final String reason) {
            if (toEpoch != batchEpoch) {
                switchEpoch(toEpoch, toPosition);
            }
            final long nowNs = System.currentTimeMillis() * 1_000_000L;
            gap(toEpoch, toPosition, "all", null, "journal", -1, nowNs, reason + " (epoch " + epoch + " from position "
                + fromPosition + " to epoch " + toEpoch + " position " + toPosition + ")");
            nextPosition = toPosition;
            batchFirst = Math.min(batchFirst, toPosition);
        }
    }

    private void switchEpoch(final long epoch, final long position) {
        if (batchEpoch != 0 && (bufferedRows > 0 || nextPosition != committed)) {
            if (!flush()) {
                throw new FlushFailed();
            }
        }
        if (batchEpoch != 0) {
            pendingEpochGap = true;
            previousEpoch = batchEpoch;
        }
        batchEpoch = epoch;
        batchFirst = position;
        nextPosition = position;
        instruments = new InstrumentInfo[64];
    }

    private void define(final long epoch, final ByteBuffer buffer, final int offset) {
        final Venue venue = Venue.fromCode(buffer.get(offset + JournalFormat.INSTRUMENT_VENUE_OFFSET));
        final int id = buffer.getInt(offset + JournalFormat.INSTRUMENT_ID_OFFSET);
        if (venue == null || id < 0 || (id < instruments.length && instruments[id] != null)) {
            return;
        }
        final int priceScale = buffer.get(offset + JournalFormat.INSTRUMENT_PRICE_SCALE_OFFSET);
        final int sizeScale = buffer.get(offset + JournalFormat.INSTRUMENT_SIZE_SCALE_OFFSET);
        final byte[] symbolBytes = new byte[buffer.getShort(offset + JournalFormat.INSTRUMENT_SYMBOL_LENGTH_OFFSET)];
        buffer.get(offset + JournalFormat.INSTRUMENT_SYMBOL_OFFSET, symbolBytes);
        final String symbol = new String(symbolBytes, StandardCharsets.UTF_8);
        if (id >= instruments.length) {
            instruments = java.util.Arrays.copyOf(instruments, Math.max(instruments.length * 2, id + 1));
        }
        final boolean recorded = config.venues().contains(venue);
        instruments[id] = new InstrumentInfo(venue, symbol, id, priceScale,
            recorded && RecorderConfig.matches(venue, symbol, config.orderbookSymbols()),
            recorded && RecorderConfig.matches(venue, symbol, config.quoteSymbols()));
        if (instrumentsInDuckDb.add(epoch * 1_000_003L + id)) {
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO instruments VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, epoch);
                insert.setInt(2, id);
                insert.setString(3, venue.wireName());
                insert.setString(4, symbol);
                insert.setDouble(5, Math.pow(10, priceScale));
                insert.setDouble(6, Math.pow(10, sizeScale));
                insert.execute();
            } catch (final SQLException e) {
                throw new IllegalStateException("DuckDB refused an instrument", e);
            }
        }
    }

    private InstrumentInfo info(final int id) {
        return id >= 0 && id < instruments.length ? instruments[id] : null;
    }

    private void checkpoint(final ByteBuffer buffer, final int offset) {
        final InstrumentInfo info = info(buffer.getInt(offset + INSTRUMENT_OFFSET));
        if (info == null || info.book == null) {
            return;
        }
        info.book.clear();
        final int bids = buffer.getInt(offset + BOOK_BID_COUNT_OFFSET);
        final int asks = buffer.getInt(offset + BOOK_ASK_COUNT_OFFSET);
        int level = offset + BOOK_LEVELS_OFFSET;
        for (int i = 0; i < bids; i++, level += BOOK_LEVEL_LENGTH) {
            info.book.setLevel(true, buffer.getLong(level), buffer.getLong(level + 8));
        }
        for (int i = 0; i < asks; i++, level += BOOK_LEVEL_LENGTH) {
            info.book.setLevel(false, buffer.getLong(level), buffer.getLong(level + 8));
        }
        info.lastBookPublishNs = buffer.getLong(offset + PUBLISH_TIME_OFFSET);
    }

    /** Applies a book delta to the recorder's copy; true if a snapshot row is due (new cadence bucket). */
    private boolean applyDelta(final ByteBuffer buffer, final int offset, final boolean replay) {
        final InstrumentInfo info = info(buffer.getInt(offset + INSTRUMENT_OFFSET));
        if (info == null || info.book == null) {
            return false;
        }
        final int bids = buffer.getInt(offset + BOOK_BID_COUNT_OFFSET);
        final int asks = buffer.getInt(offset + BOOK_ASK_COUNT_OFFSET);
        int level = offset + BOOK_LEVELS_OFFSET;
        for (int i = 0; i < bids; i++, level += BOOK_LEVEL_LENGTH) {
            info.book.setLevel(true, buffer.getLong(level), buffer.getLong(level + 8));
        }
        for (int i = 0; i < asks; i++, level += BOOK_LEVEL_LENGTH) {
            info.book.setLevel(false, buffer.getLong(level), buffer.getLong(level + 8));
        }
        final long publishNs = buffer.getLong(offset + PUBLISH_TIME_OFFSET);
        final long intervalNs = config.bookSnapshotIntervalMs() * 1_000_000L;
        final boolean due = info.lastBookPublishNs == 0
            || Math.floorDiv(publishNs, intervalNs) != Math.floorDiv(info.lastBookPublishNs, intervalNs);
        info.lastBookPublishNs = publishNs;
        return due && !replay;
    }

    private int group(final Table table, final InstrumentInfo info, final String venueName, final long timeNs) {
        final long day = Math.floorDiv(timeNs, NS_PER_DAY);
        maxRowTimeNs = Math.max(maxRowTimeNs, timeNs);
        final int t = table.ordinal();
        if (info != null && info.cacheGeneration[t] == generation && info.cacheDay[t] == day) {
            return info.cacheGroup[t];
        }
        final String dayText = dayText(day);
        final String dir = table.dirName + "/" + venueName + (table.perSymbol ? "/" + info.symbol : "") + "/" + dayText;
        final int group = buffers.get(table).group(dir, dayText);
        if (info != null) {
            info.cacheGeneration[t] = generation;
            info.cacheDay[t] = day;
            info.cacheGroup[t] = group;
        }
        return group;
    }

    private static long rowTimeNs(final ByteBuffer buffer, final int offset) {
        final long exchange = buffer.getLong(offset + EXCHANGE_TIME_OFFSET);
        return exchange != 0 ? exchange : buffer.getLong(offset + RECEIVE_TIME_OFFSET);
    }

    private void event(final int type, final ByteBuffer buffer, final int offset) {
        final EventType eventType = EventType.fromCode(type);
        if (eventType == null) {
            return;
        }
        final Venue venue = Venue.fromCode(buffer.get(offset + VENUE_OFFSET));
        if (venue == null || !config.venues().contains(venue)) {
            return;
        }
        if (eventType == EventType.STATUS) {
            status(venue, buffer, offset);
            return;
        }
        final int id = buffer.getInt(offset + INSTRUMENT_OFFSET);
        final InstrumentInfo info = info(id);
        if (info == null) {
            return;
        }
        switch (eventType) {
            case TRADE -> {
                final StageBuffer b = buffers.get(Table.TRADES);
                final int r = b.newRow(group(Table.TRADES, info, venue.wireName(), rowTimeNs(buffer, offset)));
                common(b, r, id, buffer, offset);
                b.longs[3][r] = buffer.getLong(offset + TRADE_PRICE_OFFSET);
                b.longs[4][r] = buffer.getLong(offset + TRADE_SIZE_OFFSET);
                b.longs[5][r] = buffer.get(offset + TRADE_SIDE_OFFSET);
                b.longs[6][r] = buffer.getLong(offset + TRADE_ID_OFFSET);
                b.longs[7][r] = buffer.get(offset + TRADE_FLAGS_OFFSET);
                b.longs[8][r] = buffer.getLong(offset + STREAM_SEQUENCE_OFFSET);
                b.longs[9][r] = buffer.getLong(offset + EPOCH_OFFSET);
                bufferedRows++;
            }
            case QUOTE -> {
                if (!info.recordQuotes) {
                    return;
                }
                final StageBuffer b = buffers.get(Table.QUOTES);
                final int r = b.newRow(group(Table.QUOTES, info, venue.wireName(), rowTimeNs(buffer, offset)));
                common(b, r, id, buffer, offset);
                b.longs[3][r] = buffer.getLong(offset + QUOTE_BID_PRICE_OFFSET);
                b.longs[4][r] = buffer.getLong(offset + QUOTE_BID_SIZE_OFFSET);
                b.longs[5][r] = buffer.getLong(offset + QUOTE_ASK_PRICE_OFFSET);
                b.longs[6][r] = buffer.getLong(offset + QUOTE_ASK_SIZE_OFFSET);
                b.longs[7][r] = buffer.getLong(offset + STREAM_SEQUENCE_OFFSET);
                b.longs[8][r] = buffer.getLong(offset + EPOCH_OFFSET);
                bufferedRows++;
            }
            case BOOK_DELTA -> {
                if (!info.recordBook) {
                    return;
                }
                final boolean due = applyDelta(buffer, offset, false);
                if (config.recordBookDeltas()) {
                    delta(info, id, venue, buffer, offset);
                }
                if (due) {
                    snapshot(info, id, venue, buffer, offset);
                }
            }
            case CANDLE -> {
                if (buffer.get(offset + CANDLE_CLOSED_OFFSET) == 0) {
                    return;
                }
                final StageBuffer b = buffers.get(Table.CANDLES);
                final int r = b.newRow(group(Table.CANDLES, info, venue.wireName(), rowTimeNs(buffer, offset)));
                common(b, r, id, buffer, offset);
                final int intervalCode = buffer.get(offset + CANDLE_INTERVAL_OFFSET);
                final CandleInterval interval = CandleInterval.fromCode(intervalCode);
                b.longs[3][r] = intervalCode;
                b.longs[4][r] = buffer.getLong(offset + CANDLE_OPEN_TIME_OFFSET);
                b.longs[5][r] = buffer.getLong(offset + CANDLE_OPEN_OFFSET);
                b.longs[6][r] = buffer.getLong(offset + CANDLE_HIGH_OFFSET);
                b.longs[7][r] = buffer.getLong(offset + CANDLE_LOW_OFFSET);
                b.longs[8][r] = buffer.getLong(offset + CANDLE_CLOSE_OFFSET);
                b.longs[9][r] = buffer.getLong(offset + CANDLE_VOLUME_OFFSET);
                b.longs[10][r] = buffer.getLong(offset + CANDLE_TRADE_COUNT_OFFSET);
                b.longs[11][r] = buffer.get(offset + CANDLE_SOURCE_OFFSET);
                b.longs[12][r] = buffer.getLong(offset + STREAM_SEQUENCE_OFFSET);
                b.longs[13][r] = buffer.getLong(offset + EPOCH_OFFSET);
                b.texts[0][r] = interval == null ? "?" : interval.wireName();
                bufferedRows++;
            }
            case MARK_PRICE -> {
                final StageBuffer b = buffers.get(Table.MARK);
                final int r = b.newRow(group(Table.MARK, info, venue.wireName(), rowTimeNs(buffer, offset)));
                common(b, r, id, buffer, offset);
                b.longs[3][r] = buffer.getLong(offset + MARK_PRICE_OFFSET);
                b.longs[4][r] = buffer.getLong(offset + MARK_INDEX_PRICE_OFFSET);
                b.longs[5][r] = buffer.getLong(offset + MARK_FUNDING_RATE_OFFSET);
                b.longs[6][r] = buffer.getLong(offset + MARK_NEXT_FUNDING_TIME_OFFSET);
                b.longs[7][r] = buffer.getLong(offset + STREAM_SEQUENCE_OFFSET);
                b.longs[8][r] = buffer.getLong(offset + EPOCH_OFFSET);
                bufferedRows++;
            }
            case FEATURES -> features(info, id, venue, buffer, offset);
            default -> {
                // BOOK_SNAPSHOT is never published live (subscription snapshots are not journaled).
            }
        }
    }

    private static void common(final StageBuffer b, final int r, final int id, final ByteBuffer buffer,
                               final int offset) {
        b.longs[0][r] = id;
        b.longs[1][r] = buffer.getLong(offset + EXCHANGE_TIME_OFFSET);
        b.longs[2][r] = buffer.getLong(offset + RECEIVE_TIME_OFFSET);
    }

    private void delta(final InstrumentInfo info, final int id, final Venue venue, final ByteBuffer buffer,
                       final int offset) {
        final StageBuffer b = buffers.get(Table.L2DELTA);
        final int r = b.newRow(group(Table.L2DELTA, info, venue.wireName(), rowTimeNs(buffer, offset)));
        common(b, r, id, buffer, offset);
        b.longs[3][r] = buffer.getLong(offset + BOOK_VENUE_SEQUENCE_OFFSET);
        b.longs[4][r] = buffer.getInt(offset + BOOK_FLAGS_OFFSET);
        b.longs[5][r] = buffer.getLong(offset + STREAM_SEQUENCE_OFFSET);
        b.longs[6][r] = buffer.getLong(offset + EPOCH_OFFSET);
        final int bids = buffer.getInt(offset + BOOK_BID_COUNT_OFFSET);
        final int asks = buffer.getInt(offset + BOOK_ASK_COUNT_OFFSET);
        int level = offset + BOOK_LEVELS_OFFSET;
        for (int i = 0; i < bids; i++, level += BOOK_LEVEL_LENGTH) {
            b.addLevel(0, buffer.getLong(level), buffer.getLong(level + 8));
        }
        for (int i = 0; i < asks; i++, level += BOOK_LEVEL_LENGTH) {
            b.addLevel(1, buffer.getLong(level), buffer.getLong(level + 8));
        }
        bufferedRows++;
    }

    /** One features row; the counterpart's symbol is joined from the instruments the journal defined. */
    private void features(final InstrumentInfo info, final int id, final Venue venue, final ByteBuffer buffer,
                          final int offset) {
        final StageBuffer b = buffers.get(Table.FEATURES);
        final int r = b.newRow(group(Table.FEATURES, info, venue.wireName(), rowTimeNs(buffer, offset)));
        common(b, r, id, buffer, offset);
        final int windows = buffer.get(offset + FEATURES_WINDOW_COUNT_OFFSET) & 0xFF;
        final int bands = buffer.get(offset + FEATURES_BAND_COUNT_OFFSET) & 0xFF;
        b.longs[3][r] = buffer.getLong(offset + FEATURES_BOOK_SEQUENCE_OFFSET);
        b.longs[4][r] = buffer.getLong(offset + FEATURES_TRADE_SEQUENCE_OFFSET);
        b.longs[5][r] = buffer.getInt(offset + FEATURES_COUNTERPART_OFFSET);
        b.longs[6][r] = buffer.getLong(offset + FEATURES_COUNTERPART_BOOK_SEQUENCE_OFFSET);
        b.longs[7][r] = buffer.getLong(offset + FEATURES_MID_AGE_OFFSET);
        b.longs[8][r] = buffer.getLong(offset + FEATURES_COUNTERPART_MID_AGE_OFFSET);
        b.longs[9][r] = windows;
        b.longs[10][r] = bands;
        b.longs[11][r] = buffer.getLong(offset + STREAM_SEQUENCE_OFFSET);
        b.longs[12][r] = buffer.getLong(offset + EPOCH_OFFSET);
        for (final int field : FEATURE_SCALAR_OFFSETS) {
            b.addValue(buffer.getDouble(offset + field));
        }
        for (int w = 0; w < windows; w++) {
            b.addValue(buffer.getLong(offset + windowField(w, WINDOW_MS)));
            b.addValue(buffer.getLong(offset + windowField(w, WINDOW_TRADE_COUNT)));
            for (int field = WINDOW_BUY_VOLUME; field <= WINDOW_VWAP_DEVIATION_BPS; field += Double.BYTES) {
                b.addValue(buffer.getDouble(offset + windowField(w, field)));
            }
        }
        for (int band = 0; band < bands; band++) {
            for (int field = BAND_BPS; field <= BAND_ASK_DEPTH; field += Double.BYTES) {
                b.addValue(buffer.getDouble(offset + bandField(windows, band, field)));
            }
        }
        bufferedRows++;
    }

    private void snapshot(final InstrumentInfo info, final int id, final Venue venue, final ByteBuffer buffer,
                          final int offset) {
        final StageBuffer b = buffers.get(Table.L2BOOK);
        final int r = b.newRow(group(Table.L2BOOK, info, venue.wireName(), rowTimeNs(buffer, offset)));
        common(b, r, id, buffer, offset);
        b.longs[3][r] = buffer.getLong(offset + BOOK_VENUE_SEQUENCE_OFFSET);
        b.longs[4][r] = buffer.getLong(offset + STREAM_SEQUENCE_OFFSET);
        b.longs[5][r] = buffer.getLong(offset + EPOCH_OFFSET);
        final L2Book book = info.book;
        final int depth = config.bookDepth();
        for (int i = 0; i < Math.min(depth, book.bidDepth()); i++) {
            b.addLevel(0, book.bidPrice(i), book.bidSize(i));
        }
        for (int i = 0; i < Math.min(depth, book.askDepth()); i++) {
            b.addLevel(1, book.askPrice(i), book.askSize(i));
        }
        bufferedRows++;
    }

    private void status(final Venue venue, final ByteBuffer buffer, final int offset) {
        final int id = buffer.getInt(offset + INSTRUMENT_OFFSET);
        final InstrumentInfo info = info(id);
        final String symbol = info == null ? null : info.symbol;
        final StreamKind kind = StreamKind.fromCode(buffer.get(offset + STATUS_STREAM_KIND_OFFSET));
        final CandleInterval interval = CandleInterval.fromCode(buffer.get(offset + STATUS_INTERVAL_OFFSET));
        final StreamStatus status = StreamStatus.fromCode(buffer.get(offset + STATUS_CODE_OFFSET));
        final String stream = (kind == null ? "?" : kind.name().toLowerCase(java.util.Locale.ROOT))
            + (interval == null ? "" : " " + interval.wireName());
        final long detail = buffer.getLong(offset + STATUS_DETAIL_OFFSET);
        final long receiveNs = buffer.getLong(offset + RECEIVE_TIME_OFFSET);
        final long seq = buffer.getLong(offset + STREAM_SEQUENCE_OFFSET);
        final long epoch = buffer.getLong(offset + EPOCH_OFFSET);
        final StageBuffer b = buffers.get(Table.STATUS);
        final int r = b.newRow(group(Table.STATUS, null, venue.wireName(), rowTimeNs(buffer, offset)));
        b.longs[0][r] = buffer.getLong(offset + EXCHANGE_TIME_OFFSET);
        b.longs[1][r] = receiveNs;
        b.longs[2][r] = detail;
        b.longs[3][r] = seq;
        b.longs[4][r] = epoch;
        b.texts[0][r] = venue.wireName();
        b.texts[1][r] = symbol;
        b.texts[2][r] = stream;
        b.texts[3][r] = status == null ? "?" : status.name().toLowerCase(java.util.Locale.ROOT);
        bufferedRows++;
        if (status == StreamStatus.GAP) {
            gap(epoch, seq, venue.wireName(), symbol, stream, detail, receiveNs,
                "the daemon reported a gap (" + (kind == StreamKind.CANDLES ? "candle buckets" : "events") + " lost)");
        }
    }

    private void journalLoss(final long epoch, final long position, final ByteBuffer buffer, final int offset) {
        final long count = buffer.getLong(offset + JournalFormat.LOST_COUNT_OFFSET);
        gap(epoch, position, "all", null, "journal", count, buffer.getLong(offset + JournalFormat.LOST_UNTIL_OFFSET),
            "the daemon could not journal " + count + " events (disk full?)");
    }

    private void gap(final long epoch, final long seq, final String venue, final String symbol, final String stream,
                     final long lost, final long timeNs, final String reason) {
        final StageBuffer b = buffers.get(Table.GAPS);
        final int r = b.newRow(group(Table.GAPS, null, venue, timeNs));
        b.longs[0][r] = 0;
        b.longs[1][r] = timeNs;
        b.longs[2][r] = lost;
        b.longs[3][r] = seq;
        b.longs[4][r] = epoch;
        b.texts[0][r] = venue;
        b.texts[1][r] = symbol;
        b.texts[2][r] = stream;
        b.texts[3][r] = reason;
        bufferedRows++;
    }
}
