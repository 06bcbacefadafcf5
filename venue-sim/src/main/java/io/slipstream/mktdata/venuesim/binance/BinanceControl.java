package io.slipstream.mktdata.venuesim.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.java_websocket.framing.CloseFrame;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers the JSON control messages of Binance market streams ({@code SUBSCRIBE}, {@code UNSUBSCRIBE},
 * {@code LIST_SUBSCRIPTIONS}, {@code SET_PROPERTY}, {@code GET_PROPERTY}) with Binance's documented answers and
 * error frames (codes 0 to 3, messages worded like the venue's). Answers bypass the connection's faults and are
 * never wrapped in the combined envelope. Called on the connection's websocket worker thread. Thread-safe.
 */
final class BinanceControl {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String METHODS =
        "expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`";

    private final StreamRegistry registry;
    private final int maxStreams;

    /**
     * @param registry   the stream channels
     * @param maxStreams the most streams one connection may hold
     */
    BinanceControl(final StreamRegistry registry, final int maxStreams) {
        this.registry = registry;
        this.maxStreams = maxStreams;
    }

    /** A parameter that is neither a string nor a boolean: only its JSON type matters for the error text. */
    private record Other(String type) {
    }

    /** A control message as far as it could be read. */
    private static final class Request {
        String id;
        boolean idInvalid;
        String method;
        String methodType;
        List<Object> params;
        String paramsType;
    }

    /**
     * Handles one client text message.
     *
     * @param session the connection
     * @param text    the message
     */
    void handle(final BinanceSession session, final String text) {
        final Request request;
        try {
            request = parse(text);
        } catch (final JsonProcessingException e) {
            final JsonLocation where = e.getLocation();
            final long line = where == null ? 1 : Math.max(1, where.getLineNr());
            final long column = where == null ? 0 : Math.max(0, where.getColumnNr() - 1);
            answer(session, error(3, "Invalid JSON: expected value at line " + line + " column " + column, null));
            return;
        } catch (final IOException e) {
            answer(session, error(3, "Invalid JSON: " + e.getMessage(), null));
            return;
        }
        if (request == null) {
            answer(session, error(2, "Invalid request: expected a JSON object", null));
            return;
        }
        if (request.id == null || request.idInvalid) {
            answer(session, error(2, "Invalid request: request ID must be an unsigned integer", null));
            return;
        }
        if (request.method == null) {
            answer(session, error(2, request.methodType == null ? "Invalid request: missing field `method`"
                : "Invalid request: invalid type: " + request.methodType + ", expected a string", request.id));
            return;
        }
        switch (request.method) {
            case "SUBSCRIBE" -> subscribe(session, request, true);
            case "UNSUBSCRIBE" -> subscribe(session, request, false);
            case "LIST_SUBSCRIPTIONS" -> listSubscriptions(session, request);
            case "SET_PROPERTY" -> setProperty(session, request);
            case "GET_PROPERTY" -> getProperty(session, request);
            default -> answer(session, error(2, "Invalid request: unknown variant `" + request.method + "`, "
                + METHODS, request.id));
        }
    }

    private void subscribe(final BinanceSession session, final Request request, final boolean subscribe) {
        if (request.paramsType != null) {
            answer(session, error(2, "Invalid request: invalid type: " + request.paramsType + ", expected a sequence",
                request.id));
            return;
        }
        if (request.params == null) {
            answer(session, error(2, "Invalid request: missing field `params`", request.id));
            return;
        }
        final List<BinanceStream> streams = new ArrayList<>();
        for (final Object param : request.params) {
            final BinanceStream stream = param instanceof String name ? BinanceStream.parse(name) : null;
            if (stream == null) {
                answer(session, error(2, "Invalid request: invalid type: " + typeOf(param) + ", expected a string",
                    request.id));
                return;
            }
            streams.add(stream);
        }
        if (!subscribe) {
            session.unsubscribe(streams, registry);
            answer(session, "{\"result\":null,\"id\":" + request.id + '}');
            return;
        }
        if (!session.fits(streams, maxStreams)) {
            // Undocumented on the real venue; the simulator treats it like the message-rate limit: a disconnect.
            session.connection().socket().close(CloseFrame.POLICY_VALIDATION,
                "Maximum of " + maxStreams + " streams per connection exceeded");
            return;
        }
        // Ack first, then join the channels, so the ack precedes the stream's first event.
        answer(session, "{\"result\":null,\"id\":" + request.id + '}');
        session.subscribe(streams, registry);
    }

    private void listSubscriptions(final BinanceSession session, final Request request) {
        final StringBuilder out = new StringBuilder(64).append("{\"result\":[");
        final List<String> names = session.subscriptions();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            BinanceJson.string(out, names.get(i));
        }
        answer(session, out.append("],\"id\":").append(request.id).append('}').toString());
    }

    private void setProperty(final BinanceSession session, final Request request) {
        if (!propertyNameValid(session, request, 2)) {
            return;
        }
        if (request.params.size() < 2 || !(request.params.get(1) instanceof Boolean value)) {
            answer(session, error(1, "Invalid value type: expected Boolean", request.id));
            return;
        }
        session.combined(value);
        answer(session, "{\"result\":null,\"id\":" + request.id + '}');
    }

    private void getProperty(final BinanceSession session, final Request request) {
        if (propertyNameValid(session, request, 1)) {
            answer(session, "{\"result\":" + session.combined() + ",\"id\":" + request.id + '}');
        }
    }

    /** Checks {@code params[0]} is the one property Binance knows; answers the error and returns false if not. */
    private boolean propertyNameValid(final BinanceSession session, final Request request, final int maxParams) {
        if (request.paramsType != null || request.params == null || request.params.isEmpty()
            || !(request.params.get(0) instanceof String name)) {
            answer(session, error(2, "Invalid request: property name must be a string", request.id));
            return false;
        }
        if (request.params.size() > maxParams) {
            answer(session, error(2, "Invalid request: too many parameters", request.id));
            return false;
        }
        if (!name.equals("combined")) {
            answer(session, error(0, "Unknown property", request.id));
            return false;
        }
        return true;
    }

    private static void answer(final BinanceSession session, final String frame) {
        session.connection().sendUnfiltered(frame);
    }

    private static String error(final int code, final String msg, final String id) {
        final StringBuilder out = new StringBuilder(64 + msg.length()).append("{\"code\":").append(code)
            .append(",\"msg\":");
        BinanceJson.string(out, msg).append(",\"id\":").append(id == null ? "null" : id);
        return out.append('}').toString();
    }

    private static String typeOf(final Object param) {
        if (param instanceof Other other) {
            return other.type();
        }
        if (param instanceof Boolean value) {
            return "boolean `" + value + "`";
        }
        return param instanceof String ? "string" : "null";
    }

    /** @return the request, or null if the message is valid JSON but not an object */
    private static Request parse(final String text) throws IOException {
        try (JsonParser parser = JSON.createParser(text)) {
            final JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonParseException(parser, "empty");
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                requireEnd(parser);
                return null;
            }
            final Request request = new Request();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                final JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> readId(parser, value, request);
                    case "method" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            request.method = parser.getText();
                        } else {
                            request.methodType = describe(parser, value);
                        }
                    }
                    case "params" -> readParams(parser, value, request);
                    default -> parser.skipChildren();
                }
            }
            requireEnd(parser);
            return request;
        }
    }

    private static void readId(final JsonParser parser, final JsonToken value, final Request request)
        throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && !parser.getText().startsWith("-")) {
            request.id = parser.getText();
        } else {
            request.idInvalid = true;
            parser.skipChildren();
        }
    }

    private static void readParams(final JsonParser parser, final JsonToken value, final Request request)
        throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            request.paramsType = describe(parser, value);
            return;
        }
        request.params = new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (element == null) {
                throw new JsonParseException(parser, "unterminated array");
            }
            switch (element) {
                case VALUE_STRING -> request.params.add(parser.getText());
                case VALUE_TRUE -> request.params.add(Boolean.TRUE);
                case VALUE_FALSE -> request.params.add(Boolean.FALSE);
                default -> request.params.add(new Other(describe(parser, element)));
            }
        }
    }

    /** Describes a value the way serde's errors do ({@code integer `5`}, {@code map}, ...); skips it. */
    private static String describe(final JsonParser parser, final JsonToken value) throws IOException {
        final String type = switch (value) {
            case VALUE_NUMBER_INT -> "integer `" + parser.getText() + "`";
            case VALUE_NUMBER_FLOAT -> "floating point `" + parser.getText() + "`";
            case VALUE_STRING -> "string \"" + parser.getText() + "\"";
            case VALUE_TRUE, VALUE_FALSE -> "boolean `" + parser.getText() + "`";
            case START_ARRAY -> "sequence";
            case START_OBJECT -> "map";
            default -> "null";
        };
        parser.skipChildren();
        return type;
    }

    private static void requireEnd(final JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "trailing characters");
        }
    }
}
