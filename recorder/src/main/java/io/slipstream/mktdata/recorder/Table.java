package io.slipstream.mktdata.recorder;

import java.util.List;

/**
 * The recorded tables: how rows are staged in DuckDB (integers as the engine keeps them, strings only where a
 * table is rare) and the SELECT that turns a group of staged rows into a Parquet part (decimals scaled through the
 * {@code instruments} table, times as TIMESTAMP_NS). Schemas are documented in docs/data.md.
 */
enum Table {
    /** Closed candles, and corrections (a closed candle published again). */
    CANDLES("candles", false, false,
        List.of("iid", "ex", "rcv", "ivl", "open_ms", "o", "h", "l", "c", "vol", "n", "src", "seq", "epoch"),
        List.of("ivl_name"),
        "SELECT make_timestamp_ns(s.ex) AS exchange_time, make_timestamp_ns(s.rcv) AS receive_time, i.venue,"
            + " i.symbol, s.ivl_name AS interval, make_timestamp(s.open_ms * 1000) AS open_time,"
            + " s.o / i.pdiv AS open, s.h / i.pdiv AS high, s.l / i.pdiv AS low, s.c / i.pdiv AS close,"
            + " s.vol / i.sdiv AS volume, s.n AS num_trades,"
            + " CASE s.src WHEN 0 THEN 'live' WHEN 1 THEN 'backfill' ELSE 'trades' END AS source, s.seq, s.epoch"
            + " FROM stage_candles s JOIN instruments i ON i.epoch = s.epoch AND i.iid = s.iid"
            + " WHERE s.grp = {grp} ORDER BY i.symbol, s.ivl, s.seq"),
    /** Every trade of every symbol. */
    TRADES("trades", false, false,
        List.of("iid", "ex", "rcv", "price", "size", "side", "trade_id", "flags", "seq", "epoch"), List.of(),
        "SELECT make_timestamp_ns(s.ex) AS exchange_time, make_timestamp_ns(s.rcv) AS receive_time, i.venue,"
            + " i.symbol, s.price / i.pdiv AS price, s.size / i.sdiv AS size,"
            + " CASE s.side WHEN 0 THEN 'buy' WHEN 1 THEN 'sell' END AS side, s.trade_id,"
            + " s.flags::UTINYINT AS flags, s.seq, s.epoch"
            + " FROM stage_trades s JOIN instruments i ON i.epoch = s.epoch AND i.iid = s.iid"
            + " WHERE s.grp = {grp} ORDER BY s.iid, s.seq"),
    /** Best bid/offer, tick by tick, for the configured symbols. */
    QUOTES("quotes", true, false,
        List.of("iid", "ex", "rcv", "bp", "bs", "ap", "az", "seq", "epoch"), List.of(),
        "SELECT make_timestamp_ns(s.ex) AS exchange_time, make_timestamp_ns(s.rcv) AS receive_time, i.venue,"
            + " i.symbol, CASE WHEN s.bp = " + Long.MIN_VALUE + " THEN NULL ELSE s.bp / i.pdiv END AS bid_price,"
            + " s.bs / i.sdiv AS bid_size,"
            + " CASE WHEN s.ap = " + Long.MIN_VALUE + " THEN NULL ELSE s.ap / i.pdiv END AS ask_price,"
            + " s.az / i.sdiv AS ask_size, s.seq, s.epoch"
            + " FROM stage_quotes s JOIN instruments i ON i.epoch = s.epoch AND i.iid = s.iid"
            + " WHERE s.grp = {grp}"),
    /** Top-of-book snapshots (depth levels a side) at the configured cadence, for the configured symbols. */
    L2BOOK("l2book", true, true,
        List.of("iid", "ex", "rcv", "vseq", "seq", "epoch"), List.of(),
        "SELECT make_timestamp_ns(s.ex) AS exchange_time, make_timestamp_ns(s.rcv) AS receive_time, i.venue,"
            + " i.symbol, " + levels("bids", "bp", "bs") + ", " + levels("asks", "ap", "az") + ","
            + " (s.bp[1] + s.ap[1]) / i.pdiv / 2 AS mid,"
            + " 10000 * (s.ap[1] - s.bp[1]) / ((s.bp[1] + s.ap[1]) / 2) AS spread_bps,"
            + " s.vseq AS venue_sequence, s.seq, s.epoch"
            + " FROM stage_l2book s JOIN instruments i ON i.epoch = s.epoch AND i.iid = s.iid"
            + " WHERE s.grp = {grp}"),
    /** Every book delta (changed levels, absolute sizes, 0 = removed), if configured. */
    L2DELTA("l2delta", true, true,
        List.of("iid", "ex", "rcv", "vseq", "flags", "seq", "epoch"), List.of(),
        "SELECT make_timestamp_ns(s.ex) AS exchange_time, make_timestamp_ns(s.rcv) AS receive_time, i.venue,"
            + " i.symbol, " + levels("bids", "bp", "bs") + ", " + levels("asks", "ap", "az") + ","
            + " (s.flags & 2) <> 0 AS from_snapshot, s.vseq AS venue_sequence, s.seq, s.epoch"
            + " FROM stage_l2delta s JOIN instruments i ON i.epoch = s.epoch AND i.iid = s.iid"
            + " WHERE s.grp = {grp}"),
    /** Mark price, index price and funding. */
    MARK("mark", false, false,
        List.of("iid", "ex", "rcv", "mark", "idx", "funding", "next_ms", "seq", "epoch"), List.of(),
        "SELECT make_timestamp_ns(s.ex) AS exchange_time, make_timestamp_ns(s.rcv) AS receive_time, i.venue,"
            + " i.symbol, s.mark / i.pdiv AS mark_price, s.idx / i.pdiv AS index_price,"
            + " s.funding / 1e10 AS funding_rate,"
            + " CASE WHEN s.next_ms = 0 THEN NULL ELSE make_timestamp(s.next_ms * 1000) END AS next_funding_time,"
            + " s.seq, s.epoch FROM stage_mark s JOIN instruments i ON i.epoch = s.epoch AND i.iid = s.iid"
            + " WHERE s.grp = {grp} ORDER BY s.iid, s.seq"),
    /**
     * Every features event (docs/features.md) of every symbol. The doubles of a row are staged as one list {@code v}
     * laid out by {@link #FEATURE_SCALARS}, {@link #FEATURE_WINDOW_VALUES} and {@link #FEATURE_BAND_VALUES}; NaN
     * (undefined) becomes null.
     */
    FEATURES("features", false, false, true,
        List.of("iid", "ex", "rcv", "bseq", "tseq", "cp", "cpseq", "age", "cpage", "nw", "nb", "seq", "epoch"),
        "SELECT make_timestamp_ns(s.ex) AS exchange_time, make_timestamp_ns(s.rcv) AS receive_time, i.venue,"
            + " i.symbol, s.bseq AS book_seq, s.tseq AS trade_seq, " + value("s.v[1]") + " AS mid, "
            + value("s.v[2]") + " AS spread_bps, " + value("s.v[3]") + " AS spread_velocity_bps_per_s, "
            + value("s.v[4]") + " AS imbalance_bps, " + value("s.v[5]") + " AS depth_imbalance, "
            + value("s.v[6]") + " AS visible_depth_bps,"
            + " CASE WHEN s.age = -1 THEN NULL ELSE s.age / 1e6 END AS mid_age_ms, c.symbol AS counterpart,"
            + " CASE WHEN s.cp = -1 THEN NULL ELSE s.cpseq END AS counterpart_book_seq, "
            + value("s.v[7]") + " AS basis_bps,"
            + " CASE WHEN s.cpage = -1 THEN NULL ELSE s.cpage / 1e6 END AS counterpart_mid_age_ms, "
            + featureWindows() + " AS windows, " + featureBands() + " AS bands, s.seq, s.epoch"
            + " FROM stage_features s JOIN instruments i ON i.epoch = s.epoch AND i.iid = s.iid"
            + " LEFT JOIN instruments c ON c.epoch = s.epoch AND c.iid = s.cp"
            + " WHERE s.grp = {grp} ORDER BY s.iid, s.seq"),
    /** Every status event (connected, live, gap, stale...). */
    STATUS("status", false, false, List.of("ex", "rcv", "detail", "seq", "epoch"),
        List.of("venue", "symbol", "stream", "status"),
        "SELECT make_timestamp_ns(s.ex) AS exchange_time, make_timestamp_ns(s.rcv) AS receive_time, s.venue,"
            + " s.symbol, s.stream, s.status, s.detail, s.seq, s.epoch FROM stage_status s"
            + " WHERE s.grp = {grp}"),
    /** What was lost, where and when: venue gaps, daemon restarts, journal holes. */
    GAPS("gaps", false, false, List.of("ex", "rcv", "lost", "seq", "epoch"),
        List.of("venue", "symbol", "stream", "reason"),
        "SELECT make_timestamp_ns(s.ex) AS exchange_time, make_timestamp_ns(s.rcv) AS receive_time, s.venue,"
            + " s.symbol, s.stream, s.lost, s.reason, s.seq, s.epoch FROM stage_gaps s"
            + " WHERE s.grp = {grp} ORDER BY s.seq");

