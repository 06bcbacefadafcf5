package io.slipstream.mktdata.launcher.config;

import io.slipstream.mktdata.agent.CpuAffinity;
import io.slipstream.mktdata.agent.RealtimePriority;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.launcher.config.ConfigSchema.Key;
import io.slipstream.mktdata.launcher.config.ConfigSchema.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads the daemon's TOML config, applies the {@code SLIPSTREAM_MKTDATA_...} environment overrides and validates
 * everything, collecting every problem before failing: unknown keys at any level (by their full dotted name), wrong
 * types, impossible values and rate limits above the venues' own. One instance per load; not thread-safe.
 */
public final class ConfigLoader {
    /** The longest Unix socket path Linux accepts ({@code sun_path} is 108 bytes with the terminating NUL). */
    static final int MAX_SOCKET_PATH_BYTES = 107;
    private static final long MAX_DELAY_MS = 3_600_000;
    private static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error");
    private static final String ALL = "all";

    private final Path file;
    private final Map<String, String> environment;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Setting> settings = new HashMap<>();

    /** A problem: its text, and where it sorts (file lines first, in order, then the environment). */
    private record Problem(long order, String text) {
    }

    /** A value from the file (with its line) or from the environment (with the variable's name). */
    private record Setting(Object value, int line, String envName) {
    }

    private ConfigLoader(final Path file, final Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /**
     * @param file the TOML file
     * @return the validated config, with the process environment's overrides
     * @throws ConfigException listing every problem
     */
    public static DaemonConfig load(final Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    /**
     * @param file        the TOML file
     * @param environment environment variables; those starting with {@code SLIPSTREAM_MKTDATA_} override keys
     * @return the validated config
     * @throws ConfigException listing every problem, one per line, each naming the file
     */
    public static DaemonConfig load(final Path file, final Map<String, String> environment) throws ConfigException {
        return new ConfigLoader(file, environment).load();
    }

    /**
     * @param key a dotted key, e.g. {@code daemon.socket_path}
     * @return the environment variable that overrides it
     */
    public static String environmentVariable(final String key) {
        if (!ConfigSchema.keys().containsKey(key)) {
            throw new IllegalArgumentException("no such key: " + key);
        }
        return ConfigSchema.envName(key);
    }

    /** @return every key the config file may hold, dotted, in documentation order */
    public static Set<String> knownKeys() {
        return ConfigSchema.keys().keySet();
    }

    private DaemonConfig load() throws ConfigException {
        final TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (final IOException | RuntimeException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e));
        }
        if (toml.hasErrors()) {
            for (final TomlParseError error : toml.errors()) {
                reportAt(error.position().line(), "not valid TOML: " + error.getMessage());
            }
            throw new ConfigException(sortedProblems());
        }
        walk(toml, "");
        applyEnvironment();
        final DaemonConfig config = new DaemonConfig(file, daemon(), retention(), hyperliquid(), binance(),
            features(), health());
        if (!config.hyperliquid().enabled() && !config.binance().enabled()) {
            reportAt(0, "venues: both venues are disabled (venues.hyperliquid.enabled and "
                + "venues.binance.enabled are false); enable at least one");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(sortedProblems());
        }
        return config;
    }

    // ---- reading the file and the environment ------------------------------------------------------------------

    private void walk(final TomlTable table, final String path) {
        final Set<String> allowed = ConfigSchema.namesIn(path);
        for (final String name : table.keySet()) {
            final List<String> keyPath = List.of(name);
            final String dotted = path.isEmpty() ? name : path + "." + name;
            final Object value = table.get(keyPath);
            final TomlPosition position = table.inputPositionOf(keyPath);
            final int line = position == null ? 0 : position.line();
            if (!allowed.contains(name)) {
                reportAt(line, dotted + ": unknown key" + unknownKeyHint(path, name, allowed));
                continue;
            }
            if (ConfigSchema.namesIn(dotted) != null) {
                if (value instanceof TomlTable nested) {
                    walk(nested, dotted);
                } else {
                    reportAt(line, dotted + ": expected a table, found " + describe(value));
                }
                continue;
            }
            final Key key = ConfigSchema.keys().get(dotted);
            final Object converted = fromToml(key, value);
            if (converted == null) {
                reportAt(line, dotted + ": expected " + key.kind().description() + ", found "
                    + describe(value));
            } else {
                settings.put(dotted, new Setting(converted, line, null));
            }
        }
    }

