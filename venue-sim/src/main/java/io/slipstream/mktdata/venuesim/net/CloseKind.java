package io.slipstream.mktdata.venuesim.net;

/** How the simulator ends a websocket connection. */
public enum CloseKind {
    /** A close frame with code 1000 (normal closure). */
    NORMAL(1000),
    /** A close frame with code 1001 (going away), as Binance sends periodically. */
    GOING_AWAY(1001),
    /** No close frame: the TCP connection ends (FIN), which a client reports as 1006. */
    ABNORMAL(1006),
    /** No close frame: the TCP connection is reset (RST). */
    RESET(-1);

    private final int code;

    CloseKind(final int code) {
        this.code = code;
    }

    /** @return the websocket close code, -1 for a TCP reset */
    public int code() {
        return code;
    }

    /**
     * @param text {@code 1000}, {@code 1001}, {@code 1006}, {@code reset} (or the enum name)
     * @return the kind
     * @throws IllegalArgumentException for anything else
     */
    public static CloseKind parse(final String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "1000", "normal" -> NORMAL;
            case "1001", "going_away", "going-away" -> GOING_AWAY;
            case "1006", "abnormal" -> ABNORMAL;
            case "reset", "rst", "tcp-reset" -> RESET;
            default -> throw new IllegalArgumentException("unknown close kind '" + text
                + "' (expected 1000, 1001, 1006 or reset)");
        };
    }
}