    final String dirName;
    final boolean perSymbol;
    final boolean hasLevels;
    /** Whether each row has a DOUBLE list {@code v} (features). */
    final boolean hasValues;
    final List<String> longColumns;
    final List<String> textColumns;
    final String selectTemplate;
    /**
     * Staged as chunks: one stage row holds {@link #CHUNK_ROWS} rows as one BIGINT list per column, appended with
     * a bulk array copy per column and unnested in the COPY: measured 5-10x faster than appending row by row.
     * Book tables (per-row level lists) and tables with text columns are appended row by row.
     */
    final boolean chunked;

    /** Rows per staged chunk. */
    static final int CHUNK_ROWS = 8192;

    /** Features: the doubles staged first: mid, spread, velocity, imbalance band, imbalance, horizon, basis. */
    static final int FEATURE_SCALARS = 7;
    /** Features: doubles staged per window (window_ms, trade_count, then the ten doubles in column order). */
    static final int FEATURE_WINDOW_VALUES = 12;
    /** Features: doubles staged per band (band_bps, bid_depth, ask_depth). */
    static final int FEATURE_BAND_VALUES = 3;

    Table(final String dirName, final boolean perSymbol, final boolean hasLevels, final List<String> longColumns,
          final List<String> textColumns, final String selectTemplate) {
        this(dirName, perSymbol, hasLevels, false, longColumns, textColumns, selectTemplate);
    }

