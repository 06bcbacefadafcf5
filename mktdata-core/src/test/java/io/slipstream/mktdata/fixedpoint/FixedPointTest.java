package io.slipstream.mktdata.fixedpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;

class FixedPointTest {
    @ParameterizedTest
    @CsvSource({
        "12345.67, 2, 1234567",
        "12345.670, 2, 1234567",
        "0.000, 3, 0",
        "0.001574, 6, 1574",
        "-1.5, 1, -15",
        "+7, 3, 7000",
        "42, 0, 42",
        "1., 2, 100",
        ".5, 1, 5",
        "5000.00, 1, 50000",
    })
    void shouldParseDecimalToMantissa(final String text, final int scale, final long mantissa) {
        assertThat(FixedPoint.parse(text, scale)).isEqualTo(mantissa);
        final byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
        assertThat(FixedPoint.parse(bytes, 1, text.length(), scale)).isEqualTo(mantissa);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "NaN", "Infinity", "1e5", "1.2.3", "-", ".", "12a", " 1", "0.0015", "99999999999999999999"})
    void shouldRefuseWhatCannotBeRepresentedExactly(final String text) {
        assertThat(FixedPoint.parse(text, 3)).isEqualTo(FixedPoint.INVALID);
        final byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
        assertThat(FixedPoint.parse(bytes, 1, text.length(), 3)).isEqualTo(FixedPoint.INVALID);
    }

    /**
     * The byte parser has fast paths for short decimals (eight bytes at a time when eight are readable); it must agree
     * with the character parser on anything: garbage, and well-formed decimals of every length and scale, followed by
     * more bytes in the buffer or not.
     */
    @Test
    void shouldParseBytesExactlyAsCharacters() {
        final Random random = new Random(11);
        final String alphabet = "0000000123456789..-+e\"";
        for (int i = 0; i < 400_000; i++) {
            final int length = random.nextInt(22);
            final StringBuilder text = new StringBuilder();
            final boolean wellFormed = random.nextBoolean();
            final int dotAt = random.nextInt(length + 2);
            for (int c = 0; c < length; c++) {
                if (wellFormed) {
                    text.append(c == dotAt ? '.' : (char) ('0' + random.nextInt(10)));
                } else {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            final int scale = random.nextInt(FixedPoint.MAX_SCALE + 2) - 1;
            final int padding = random.nextInt(10);
            final byte[] bytes = new byte[1 + length + padding];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, bytes, 1, length);
            assertThat(FixedPoint.parse(bytes, 1, length, scale)).as("'%s' at scale %d", text, scale)
                .isEqualTo(FixedPoint.parse(text, 0, text.length(), scale));
        }
    }

    @Test
    void shouldFindAByteWithinEightBytes() {
        final byte[] bytes = "ab\"d\"fghij\"klmnop".getBytes(StandardCharsets.US_ASCII);
        assertThat(FixedPoint.indexInEightBytes(bytes, 0, (byte) '"')).isEqualTo(2);
        assertThat(FixedPoint.indexInEightBytes(bytes, 3, (byte) '"')).isEqualTo(1);
        assertThat(FixedPoint.indexInEightBytes(bytes, 5, (byte) '"')).isEqualTo(5);
        assertThat(FixedPoint.indexInEightBytes(bytes, 5, (byte) 'z')).isEqualTo(-1);
        assertThat(FixedPoint.indexInEightBytes(bytes, 0, (byte) 'a')).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "3495670.8399999999, 2, 349567084",
        "11794.15000000, 1, 117942",
        "11794.14999999, 1, 117941",
        "11794.15, 1, 117942",
        "-0.005, 2, -1",
        "-0.004, 2, 0",
        "0.00038167, 10, 3816700",
        "7, 3, 7000",
    })
    void shouldRoundHalfAwayFromZeroWhenAskedTo(final String text, final int scale, final long mantissa) {
        assertThat(FixedPoint.parseRounded(text, scale)).isEqualTo(mantissa);
    }

    @Test
    void shouldRefuseGarbageEvenWhenRounding() {
        assertThat(FixedPoint.parseRounded("NaN", 2)).isEqualTo(FixedPoint.INVALID);
        assertThat(FixedPoint.parseRounded("1.2.3", 2)).isEqualTo(FixedPoint.INVALID);
        assertThat(FixedPoint.parseRounded("99999999999999999999", 2)).isEqualTo(FixedPoint.INVALID);
    }

    @Test
    void shouldRefuseOverflowFromScaling() {
        assertThat(FixedPoint.parse("9223372036854775807", 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(FixedPoint.parse("9223372036854775807", 1)).isEqualTo(FixedPoint.INVALID);
        assertThat(FixedPoint.parse("92233720368547758070", 0)).isEqualTo(FixedPoint.INVALID);
    }

    @Test
    void shouldRoundTripRandomDecimalsExactly() {
        final Random random = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            final int scale = random.nextInt(10);
            final long mantissa = random.nextLong() % 1_000_000_000_000L;
            final String text = new BigDecimal(java.math.BigInteger.valueOf(mantissa), scale).toPlainString();
            final long parsed = FixedPoint.parse(text, scale);
            assertThat(parsed).as(text).isEqualTo(mantissa);
            final String formatted = FixedPoint.toString(parsed, scale);
            assertThat(new BigDecimal(formatted)).as(text).isEqualByComparingTo(new BigDecimal(text));
        }
    }

    @ParameterizedTest
    @CsvSource({"1234500, 4, 123.45", "5, 3, 0.005", "-5, 3, -0.005", "100, 2, 1", "0, 8, 0", "-1234, 2, -12.34"})
    void shouldFormatWithoutTrailingZeros(final long mantissa, final int scale, final String text) {
        assertThat(FixedPoint.toString(mantissa, scale)).isEqualTo(text);
    }

    @Test
    void shouldConvertDoublesOnlyWhenFinite() {
        assertThat(FixedPoint.fromDouble(Double.NaN, 2)).isEqualTo(FixedPoint.INVALID);
        assertThat(FixedPoint.fromDouble(Double.POSITIVE_INFINITY, 2)).isEqualTo(FixedPoint.INVALID);
        assertThat(FixedPoint.fromDouble(1e30, 2)).isEqualTo(FixedPoint.INVALID);
        assertThat(FixedPoint.fromDouble(0.1 + 0.2, 2)).isEqualTo(30);
        assertThat(FixedPoint.toDouble(1574, 6)).isEqualTo(0.001574);
    }

    @Test
    void shouldRescaleOnlyWithoutLoss() {
        assertThat(FixedPoint.rescale(15, 1, 3)).isEqualTo(1500);
        assertThat(FixedPoint.rescale(1500, 3, 1)).isEqualTo(15);
        assertThat(FixedPoint.rescale(1501, 3, 1)).isEqualTo(FixedPoint.INVALID);
        assertThat(FixedPoint.rescale(Long.MAX_VALUE / 2, 0, 2)).isEqualTo(FixedPoint.INVALID);
    }

    @ParameterizedTest
    @CsvSource({"0.10, 1", "0.001, 3", "1, 0", "10, 0", "1e-05, 5", "0.00000100, 6"})
    void shouldFindTheScaleOfAStep(final String step, final int scale) {
        assertThat(FixedPoint.scaleOf(step)).isEqualTo(scale);
    }
}
