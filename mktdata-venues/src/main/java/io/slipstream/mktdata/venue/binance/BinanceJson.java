package io.slipstream.mktdata.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import java.io.IOException;

/**
 * Allocation-free helpers over a jackson-core streaming parser (blocking or non-blocking): a whole frame has been
 * fed, so running out of input means the frame was truncated. One instance per parser (it holds a reusable view of
 * the parser's text buffer); not thread-safe.
 */
final class BinanceJson {
    /** Thrown (preallocated, no stack trace) when a frame ends before its JSON does. */
    static final IOException TRUNCATED = new Truncated();

    private final CharView view = new CharView();

    /**
     * @param parser the parser
     * @return the next token, never null nor NOT_AVAILABLE
     * @throws IOException on bad or truncated JSON
     */
    static JsonToken next(final JsonParser parser) throws IOException {
        final JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.NOT_AVAILABLE) {
            throw TRUNCATED;
        }
        return token;
    }

    /**
     * Skips the current value (scalar, object or array) without relying on {@link JsonParser#skipChildren()},
     * which spins on a non-blocking parser that ran out of input.
     *
     * @param parser parser positioned on the value's first token
     * @throws IOException on bad or truncated JSON
     */
    static void skipValue(final JsonParser parser) throws IOException {
        final JsonToken token = parser.currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            final JsonToken t = next(parser);
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            }
        }
    }

    /**
     * @param parser parser on a VALUE_STRING (or number) holding a decimal
     * @param scale  mantissa scale
     * @return the mantissa, or {@link FixedPoint#INVALID}
     * @throws IOException on a parser error
     */
    long decimal(final JsonParser parser, final int scale) throws IOException {
        final JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT
            && token != JsonToken.VALUE_NUMBER_FLOAT) {
            return FixedPoint.INVALID;
        }
        view.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        return FixedPoint.parse(view, 0, view.length(), scale);
    }

    /**
     * A decimal that may carry more decimals than {@code scale} (mark and index prices have 8), rounded half away
     * from zero to {@code scale}.
     *
     * @param parser parser on a VALUE_STRING holding a decimal
     * @param scale  mantissa scale
     * @return the rounded mantissa, or {@link FixedPoint#INVALID}
     * @throws IOException on a parser error
     */
    long roundedDecimal(final JsonParser parser, final int scale) throws IOException {
        view.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        return FixedPoint.parseRounded(view, 0, view.length(), scale);
    }

    /**
     * Field names come from the parser's symbol table (canonical Strings, no allocation per frame). The text
     * buffer is not used for names: jackson's non-blocking parser returns a stale buffer for them.
     *
     * @param parser parser on a field name
     * @param name   a name
     * @return true if the current field name equals it
     * @throws IOException on a parser error
     */
    static boolean textEquals(final JsonParser parser, final String name) throws IOException {
        return name.equals(parser.currentName());
    }

    /**
     * @param parser parser on a field name
     * @return its only char if one char long, else 0
     * @throws IOException on a parser error
     */
    static char singleChar(final JsonParser parser) throws IOException {
        final String name = parser.currentName();
        return name != null && name.length() == 1 ? name.charAt(0) : 0;
    }

    /**
     * @param parser parser on a scalar
     * @return its value as a long (numbers, or numeric strings), or {@link Long#MIN_VALUE}
     * @throws IOException on a parser error
     */
    static long longValue(final JsonParser parser) throws IOException {
        final JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        return Long.MIN_VALUE;
    }

    /** Preallocated: no stack trace. */
    private static final class Truncated extends IOException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super("truncated JSON frame");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** A CharSequence over a region of a char array, re-pointed instead of allocated. */
    static final class CharView implements CharSequence {
        private char[] chars = new char[0];
        private int offset;
        private int length;

        void set(final char[] newChars, final int newOffset, final int newLength) {
            chars = newChars;
            offset = newOffset;
            length = newLength;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(final int index) {
            return chars[offset + index];
        }

        @Override
        public CharSequence subSequence(final int start, final int end) {
            return new String(chars, offset + start, end - start);
        }

        @Override
        public String toString() {
            return new String(chars, offset, length);
        }
    }
}