    Table(final String dirName, final boolean perSymbol, final boolean hasLevels, final boolean hasValues,
          final List<String> longColumns, final String selectTemplate) {
        this(dirName, perSymbol, hasLevels, hasValues, longColumns, List.of(), selectTemplate);
    }

    Table(final String dirName, final boolean perSymbol, final boolean hasLevels, final boolean hasValues,
          final List<String> longColumns, final List<String> textColumns, final String selectTemplate) {
        this.dirName = dirName;
        this.perSymbol = perSymbol;
        this.hasLevels = hasLevels;
        this.hasValues = hasValues;
        this.longColumns = longColumns;
        this.textColumns = textColumns;
        this.chunked = !hasLevels && !hasValues && textColumns.isEmpty();
        this.selectTemplate = chunked
            ? selectTemplate.replace("FROM " + stageName() + " s", "FROM " + unnested() + " s") : selectTemplate;
    }

    private String unnested() {
        final StringBuilder sql = new StringBuilder("(SELECT unnest(grp) AS grp");
        for (final String column : longColumns) {
            sql.append(", unnest(").append(column).append(") AS ").append(column);
        }
        return sql.append(" FROM ").append(stageName()).append(')').toString();
    }

    /** Book levels are staged as four BIGINT lists per row (appended as arrays: no join, no aggregation). */
    private static String levels(final String name, final String prices, final String sizes) {
        return "list_transform(range(1, len(s." + prices + ") + 1), lambda k: {'price': s." + prices
            + "[k] / i.pdiv, 'size': s." + sizes + "[k] / i.sdiv}) AS " + name;
    }

    /** A staged double, NaN (undefined) as null. */
    private static String value(final String expression) {
        return "CASE WHEN isnan(" + expression + ") THEN NULL ELSE " + expression + " END";
    }

    /** The list of window structs, in config order, from the staged values. */
    private static String featureWindows() {
        // Local, not a static field: the enum constants are built before the class's other static fields.
        final List<String> fields = List.of("window_ms", "trade_count", "buy_volume", "sell_volume", "buy_notional",
            "sell_notional", "signed_notional", "toxicity", "aggressor_imbalance", "arrival_rate", "vwap",
            "vwap_deviation_bps");
        final StringBuilder struct = new StringBuilder("{");
        for (int k = 0; k < fields.size(); k++) {
            final String at = "s.v[" + (FEATURE_SCALARS + 1 + k) + " + " + FEATURE_WINDOW_VALUES + " * w]";
            struct.append(k == 0 ? "" : ", ").append('\'').append(fields.get(k)).append("': ")
                .append(k < 2 ? at + "::BIGINT" : value(at));
        }
        return "list_transform(range(0, s.nw), lambda w: " + struct.append("})");
    }

    /** The list of band structs, in config order, from the staged values. */
    private static String featureBands() {
        final List<String> fields = List.of("band_bps", "bid_depth", "ask_depth");
        final StringBuilder struct = new StringBuilder("{");
        for (int k = 0; k < fields.size(); k++) {
            final String at = "s.v[" + (FEATURE_SCALARS + 1 + k) + " + " + FEATURE_WINDOW_VALUES + " * s.nw + "
                + FEATURE_BAND_VALUES + " * b]";
            struct.append(k == 0 ? "" : ", ").append('\'').append(fields.get(k)).append("': ").append(value(at));
        }
        return "list_transform(range(0, s.nb), lambda b: " + struct.append("})");
    }

    String stageName() {
        return "stage_" + dirName;
    }

    String createStageSql() {
        final String list = chunked ? "[]" : "";
        final StringBuilder sql = new StringBuilder("CREATE TABLE ").append(stageName()).append(" (grp INTEGER")
            .append(list);
        for (final String column : longColumns) {
            sql.append(", ").append(column).append(" BIGINT").append(list);
        }
        for (final String column : textColumns) {
            sql.append(", ").append(column).append(" VARCHAR");
        }
        if (hasLevels) {
            // Per-row lists, appended row by row (the appender takes no list of lists).
            sql.append(", bp BIGINT[], bs BIGINT[], ap BIGINT[], az BIGINT[]");
        }
        if (hasValues) {
            sql.append(", v DOUBLE[]");
        }
        return sql.append(')').toString();
    }

    /** @return the SELECT of every staged row, its group first (the column the COPY partitions by) */
    String selectAllGroups() {
        return selectTemplate.replace(" WHERE s.grp = {grp}", "")
            .replaceFirst("SELECT make_timestamp_ns\\(s\\.ex\\)", "SELECT s.grp, make_timestamp_ns(s.ex)");
    }
}
