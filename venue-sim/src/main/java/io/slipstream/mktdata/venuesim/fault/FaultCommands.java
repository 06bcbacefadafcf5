package io.slipstream.mktdata.venuesim.fault;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.net.CloseKind;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fault language shared by the HTTP control endpoint ({@code POST /faults/<name>?k=v&...}) and the command line
 * ({@code --fault at=30s,name=disconnect,venue=binance,code=1006}): a fault name plus key/value parameters.
 *
 * <pre>
 * disconnect        venue, code=1000|1001|1006|reset           [selector]
 * stall             venue, ms                                  [selector]
 * duplicate         venue, frames (default 1)                  [selector]
 * reorder           venue, pairs (default 1)                   [selector]
 * malformed         venue, truncated=true|false                [selector]
 * drop-depth-diff   symbol (Binance, e.g. BTCUSDT), count (default 1)
 * refuse            venue, ms
 * greeting          venue, enabled=true|false
 * max-lifetime      venue, ms
 * rest              venue, kind=429|418|500|503|timeout|slow, count (1), ms (delay or Retry-After), path (part)
 * clear
 * selector: connection=ID | symbol=S | path=/public  (default: every connection of the venue)
 * </pre>
 * Stateless apart from the controller it drives; thread-safe.
 */
public final class FaultCommands {
    private final FaultController faults;

    /** @param faults the controller to drive */
    public FaultCommands(final FaultController faults) {
        this.faults = faults;
    }

    /**
     * @param name       the fault
     * @param parameters its parameters
     * @return how many connections (or pending requests/diffs) it affected
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public int execute(final String name, final Map<String, String> parameters) {
        return switch (name) {
            case "disconnect" -> faults.disconnect(venue(parameters), selector(parameters),
                CloseKind.parse(required(parameters, "code")));
            case "stall" -> faults.stall(venue(parameters), selector(parameters), longValue(parameters, "ms", -1));
            case "duplicate" -> faults.duplicate(venue(parameters), selector(parameters),
                (int) longValue(parameters, "frames", 1));
            case "reorder" -> faults.reorder(venue(parameters), selector(parameters),
                (int) longValue(parameters, "pairs", 1));
            case "malformed" -> faults.malformed(venue(parameters), selector(parameters),
                Boolean.parseBoolean(parameters.getOrDefault("truncated", "false")));
            case "drop-depth-diff" -> {
                final int count = (int) longValue(parameters, "count", 1);
                faults.dropDepthDiffs(required(parameters, "symbol").toUpperCase(Locale.ROOT), count);
                yield count;
            }
            case "refuse" -> {
                faults.refuseConnections(venue(parameters), longValue(parameters, "ms", -1));
                yield 1;
            }
            case "greeting" -> {
                faults.greeting(venue(parameters), Boolean.parseBoolean(required(parameters, "enabled")));
                yield 1;
            }
            case "max-lifetime" -> {
                faults.maxConnectionLifetime(venue(parameters), longValue(parameters, "ms", -1));
                yield 1;
            }
            case "rest" -> {
                final int count = (int) longValue(parameters, "count", 1);
                faults.restFault(venue(parameters), new RestFault(restKind(required(parameters, "kind")),
                    parameters.get("path"), longValue(parameters, "ms", 0)), count);
                yield count;
            }
            case "clear" -> {
                faults.clear();
                yield 0;
            }
            default -> throw new IllegalArgumentException("unknown fault '" + name + "'");
        };
    }

    /**
     * Parses {@code k=v,k=v} (command line form).
     *
     * @param spec the text
     * @return the pairs, in order
     * @throws IllegalArgumentException on a pair without {@code =}
     */
    public static Map<String, String> parsePairs(final String spec) {
        final Map<String, String> pairs = new LinkedHashMap<>();
        for (final String pair : spec.split("[,&]")) {
            if (pair.isBlank()) {
                continue;
            }
            final int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + pair + "'");
            }
            pairs.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return pairs;
    }

    /**
     * @param text a duration such as {@code 250ms}, {@code 30s}, {@code 2m}, or plain milliseconds
     * @return milliseconds
     */
    public static long parseDurationMs(final String text) {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Long.parseLong(value.substring(0, value.length() - 2));
            }
            if (value.endsWith("s")) {
                return (long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000);
            }
            if (value.endsWith("m")) {
                return (long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 60_000);
            }
            if (value.endsWith("h")) {
                return (long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 3_600_000);
            }
            return Long.parseLong(value);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 500ms, 30s, 2m)");
        }
    }

    private static Venue venue(final Map<String, String> parameters) {
        final String name = required(parameters, "venue");
        final Venue venue = Venue.fromWireName(name);
        if (venue == null) {
            throw new IllegalArgumentException("unknown venue '" + name + "' (expected binance or hyperliquid)");
        }
        return venue;
    }

    private static Selector selector(final Map<String, String> parameters) {
        final String connection = parameters.get("connection");
        return new Selector(connection == null ? null : Long.parseLong(connection), parameters.get("path"),
            parameters.get("symbol"));
    }

    private static RestFault.Kind restKind(final String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "429" -> RestFault.Kind.TOO_MANY_REQUESTS;
            case "418" -> RestFault.Kind.BANNED;
            case "500" -> RestFault.Kind.SERVER_ERROR;
            case "503" -> RestFault.Kind.UNAVAILABLE;
            case "timeout" -> RestFault.Kind.TIMEOUT;
            case "slow" -> RestFault.Kind.SLOW;
            default -> throw new IllegalArgumentException("unknown REST fault kind '" + kind
                + "' (expected 429, 418, 500, 503, timeout or slow)");
        };
    }

    private static String required(final Map<String, String> parameters, final String key) {
        final String value = parameters.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing parameter '" + key + "'");
        }
        return value;
    }

    private static long longValue(final Map<String, String> parameters, final String key, final long defaultValue) {
        final String value = parameters.get(key);
        if (value == null) {
            if (defaultValue < 0) {
                throw new IllegalArgumentException("missing parameter '" + key + "'");
            }
            return defaultValue;
        }
        return "ms".equals(key) ? parseDurationMs(value) : Long.parseLong(value);
    }
}
