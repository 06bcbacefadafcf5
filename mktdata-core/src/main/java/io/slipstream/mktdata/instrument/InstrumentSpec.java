package io.slipstream.mktdata.instrument;

import io.slipstream.mktdata.fixedpoint.FixedPoint;

/**
 * What a venue says about an instrument before it has an id: the input to {@link InstrumentRegistry#register}.
 *
 * @param venue            the venue
 * @param symbol           the symbol as the venue spells it
 * @param priceScale       decimal places of price mantissas
 * @param sizeScale        decimal places of size mantissas
 * @param tickSizeMantissa tick at {@code priceScale}, or 0 for none
 * @param lotSizeMantissa  lot at {@code sizeScale}
 */
public record InstrumentSpec(
    Venue venue, String symbol, int priceScale, int sizeScale, long tickSizeMantissa, long lotSizeMantissa) {

    /** Hyperliquid perpetual prices carry at most {@code 6 - szDecimals} decimals. */
    public static final int HYPERLIQUID_PERP_MAX_DECIMALS = 6;
    /** Hyperliquid spot prices carry at most {@code 8 - szDecimals} decimals. */
    public static final int HYPERLIQUID_SPOT_MAX_DECIMALS = 8;

    /**
     * A Binance USD-M symbol from {@code exchangeInfo}'s PRICE_FILTER tickSize and LOT_SIZE stepSize.
     *
     * @param symbol   e.g. {@code BTCUSDT}
     * @param tickSize e.g. {@code "0.10"}
     * @param stepSize e.g. {@code "0.001"}
     * @return the spec
     * @throws IllegalArgumentException if a step is not a positive decimal
     */
    public static InstrumentSpec binance(final String symbol, final String tickSize, final String stepSize) {
        final int priceScale = requireScale(tickSize, "tickSize");
        final int sizeScale = requireScale(stepSize, "stepSize");
        return new InstrumentSpec(Venue.BINANCE_USDM, symbol, priceScale, sizeScale,
            FixedPoint.parse(tickSize, priceScale), FixedPoint.parse(stepSize, sizeScale));
    }

    /**
     * A Hyperliquid instrument from {@code meta}/{@code spotMeta}'s {@code szDecimals}. Perpetuals (including
     * HIP-3) allow {@code 6 - szDecimals} price decimals, spot {@code 8 - szDecimals}; there is no fixed tick.
     *
     * @param symbol     e.g. {@code BTC}, {@code kPEPE}, {@code @107}, {@code xyz:TSLA}
     * @param szDecimals the venue's size decimals
     * @return the spec
     * @throws IllegalArgumentException if {@code szDecimals} is out of range
     */
    public static InstrumentSpec hyperliquid(final String symbol, final int szDecimals) {
        final String canonical = SymbolNaming.canonical(Venue.HYPERLIQUID, symbol);
        final boolean spot = canonical != null
            && SymbolNaming.kindOf(Venue.HYPERLIQUID, canonical) == InstrumentKind.SPOT;
        final int maxDecimals = spot ? HYPERLIQUID_SPOT_MAX_DECIMALS : HYPERLIQUID_PERP_MAX_DECIMALS;
        if (szDecimals < 0 || szDecimals > maxDecimals) {
            throw new IllegalArgumentException("szDecimals must be 0.." + maxDecimals + ", was " + szDecimals);
        }
        return new InstrumentSpec(Venue.HYPERLIQUID, symbol, maxDecimals - szDecimals, szDecimals, 0, 1);
    }

    private static int requireScale(final String step, final String name) {
        final int scale = step == null ? -1 : FixedPoint.scaleOf(step);
        if (scale < 0 || FixedPoint.parse(step, scale) <= 0) {
            throw new IllegalArgumentException(name + " must be a positive decimal, was '" + step + "'");
        }
        return scale;
    }
}
