package io.slipstream.mktdata.feature;

import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentKind;
import io.slipstream.mktdata.instrument.Venue;

import java.util.Locale;

/**
 * Which instrument on the other venue is the same asset, for the cross-venue basis: a Hyperliquid perpetual
 * {@code COIN} and the Binance USD-M perpetual {@code COINUSDT}. Coins quoted in other units on one venue
 * (Hyperliquid {@code kPEPE} is 1000 PEPE, Binance {@code 1000PEPEUSDT}) have no counterpart rather than a wrong one.
 */
public final class Counterparts {
    private static final String BINANCE_QUOTE = "USDT";

    private Counterparts() {
    }

    /**
     * @param instrument an instrument
     * @return the symbol of the same asset on the other venue, or null if it has none by this rule
     */
    public static String symbolOn(final Instrument instrument) {
        if (instrument.kind() != InstrumentKind.PERPETUAL) {
            return null;
        }
        final String symbol = instrument.symbol();
        return switch (instrument.venue()) {
            case HYPERLIQUID -> symbol.equals(symbol.toUpperCase(Locale.ROOT)) ? symbol + BINANCE_QUOTE : null;
            case BINANCE_USDM -> symbol.endsWith(BINANCE_QUOTE) && symbol.length() > BINANCE_QUOTE.length()
                ? symbol.substring(0, symbol.length() - BINANCE_QUOTE.length()) : null;
        };
    }

    /** @param venue a venue @return the other one */
    public static Venue otherVenue(final Venue venue) {
        return venue == Venue.HYPERLIQUID ? Venue.BINANCE_USDM : Venue.HYPERLIQUID;
    }
}
