package io.slipstream.mktdata.venue.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Token helpers for a jackson-core parser (blocking or non-blocking) that has been fed a whole frame: running out of
 * input means the frame was truncated, which is an error, never a wait.
 */
public final class FrameJson {
    /** Thrown (preallocated, no stack trace) when a frame ends before its JSON does. */
    public static final IOException TRUNCATED = new Truncated();

    private FrameJson() {
    }

    /**
     * @param parser the parser
     * @return the next token, never null nor NOT_AVAILABLE
     * @throws IOException on bad JSON, or {@link #TRUNCATED}
     */
    public static JsonToken next(final JsonParser parser) throws IOException {
        final JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.NOT_AVAILABLE) {
            throw TRUNCATED;
        }
        return token;
    }

    /**
     * Skips the current value (scalar, object or array) token by token: {@link JsonParser#skipChildren()} spins on
     * a non-blocking parser that ran out of input.
     *
     * @param parser parser positioned on the value's first token
     * @throws IOException on bad JSON, or {@link #TRUNCATED}
     */
    public static void skipValue(final JsonParser parser) throws IOException {
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

    /** A CharSequence over a region of a char array (a parser's text buffer), re-pointed instead of allocated. */
    public static final class CharView implements CharSequence {
        private char[] chars = new char[0];
        private int offset;
        private int length;

        /**
         * @param newChars  the array
         * @param newOffset where the text starts
         * @param newLength its length
         * @return this, viewing that region
         */
        public CharView wrap(final char[] newChars, final int newOffset, final int newLength) {
            chars = newChars;
            offset = newOffset;
            length = newLength;
            return this;
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
}
