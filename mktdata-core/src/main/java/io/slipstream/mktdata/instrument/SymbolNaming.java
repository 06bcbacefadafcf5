package io.slipstream.mktdata.instrument;

import java.util.Locale;

/**
 * Canonical symbol names per venue, and what kind of instrument a name denotes.
 *
 * <ul>
 *   <li>Hyperliquid names are case-sensitive and kept exactly ({@code kPEPE} is not {@code KPEPE}): perpetuals
 *       {@code BTC}, spot {@code @107} (or {@code PURR/USDC}), HIP-3 {@code xyz:TSLA}, HIP-4 {@code #12}. Names may
 *       contain {@code :}, {@code @}, {@code #}, {@code /}, {@code *} or {@code ?}; never whitespace.</li>
 *   <li>Binance symbols are upper case ({@code BTCUSDT}); stream names use lower case, so lower case input is
 *       folded to upper case.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class SymbolNaming {
    /** Longest symbol accepted, in characters. */
    public static final int MAX_SYMBOL_LENGTH = 64;

    private SymbolNaming() {
    }

    /**
     * @param venue  the venue
     * @param symbol a symbol as a venue or a user spells it
     * @return the canonical symbol, or null if it is not a valid symbol on that venue
     */
    public static String canonical(final Venue venue, final String symbol) {
        if (symbol == null || symbol.isEmpty() || symbol.length() > MAX_SYMBOL_LENGTH) {
            return null;
        }
        return switch (venue) {
            case HYPERLIQUID -> isValidHyperliquid(symbol) ? symbol : null;
            case BINANCE_USDM -> canonicalBinance(symbol);
        };
    }

    /**
     * @param venue     the venue
     * @param canonical a canonical symbol
     * @return the kind of instrument the name denotes
     */
    public static InstrumentKind kindOf(final Venue venue, final String canonical) {
        if (venue == Venue.BINANCE_USDM) {
            return InstrumentKind.PERPETUAL;
        }
        final char first = canonical.charAt(0);
        if (first == '@' || canonical.indexOf('/') > 0) {
            return InstrumentKind.SPOT;
        }
        if (first == '#') {
            return InstrumentKind.OUTCOME;
        }
        if (canonical.indexOf(':') > 0) {
            return InstrumentKind.BUILDER_PERPETUAL;
        }
        return InstrumentKind.PERPETUAL;
    }

    private static boolean isValidHyperliquid(final String symbol) {
        for (int i = 0; i < symbol.length(); i++) {
            final char c = symbol.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        final char first = symbol.charAt(0);
        if (first == '@' || first == '#') {
            return symbol.length() > 1 && allDigits(symbol, 1);
        }
        final int colon = symbol.indexOf(':');
        if (colon >= 0) {
            return colon > 0 && colon < symbol.length() - 1 && symbol.indexOf(':', colon + 1) < 0;
        }
        return true;
    }

    private static String canonicalBinance(final String symbol) {
        final String upper = symbol.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length(); i++) {
            final char c = upper.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return null;
            }
        }
        return upper;
    }

    private static boolean allDigits(final String text, final int from) {
        for (int i = from; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
