package io.slipstream.mktdata.recorder;

import io.slipstream.mktdata.instrument.Venue;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code recorder.toml}: the sprint document's keys plus where the daemon's journal is and how books are recorded.
 * Unknown keys and wrong types are refused with the key's name, like the daemon's configuration.
 *
 * @param outputPath          root of the Parquet tree
 * @param journalDir          the daemon's journal directory ({@code [daemon] journal_dir} of the daemon)
 * @param venues              venues recorded
 * @param orderbookSymbols    symbols whose books are recorded (snapshots, and deltas if asked)
 * @param quoteSymbols        symbols whose quotes are recorded tick by tick
 * @param batchRows           rows buffered before a flush writes parts
 * @param flushIntervalMs     longest time between flushes
 * @param bookSnapshotIntervalMs cadence of book snapshot rows
 * @param bookDepth           levels per side in a snapshot row
 * @param recordBookDeltas    also record every book delta (rebuildable books)
 */
public record RecorderConfig(Path outputPath, Path journalDir, Set<Venue> venues, List<String> orderbookSymbols,
                             List<String> quoteSymbols, int batchRows, long flushIntervalMs,
                             long bookSnapshotIntervalMs, int bookDepth, boolean recordBookDeltas) {
    /** Default rows per flush. */
    public static final int BATCH_ROWS_DEFAULT = 200_000;
    /** Default flush interval: parts appear within a second. */
    public static final long FLUSH_INTERVAL_MS_DEFAULT = 1_000;

    private static final Map<String, String> TOP_KEYS = Map.of(
        "output_path", "string", "journal_dir", "string", "venues", "array of strings",
        "record_orderbook_symbols", "array of strings", "record_quote_symbols", "array of strings",
        "batching", "table", "books", "table");
    private static final Map<String, String> BATCHING_KEYS = Map.of("batch_size", "integer",
        "flush_interval_seconds", "number");
    private static final Map<String, String> BOOKS_KEYS = Map.of("snapshot_interval_ms", "integer",
        "depth", "integer", "record_deltas", "boolean");

    /** A configuration that cannot be used; the message names every problem. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigException(final String message) {
            super(message);
        }
    }

    /**
     * @param file the TOML file
     * @return the validated configuration
     * @throws IOException     if it cannot be read
     * @throws ConfigException listing every problem
     */
    public static RecorderConfig load(final Path file) throws IOException, ConfigException {
        final TomlParseResult toml = Toml.parse(file);
        final List<String> problems = new ArrayList<>();
        toml.errors().forEach(e -> problems.add(file + ": " + e.toString()));
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
        checkKeys(toml, "", TOP_KEYS, problems);
        final String output = string(toml, "output_path", null, problems);
        final String journal = string(toml, "journal_dir", null, problems);
        if (output == null && !toml.contains("output_path")) {
            problems.add("output_path: required");
        }
        if (journal == null && !toml.contains("journal_dir")) {
            problems.add("journal_dir: required (the daemon's [daemon] journal_dir)");
        }
        final Set<Venue> venues = EnumSet.noneOf(Venue.class);
        for (final String name : strings(toml, "venues", List.of("hyperliquid", "binance"), problems)) {
            final Venue venue = Venue.fromWireName(name);
            if (venue == null) {
                problems.add("venues: unknown venue \"" + name + "\" (hyperliquid, binance)");
            } else {
                venues.add(venue);
            }
        }
        final List<String> books = strings(toml, "record_orderbook_symbols", List.of(), problems);
        final List<String> quotes = strings(toml, "record_quote_symbols", List.of(), problems);
        final TomlTable batching = table(toml, "batching", problems);
        final TomlTable bookTable = table(toml, "books", problems);
        if (batching != null) {
            checkKeys(batching, "batching.", BATCHING_KEYS, problems);
        }
        if (bookTable != null) {
            checkKeys(bookTable, "books.", BOOKS_KEYS, problems);
        }
        final long batchRows = integer(batching, "batching.batch_size", "batch_size", BATCH_ROWS_DEFAULT, 1,
            50_000_000, problems);
        final double flushSeconds = number(batching, "batching.flush_interval_seconds", "flush_interval_seconds",
            FLUSH_INTERVAL_MS_DEFAULT / 1000.0, problems);
        if (flushSeconds < 0.05 || flushSeconds > 3600) {
            problems.add("batching.flush_interval_seconds: must be in 0.05..3600, got " + flushSeconds);
        }
        final long snapshotMs = integer(bookTable, "books.snapshot_interval_ms", "snapshot_interval_ms", 1000, 1,
            3_600_000, problems);
        final long depth = integer(bookTable, "books.depth", "depth", 20, 1, 1000, problems);
        boolean deltas = false;
        if (bookTable != null && bookTable.contains("record_deltas")) {
            if (bookTable.isBoolean("record_deltas")) {
                deltas = bookTable.getBoolean("record_deltas");
            } else {
                problems.add("books.record_deltas: must be a boolean");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
        final Path base = file.toAbsolutePath().getParent();
        return new RecorderConfig(base.resolve(output), base.resolve(journal), venues, books, quotes,
            (int) batchRows, Math.round(flushSeconds * 1000), snapshotMs, (int) depth, deltas);
    }

    /**
     * @param venue  the venue
     * @param symbol an instrument's symbol on it
     * @param listed configured names
     * @return true if the symbol is listed, by its own name or (Binance) its base coin before USDT/USDC
     */
    public static boolean matches(final Venue venue, final String symbol, final List<String> listed) {
        for (final String name : listed) {
            if (name.equals("*") || name.equalsIgnoreCase(symbol)
                || (venue == Venue.BINANCE_USDM && (symbol.equalsIgnoreCase(name + "USDT")
                || symbol.equalsIgnoreCase(name + "USDC")))) {
                return true;
            }
        }
        return false;
    }

    private static void checkKeys(final TomlTable table, final String prefix, final Map<String, String> known,
                                  final List<String> problems) {
        for (final String key : table.keySet()) {
            if (!known.containsKey(key)) {
                problems.add(prefix + key + ": unknown key (known: " + String.join(", ",
                    known.keySet().stream().sorted().toList()) + ")");
            }
        }
    }

    private static String string(final TomlTable toml, final String key, final String fallback,
                                 final List<String> problems) {
        if (!toml.contains(key)) {
            return fallback;
        }
        if (!toml.isString(key)) {
            problems.add(key + ": must be a string");
            return fallback;
        }
        return toml.getString(key);
    }

    private static List<String> strings(final TomlTable toml, final String key, final List<String> fallback,
                                        final List<String> problems) {
        if (!toml.contains(key)) {
            return fallback;
        }
        if (!toml.isArray(key)) {
            problems.add(key + ": must be an array of strings");
            return fallback;
        }
        final TomlArray array = toml.getArray(key);
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String value)) {
                problems.add(key + "[" + i + "]: must be a string");
                continue;
            }
            values.add(value);
        }
        return List.copyOf(values);
    }

    private static TomlTable table(final TomlTable toml, final String key, final List<String> problems) {
        if (!toml.contains(key)) {
            return null;
        }
        if (!toml.isTable(key)) {
            problems.add(key + ": must be a table ([" + key + "])");
            return null;
        }
        return toml.getTable(key);
    }

    private static long integer(final TomlTable table, final String name, final String key, final long fallback,
                                final long min, final long max, final List<String> problems) {
        if (table == null || !table.contains(key)) {
            return fallback;
        }
        if (!table.isLong(key)) {
            problems.add(name + ": must be an integer");
            return fallback;
        }
        final long value = table.getLong(key);
        if (value < min || value > max) {
            problems.add(name + ": must be in " + min + ".." + max + ", got " + value);
            return fallback;
        }
        return value;
    }

    private static double number(final TomlTable table, final String name, final String key, final double fallback,
                                 final List<String> problems) {
        if (table == null || !table.contains(key)) {
            return fallback;
        }
        if (table.isLong(key)) {
            return table.getLong(key);
        }
        if (table.isDouble(key)) {
            return table.getDouble(key);
        }
        problems.add(name + ": must be a number");
        return fallback;
    }
}
