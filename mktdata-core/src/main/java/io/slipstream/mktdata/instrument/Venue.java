package io.slipstream.mktdata.instrument;

/** The venues the service connects to; {@link #wireName()} is how clients, configs and files name them. */
public enum Venue {
    /** Hyperliquid perpetuals, spot and builder-deployed (HIP-3) perpetuals. */
    HYPERLIQUID("hyperliquid"),
    /** Binance USD-M Futures (perpetuals). */
    BINANCE_USDM("binance");

    private static final Venue[] VALUES = values();

    private final String wireName;

    Venue(final String wireName) {
        this.wireName = wireName;
    }

    /** @return the lower-case name used on the wire, in configs and in file paths */
    public String wireName() {
        return wireName;
    }

    /**
     * @param code an {@link #ordinal()} as carried in events
     * @return the venue, or null if the code is unknown
     */
    public static Venue fromCode(final int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }

    /**
     * @param wireName {@code "hyperliquid"} or {@code "binance"} ({@code "binance-usdm"} is accepted too)
     * @return the venue, or null if the name is unknown
     */
    public static Venue fromWireName(final String wireName) {
        if (wireName == null) {
            return null;
        }
        return switch (wireName) {
            case "hyperliquid" -> HYPERLIQUID;
            case "binance", "binance-usdm", "binance_usdm" -> BINANCE_USDM;
            default -> null;
        };
    }
}
