package io.slipstream.mktdata.recorder;

import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.journal.JournalFormat;
import io.slipstream.mktdata.journal.JournalHandler;
import io.slipstream.mktdata.journal.JournalReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the daemon published, read straight from its journal, as the rows each table must hold (key: epoch, stream,
 * sequence), and what the Parquet tree holds, read with DuckDB: the two sides of every exactly-once assertion.
 */
final class JournalTruth {
    private JournalTruth() {
    }

    /**
     * @param journalDir  the journal
     * @param quoteSymbol the symbol whose quotes are recorded
     * @param bookSymbol  the symbol whose book deltas are recorded
     * @return per table, the expected row keys
     */
    static Map<String, List<String>> expected(final Path journalDir, final String quoteSymbol, final String bookSymbol)
        throws IOException {
        final Map<String, List<String>> rows = new TreeMap<>();
        for (final String table : List.of("trades", "quotes", "candles", "mark", "status", "l2delta", "features")) {
            rows.put(table, new ArrayList<>());
        }
        final Map<Long, String> symbols = new HashMap<>();
        final JournalHandler handler = new JournalHandler() {
            @Override
            public void onRecord(final long epoch, final long position, final ByteBuffer b, final int o,
                                 final int length, final boolean replay) {
                final int type = b.getShort(o);
                if (type == JournalFormat.TYPE_INSTRUMENT) {
                    final byte[] symbol = new byte[b.getShort(o + JournalFormat.INSTRUMENT_SYMBOL_LENGTH_OFFSET)];
                    b.get(o + JournalFormat.INSTRUMENT_SYMBOL_OFFSET, symbol);
                    symbols.put(epoch * 100_000 + b.getInt(o + JournalFormat.INSTRUMENT_ID_OFFSET),
                        new String(symbol, StandardCharsets.UTF_8));
                    return;
                }
                if (replay || type >= JournalFormat.TYPE_INSTRUMENT) {
                    return;
                }
                final String symbol = symbols.get(epoch * 100_000 + b.getInt(o + EventLayout.INSTRUMENT_OFFSET));
                final long seq = b.getLong(o + EventLayout.STREAM_SEQUENCE_OFFSET);
                final String key = epoch + "|" + symbol + "|" + seq;
                switch (EventType.fromCode(type)) {
                    case TRADE -> rows.get("trades").add(key);
                    case QUOTE -> {
                        if ("*".equals(quoteSymbol) || quoteSymbol.equals(symbol)) {
                            rows.get("quotes").add(key);
                        }
                    }
                    case CANDLE -> {
                        if (b.get(o + EventLayout.CANDLE_CLOSED_OFFSET) != 0) {
                            rows.get("candles").add(key + "|" + io.slipstream.mktdata.candle.CandleInterval.fromCode(
                                b.get(o + EventLayout.CANDLE_INTERVAL_OFFSET)).wireName());
                        }
                    }
                    case MARK_PRICE -> rows.get("mark").add(key);
                    case STATUS -> rows.get("status").add(epoch + "|"
                        + Venue.fromCode(b.get(o + EventLayout.VENUE_OFFSET)).wireName() + "|" + seq);
                    case BOOK_DELTA -> {
                        if ("*".equals(bookSymbol) || bookSymbol.equals(symbol)) {
                            rows.get("l2delta").add(key);
                        }
                    }
                    case FEATURES -> {
                        // The row's decoded shape too: sequences, the counterpart's symbol, the window and band lists.
                        final int windows = b.get(o + EventLayout.FEATURES_WINDOW_COUNT_OFFSET);
                        final int counterpart = b.getInt(o + EventLayout.FEATURES_COUNTERPART_OFFSET);
                        rows.get("features").add(key + "|" + b.getLong(o + EventLayout.FEATURES_BOOK_SEQUENCE_OFFSET)
                            + "|" + b.getLong(o + EventLayout.FEATURES_TRADE_SEQUENCE_OFFSET) + "|"
                            + (counterpart == -1 ? "-" : symbols.get(epoch * 100_000 + counterpart)) + "|" + windows
                            + "|" + b.getLong(o + EventLayout.windowField(windows - 1, EventLayout.WINDOW_TRADE_COUNT))
                            + "|" + b.get(o + EventLayout.FEATURES_BAND_COUNT_OFFSET) + "|"
                            + Double.isNaN(b.getDouble(o + EventLayout.FEATURES_MID_OFFSET)));
                    }
                    default -> {
                        // BOOK_SNAPSHOT is never journaled
                    }
                }
            }

            @Override
            public void onLost(final long e, final long f, final long te, final long t, final String reason) {
                // the tests keep the whole journal
            }
        };
        try (JournalReader reader = new JournalReader(journalDir, 0, 0)) {
            for (int idle = 0; idle < 3; ) {
                idle = reader.poll(handler, 10_000) == 0 ? idle + 1 : 0;
                if (idle > 0) {
                    try {
                        Thread.sleep(60);
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        return rows;
    }

    /** @return the key columns each table is compared on */
    static String keySql(final String table) {
        return switch (table) {
            case "candles" -> "epoch || '|' || symbol || '|' || seq || '|' || interval";
            case "status" -> "epoch || '|' || venue || '|' || seq";
            case "features" -> "epoch || '|' || symbol || '|' || seq || '|' || book_seq || '|' || trade_seq || '|'"
                + " || coalesce(counterpart, '-') || '|' || len(windows) || '|' || windows[-1].trade_count || '|'"
                + " || len(bands) || '|' || (mid IS NULL)";
            default -> "epoch || '|' || symbol || '|' || seq";
        };
    }

    /**
     * @param outputRoot the Parquet tree
     * @param table      a table
     * @return its row keys, duplicates included (empty if the table has no files)
     */
    static List<String> recorded(final Path outputRoot, final String table) throws SQLException {
        final List<String> keys = new ArrayList<>();
        if (!java.nio.file.Files.isDirectory(outputRoot.resolve(table))) {
            return keys;
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + keySql(table) + " FROM read_parquet("
                 + PartStore.quote(outputRoot.resolve(table) + "/**/*.parquet") + ", union_by_name = true)")) {
            while (r.next()) {
                keys.add(r.getString(1));
            }
        }
        return keys;
    }

    /** @return one scalar from a query */
    static long scalar(final String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

}
