package io.slipstream.mktdata.launcher.config;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.feature.FeatureConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every key the daemon's config file knows, with its type and default: the one list the loader checks files and
 * environment overrides against, so a key cannot be read without being known (and documented in
 * {@code config/mktdata.example.toml}, which a test keeps in step).
 */
final class ConfigSchema {
    /** The environment prefix of overrides. */
    static final String ENV_PREFIX = "SLIPSTREAM_MKTDATA_";
    /** Venue table names. */
    static final String HYPERLIQUID = "hyperliquid";
    /** Venue table names. */
    static final String BINANCE = "binance";

    /** The value types a key may have. */
    enum Kind {
        /** A TOML string. */
        STRING("a string"),
        /** A TOML integer. */
        INTEGER("an integer"),
        /** A TOML boolean. */
        BOOLEAN("a boolean"),
        /** An array of strings. */
        STRING_LIST("an array of strings"),
        /** The string {@code "all"} or an array of strings. */
        SYMBOLS("\"all\" or an array of strings"),
        /** A TOML integer or float, read as a double. */
        NUMBER("a number"),
        /** An array of integers. */
        INTEGER_LIST("an array of integers"),
        /** An array of numbers (integers or floats), read as doubles. */
        NUMBER_LIST("an array of numbers");

        private final String description;

        Kind(final String description) {
            this.description = description;
        }

        /** @return e.g. {@code a string}, for error messages */
        String description() {
            return description;
        }
    }

    /**
     * One key.
     *
     * @param name         the dotted name, e.g. {@code daemon.socket_path}
     * @param kind         its type
     * @param defaultValue the value when neither file nor environment sets it (String, Long, Boolean, Double,
     *                     {@code List<String>}, {@code List<Long>} or {@code List<Double>}); null when it has none
     *                     (optional keys)
     */
    record Key(String name, Kind kind, Object defaultValue) {
    }

    /** Tables, by dotted name, and the names allowed directly inside each (keys and sub-tables). */
    private static final Map<String, Set<String>> TABLES = new LinkedHashMap<>();
    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    private static final Map<String, Key> BY_ENV_NAME = new LinkedHashMap<>();

    static {
        key("daemon.socket_path", Kind.STRING, "/var/run/slipstream/mktdata.sock");
        key("daemon.socket_mode", Kind.STRING, "0660");
        key("daemon.socket_group", Kind.STRING, "");
        key("daemon.log_level", Kind.STRING, "info");
        key("daemon.log_path", Kind.STRING, "");
        key("daemon.max_clients", Kind.INTEGER, 64L);
        key("daemon.max_message_bytes", Kind.INTEGER, 1_048_576L);
        key("daemon.client_queue_bytes", Kind.INTEGER, 8_388_608L);
        key("daemon.heartbeat_ms", Kind.INTEGER, 1_000L);
        key("daemon.journal_dir", Kind.STRING, "");
        key("daemon.journal_retention_hours", Kind.INTEGER, 48L);
        key("daemon.journal_retention_mb", Kind.INTEGER, 20_480L);
        key("daemon.realtime_priority", Kind.INTEGER, 0L);
        key("daemon.ipc_thread", Kind.STRING, "engine");
        key("daemon.hot_path_cpus", Kind.INTEGER_LIST, List.of());

        for (final CandleInterval interval : CandleInterval.values()) {
            key(candleCountKey(interval), Kind.INTEGER, (long) defaultCandleCount(interval));
        }
        key("retention.trades_per_symbol", Kind.INTEGER, 1_000L);
        key("retention.quotes_per_symbol", Kind.INTEGER, 1_000L);
        key("retention.book_max_levels", Kind.INTEGER, 2_000L);

        final List<String> allChannels = List.of("book", "trades", "quotes", "candles", "mark");
        final List<String> defaultIntervals = List.of("15m", "1h", "4h");
        table("venues");
        for (final String venue : List.of(HYPERLIQUID, BINANCE)) {
            final String p = "venues." + venue + ".";
            key(p + "enabled", Kind.BOOLEAN, Boolean.TRUE);
            if (venue.equals(HYPERLIQUID)) {
                key(p + "websocket_url", Kind.STRING, "wss://api.hyperliquid.xyz/ws");
                key(p + "rest_url", Kind.STRING, "https://api.hyperliquid.xyz/info");
            } else {
                key(p + "rest_url", Kind.STRING, "https://fapi.binance.com");
                key(p + "public_ws_url", Kind.STRING, "wss://fstream.binance.com/public");
                key(p + "market_ws_url", Kind.STRING, "wss://fstream.binance.com/market");
            }
            key(p + "symbols", Kind.SYMBOLS, "all");
            key(p + "channels", Kind.STRING_LIST, allChannels);
            key(p + "candle_intervals", Kind.STRING_LIST, defaultIntervals);
            key(p + "reconnect_delay_ms", Kind.INTEGER, 1_000L);
            key(p + "max_reconnect_delay_ms", Kind.INTEGER, venue.equals(HYPERLIQUID) ? 30_000L : 60_000L);
            key(p + "capture_dir", Kind.STRING, "");
            if (venue.equals(HYPERLIQUID)) {
                key(p + "rate_limits.max_subscriptions", Kind.INTEGER, 1_000L);
                key(p + "rate_limits.max_messages_per_minute", Kind.INTEGER, 1_500L);
                key(p + "rate_limits.max_messages_per_second", Kind.INTEGER, null);
                key(p + "rate_limits.max_connections", Kind.INTEGER, 10L);
            } else {
                key(p + "rate_limits.max_subscriptions", Kind.INTEGER, 200L);
                key(p + "rate_limits.max_messages_per_second", Kind.INTEGER, 5L);
            }
        }

        key("features.enabled", Kind.BOOLEAN, Boolean.TRUE);
        key("features.interval_ms", Kind.INTEGER, FeatureConfig.DEFAULT_INTERVAL_MS);
        key("features.windows_ms", Kind.INTEGER_LIST, List.of(1_000L, 10_000L, 60_000L));
        key("features.depth_bands_bps", Kind.NUMBER_LIST, List.of(5.0, 10.0, 25.0, 50.0, 100.0));
        key("features.imbalance_bps", Kind.NUMBER, FeatureConfig.DEFAULT_IMBALANCE_BPS);

        key("health.metrics_port", Kind.INTEGER, 0L);
        key("health.metrics_bind", Kind.STRING, "127.0.0.1");
        key("health.watchdog_interval_ms", Kind.INTEGER, 5_000L);
    }

