package io.slipstream.mktdata.venuesim.replay;

/**
 * Parses the line formats public collectors write, and ours:
 * <ul>
 *   <li>{@code <receive time> <frame>}: time in nanoseconds, microseconds or milliseconds since the epoch
 *       (hftbacktest, and our raw-capture mode); a REST body may stand in place of a frame;</li>
 *   <li>{@code <seconds.fraction>: <frame>} and {@code <url> -> <seconds.fraction>: <body>} (cryptofeed's raw-data
 *       collector); its connection and configuration lines are skipped;</li>
 *   <li>a bare JSON frame per line (no time).</li>
 * </ul>
 * A body starting with {@code {"lastUpdateId"} is a Binance REST depth snapshot whatever the format. Stateless.
 */
public final class CaptureFormat {
    private CaptureFormat() {
    }

    /**
     * @param line a line of a capture file
     * @return the parsed line, or null for a line that carries no frame (blank, connection marker, configuration)
     */
    public static CaptureLine parse(final String line) {
        if (line.isBlank()) {
            return null;
        }
        final char first = line.charAt(0);
        if (first == '{' || first == '[') {
            return of(0, null, line);
        }
        final int arrow = line.indexOf(" -> ");
        if (arrow > 0 && !Character.isDigit(first)) {
            final int colon = line.indexOf(": ", arrow);
            if (colon < 0) {
                return null;
            }
            return new CaptureLine(secondsToNs(line.substring(arrow + 4, colon)), line.substring(0, arrow),
                line.substring(colon + 2), true);
        }
        if (!Character.isDigit(first)) {
            return null;
        }
        final int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        final String time = line.substring(0, space);
        if (time.endsWith(":")) {
            return of(secondsToNs(time.substring(0, time.length() - 1)), null, line.substring(space + 1));
        }
        if (time.indexOf('.') >= 0) {
            return of(secondsToNs(time), null, line.substring(space + 1));
        }
        return of(integerTimeToNs(time), null, line.substring(space + 1));
    }

    private static CaptureLine of(final long timeNs, final String url, final String text) {
        final boolean rest = text.startsWith("{\"lastUpdateId\"");
        return new CaptureLine(timeNs, url, text, rest);
    }

    /** Nanoseconds have 19 digits today, microseconds 16, milliseconds 13. */
    static long integerTimeToNs(final String digits) {
        final long value = Long.parseLong(digits);
        if (digits.length() >= 18) {
            return value;
        }
        if (digits.length() >= 15) {
            return value * 1_000L;
        }
        if (digits.length() >= 12) {
            return value * 1_000_000L;
        }
        return value * 1_000_000_000L;
    }

    private static long secondsToNs(final String seconds) {
        final int dot = seconds.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(seconds) * 1_000_000_000L;
        }
        final String fraction = (seconds.substring(dot + 1) + "000000000").substring(0, 9);
        return Long.parseLong(seconds.substring(0, dot)) * 1_000_000_000L + Long.parseLong(fraction);
    }
}
