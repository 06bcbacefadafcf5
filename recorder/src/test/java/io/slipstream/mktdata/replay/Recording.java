package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.launcher.config.ConfigLoader;
import io.slipstream.mktdata.launcher.daemon.Daemon;
import io.slipstream.mktdata.launcher.demo.SimulatorConfig;
import io.slipstream.mktdata.recorder.Recorder;
import io.slipstream.mktdata.recorder.RecorderConfig;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A short recorded session, made the production way: the daemon against venue-sim's synthetic market (both
 * venues), journaling, and the real recorder turning the journal into the Parquet tree (books with deltas).
 */
final class Recording {
    private Recording() {
    }

    /**
     * @param dir     scratch directory
     * @param seconds how long the market runs once every stream is live
     * @return the recorder's output path
     * @throws Exception if anything fails
     */
    static Path record(final Path dir, final long seconds) throws Exception {
        final Path journal = dir.resolve("journal");
        final Path output = dir.resolve("live");
        try (VenueSim sim = VenueSim.builder().synthetic(3, 11, 2_000).start()) {
            final Path config = SimulatorConfig.write(sim, dir.resolve("mktdata.toml"), dir.resolve("daemon.sock"),
                journal, 0);
            try (Daemon daemon = new Daemon(ConfigLoader.load(config, Map.of())).start()) {
                final long deadline = System.currentTimeMillis() + 60_000;
                while (!daemon.allStreamsLive()) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new AssertionError("the daemon did not get live on venue-sim");
                    }
                    Thread.sleep(100);
                }
                Thread.sleep(seconds * 1_000);
            }
        }
        // The journal is final: record all of it, then stop.
        final Recorder recorder = new Recorder(new RecorderConfig(output, journal, EnumSet.allOf(Venue.class),
            List.of("*"), List.of("*"), 100_000, 100, 200, 20, true));
        final Thread thread = new Thread(recorder, "recorder");
        thread.start();
        try {
            long last = -1;
            final long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                Thread.sleep(1_000);
                final long committed = recorder.eventsCommitted();
                if (committed > 0 && committed == last) {
                    break;
                }
                last = committed;
            }
        } finally {
            recorder.close();
        }
        return output;
    }

    /**
     * @param sql a query
     * @return its rows, each as a list of column values
     * @throws Exception if DuckDB fails
     */
    static List<List<Object>> query(final String sql) throws Exception {
        final List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            final int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                final List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(r.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * @param output the tree
     * @param table  a table
     * @return {@code read_parquet} of all its files
     */
    static String table(final Path output, final String table) {
        return "read_parquet('" + output.resolve(table) + "/**/*.parquet', union_by_name = true)";
    }
}
