package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.venuesim.market.SimSymbol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Hyperliquid's price grid and number rendering. The simulated market has Binance precision; Hyperliquid perp prices
 * carry at most five significant figures and at most {@code 6 - szDecimals} decimals (integers are always allowed),
 * and every decimal is a string without trailing zeros but with at least one decimal ({@code "69172.0"},
 * {@code "1.21098"}, {@code "0.001565"}), as in the recorded frames. Stateless.
 */
final class HyperliquidFormat {
    /** Perp prices have at most this many decimals minus szDecimals. */
    static final int MAX_PERP_DECIMALS = 6;
    /** Real perps use 0 to 5 size decimals. */
    static final int MAX_SZ_DECIMALS = 5;
    /** Significant figures of a full-precision price. */
    static final int MAX_SIG_FIGS = 5;

    private HyperliquidFormat() {
    }

    /** @param symbol a symbol @return its Hyperliquid {@code szDecimals}: the size scale, within 0..5 */
    static int szDecimals(final SimSymbol symbol) {
        return Math.max(0, Math.min(MAX_SZ_DECIMALS, symbol.sizeScale()));
    }

    /**
     * The Hyperliquid price step around a price, as a mantissa at the symbol's price scale (never below one unit:
     * a grid finer than the market's precision changes nothing).
     *
     * @param priceMantissa a positive price
     * @param priceScale    its scale
     * @param szDecimals    the coin's szDecimals
     * @param nSigFigs      0 for full precision, else 2..5 (an {@code l2Book} aggregation)
     * @param mantissa      1, 2 or 5: the last significant figure's step (only with nSigFigs 5)
     * @return the step
     */
    static long tick(final long priceMantissa, final int priceScale, final int szDecimals, final int nSigFigs,
                     final int mantissa) {
        if (priceMantissa <= 0) {
            return 1;
        }
        final int exponent = digits(priceMantissa) - 1 - priceScale;
        final int fullExponent = Math.min(0,
            Math.max(exponent - (MAX_SIG_FIGS - 1), -(MAX_PERP_DECIMALS - szDecimals)));
        final long full = powerOfTenMantissa(fullExponent + priceScale);
        if (nSigFigs == 0) {
            return full;
        }
        final int sigExponent = exponent - (nSigFigs - 1) + priceScale;
        final long sig = sigExponent < 0 ? 1 : powerOfTenMantissa(sigExponent) * mantissa;
        return Math.max(full, sig);
    }

    /** @param price a price @param tick its step @return the price rounded down to the step */
    static long roundDown(final long price, final long tick) {
        return Math.floorDiv(price, tick) * tick;
    }

    /** @param price a price @param tick its step @return the price rounded up to the step */
    static long roundUp(final long price, final long tick) {
        return -Math.floorDiv(-price, tick) * tick;
    }

    /** @param price a price @param tick its step @return the price rounded to the nearest step */
    static long roundNearest(final long price, final long tick) {
        return Math.floorDiv(price + tick / 2, tick) * tick;
    }

    /**
     * @param symbol the symbol
     * @param price  a price at the symbol's scale
     * @param mode   down (bids, taker sells), up (asks, taker buys) or nearest
     * @return the price on the full-precision Hyperliquid grid
     */
    static long toGrid(final SimSymbol symbol, final long price, final RoundingMode mode) {
        final long tick = tick(price, symbol.priceScale(), szDecimals(symbol), 0, 1);
        return switch (mode) {
            case DOWN, FLOOR -> roundDown(price, tick);
            case UP, CEILING -> roundUp(price, tick);
            default -> roundNearest(price, tick);
        };
    }

    private static long powerOfTenMantissa(final int exponent) {
        if (exponent <= 0) {
            return 1;
        }
        return FixedPoint.powerOfTen(Math.min(exponent, FixedPoint.MAX_SCALE));
    }

    private static int digits(final long value) {
        int digits = 1;
        long rest = value;
        while (rest >= 10) {
            rest /= 10;
            digits++;
        }
        return digits;
    }

    /**
     * Appends a decimal the way Hyperliquid renders it: trailing zeros stripped, {@code ".0"} kept on integers.
     *
     * @param out      where to append
     * @param mantissa the value
     * @param scale    its decimals
     * @return {@code out}
     */
    static StringBuilder decimal(final StringBuilder out, final long mantissa, final int scale) {
        final int start = out.length();
        FixedPoint.appendTo(out, mantissa, scale);
        if (out.indexOf(".", start) < 0) {
            out.append(".0");
        }
        return out;
    }

    /** @param out where to append @param mantissa the value @param scale its decimals @return {@code out} */
    static StringBuilder quotedDecimal(final StringBuilder out, final long mantissa, final int scale) {
        out.append('"');
        decimal(out, mantissa, scale);
        return out.append('"');
    }

    /**
     * @param out      where to append
     * @param value    a derived figure (funding, volume, ...)
     * @param decimals most decimals
     * @return {@code out}, with the value quoted
     */
    static StringBuilder quotedDouble(final StringBuilder out, final double value, final int decimals) {
        if (!Double.isFinite(value)) {
            return out.append("\"0.0\"");
        }
        return quotedPlain(out, BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN));
    }

    /**
     * @param out             where to append
     * @param value           a derived price (oracle)
     * @param significantFigs significant figures kept
     * @return {@code out}, with the value quoted
     */
    static StringBuilder quotedSignificant(final StringBuilder out, final double value, final int significantFigs) {
        if (!Double.isFinite(value) || value == 0) {
            return out.append("\"0.0\"");
        }
        return quotedPlain(out, new BigDecimal(value).round(new MathContext(significantFigs, RoundingMode.HALF_EVEN)));
    }

    private static StringBuilder quotedPlain(final StringBuilder out, final BigDecimal value) {
        final BigDecimal stripped = value.stripTrailingZeros();
        out.append('"');
        if (stripped.signum() == 0) {
            out.append("0.0");
        } else {
            final String text = stripped.toPlainString();
            out.append(text);
            if (text.indexOf('.') < 0) {
                out.append(".0");
            }
        }
        return out.append('"');
    }

    /**
     * Appends a JSON string literal.
     *
     * @param out  where to append
     * @param text the text
     * @return {@code out}
     */
    static StringBuilder quoted(final StringBuilder out, final String text) {
        return io.slipstream.mktdata.venuesim.net.JsonText.quoted(out, text);
    }
}
