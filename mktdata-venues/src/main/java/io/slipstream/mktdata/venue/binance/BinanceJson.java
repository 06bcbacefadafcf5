package io.slipstream.mktdata.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.venue.json.FrameJson;
import java.io.IOException;

/**
 * Binance's field and decimal reading over a jackson-core parser fed a whole frame (token handling is
 * {@link FrameJson}'s). One instance per parser (it holds a reusable view of the parser's text buffer); not
 * thread-safe.
 */
final class BinanceJson {
    private final FrameJson.CharView view = new FrameJson.CharView();

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
        view.wrap(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
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
        view.wrap(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
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
}
