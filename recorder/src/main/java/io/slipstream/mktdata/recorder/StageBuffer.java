package io.slipstream.mktdata.recorder;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one table since the last flush, column by column in Java arrays, grouped by the part file they go to
 * (table/venue[/symbol]/date). Kept until a flush has committed, so a failed flush (disk full, read-only directory)
 * is simply tried again. Owned by the recorder thread.
 */
final class StageBuffer {
    final Table table;
    int rows;
    int[] groups = new int[1024];
    long[][] longs;
    String[][] texts;
    int levelRows;
    /** Book levels of all rows: side (0 bid, 1 ask), price, size; row r's levels start at levelStart[r]. */
    long[][] levels = new long[3][1024];
    int[] levelStart = new int[1024];
    int valueCount;
    /** Staged doubles of all rows (tables with {@code hasValues}); row r's start at valueStart[r]. */
    double[] values = new double[1024];
    int[] valueStart = new int[1024];
    private final List<String> groupDirs = new ArrayList<>();
    private final List<String> groupDays = new ArrayList<>();
    private final Map<String, Integer> groupIds = new HashMap<>();

    StageBuffer(final Table table) {
        this.table = table;
        this.longs = new long[table.longColumns.size()][1024];
        this.texts = new String[table.textColumns.size()][1024];
    }

    /**
     * @param relativeDir the group's directory below the output root, e.g. {@code trades/binance/2026-01-15}
     * @param day         its UTC date, e.g. {@code 2026-01-15}
     * @return its group id in this batch
     */
    int group(final String relativeDir, final String day) {
        final Integer id = groupIds.get(relativeDir);
        if (id != null) {
            return id;
        }
        groupDirs.add(relativeDir);
        groupDays.add(day);
        groupIds.put(relativeDir, groupDirs.size() - 1);
        return groupDirs.size() - 1;
    }

    List<String> groupDirs() {
        return groupDirs;
    }

    /** @return a new row in the group; fill {@link #longs} and {@link #texts} at the returned index */
    int newRow(final int group) {
        if (rows == groups.length) {
            final int size = rows * 2;
            groups = Arrays.copyOf(groups, size);
            levelStart = Arrays.copyOf(levelStart, size);
            valueStart = Arrays.copyOf(valueStart, size);
            for (int c = 0; c < longs.length; c++) {
                longs[c] = Arrays.copyOf(longs[c], size);
            }
            for (int c = 0; c < texts.length; c++) {
                texts[c] = Arrays.copyOf(texts[c], size);
            }
        }
        groups[rows] = group;
        levelStart[rows] = levelRows;
        valueStart[rows] = valueCount;
        return rows++;
    }

    /** Adds a level to the newest row: all its bids first (best first), then its asks. */
    void addLevel(final int side, final long price, final long size) {
        if (levelRows == levels[0].length) {
            for (int c = 0; c < levels.length; c++) {
                levels[c] = Arrays.copyOf(levels[c], levelRows * 2);
            }
        }
        levels[0][levelRows] = side;
        levels[1][levelRows] = price;
        levels[2][levelRows] = size;
        levelRows++;
    }

    /** Adds a double to the newest row's value list. */
    void addValue(final double value) {
        if (valueCount == values.length) {
            values = Arrays.copyOf(values, valueCount * 2);
        }
        values[valueCount++] = value;
    }

    /** Appends every buffered row to the (empty) stage tables. */
    void appendTo(final DuckDBConnection connection) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table.stageName())) {
            if (table.chunked) {
                for (int from = 0; from < rows; from += Table.CHUNK_ROWS) {
                    final int to = Math.min(rows, from + Table.CHUNK_ROWS);
                    appender.beginRow();
                    appender.append(Arrays.copyOfRange(groups, from, to));
                    for (final long[] column : longs) {
                        appender.append(Arrays.copyOfRange(column, from, to));
                    }
                    appender.endRow();
                }
                return;
            }
            for (int r = 0; r < rows; r++) {
                appender.beginRow();
                appender.append(groups[r]);
                for (final long[] column : longs) {
                    appender.append(column[r]);
                }
                for (final String[] column : texts) {
                    if (column[r] == null) {
                        appender.appendNull();
                    } else {
                        appender.append(column[r]);
                    }
                }
                if (table.hasLevels) {
                    appendLevels(appender, r);
                }
                if (table.hasValues) {
                    appender.append(Arrays.copyOfRange(values, valueStart[r], r + 1 < rows ? valueStart[r + 1]
                        : valueCount));
                }
                appender.endRow();
            }
        }
    }

    private void appendLevels(final DuckDBAppender appender, final int row) throws SQLException {
        final int from = levelStart[row];
        final int to = row + 1 < rows ? levelStart[row + 1] : levelRows;
        int bids = 0;
        while (from + bids < to && levels[0][from + bids] == 0) {
            bids++;
        }
        appender.append(Arrays.copyOfRange(levels[1], from, from + bids));
        appender.append(Arrays.copyOfRange(levels[2], from, from + bids));
        appender.append(Arrays.copyOfRange(levels[1], from + bids, to));
        appender.append(Arrays.copyOfRange(levels[2], from + bids, to));
    }

    void clear() {
        rows = 0;
        levelRows = 0;
        valueCount = 0;
        for (final String[] column : texts) {
            Arrays.fill(column, null);
        }
        groupDirs.clear();
        groupDays.clear();
        groupIds.clear();
    }
}
