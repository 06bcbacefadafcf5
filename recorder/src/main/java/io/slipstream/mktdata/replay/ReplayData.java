package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.quote.QuoteRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorded tree seen through DuckDB: which Parquet files a replay reads (only the selected venues'
 * directories), which instruments they hold and at what decimal scales, and one sorted, streaming query per table
 * ({@link #openCursors}). Built and used by one thread.
 *
 * <p>Scales: Parquet holds prices and sizes as DOUBLE (the nearest double to the engine's exact decimal), not the
 * scales they came from. A pre-pass finds, per instrument, the fewest decimals (0..{@value #MAX_SCALE}) that
 * represent every recorded price (and every size) exactly: {@code round(x * 10^k) / 10^k = x}. Since each value is
 * the nearest double to {@code m / 10^k0}, the smallest such {@code k} is the one the daemon used or fewer (when no
 * value needed the last decimals), and {@code round(x * 10^k)} recovers the mantissa exactly.
 */
final class ReplayData implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayData.class);
    /** Most decimals tried; the venues use at most 8. */
    static final int MAX_SCALE = 12;
    /** DuckDB's memory for the scans and sorts; larger sorts spill to a temporary directory. */
    static final String MEMORY_LIMIT = "2GB";

    private final ReplayOptions options;
    private final Connection connection;
    private final Map<ReplayTable, List<Path>> files = new EnumMap<>(ReplayTable.class);
    private final Map<String, Scale> scales = new LinkedHashMap<>();
    private final Set<Venue> venuesSeen = EnumSet.noneOf(Venue.class);
    private final String symbolFilter;
    private final Path spillDir;
    private int maxBidLevels;
    private int maxAskLevels;

    /** Decimals found for one instrument, and whether its book is replayed from {@code l2delta}. */
    private static final class Scale {
        final Venue venue;
        final String symbol;
        int priceScale;
        int sizeScale;
        boolean hasDeltas;

        Scale(final Venue venue, final String symbol) {
            this.venue = venue;
            this.symbol = symbol;
        }
    }

    private ReplayData(final ReplayOptions options, final Connection connection) {
        this.options = options;
        this.connection = connection;
        this.symbolFilter = symbolPredicate(options.symbols());
        try {
            this.spillDir = Files.createTempDirectory("slipstream-replay-");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /**
     * Finds the files and the instruments (a full read of the selected rows, for the scales).
     *
     * @param options what to replay
     * @return the data, with at least one instrument
     * @throws ReplayException if there is nothing to replay (missing directory, no files, no rows selected)
     * @throws SQLException    if DuckDB fails
     */
    static ReplayData open(final ReplayOptions options) throws ReplayException, SQLException {
        final Path root = options.dataDir();
        if (!Files.isDirectory(root)) {
            throw new ReplayException("no recorded data: " + root + " is not a directory");
        }
        final Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        final ReplayData data = new ReplayData(options, connection);
        try {
            // Sorts larger than the limit spill here (an in-memory database would otherwise use ./.tmp); the limit
            // keeps a replay beside the live daemon and recorder from taking most of the host's memory.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET temp_directory = " + quote(data.spillDir.toString()));
                statement.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
            }
            data.listFiles();
            if (data.files.isEmpty()) {
                throw new ReplayException("no recorded data under " + root + " (no Parquet files in "
                    + String.join(", ", tableNames()) + " for " + venueNames(options.venues()) + ")");
            }
            data.findScales();
            if (data.scales.isEmpty()) {
                throw new ReplayException("no recorded rows in " + root + " match the selection ("
                    + data.selection() + ")");
            }
            return data;
        } catch (final ReplayException | SQLException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    private static List<String> tableNames() {
        final List<String> names = new ArrayList<>();
        for (final ReplayTable table : ReplayTable.values()) {
            names.add(table.dirName);
        }
        return names;
    }

    private static String venueNames(final Set<Venue> venues) {
        final List<String> names = new ArrayList<>();
        for (final Venue venue : venues) {
            names.add(venue.wireName());
        }
        return String.join(", ", names);
    }

    private String selection() {
        return "venues " + venueNames(options.venues())
            + (options.symbols().isEmpty() ? "" : ", symbols " + String.join(",", options.symbols()))
            + (options.fromNs() == Long.MIN_VALUE ? "" : ", from " + java.time.Instant.ofEpochSecond(0,
                options.fromNs()))
            + (options.toNs() == Long.MAX_VALUE ? "" : ", to " + java.time.Instant.ofEpochSecond(0, options.toNs()));
    }

    private void listFiles() {
        for (final ReplayTable table : ReplayTable.values()) {
            final List<Path> found = new ArrayList<>();
            for (final Venue venue : options.venues()) {
                final Path dir = options.dataDir().resolve(table.dirName).resolve(venue.wireName());
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p))
                        .sorted().forEach(found::add);
                } catch (final IOException e) {
                    throw new UncheckedIOException("cannot list " + dir, e);
                }
            }
            if (!found.isEmpty()) {
                files.put(table, found);
            }
        }
    }

    /** @return {@code read_parquet([...])} of the table's files */
    private String source(final ReplayTable table) {
        final StringBuilder sql = new StringBuilder("read_parquet([");
        final List<Path> list = files.get(table);
        for (int i = 0; i < list.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(list.get(i).toString()));
        }
        return sql.append("], union_by_name = true)").toString();
    }

    /** @return the WHERE conditions on a row {@code t}: time range and venues */
    private String where() {
        return where(options.fromNs(), options.toNs());
    }

    private String where(final long fromNs, final long toNs) {
        final List<String> conditions = new ArrayList<>();
        if (fromNs != Long.MIN_VALUE) {
            conditions.add("t.receive_time >= make_timestamp_ns(" + fromNs + ")");
        }
        if (toNs != Long.MAX_VALUE) {
            conditions.add("t.receive_time < make_timestamp_ns(" + toNs + ")");
        }
        final List<String> venues = new ArrayList<>();
        for (final Venue venue : options.venues()) {
            venues.add(quote(venue.wireName()));
        }
        conditions.add("t.venue IN (" + String.join(", ", venues) + ")");
        return " WHERE " + String.join(" AND ", conditions);
    }

    /**
     * The recorder's symbol rule (docs/data.md): a name matches itself in any case, and on Binance a base coin also
     * matches its USDT and USDC perpetuals; {@code *} matches everything.
     */
    private static String symbolPredicate(final List<String> symbols) {
        if (symbols.isEmpty() || symbols.contains("*")) {
            return null;
        }
        final List<String> exact = new ArrayList<>();
        final List<String> perpetuals = new ArrayList<>();
        for (final String name : symbols) {
            final String lower = name.toLowerCase(Locale.ROOT);
            exact.add(quote(lower));
            perpetuals.add(quote(lower + "usdt"));
            perpetuals.add(quote(lower + "usdc"));
        }
        return "(lower(t.symbol) IN (" + String.join(", ", exact) + ") OR (t.venue = 'binance' AND lower(t.symbol) IN ("
            + String.join(", ", perpetuals) + ")))";
    }

    private String whereWithSymbols() {
        return where() + (symbolFilter == null ? "" : " AND " + symbolFilter);
    }

    private void findScales() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE MACRO dscale(x) AS " + scaleCase("x"));
            for (final Map.Entry<ReplayTable, List<Path>> entry : files.entrySet()) {
                final ReplayTable table = entry.getKey();
                final String[] expressions = table.scanExpressions();
                final String sql = "SELECT t.venue, t.symbol, max(" + expressions[0] + "), max(" + expressions[1]
                    + "), max(" + expressions[2] + "), max(" + expressions[3] + ") FROM " + source(table) + " t"
                    + where()
                    + (symbolFilter == null ? "" : " AND (t.symbol IS NULL OR " + symbolFilter + ")")
                    + " GROUP BY ALL";
                final long startNs = System.nanoTime();
                try (ResultSet rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        addScale(table, rows.getString(1), rows.getString(2), rows.getInt(3), rows.getInt(4));
                        maxBidLevels = Math.max(maxBidLevels, rows.getInt(5));
                        maxAskLevels = Math.max(maxAskLevels, rows.getInt(6));
                    }
                }
                LOG.debug("scales of {}: {} ms", table.dirName, (System.nanoTime() - startNs) / 1_000_000);
            }
        }
    }

    private void addScale(final ReplayTable table, final String venueName, final String symbol, final int priceScale,
                          final int sizeScale) {
        final Venue venue = Venue.fromWireName(venueName);
        if (venue == null) {
            return;
        }
        venuesSeen.add(venue);
        if (symbol == null) {
            return;
        }
        if (priceScale > MAX_SCALE || sizeScale > MAX_SCALE) {
            throw new IllegalStateException(venueName + " " + symbol + " in " + table.dirName + ": a value needs more"
                + " than " + MAX_SCALE + " decimals; not a recording of this service?");
        }
        final Scale scale = scales.computeIfAbsent(venueName + ' ' + symbol, k -> new Scale(venue, symbol));
        scale.priceScale = Math.max(scale.priceScale, priceScale);
        scale.sizeScale = Math.max(scale.sizeScale, sizeScale);
        scale.hasDeltas |= table == ReplayTable.L2DELTA;
    }

    /** {@code CASE WHEN x IS NULL OR round(x) = x THEN 0 WHEN round(x * 1e1) / 1e1 = x THEN 1 ... END}. */
    private static String scaleCase(final String x) {
        final StringBuilder sql = new StringBuilder("CASE WHEN ").append(x).append(" IS NULL OR round(").append(x)
            .append(") = ").append(x).append(" THEN 0");
        for (int k = 1; k <= MAX_SCALE; k++) {
            sql.append(" WHEN round(").append(x).append(" * 1e").append(k).append(") / 1e").append(k).append(" = ")
                .append(x).append(" THEN ").append(k);
        }
        return sql.append(" ELSE ").append(MAX_SCALE + 1).append(" END").toString();
    }

    /**
     * Registers every instrument found (tick unknown: 0; lot: one unit of the last decimal) and loads the id and
     * multipliers into DuckDB for the cursors' joins.
     *
     * @param registry the replay engine's registry
     * @return the multipliers by instrument id: {@code [id][0]} prices, {@code [id][1]} sizes
     * @throws SQLException if DuckDB fails
     */
    double[][] register(final InstrumentRegistry registry) throws SQLException {
        final double[][] multipliers = new double[registry.capacity()][];
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE replay_instruments (venue VARCHAR, symbol VARCHAR, iid INTEGER,"
                + " pmul DOUBLE, smul DOUBLE, has_delta BOOLEAN)");
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO replay_instruments VALUES (?, ?, ?, ?, ?, ?)")) {
            for (final Scale scale : scales.values()) {
                final Instrument instrument = registry.register(new InstrumentSpec(scale.venue, scale.symbol,
                    scale.priceScale, scale.sizeScale, 0, 1));
                final double pmul = Math.pow(10, scale.priceScale);
                final double smul = Math.pow(10, scale.sizeScale);
                multipliers[instrument.id()] = new double[] {pmul, smul};
                insert.setString(1, scale.venue.wireName());
                insert.setString(2, scale.symbol);
                insert.setInt(3, instrument.id());
                insert.setDouble(4, pmul);
                insert.setDouble(5, smul);
                insert.setBoolean(6, scale.hasDeltas);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return multipliers;
    }

    /** @return instruments found */
    int instrumentCount() {
        return scales.size();
    }

    /** @return the venues with any selected row */
    Set<Venue> venues() {
        return venuesSeen;
    }

    /** @return the tables with files, for the start-up line */
    Set<ReplayTable> tables() {
        return files.keySet();
    }

    /**
     * Runs one sorted query per table, each on its own connection (a DuckDB connection streams one result at a
     * time), after {@link #register}.
     *
     * @param multipliers from {@link #register}
     * @return a cursor per table with rows, each positioned on its first row
     * @throws SQLException if DuckDB fails
     */
    List<RowCursor> openCursors(final double[][] multipliers) throws SQLException {
        final List<RowCursor> cursors = new ArrayList<>();
        try {
            for (final ReplayTable table : ReplayTable.values()) {
                // The book cursor (L2DELTA) reads l2book too.
                final boolean present = table == ReplayTable.L2DELTA
                    ? files.containsKey(ReplayTable.L2DELTA) || files.containsKey(ReplayTable.L2BOOK)
                    : table != ReplayTable.L2BOOK && files.containsKey(table);
                if (!present) {
                    continue;
                }
                final String sql = table == ReplayTable.L2DELTA ? bookSql() : selectSql(table);
                final Connection own = ((DuckDBConnection) connection).duplicate();
                final RowCursor cursor = switch (table) {
                    case TRADES -> new TradeCursor(own, sql);
                    case QUOTES -> new QuoteCursor(own, sql);
                    case MARK -> new MarkCursor(own, sql);
                    case CANDLES -> new CandleCursor(own, sql);
                    case STATUS -> new StatusCursor(own, sql);
                    default -> new BookCursor(own, sql, multipliers, levelColumnCounts());
                };
                cursors.add(cursor);
                if (!cursor.advance()) {
                    cursors.remove(cursor);
                    cursor.close();
                }
            }
        } catch (final SQLException | RuntimeException e) {
            cursors.forEach(RowCursor::close);
            throw e;
        }
        return cursors;
    }

    private static final String RECEIVE_NS = "epoch_ns(t.receive_time)";
    private static final String COMMON = "epoch_ns(t.receive_time) AS rcv, epoch_ns(t.exchange_time) AS ex, i.iid";
    private static final String ORDER = " ORDER BY t.receive_time, t.venue, t.symbol, t.epoch, t.seq";

    private String from(final ReplayTable table) {
        return " FROM " + source(table) + " t JOIN replay_instruments i ON i.venue = t.venue AND i.symbol = t.symbol";
    }

    private String selectSql(final ReplayTable table) {
        final String where = whereWithSymbols();
        return switch (table) {
            case TRADES -> "SELECT " + COMMON + ", CAST(round(t.price * i.pmul) AS BIGINT),"
                + " CAST(round(t.size * i.smul) AS BIGINT), CASE t.side WHEN 'buy' THEN 0 WHEN 'sell' THEN 1 ELSE 2"
                + " END, coalesce(t.trade_id, 0), coalesce(t.flags, 0)" + from(table) + where + ORDER;
            case QUOTES -> "SELECT " + COMMON + ", coalesce(CAST(round(t.bid_price * i.pmul) AS BIGINT), "
                + QuoteRing.NO_PRICE + "), CAST(round(t.bid_size * i.smul) AS BIGINT), coalesce(CAST(round("
                + "t.ask_price * i.pmul) AS BIGINT), " + QuoteRing.NO_PRICE + "),"
                + " CAST(round(t.ask_size * i.smul) AS BIGINT)" + from(table) + where + ORDER;
            case MARK -> "SELECT " + COMMON + ", CAST(round(t.mark_price * i.pmul) AS BIGINT),"
                + " coalesce(CAST(round(t.index_price * i.pmul) AS BIGINT), 0),"
                + " coalesce(CAST(round(t.funding_rate * 1e10) AS BIGINT), 0),"
                + " coalesce(epoch_ms(t.next_funding_time), 0)" + from(table) + where + ORDER;
            case CANDLES -> "SELECT " + COMMON + ", t.interval, epoch_ms(t.open_time),"
                + " CAST(round(t.open * i.pmul) AS BIGINT), CAST(round(t.high * i.pmul) AS BIGINT),"
                + " CAST(round(t.low * i.pmul) AS BIGINT), CAST(round(t.close * i.pmul) AS BIGINT),"
                + " CAST(round(t.volume * i.smul) AS BIGINT), t.num_trades, t.source" + from(table) + where
                + ORDER;
            case STATUS -> "SELECT epoch_ns(t.receive_time) AS rcv, t.venue, coalesce(i.iid, -1), t.stream,"
                + " t.status, t.detail FROM " + source(table) + " t LEFT JOIN replay_instruments i"
                + " ON i.venue = t.venue AND i.symbol = t.symbol" + where()
                + " AND (t.symbol IS NULL OR i.iid IS NOT NULL)" + ORDER;
            default -> throw new IllegalArgumentException(table.name());
        };
    }

    /**
     * One query for every book row, in receive-time order: {@code l2delta} rows (kind 1) for instruments that have
     * them, {@code l2book} snapshots (kind 0) for the others and, with {@code --from}, the last {@code l2book}
     * snapshot before it (kind 2, a reset) for the delta instruments, so their books start from it.
     */
    private String bookSql() {
        final String where = whereWithSymbols();
        final int bidColumns = Math.min(maxBidLevels, BookCursor.MAX_LEVEL_COLUMNS);
        final int askColumns = Math.min(maxAskLevels, BookCursor.MAX_LEVEL_COLUMNS);
        final String columns = "SELECT %s AS rcv, epoch_ns(t.exchange_time) AS ex, i.iid, t.epoch, %d AS kind,"
            + " t.bids, t.asks, i.pmul, i.smul, t.receive_time, t.venue, t.symbol, t.seq";
        final List<String> parts = new ArrayList<>();
        if (files.containsKey(ReplayTable.L2DELTA)) {
            parts.add(columns.formatted(RECEIVE_NS, 1) + from(ReplayTable.L2DELTA) + where + " AND i.has_delta");
        }
        if (files.containsKey(ReplayTable.L2BOOK)) {
            parts.add(columns.formatted(RECEIVE_NS, 0) + from(ReplayTable.L2BOOK) + where + " AND NOT i.has_delta");
            if (options.fromNs() != Long.MIN_VALUE && files.containsKey(ReplayTable.L2DELTA)) {
                final String before = where(Long.MIN_VALUE, options.fromNs())
                    + (symbolFilter == null ? "" : " AND " + symbolFilter);
                // Served at --from (not paced from its own older time).
                parts.add(columns.formatted(options.fromNs(), 2) + from(ReplayTable.L2BOOK) + before
                    + " AND i.has_delta QUALIFY row_number() OVER (PARTITION BY t.venue, t.symbol"
                    + " ORDER BY t.receive_time DESC) = 1");
            }
        }
        // The level columns are computed after the sort (a projection keeps the sorted order), so the sort carries
        // two lists per row, not every level as a column.
        return "SELECT t.rcv, t.ex, t.iid, t.epoch, t.kind, len(t.bids), len(t.asks)" + levelColumns("bids", bidColumns)
            + levelColumns("asks", askColumns) + " FROM (SELECT * FROM (" + String.join(" UNION ALL ", parts)
            + ") u ORDER BY u.receive_time, u.venue, u.symbol, u.kind DESC, u.epoch, u.seq) t";
    }

    /**
     * The first {@code count} levels of a side as scalar mantissa columns (price, size, ...), then the levels
     * beyond them as one flattened list ({@code [price, size, ...]}, null when there are none). Scalars because the
     * JDBC driver boxes every element of a list: measured 0.4-0.5 M book rows/s of 40 levels through lists.
     */
    private static String levelColumns(final String side, final int count) {
        final StringBuilder sql = new StringBuilder();
        for (int k = 1; k <= count; k++) {
            sql.append(", CAST(round(t.").append(side).append('[').append(k).append("].price * t.pmul) AS BIGINT)")
                .append(", CAST(round(t.").append(side).append('[').append(k).append("].size * t.smul) AS BIGINT)");
        }
        return sql.append(", CASE WHEN len(t.").append(side).append(") > ").append(count)
            .append(" THEN flatten(list_transform(t.").append(side).append('[').append(count + 1)
            .append(":], lambda x: [x.price, x.size])) END AS ").append(side).append("_rest").toString();
    }

    /** @return scalar level columns per side in the book query: bids, asks */
    int[] levelColumnCounts() {
        return new int[] {Math.min(maxBidLevels, BookCursor.MAX_LEVEL_COLUMNS),
            Math.min(maxAskLevels, BookCursor.MAX_LEVEL_COLUMNS)};
    }

    static String quote(final String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (final SQLException e) {
            LOG.warn("closing DuckDB: {}", e.toString());
        }
        try (Stream<Path> walk = Files.walk(spillDir)) {
            for (final Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (final IOException e) {
            LOG.debug("removing {}: {}", spillDir, e.toString());
        }
    }
}