    private static String unknownKeyHint(final String table, final String name, final Set<String> allowed) {
        if (table.equals("retention") && name.startsWith("candles_") && name.endsWith("_count")) {
            final String interval = name.substring("candles_".length(), name.length() - "_count".length());
            return " (no candle interval '" + interval + "'; intervals: " + intervalNames() + ")";
        }
        final Set<String> names = new LinkedHashSet<>();
        for (final String each : allowed) {
            names.add(each.startsWith("candles_") && each.endsWith("_count") ? "candles_<interval>_count" : each);
        }
        return " (known " + (table.isEmpty() ? "at the top level" : "in [" + table + "]") + ": "
            + String.join(", ", names) + ")";
    }

    private static Object fromToml(final Key key, final Object value) {
        return switch (key.kind()) {
            case STRING -> value instanceof String ? value : null;
            case INTEGER -> value instanceof Long ? value : null;
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case STRING_LIST -> strings(value);
            case SYMBOLS -> ALL.equals(value) ? ALL : strings(value);
            case NUMBER -> value instanceof Long l ? Double.valueOf(l) : value instanceof Double ? value : null;
            case INTEGER_LIST -> numbers(value, false);
            case NUMBER_LIST -> numbers(value, true);
        };
    }

    /** @return the array's integers (as Long) or, with {@code decimals}, its numbers (as Double); null if not */
    private static List<Object> numbers(final Object value, final boolean decimals) {
        if (!(value instanceof TomlArray array)) {
            return null;
        }
        final List<Object> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            final Object element = array.get(i);
            if (element instanceof Long l) {
                out.add(decimals ? (Object) Double.valueOf(l) : l);
            } else if (decimals && element instanceof Double d) {
                out.add(d);
            } else {
                return null;
            }
        }
        return out;
    }

    private static List<String> strings(final Object value) {
        if (!(value instanceof TomlArray array)) {
            return null;
        }
        final List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String text)) {
                return null;
            }
            out.add(text);
        }
        return out;
    }

    private static String describe(final Object value) {
        return switch (value) {
            case String s -> "a string (\"" + s + "\")";
            case Long l -> "an integer (" + l + ")";
            case Double d -> "a float (" + d + ")";
            case Boolean b -> "a boolean (" + b + ")";
            case TomlArray a -> a.isEmpty() ? "an empty array" : "an array of " + plural(describe(a.get(0)));
            case TomlTable t -> "a table";
            case null -> "nothing";
            default -> "a date or time (" + value + ")";
        };
    }

    private static String plural(final String description) {
        final String kind = description.replaceFirst(" \\(.*", "").replaceFirst("^an? ", "");
        return kind + "s";
    }

    private void applyEnvironment() {
        for (final Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
            final String name = entry.getKey();
            if (!name.startsWith(ConfigSchema.ENV_PREFIX)) {
                continue;
            }
            final Key key = ConfigSchema.byEnvName(name);
            if (key == null) {
                reportEnvironment(name + ": no config key has this override name (the rule: "
                    + ConfigSchema.ENV_PREFIX + " and the dotted key with dots as underscores, upper case)");
                continue;
            }
            final Object value = fromEnvironment(key.kind(), entry.getValue());
            if (value == null) {
                reportEnvironment(name + " (" + key.name() + "): expected " + key.kind().description()
                    + envSyntax(key.kind()) + ", found '" + entry.getValue() + "'");
            } else {
                settings.put(key.name(), new Setting(value, 0, name));
            }
        }
    }

    private static String envSyntax(final Kind kind) {
        return switch (kind) {
            case BOOLEAN -> " (true or false)";
            case STRING_LIST, SYMBOLS, INTEGER_LIST, NUMBER_LIST -> " (comma-separated)";
            default -> "";
        };
    }

    private static Object fromEnvironment(final Kind kind, final String raw) {
        final String text = raw.trim();
        return switch (kind) {
            case STRING -> raw;
            case INTEGER -> {
                try {
                    yield Long.parseLong(text.replace("_", ""));
                } catch (final NumberFormatException e) {
                    yield null;
                }
            }
            case BOOLEAN -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
            case STRING_LIST -> split(text);
            case SYMBOLS -> text.equals(ALL) ? ALL : split(text);
            case NUMBER -> parseNumber(text, true);
            case INTEGER_LIST, NUMBER_LIST -> {
                final List<Object> out = new ArrayList<>();
                for (final String part : split(text)) {
                    final Object number = parseNumber(part, kind == Kind.NUMBER_LIST);
                    if (number == null) {
                        yield null;
                    }
                    out.add(number);
                }
                yield out;
            }
        };
    }

    /** @return a Long (or, with {@code decimals}, a Double) from digits with optional {@code _}; null if not one */
    private static Object parseNumber(final String text, final boolean decimals) {
        final String digits = text.trim().replace("_", "");
        try {
            return decimals ? (Object) Double.valueOf(Double.parseDouble(digits)) : Long.valueOf(digits);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static List<String> split(final String text) {
        final List<String> out = new ArrayList<>();
        for (final String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    // ---- typed access with defaults ------------------------------------------------------------------------------

    private String at(final int line) {
        return line > 0 ? file + ":" + line + ": " : file + ": ";
    }

    /** @return where a key's value came from, ready to prefix an error: {@code file:line: key: } */
    private String where(final String key) {
        final Setting setting = settings.get(key);
        if (setting != null && setting.envName() != null) {
            return file + ": " + setting.envName() + " (" + key + "): ";
        }
        return at(setting == null ? 0 : setting.line()) + key + ": ";
    }

    private void report(final String key, final String text) {
        final Setting setting = settings.get(key);
        final long order = setting == null ? Long.MAX_VALUE - 1
            : setting.envName() != null ? Long.MAX_VALUE : setting.line();
        problems.add(new Problem(order, where(key) + text));
    }

    private void reportAt(final int line, final String text) {
        problems.add(new Problem(line > 0 ? line : Long.MAX_VALUE - 1, at(line) + text));
    }

    private void reportEnvironment(final String text) {
        problems.add(new Problem(Long.MAX_VALUE, file + ": " + text));
    }

    private List<String> sortedProblems() {
        final List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingLong(Problem::order));
        return sorted.stream().map(Problem::text).toList();
    }

    private boolean isSet(final String key) {
        return settings.containsKey(key);
    }

    private Object raw(final String key) {
        final Setting setting = settings.get(key);
        if (setting != null) {
            return setting.value();
        }
        return ConfigSchema.keys().get(key).defaultValue();
    }

    private String string(final String key) {
        return (String) raw(key);
    }

    private boolean bool(final String key) {
        return (Boolean) raw(key);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(final String key) {
        return (List<String>) raw(key);
    }

    private long integer(final String key, final long min, final long max, final String why) {
        final long value = (Long) raw(key);
        if (value < min || value > max) {
            report(key, "expected an integer in " + min + ".." + max + (why == null ? "" : " (" + why
                + ")") + ", found " + value);
            final Object fallback = ConfigSchema.keys().get(key).defaultValue();
            return fallback == null ? min : Math.max(min, Math.min(max, (Long) fallback));
        }
        return value;
    }

    private int intValue(final String key, final long min, final long max, final String why) {
        return (int) integer(key, min, max, why);
    }

    private Path path(final String key, final boolean optional) {
        final String text = string(key);
        if (text.isEmpty()) {
            if (!optional) {
                report(key, "expected a path, found an empty string");
            }
            return null;
        }
        try {
            final Path path = Path.of(text);
            // Relative paths are taken from the config file's directory, not from wherever the daemon was started.
            final Path base = file.toAbsolutePath().getParent();
            return path.isAbsolute() || base == null ? path : base.resolve(path).normalize();
        } catch (final InvalidPathException e) {
            report(key, "not a valid path: " + e.getMessage());
            return null;
        }
    }

    private URI url(final String key, final String... schemes) {
        final String text = string(key);
        final String expected = "expected " + (schemes[0].startsWith("h") ? "an " : "a ")
            + String.join(":// or ", schemes) + ":// URL";
        try {
            final URI uri = new URI(text);
            if (uri.getScheme() == null || !List.of(schemes).contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
                report(key, expected + ", found \"" + text + "\"");
                return URI.create(schemes[0] + "://invalid");
            }
            return uri;
        } catch (final URISyntaxException e) {
            report(key, expected + ", found \"" + text + "\" (" + e.getReason() + ")");
            return URI.create(schemes[0] + "://invalid");
        }
    }

    private static String intervalNames() {
        return Arrays.stream(CandleInterval.values()).map(CandleInterval::wireName)
            .collect(Collectors.joining(" "));
    }

    // ---- sections ------------------------------------------------------------------------------------------------

    private DaemonConfig.Daemon daemon() {
        final Path socket = path("daemon.socket_path", false);
        if (socket != null && socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            report("daemon.socket_path", "too long for a Unix socket (at most " + MAX_SOCKET_PATH_BYTES
                + " bytes), found " + socket.toString().getBytes(StandardCharsets.UTF_8).length + " bytes");
        }
        String mode = string("daemon.socket_mode");
        if (!mode.matches("0?[0-7]{3}")) {
            report("daemon.socket_mode", "expected an octal file mode like \"0660\", found \"" + mode
                + "\"");
            mode = "0660";
        }
        final String group = string("daemon.socket_group").trim();
        if (!group.isEmpty()) {
            checkGroup(group);
        }
        String level = string("daemon.log_level").toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            report("daemon.log_level", "expected one of " + String.join(", ", LOG_LEVELS) + ", found \""
                + string("daemon.log_level") + "\"");
            level = "info";
        }
        final String ipcThread = string("daemon.ipc_thread").trim().toLowerCase(Locale.ROOT);
        if (!ipcThread.equals("engine") && !ipcThread.equals("own")) {
            report("daemon.ipc_thread", "expected \"engine\" (serve on the engine's thread) or \"own\" (a "
                + "thread of its own), found \"" + string("daemon.ipc_thread") + "\"");
        }
        return new DaemonConfig.Daemon(socket == null ? Path.of("/invalid") : socket, mode,
            group.isEmpty() ? null : group, level, path("daemon.log_path", true),
            intValue("daemon.max_clients", 1, 10_000, null),
            intValue("daemon.max_message_bytes", 1_024, 64L << 20, null),
            intValue("daemon.client_queue_bytes", 64L << 10, 256L << 20, null),
            integer("daemon.heartbeat_ms", 10, 60_000, null), path("daemon.journal_dir", true),
            integer("daemon.journal_retention_hours", 0, 100_000, null),
            integer("daemon.journal_retention_mb", 0, 1L << 30, null),
            intValue("daemon.realtime_priority", 0, RealtimePriority.MAX_PRIORITY, "0 is off"),
            !ipcThread.equals("own"), hotPathCpus());
    }

    /** {@code daemon.hot_path_cpus}: distinct CPUs this process may run on (checked here, errors name the line). */
    private List<Integer> hotPathCpus() {
        @SuppressWarnings("unchecked")
        final List<Long> listed = (List<Long>) raw("daemon.hot_path_cpus");
        final BitSet available = CpuAffinity.currentThreadCpus();
        final List<Integer> cpus = new ArrayList<>();
        for (final long cpu : listed) {
            if (cpu < 0 || cpu > CpuAffinity.MAX_CPU || cpus.contains((int) cpu)) {
                report("daemon.hot_path_cpus", "expected distinct CPU numbers in 0.." + CpuAffinity.MAX_CPU
                    + ", found " + listed);
                return List.of();
            }
            if (!available.isEmpty() && !available.get((int) cpu)) {
                report("daemon.hot_path_cpus", "CPU " + cpu + " is not available to this process (it may run on "
                    + available + "), found " + listed);
                return List.of();
            }
            cpus.add((int) cpu);
        }
        return List.copyOf(cpus);
    }

    private void checkGroup(final String group) {
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        } catch (final IOException | UnsupportedOperationException e) {
            report("daemon.socket_group", "no such group on this host: \"" + group + "\"");
        }
    }

    private DaemonConfig.Retention retention() {
        final Map<CandleInterval, Integer> counts = new EnumMap<>(CandleInterval.class);
        for (final CandleInterval interval : CandleInterval.values()) {
            counts.put(interval, intValue(ConfigSchema.candleCountKey(interval), 1, 100_000, null));
        }
        return new DaemonConfig.Retention(counts,
            intValue("retention.trades_per_symbol", 1, 1_000_000, null),
            intValue("retention.quotes_per_symbol", 1, 1_000_000, null),
            intValue("retention.book_max_levels", 1, 100_000, null));
    }

    private DaemonConfig.Hyperliquid hyperliquid() {
        final String p = "venues.hyperliquid.";
        final String r = p + "rate_limits.";
        final int perMinute;
        if (isSet(r + "max_messages_per_second")) {
            if (isSet(r + "max_messages_per_minute")) {
                report(r + "max_messages_per_second", "set this or " + r
                    + "max_messages_per_minute, not both");
            }
            perMinute = 60 * intValue(r + "max_messages_per_second", 1, 33,
                "Hyperliquid allows 2000 client messages a minute per IP");
        } else {
            perMinute = intValue(r + "max_messages_per_minute", 1, 2_000,
                "Hyperliquid allows 2000 client messages a minute per IP");
        }
        final DaemonConfig.HyperliquidRateLimits limits = new DaemonConfig.HyperliquidRateLimits(
            intValue(r + "max_subscriptions", 1, 1_000, "Hyperliquid allows 1000 subscriptions per IP"), perMinute,
            intValue(r + "max_connections", 1, 10, "Hyperliquid allows 10 websocket connections per IP"));
        final List<String> symbols = symbols(p + "symbols", false);
        final Set<MarketChannel> channels = channels(p + "channels");
        final List<CandleInterval> intervals = intervals(p, channels, false);
        final long[] delays = delays(p);
        return new DaemonConfig.Hyperliquid(bool(p + "enabled"), url(p + "websocket_url", "ws", "wss"),
            url(p + "rest_url", "http", "https"), symbols, channels, intervals, delays[0], delays[1], limits,
            path(p + "capture_dir", true));
    }

    private DaemonConfig.Binance binance() {
        final String p = "venues.binance.";
        final String r = p + "rate_limits.";
        final DaemonConfig.BinanceRateLimits limits = new DaemonConfig.BinanceRateLimits(
            intValue(r + "max_subscriptions", 1, 1_024, "Binance allows 1024 streams per connection"),
            intValue(r + "max_messages_per_second", 1, 9,
                "Binance disconnects a connection that sends 10 messages a second"));
        final List<String> symbols = symbols(p + "symbols", true);
        final Set<MarketChannel> channels = channels(p + "channels");
        final Set<MarketChannel> required = EnumSet.of(MarketChannel.BOOK, MarketChannel.QUOTES, MarketChannel.TRADES,
            MarketChannel.MARK);
        if (!channels.containsAll(required)) {
            report(p + "channels", "the Binance adapter always carries book, quotes, trades and mark "
                + "(only candles can be left out), found " + list(p + "channels"));
        }
        final List<CandleInterval> intervals = intervals(p, channels, true);
        final long[] delays = delays(p);
        return new DaemonConfig.Binance(bool(p + "enabled"), url(p + "rest_url", "http", "https"),
            url(p + "public_ws_url", "ws", "wss"), url(p + "market_ws_url", "ws", "wss"), symbols, channels,
            intervals, delays[0], delays[1], limits, path(p + "capture_dir", true));
    }

    private List<String> symbols(final String key, final boolean binance) {
        final Object value = raw(key);
        if (ALL.equals(value)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        final List<String> symbols = (List<String>) value;
        if (symbols.isEmpty()) {
            report(key, "expected \"all\" or at least one symbol, found an empty list (to follow "
                + "nothing, set enabled = false)");
            return null;
        }
        final Set<String> seen = new LinkedHashSet<>();
        for (final String symbol : symbols) {
            if (binance && !symbol.matches("[A-Z0-9]+")) {
                report(key, "Binance symbols are upper-case letters and digits like BTCUSDT, found \""
                    + symbol + "\"");
            } else if (!binance && (symbol.isBlank() || !symbol.equals(symbol.strip()) || symbol.contains(" "))) {
                report(key, "Hyperliquid coins are names like BTC or kPEPE, found \"" + symbol + "\"");
            } else if (!seen.add(symbol)) {
                report(key, "\"" + symbol + "\" is listed twice");
            }
        }
        return List.copyOf(seen);
    }

    private Set<MarketChannel> channels(final String key) {
        final Set<MarketChannel> channels = EnumSet.noneOf(MarketChannel.class);
        for (final String name : list(key)) {
            final MarketChannel channel = MarketChannel.fromConfigName(name);
            if (channel == null) {
                report(key, "unknown channel \"" + name + "\" (channels: book, trades, quotes, candles, "
                    + "mark)");
            } else {
                channels.add(channel);
            }
        }
        if (list(key).isEmpty()) {
            report(key, "expected at least one channel, found an empty list");
        }
        return channels;
    }

    private List<CandleInterval> intervals(final String prefix, final Set<MarketChannel> channels,
                                           final boolean binance) {
        final String key = prefix + "candle_intervals";
        final Set<CandleInterval> intervals = new LinkedHashSet<>();
        for (final String name : list(key)) {
            final CandleInterval interval = CandleInterval.fromWireName(name);
            if (interval == null) {
                report(key, "unknown interval \"" + name + "\" (intervals: " + intervalNames() + ")");
            } else if (!binance && interval == CandleInterval.H6) {
                report(key, "Hyperliquid has no 6h candles");
            } else {
                intervals.add(interval);
            }
        }
        if (channels.contains(MarketChannel.CANDLES) && list(key).isEmpty()) {
            report(key, "channels include candles, so at least one interval is needed (or leave "
                + "candles out of channels)");
        }
        return List.copyOf(intervals);
    }

    private long[] delays(final String prefix) {
        final long first = integer(prefix + "reconnect_delay_ms", 1, MAX_DELAY_MS, null);
        final long cap = integer(prefix + "max_reconnect_delay_ms", 1, MAX_DELAY_MS, null);
        if (first > cap) {
            report(prefix + "reconnect_delay_ms", "must not exceed " + prefix
                + "max_reconnect_delay_ms (" + cap + "), found " + first);
        }
        return new long[] {first, Math.max(first, cap)};
    }

    /** {@code [features]}: the limits of FeatureConfig, checked here so errors name the file, line and key. */
    private DaemonConfig.Features features() {
        final boolean enabled = bool("features.enabled");
        final long intervalMs = integer("features.interval_ms", 1, 3_600_000, null);
        @SuppressWarnings("unchecked")
        final List<Long> windows = (List<Long>) raw("features.windows_ms");
        @SuppressWarnings("unchecked")
        final List<Double> bands = (List<Double>) raw("features.depth_bands_bps");
        final double imbalanceBps = (Double) raw("features.imbalance_bps");
        boolean valid = true;
        if (windows.isEmpty() || windows.size() > EventLayout.FEATURES_MAX_WINDOWS) {
            report("features.windows_ms", "expected 1 to " + EventLayout.FEATURES_MAX_WINDOWS
                + " windows, found " + windows.size());
            valid = false;
        }
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i) < 1 || windows.get(i) > 86_400_000 || i > 0 && windows.get(i) <= windows.get(i - 1)) {
                report("features.windows_ms", "expected ascending windows, each in 1..86400000 ms, found "
                    + windows);
                valid = false;
                break;
            }
        }
        if (bands.isEmpty() || bands.size() > EventLayout.FEATURES_MAX_BANDS) {
            report("features.depth_bands_bps", "expected 1 to " + EventLayout.FEATURES_MAX_BANDS
                + " bands, found " + bands.size());
            valid = false;
        }
        for (int i = 0; i < bands.size(); i++) {
            if (!(bands.get(i) > 0 && bands.get(i) <= 10_000) || i > 0 && bands.get(i) <= bands.get(i - 1)) {
                report("features.depth_bands_bps", "expected ascending bands, each in (0, 10000] bps, found "
                    + bands);
                valid = false;
                break;
            }
        }
        if (!(imbalanceBps > 0 && imbalanceBps <= 10_000)) {
            report("features.imbalance_bps", "expected a number in (0, 10000] bps, found " + imbalanceBps);
            valid = false;
        }
        if (!valid) {
            return new DaemonConfig.Features(enabled, intervalMs, List.of(1_000L), List.of(5.0), 10);
        }
        return new DaemonConfig.Features(enabled, intervalMs, windows, bands, imbalanceBps);
    }

    private DaemonConfig.Health health() {
        final String bind = string("health.metrics_bind").trim();
        if (bind.isEmpty()) {
            report("health.metrics_bind", "expected an address like \"127.0.0.1\", found an empty "
                + "string");
        }
        return new DaemonConfig.Health(intValue("health.metrics_port", 0, 65_535, "0 turns metrics off"),
            bind.isEmpty() ? "127.0.0.1" : bind, integer("health.watchdog_interval_ms", 100, 3_600_000, null));
    }
}
