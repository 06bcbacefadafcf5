package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.venuesim.market.SimSymbol;

/**
 * Appends Binance-style JSON fragments to a {@link StringBuilder} without intermediate strings: prices and
 * quantities as quoted decimals with exactly the symbol's decimals (as Binance renders them), levels as
 * {@code [["price","qty"],...]}. Stateless.
 */
final class BinanceJson {
    private BinanceJson() {
    }

    /**
     * @param out      where to append
     * @param mantissa the value at {@code scale}
     * @param scale    decimals to print (all of them, zeros included)
     * @return {@code out}
     */
    static StringBuilder fixed(final StringBuilder out, final long mantissa, final int scale) {
        final long factor = FixedPoint.powerOfTen(scale);
        if (mantissa < 0) {
            out.append('-');
        }
        out.append(Math.abs(mantissa / factor));
        if (scale > 0) {
            final long fraction = Math.abs(mantissa % factor);
            out.append('.');
            // Leading zeros of the fraction: one per power of ten the fraction is below.
            for (long limit = factor / 10; limit > 1 && fraction < limit; limit /= 10) {
                out.append('0');
            }
            out.append(fraction);
        }
        return out;
    }

    /** Appends {@code "<price>"}. */
    static StringBuilder price(final StringBuilder out, final SimSymbol symbol, final long mantissa) {
        out.append('"');
        return fixed(out, mantissa, symbol.priceScale()).append('"');
    }

    /** Appends {@code "<size>"}. */
    static StringBuilder size(final StringBuilder out, final SimSymbol symbol, final long mantissa) {
        out.append('"');
        return fixed(out, mantissa, symbol.sizeScale()).append('"');
    }

    /**
     * Appends a double as a quoted decimal with {@code scale} decimals (quote volumes, mark prices, rates).
     *
     * @param out   where to append
     * @param value the value
     * @param scale decimals, at most 12
     * @return {@code out}
     */
    static StringBuilder decimal(final StringBuilder out, final double value, final int scale) {
        out.append('"');
        final double scaled = value * FixedPoint.powerOfTen(scale);
        if (Double.isNaN(value) || Math.abs(scaled) >= 9.0e18) {
            // Out of long range (never for simulated prices): fall back to the JDK's rendering.
            return out.append(java.math.BigDecimal.valueOf(value).setScale(scale, java.math.RoundingMode.HALF_UP)
                .toPlainString()).append('"');
        }
        return fixed(out, Math.round(scaled), scale).append('"');
    }

    /**
     * Appends {@code [["p","q"],...]} for the first {@code count} levels of a buffer.
     *
     * @param out    where to append
     * @param symbol the symbol (for decimals)
     * @param levels the levels
     * @return {@code out}
     */
    static StringBuilder levels(final StringBuilder out, final SimSymbol symbol, final LevelBuffer levels) {
        out.append('[');
        for (int i = 0; i < levels.count(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('[');
            price(out, symbol, levels.price(i)).append(',');
            size(out, symbol, levels.size(i)).append(']');
        }
        return out.append(']');
    }

    /**
     * Appends a JSON string literal.
     *
     * @param out  where to append
     * @param text the text
     * @return {@code out}
     */
    static StringBuilder string(final StringBuilder out, final String text) {
        return io.slipstream.mktdata.venuesim.net.JsonText.quoted(out, text);
    }

    /**
     * @param code Binance error code
     * @param msg  message
     * @return {@code {"code":code,"msg":"..."}}
     */
    static String restError(final int code, final String msg) {
        final StringBuilder out = new StringBuilder(64 + msg.length());
        out.append("{\"code\":").append(code).append(",\"msg\":");
        return string(out, msg).append('}').toString();
    }
}
