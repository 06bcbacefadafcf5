package io.slipstream.mktdata.fixedpoint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Exact decimal values as scaled {@code long} mantissas: {@code value = mantissa * 10^-scale}.
 *
 * <p>Venues send prices and sizes as decimal strings; we parse them straight from characters or bytes into a
 * mantissa at the instrument's fixed scale, so book keys never suffer binary-float drift and the same value comes
 * back out. A string that cannot be represented exactly at the scale (NaN, too many significant decimals, overflow,
 * garbage) yields {@link #INVALID}; no exception is thrown on the hot path.
 *
 * <p>Stateless and thread-safe.
 */
public final class FixedPoint {
    /** Returned when an input is not a finite decimal representable exactly at the requested scale. */
    public static final long INVALID = Long.MIN_VALUE;
    /** The largest scale supported: 18 decimal places. */
    public static final int MAX_SCALE = 18;

    /** Up to this many bytes (sign included) a decimal has at most 18 digits: no overflow while accumulating. */
    private static final int SHORT_LENGTH = 18;
    private static final long[] POWERS_OF_TEN = new long[MAX_SCALE + 1];
    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;

    static {
        long power = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private FixedPoint() {
    }

    /**
     * @param scale number of decimal places, 0 to {@link #MAX_SCALE}
     * @return 10 to the power {@code scale}
     */
    public static long powerOfTen(final int scale) {
        return POWERS_OF_TEN[scale];
    }

    /**
     * Parses an ASCII decimal such as {@code "-12.3400"} into a mantissa at {@code scale}.
     *
     * @param text  characters holding the decimal
     * @param scale decimal places of the mantissa
     * @return the mantissa, or {@link #INVALID}
     */
    public static long parse(final CharSequence text, final int scale) {
        return text == null ? INVALID : parse(text, 0, text.length(), scale);
    }

    /**
     * Parses {@code length} characters of {@code text} from {@code offset}.
     *
     * @param text   characters holding the decimal
     * @param offset first character
     * @param length number of characters
     * @param scale  decimal places of the mantissa
     * @return the mantissa, or {@link #INVALID}
     */
    public static long parse(final CharSequence text, final int offset, final int length, final int scale) {
        return parseChars(text, offset, length, scale, false);
    }

    /**
     * Parses {@code length} ASCII bytes from {@code offset}, e.g. straight out of a websocket frame.
     *
     * @param bytes  buffer holding the decimal
     * @param offset first byte
     * @param length number of bytes
     * @param scale  decimal places of the mantissa
     * @return the mantissa, or {@link #INVALID}
     */
    public static long parse(final byte[] bytes, final int offset, final int length, final int scale) {
        if (scale < 0 || scale > MAX_SCALE || length <= 0) {
            return INVALID;
        }
        if (length <= Long.BYTES && offset + Long.BYTES <= bytes.length) {
            final long mantissa = parseEightBytes(bytes, offset, length, scale);
            if (mantissa != INVALID) {
                return mantissa;
            }
        }
        if (length <= SHORT_LENGTH) {
            return parseShort(bytes, offset, length, scale);
        }
        final int end = offset + length;
        int i = offset;
        boolean negative = false;
        final byte first = bytes[i];
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = -1;
        for (; i < end; i++) {
            final byte c = bytes[i];
            if (c == '.') {
                if (fractionDigits >= 0) {
                    return INVALID;
                }
                fractionDigits = 0;
                continue;
            }
            final int digit = c - '0';
            if (digit < 0 || digit > 9) {
                return INVALID;
            }
            digits++;
            if (fractionDigits >= 0) {
                fractionDigits++;
                if (fractionDigits > scale) {
                    if (digit != 0) {
                        return INVALID;
                    }
                    continue;
                }
            }
            mantissa = accumulate(mantissa, digit);
            if (mantissa < 0) {
                return INVALID;
            }
        }
        return finish(mantissa, digits, fractionDigits, scale, negative);
    }

    /**
     * Parses a decimal that may carry more decimals than {@code scale}, rounding half away from zero: for venues that
     * render floats (Hyperliquid volumes such as {@code "3495670.8399999999"}, Binance mark prices with 8 decimals).
     * Book keys must use {@link #parse(CharSequence, int, int, int)}, which refuses instead of rounding.
     *
     * @param text   characters holding the decimal
     * @param offset first character
     * @param length number of characters
     * @param scale  decimal places of the mantissa
     * @return the rounded mantissa, or {@link #INVALID} for anything that is not a finite decimal in range
     */
    public static long parseRounded(final CharSequence text, final int offset, final int length, final int scale) {
        return parseChars(text, offset, length, scale, true);
    }

    /** The one character loop: digits past {@code scale} must be zeros, or decide the rounding if asked to. */
    private static long parseChars(
        final CharSequence text, final int offset, final int length, final int scale, final boolean round) {
        if (scale < 0 || scale > MAX_SCALE || length <= 0) {
            return INVALID;
        }
        final int end = offset + length;
        int i = offset;
        boolean negative = false;
        final char first = text.charAt(i);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = -1;
        boolean roundUp = false;
        for (; i < end; i++) {
            final char c = text.charAt(i);
            if (c == '.') {
                if (fractionDigits >= 0) {
                    return INVALID;
                }
                fractionDigits = 0;
                continue;
            }
            final int digit = c - '0';
            if (digit < 0 || digit > 9) {
                return INVALID;
            }
            digits++;
            if (fractionDigits >= 0) {
                fractionDigits++;
                if (fractionDigits > scale) {
                    if (!round && digit != 0) {
                        return INVALID;
                    }
                    // Half away from zero is decided by the first dropped digit alone.
                    roundUp |= fractionDigits == scale + 1 && digit >= 5;
                    continue;
                }
            }
            mantissa = accumulate(mantissa, digit);
            if (mantissa < 0) {
                return INVALID;
            }
        }
        final long scaled = finish(mantissa, digits, fractionDigits, scale, false);
        if (scaled == INVALID) {
            return INVALID;
        }
        final long rounded = roundUp ? scaled + 1 : scaled;
        return negative ? -rounded : rounded;
    }

    /**
     * @param text  a decimal
     * @param scale decimal places of the mantissa
     * @return the mantissa rounded half away from zero, or {@link #INVALID}
     */
    public static long parseRounded(final CharSequence text, final int scale) {
        return text == null ? INVALID : parseRounded(text, 0, text.length(), scale);
    }

    /**
     * Finds the first occurrence of an ASCII byte in the eight bytes at {@code offset} (which must all be inside the
     * array), for scanners that want the end of a short token without a loop.
     *
     * @param bytes  the buffer
     * @param offset first of the eight bytes
     * @param value  the byte to find
     * @return its distance from {@code offset} (0-7), or -1 if none of the eight bytes is {@code value}
     */
    public static int indexInEightBytes(final byte[] bytes, final int offset, final byte value) {
        final long matches = zeroBytes((long) LONG_LE.get(bytes, offset) ^ (ONES * (value & 0xFF)));
        return matches == 0 ? -1 : Long.numberOfTrailingZeros(matches) >>> 3;
    }

    /** @return 0x80 in every byte of {@code word} that is zero, 0 elsewhere (exact: no false positives) */
    private static long zeroBytes(final long word) {
        return ~(((word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | word | LOW_SEVEN_BITS);
    }

    /**
     * The common case of a venue decimal in at most eight bytes, with eight bytes readable at {@code offset}
     * ({@code "61800.20"}, {@code "0.014"}): the digits are checked and converted eight at a time in one word (SWAR)
     * instead of one multiply-add per digit in a dependency chain.
     *
     * @return the mantissa, or {@link #INVALID} for anything it does not handle (a sign, a scale that could overflow,
     *         or bad input): the caller then takes the general path, which decides
     */
    private static long parseEightBytes(final byte[] bytes, final int offset, final int length, final int scale) {
        final long present = length == Long.BYTES ? -1L : (1L << (length << 3)) - 1;
        long word = (long) LONG_LE.get(bytes, offset) & present;
        final long dots = zeroBytes(word ^ (ONES * '.')) & present;
        int digits = length;
        int fractionDigits = 0;
        if (dots != 0) {
            if ((dots & (dots - 1)) != 0) {
                return INVALID;
            }
            // Delete the dot: the bytes after it move down one place.
            final int dotAt = Long.numberOfTrailingZeros(dots) >>> 3;
            final long below = (1L << (dotAt << 3)) - 1;
            word = (word & below) | ((word >>> 8) & ~below);
            digits--;
            fractionDigits = digits - dotAt;
        }
        if (digits == 0) {
            return INVALID;
        }
        if (fractionDigits > scale) {
            // Decimals past the scale must be zeros ("61800.20" at a 0.1 tick): drop them, they are the top bytes.
            final int excess = fractionDigits - scale;
            final int kept = digits - excess;
            if (word >>> (kept << 3) != (ONES * '0' & (1L << (excess << 3)) - 1)) {
                return INVALID;
            }
            word &= (1L << (kept << 3)) - 1;
            digits = kept;
            fractionDigits = scale;
        }
        if (digits + scale - fractionDigits > MAX_SCALE) {
            return INVALID;
        }
        final long digitBytes = digits == Long.BYTES ? -1L : (1L << (digits << 3)) - 1;
        final long zeros = ONES * '0' & digitBytes;
        // Every byte must be 0x30-0x39: high nibble 3, and still 3 after adding 6.
        if (((word & 0xF0F0F0F0F0F0F0F0L) ^ zeros) != 0
            || (((word + (ONES * 6 & digitBytes)) & 0xF0F0F0F0F0F0F0F0L) ^ zeros) != 0) {
            return INVALID;
        }
        // Digit values, most significant first in memory, right-aligned so the missing ones are leading zeros.
        long value = (word - zeros) << ((Long.BYTES - digits) << 3);
        value = (value * 10 + (value >>> 8)) & 0x00FF00FF00FF00FFL;
        value = (value * 100 + (value >>> 16)) & 0x0000FFFF0000FFFFL;
        value = (value * 10000 + (value >>> 32)) & 0xFFFFFFFFL;
        return value * POWERS_OF_TEN[scale - fractionDigits];
    }

    /**
     * {@link #parse(byte[], int, int, int)} for at most {@link #SHORT_LENGTH} bytes, the venue frame case: that many
     * digits cannot overflow, so the loops carry no overflow check, and the scaling needs none either unless the
     * integer digits and the scale together pass 18. Same results as the general loop.
     */
    private static long parseShort(final byte[] bytes, final int offset, final int length, final int scale) {
        final int end = offset + length;
        int i = offset;
        final byte first = bytes[i];
        final boolean negative = first == '-';
        if (negative || first == '+') {
            i++;
        }
        final int integerStart = i;
        long mantissa = 0;
        while (i < end) {
            final int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            mantissa = mantissa * 10 + digit;
            i++;
        }
        final int integerDigits = i - integerStart;
        int fractionDigits = 0;
        if (i < end) {
            if (bytes[i] != '.') {
                return INVALID;
            }
            final int fractionStart = ++i;
            final int kept = Math.min(end, fractionStart + scale);
            while (i < kept) {
                final int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9) {
                    return INVALID;
                }
                mantissa = mantissa * 10 + digit;
                i++;
            }
            fractionDigits = i - fractionStart;
            // Digits past the scale must be zeros: refused, not rounded.
            while (i < end) {
                if (bytes[i] != '0') {
                    return INVALID;
                }
                i++;
            }
            if (integerDigits + end - fractionStart == 0) {
                return INVALID;
            }
        } else if (integerDigits == 0) {
            return INVALID;
        }
        final long factor = POWERS_OF_TEN[scale - fractionDigits];
        if (integerDigits + scale > MAX_SCALE && mantissa > Long.MAX_VALUE / factor) {
            return INVALID;
        }
        final long scaled = mantissa * factor;
        return negative ? -scaled : scaled;
    }

    private static long accumulate(final long mantissa, final int digit) {
        if (mantissa > (Long.MAX_VALUE - digit) / 10) {
            return -1;
        }
        return mantissa * 10 + digit;
    }

    private static long finish(
        final long mantissa, final int digits, final int fractionDigits, final int scale, final boolean negative) {
        if (digits == 0) {
            return INVALID;
        }
        final int usedFraction = Math.max(0, Math.min(fractionDigits, scale));
        final long factor = POWERS_OF_TEN[scale - usedFraction];
        if (mantissa > Long.MAX_VALUE / factor) {
            return INVALID;
        }
        final long scaled = mantissa * factor;
        return negative ? -scaled : scaled;
    }

    /**
     * Converts a double to a mantissa, for callers that only have binary floats (tests, embedding strategies).
     * Rounds half-even to the scale; NaN, infinities and overflow give {@link #INVALID}.
     *
     * @param value the value
     * @param scale decimal places of the mantissa
     * @return the mantissa, or {@link #INVALID}
     */
    public static long fromDouble(final double value, final int scale) {
        if (!Double.isFinite(value) || scale < 0 || scale > MAX_SCALE) {
            return INVALID;
        }
        final double scaled = Math.rint(value * POWERS_OF_TEN[scale]);
        if (scaled >= 0x1p63 || scaled <= -0x1p63) {
            return INVALID;
        }
        return (long) scaled;
    }

    /**
     * @param mantissa the mantissa
     * @param scale    its decimal places
     * @return the nearest double (for display and statistics, never for book keys)
     */
    public static double toDouble(final long mantissa, final int scale) {
        return mantissa / (double) POWERS_OF_TEN[scale];
    }

    /**
     * Rescales a mantissa exactly, e.g. to compare prices of two instruments.
     *
     * @param mantissa  the mantissa at {@code fromScale}
     * @param fromScale its decimal places
     * @param toScale   the wanted decimal places
     * @return the mantissa at {@code toScale}, or {@link #INVALID} if precision or range would be lost
     */
    public static long rescale(final long mantissa, final int fromScale, final int toScale) {
        if (mantissa == INVALID) {
            return INVALID;
        }
        if (toScale >= fromScale) {
            final long factor = POWERS_OF_TEN[toScale - fromScale];
            final long result = mantissa * factor;
            return (factor != 0 && result / factor == mantissa) ? result : INVALID;
        }
        final long factor = POWERS_OF_TEN[fromScale - toScale];
        return mantissa % factor == 0 ? mantissa / factor : INVALID;
    }

    /**
     * Formats a mantissa as a plain decimal with trailing fractional zeros removed ({@code 1234500, 4 -> "123.45"}).
     * Allocates: for the control plane, logs and tests.
     *
     * @param mantissa the mantissa
     * @param scale    its decimal places
     * @return the decimal text
     */
    public static String toString(final long mantissa, final int scale) {
        final StringBuilder out = new StringBuilder(24);
        appendTo(out, mantissa, scale);
        return out.toString();
    }

    /**
     * Appends the plain decimal form of a mantissa to {@code out}.
     *
     * @param out      where to append
     * @param mantissa the mantissa
     * @param scale    its decimal places
     * @return {@code out}
     */
    public static StringBuilder appendTo(final StringBuilder out, final long mantissa, final int scale) {
        if (mantissa == INVALID) {
            return out.append("invalid");
        }
        final long factor = POWERS_OF_TEN[scale];
        if (mantissa < 0) {
            out.append('-');
        }
        final long integerPart = Math.abs(mantissa / factor);
        long fraction = Math.abs(mantissa % factor);
        out.append(integerPart);
        if (fraction != 0) {
            int digits = scale;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            final String fractionText = Long.toString(fraction);
            for (int pad = digits - fractionText.length(); pad > 0; pad--) {
                out.append('0');
            }
            out.append(fractionText);
        }
        return out;
    }

    /**
     * @param decimalText a step such as {@code "0.001"} or {@code "1e-05"}
     * @return the number of decimal places it needs (3 for {@code "0.001"}, 0 for {@code "10"}), or -1 if invalid
     */
    public static int scaleOf(final String decimalText) {
        try {
            final int scale = new java.math.BigDecimal(decimalText).stripTrailingZeros().scale();
            final int result = Math.max(0, scale);
            return result > MAX_SCALE ? -1 : result;
        } catch (final NumberFormatException e) {
            return -1;
        }
    }
}
