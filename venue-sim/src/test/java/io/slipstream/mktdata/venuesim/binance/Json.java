package io.slipstream.mktdata.venuesim.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny JSON tree reader for tests, on jackson-core's streaming parser: objects become {@code Map}, arrays
 * {@code List}, integers {@code Long}, other numbers {@code BigDecimal}, strings {@code String} (so a test can tell a
 * quoted price from a number), booleans {@code Boolean}, null {@link #NULL}.
 */
final class Json {
    /** The JSON null. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * @param text JSON text
     * @return the tree
     * @throws UncheckedIOException if the text is not one JSON value
     */
    static Object parse(final String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            final JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("empty");
            }
            final Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IOException("trailing content");
            }
            return value;
        } catch (final IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** @param text JSON text @return true if it parses as JSON */
    static boolean isJson(final String text) {
        try {
            parse(text);
            return true;
        } catch (final UncheckedIOException e) {
            return false;
        }
    }

    /** @param text a JSON object @return it as a map */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final String text) {
        return (Map<String, Object>) parse(text);
    }

    /** @param value a parsed object @return it as a map */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(final Object value) {
        return (Map<String, Object>) value;
    }

    /** @param value a parsed array @return it as a list */
    @SuppressWarnings("unchecked")
    static List<Object> asList(final Object value) {
        return (List<Object>) value;
    }

    /** @param value a parsed integer @return it */
    static long asLong(final Object value) {
        return (Long) value;
    }

    private static Object read(final JsonParser parser, final JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                final Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                final List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(parser, next));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return new BigDecimal(parser.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new IOException("unexpected " + token);
        }
    }
}