    private ConfigSchema() {
    }

    private static void key(final String name, final Kind kind, final Object defaultValue) {
        final Key key = new Key(name, kind, defaultValue);
        KEYS.put(name, key);
        final int dot = name.lastIndexOf('.');
        table(name.substring(0, dot));
        TABLES.get(name.substring(0, dot)).add(name.substring(dot + 1));
        BY_ENV_NAME.put(envName(name), key);
    }

    private static void table(final String name) {
        if (TABLES.containsKey(name)) {
            return;
        }
        TABLES.put(name, new LinkedHashSet<>());
        final int dot = name.lastIndexOf('.');
        final String parent = dot < 0 ? "" : name.substring(0, dot);
        table(parent);
        if (!name.isEmpty()) {
            TABLES.get(parent).add(dot < 0 ? name : name.substring(dot + 1));
        }
    }

    /**
     * @param interval a candle interval
     * @return its retention key, e.g. {@code retention.candles_15m_count}
     */
    static String candleCountKey(final CandleInterval interval) {
        return "retention.candles_" + interval.wireName() + "_count";
    }

    /**
     * @param interval a candle interval
     * @return candles kept when the config does not say: the sprint document's 4h 1200, else 2000
     */
    static int defaultCandleCount(final CandleInterval interval) {
        return interval == CandleInterval.H4 ? 1_200 : 2_000;
    }

    /**
     * The override's name: {@code SLIPSTREAM_MKTDATA_} and the dotted name with dots as underscores, upper case
     * ({@code venues.binance.rate_limits.max_subscriptions} is {@code
     * SLIPSTREAM_MKTDATA_VENUES_BINANCE_RATE_LIMITS_MAX_SUBSCRIPTIONS}). The one clash, {@code candles_1m_count}
     * (a minute) against {@code candles_1M_count} (a month), is settled by spelling the month {@code 1MONTH}.
     *
     * @param key a dotted key name
     * @return its environment variable
     */
    static String envName(final String key) {
        final String spelled = key.equals("retention.candles_1M_count") ? "retention.candles_1month_count" : key;
        return ENV_PREFIX + spelled.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** @return every key by dotted name, in documentation order */
    static Map<String, Key> keys() {
        return Collections.unmodifiableMap(KEYS);
    }

    /**
     * @param envName an environment variable
     * @return the key it overrides, or null
     */
    static Key byEnvName(final String envName) {
        return BY_ENV_NAME.get(envName);
    }

    /**
     * @param table a dotted table name; {@code ""} for the top level
     * @return the names allowed in it, or null if it is no table of the schema
     */
    static Set<String> namesIn(final String table) {
        final Set<String> names = TABLES.get(table);
        return names == null ? null : Collections.unmodifiableSet(names);
    }
}
