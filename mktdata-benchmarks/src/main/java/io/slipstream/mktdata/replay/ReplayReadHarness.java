package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.instrument.InstrumentRegistry;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * How fast the replay reads Parquet through DuckDB's JDBC driver, without the engine: the scale pass, the sorted
 * queries, then rows/s per table cursor; and, for comparison, the book rows read as lists (the JDBC driver boxes
 * every element) instead of the scalar level columns the replay uses. In this package for the package-private
 * cursors. Run it on a tree written by {@code ReplayHarness} or recorded.
 *
 * <p>Usage: {@code ReplayReadHarness DIR [rounds=2]}.
 */
public final class ReplayReadHarness {
    private ReplayReadHarness() {
    }

    /**
     * @param args the tree, and how many rounds (the first one warms up)
     * @throws Exception if anything fails
     */
    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        for (int round = 1; round <= rounds; round++) {
            final long startNs = System.nanoTime();
            try (ReplayData data = ReplayData.open(ReplayOptions.parse(new String[] {"--data", dir.toString(),
                "--speed", "max"}))) {
                final long scalesNs = System.nanoTime();
                final List<RowCursor> cursors = data.openCursors(data.register(new InstrumentRegistry(4096)));
                final long openNs = System.nanoTime();
                System.out.printf("round %d: scale pass %.2f s, sorted queries %.2f s%n", round,
                    (scalesNs - startNs) / 1e9, (openNs - scalesNs) / 1e9);
                for (final RowCursor cursor : cursors) {
                    long rows = 1;
                    final long readNs = System.nanoTime();
                    while (cursor.advance()) {
                        rows++;
                    }
                    System.out.printf("  %s: %,d rows, %,.0f rows/s%n", cursor.getClass().getSimpleName(), rows,
                        rows / ((System.nanoTime() - readNs) / 1e9));
                    cursor.close();
                }
            }
            readLists(dir);
        }
    }

    /** The l2delta rows with their levels as two flattened DOUBLE lists, each read through getArray. */
    private static void readLists(final Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT flatten(list_transform(bids, lambda x: [x.price, x.size])),"
                 + " flatten(list_transform(asks, lambda x: [x.price, x.size])) FROM read_parquet('"
                 + dir.resolve("l2delta") + "/**/*.parquet') ORDER BY receive_time")) {
            final long startNs = System.nanoTime();
            long count = 0;
            double sum = 0;
            while (rows.next()) {
                for (int column = 1; column <= 2; column++) {
                    final Array array = rows.getArray(column);
                    for (final Object value : (Object[]) array.getArray()) {
                        sum += ((Number) value).doubleValue();
                    }
                }
                count++;
            }
            System.out.printf("  l2delta as lists through getArray: %,d rows, %,.0f rows/s (checksum %.0f)%n", count,
                count / ((System.nanoTime() - startNs) / 1e9), sum);
        }
    }
}
