package io.slipstream.mktdata.instrument;

import io.slipstream.mktdata.fixedpoint.FixedPoint;

/**
 * One tradable instrument: its compact id, venue, canonical symbol and precision.
 *
 * <p>Prices are mantissas at {@code priceScale} decimal places and sizes at {@code sizeScale}. The tick and lot
 * sizes are mantissas at those scales; a tick of 0 means the venue has no fixed tick (Hyperliquid prices follow a
 * five-significant-figure rule instead). Immutable.
 *
 * @param id              compact id, dense from 0, assigned by the {@link InstrumentRegistry}
 * @param venue           the venue
 * @param symbol          the canonical symbol
 * @param kind            what the instrument is
 * @param priceScale      decimal places of price mantissas
 * @param sizeScale       decimal places of size mantissas
 * @param tickSizeMantissa price increment at {@code priceScale}, or 0 if the venue has none
 * @param lotSizeMantissa  size increment at {@code sizeScale}
 */
public record Instrument(
    int id,
    Venue venue,
    String symbol,
    InstrumentKind kind,
    int priceScale,
    int sizeScale,
    long tickSizeMantissa,
    long lotSizeMantissa) {

    /** @return the tick size as a decimal string, or "0" if the venue has no fixed tick */
    public String tickSize() {
        return FixedPoint.toString(tickSizeMantissa, priceScale);
    }

    /** @return the lot size as a decimal string */
    public String lotSize() {
        return FixedPoint.toString(lotSizeMantissa, sizeScale);
    }

    /**
     * @param priceMantissa a price at this instrument's scale
     * @return the price as a double, for display and statistics
     */
    public double price(final long priceMantissa) {
        return FixedPoint.toDouble(priceMantissa, priceScale);
    }

    /**
     * @param sizeMantissa a size at this instrument's scale
     * @return the size as a double, for display and statistics
     */
    public double size(final long sizeMantissa) {
        return FixedPoint.toDouble(sizeMantissa, sizeScale);
    }

    /**
     * @param priceText a decimal price string
     * @return its mantissa at this instrument's price scale, or {@link FixedPoint#INVALID}
     */
    public long parsePrice(final CharSequence priceText) {
        return FixedPoint.parse(priceText, priceScale);
    }

    /**
     * @param sizeText a decimal size string
     * @return its mantissa at this instrument's size scale, or {@link FixedPoint#INVALID}
     */
    public long parseSize(final CharSequence sizeText) {
        return FixedPoint.parse(sizeText, sizeScale);
    }

    @Override
    public String toString() {
        return venue.wireName() + ':' + symbol + '#' + id;
    }
}
