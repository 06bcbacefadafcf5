package io.slipstream.mktdata.ipc.server;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A decoded request map with typed, validated access to its fields; every failure names the field. */
final class Request {
    private final Map<?, ?> fields;
    private final String type;
    private final long id;

    Request(final Map<?, ?> fields) throws RequestException {
        this.fields = fields;
        final Object idValue = fields.get("id");
        if (idValue != null && !(idValue instanceof Long)) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST, "\"id\" must be an integer");
        }
        this.id = idValue == null ? -1 : Math.max(-1, (Long) idValue);
        final Object typeValue = fields.get("type");
        if (!(typeValue instanceof String text)) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST, "a request needs a string \"type\"");
        }
        this.type = text;
    }

    String type() {
        return type;
    }

    /** @return the request id, or -1 when it has none */
    long id() {
        return id;
    }

    String requiredString(final String name) throws RequestException {
        final Object value = fields.get(name);
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST, type + " needs a string \"" + name + "\"");
        }
        return text;
    }

    String string(final String name, final String fallback) throws RequestException {
        final Object value = fields.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST, "\"" + name + "\" must be a string");
        }
        return text;
    }

    long longValue(final String name, final long fallback, final long min, final long max) throws RequestException {
        final Object value = fields.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Long number)) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST, "\"" + name + "\" must be an integer");
        }
        if (number < min || number > max) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST,
                "\"" + name + "\" must be in " + min + ".." + max + ", was " + number);
        }
        return number;
    }

    int intValue(final String name, final int fallback, final int min, final int max) throws RequestException {
        return (int) longValue(name, fallback, min, max);
    }

    Venue venue() throws RequestException {
        final Venue venue = optionalVenue();
        if (venue == null) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST,
                type + " needs \"venue\": \"hyperliquid\" or \"binance\"");
        }
        return venue;
    }

    Venue optionalVenue() throws RequestException {
        final String name = string("venue", null);
        if (name == null) {
            return null;
        }
        final Venue venue = Venue.fromWireName(name);
        if (venue == null) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST,
                "unknown venue \"" + name + "\" (expected \"hyperliquid\" or \"binance\")");
        }
        return venue;
    }

    CandleInterval interval() throws RequestException {
        final String name = requiredString("interval");
        final CandleInterval interval = CandleInterval.fromWireName(name);
        if (interval == null) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST, "unknown interval \"" + name
                + "\" (expected 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M)");
        }
        return interval;
    }

    /** @return the list of strings under {@code name}, or null when absent or nil */
    List<String> stringList(final String name) throws RequestException {
        final Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST, "\"" + name + "\" must be a list of strings");
        }
        final List<String> strings = new ArrayList<>(list.size());
        for (final Object element : list) {
            if (!(element instanceof String text)) {
                throw new RequestException(Protocol.ERROR_BAD_REQUEST, "\"" + name + "\" must be a list of strings");
            }
            strings.add(text);
        }
        return strings;
    }
}
