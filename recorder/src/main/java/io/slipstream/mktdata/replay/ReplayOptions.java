package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.instrument.Venue;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code slipstream-mktdata replay} was asked to do. {@link #parse} refuses bad arguments with an
 * {@link IllegalArgumentException} whose message names the option.
 *
 * @param dataDir           root of the recorder's Parquet tree
 * @param fromNs            first receive time replayed, epoch ns (inclusive), or {@link Long#MIN_VALUE}
 * @param toNs              end of the replayed receive times, epoch ns (exclusive), or {@link Long#MAX_VALUE}
 * @param venues            venues replayed
 * @param symbols           symbol names as in the recorder's configuration ({@code BTC} also matches Binance's
 *                          {@code BTCUSDT}), or empty for every symbol
 * @param speed             receive-time seconds replayed per wall-clock second, or {@link #MAX_SPEED}
 * @param socketPath        the IPC socket
 * @param exitWhenDone      exit once every event is served instead of serving until SIGTERM
 * @param waitClients       clients to wait for before the first event (0: start at once)
 */
public record ReplayOptions(
    Path dataDir, long fromNs, long toNs, Set<Venue> venues, List<String> symbols, double speed, Path socketPath,
    boolean exitWhenDone, int waitClients) {

    /** {@code --speed max}: as fast as the slowest subscribed client reads, dropping nothing lossless. */
    public static final double MAX_SPEED = 0;

    /** Copies the collections. */
    public ReplayOptions {
        venues = Set.copyOf(venues);
        symbols = List.copyOf(symbols);
    }

    /** @return true for {@code --speed max} */
    public boolean maxSpeed() {
        return speed == MAX_SPEED;
    }

    /**
     * @param socket a socket path
     * @return a copy serving on {@code socket}
     */
    public ReplayOptions withSocket(final Path socket) {
        return new ReplayOptions(dataDir, fromNs, toNs, venues, symbols, speed, socket, exitWhenDone, waitClients);
    }

    /** @return the default socket: {@code $XDG_RUNTIME_DIR} (else /tmp)/slipstream-mktdata-replay.sock */
    public static Path defaultSocket() {
        final String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return Path.of(runtimeDir != null && !runtimeDir.isBlank() ? runtimeDir : "/tmp",
            "slipstream-mktdata-replay.sock");
    }

    /**
     * @param args the options after {@code replay}
     * @return the options
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    public static ReplayOptions parse(final String[] args) {
        Path data = null;
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        Set<Venue> venues = EnumSet.allOf(Venue.class);
        List<String> symbols = List.of();
        double speed = 1;
        Path socket = defaultSocket();
        boolean exitWhenDone = false;
        int waitClients = 0;
        for (int i = 0; i < args.length; i++) {
            final String option = args[i];
            switch (option) {
                case "--data" -> data = Path.of(value(args, ++i, option));
                case "--from" -> from = parseTimeNs(value(args, ++i, option), option);
                case "--to" -> to = parseTimeNs(value(args, ++i, option), option);
                case "--venues" -> venues = parseVenues(value(args, ++i, option));
                case "--symbols" -> symbols = parseList(value(args, ++i, option), option);
                case "--speed" -> speed = parseSpeed(value(args, ++i, option));
                case "--socket" -> socket = Path.of(value(args, ++i, option));
                case "--exit-when-done" -> exitWhenDone = true;
                case "--wait-clients" -> waitClients = parseCount(value(args, ++i, option), option);
                default -> throw new IllegalArgumentException("unknown option '" + option + "' for replay");
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("replay needs --data DIR (the recorder's output_path)");
        }
        if (from != Long.MIN_VALUE && to != Long.MAX_VALUE && from >= to) {
            throw new IllegalArgumentException("--from must be before --to");
        }
        return new ReplayOptions(data, from, to, venues, symbols, speed, socket, exitWhenDone, waitClients);
    }

    private static String value(final String[] args, final int index, final String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " takes a value");
        }
        return args[index];
    }

    /**
     * @param text   epoch milliseconds, or ISO-8601 UTC: {@code 2026-01-15T10:00:00Z}, {@code 2026-01-15T10:00}
     *               (taken as UTC) or {@code 2026-01-15} (its midnight UTC)
     * @param option the option, for the error
     * @return epoch nanoseconds
     */
    static long parseTimeNs(final String text, final String option) {
        try {
            if (text.matches("\\d+")) {
                return Math.multiplyExact(Long.parseLong(text), 1_000_000L);
            }
            final Instant instant;
            if (text.length() == 10) {
                instant = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                instant = Instant.from(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text));
            } else {
                instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            }
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (final DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " takes an ISO-8601 UTC time (2026-01-15T10:00:00Z) or epoch"
                + " milliseconds, not '" + text + "'");
        }
    }

    private static Set<Venue> parseVenues(final String text) {
        final Set<Venue> venues = EnumSet.noneOf(Venue.class);
        for (final String name : parseList(text, "--venues")) {
            final Venue venue = Venue.fromWireName(name);
            if (venue == null) {
                throw new IllegalArgumentException("--venues: unknown venue '" + name + "' (hyperliquid, binance)");
            }
            venues.add(venue);
        }
        return venues;
    }

    private static List<String> parseList(final String text, final String option) {
        final List<String> names = new ArrayList<>();
        for (final String part : text.split(",")) {
            if (!part.isBlank()) {
                names.add(part.trim());
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(option + " takes a comma-separated list");
        }
        return names;
    }

    private static double parseSpeed(final String text) {
        if ("max".equals(text)) {
            return MAX_SPEED;
        }
        try {
            final double speed = Double.parseDouble(text);
            if (speed > 0 && speed <= 1_000_000) {
                return speed;
            }
        } catch (final NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException("--speed takes 1, 10, 100 (any factor up to 1000000) or max, not '"
            + text + "'");
    }

    private static int parseCount(final String text, final String option) {
        try {
            final int count = Integer.parseInt(text);
            if (count >= 0) {
                return count;
            }
        } catch (final NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException(option + " takes a whole number >= 0, not '" + text + "'");
    }
}
