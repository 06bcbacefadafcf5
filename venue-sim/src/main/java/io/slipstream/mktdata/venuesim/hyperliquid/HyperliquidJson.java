package io.slipstream.mktdata.venuesim.hyperliquid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the small JSON documents clients send (subscriptions, {@code /info} bodies) into plain Java values: objects
 * become {@link Map}s (a present {@code null} is a key mapped to null), arrays {@link List}s, integers {@link Long}
 * (or {@link java.math.BigInteger}), other numbers {@link java.math.BigDecimal}. Stateless and thread-safe.
 */
final class HyperliquidJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private HyperliquidJson() {
    }

    /**
     * @param text a JSON document
     * @return its value
     * @throws IOException if it is not exactly one well-formed JSON value
     */
    static Object parse(final String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            final JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("empty document");
            }
            final Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IOException("trailing content");
            }
            return value;
        }
    }

    /** @param text a JSON document @return its value if it is an object, else null */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(final String text) {
        try {
            final Object value = parse(text);
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    private static Object read(final JsonParser parser, final JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                final Map<String, Object> object = new LinkedHashMap<>();
                JsonToken next = parser.nextToken();
                while (next != JsonToken.END_OBJECT) {
                    final String name = parser.currentName();
                    object.put(name, read(parser, parser.nextToken()));
                    next = parser.nextToken();
                }
                yield object;
            }
            case START_ARRAY -> {
                final List<Object> array = new ArrayList<>();
                JsonToken next = parser.nextToken();
                while (next != JsonToken.END_ARRAY) {
                    array.add(read(parser, next));
                    next = parser.nextToken();
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + token);
        };
    }

    /** @param map an object @param key a key @return its value if it is a string, else null */
    static String string(final Map<String, Object> map, final String key) {
        return map.get(key) instanceof String text ? text : null;
    }

    /** @param map an object @param key a key @return its value if it is an object, else null */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Map<String, Object> map, final String key) {
        return map.get(key) instanceof Map<?, ?> inner ? (Map<String, Object>) inner : null;
    }
}
