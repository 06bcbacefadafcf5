package io.slipstream.mktdata.venuesim.binance;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The 2026 URL routing of Binance USD-M streams: {@code /public} serves the high-frequency book streams,
 * {@code /market} the regular ones, and the legacy root ({@code /ws}, {@code /stream}) only /public-class data.
 * A stream subscribed on a route that does not serve it is acknowledged but never delivers.
 */
enum BinanceRoute {
    /** {@code /public/ws}, {@code /public/stream}. */
    PUBLIC("/public"),
    /** {@code /market/ws}, {@code /market/stream}. */
    MARKET("/market"),
    /** {@code /ws}, {@code /stream}: since the split, only /public-class data flows there. */
    LEGACY("");

    private final String prefix;

    BinanceRoute(final String prefix) {
        this.prefix = prefix;
    }

    /**
     * @param stream a parsed stream
     * @return true if this route delivers its data
     */
    boolean serves(final BinanceStream stream) {
        return this == MARKET ? !stream.kind().publicRoute() : stream.kind().publicRoute();
    }

    /**
     * A connection's request path, resolved.
     *
     * @param route    the route
     * @param combined true for {@code /stream} (combined payloads by default), false for {@code /ws}
     * @param streams  streams named in the URL
     */
    record Resolved(BinanceRoute route, boolean combined, List<String> streams) {
    }

    /**
     * @param resourceDescriptor the request path and query, e.g. {@code /public/stream?streams=a/b}
     * @return the route and streams, or null for a path Binance does not serve
     */
    static Resolved resolve(final String resourceDescriptor) {
        if (resourceDescriptor == null) {
            return null;
        }
        final int question = resourceDescriptor.indexOf('?');
        final String path = question < 0 ? resourceDescriptor : resourceDescriptor.substring(0, question);
        final String query = question < 0 ? "" : resourceDescriptor.substring(question + 1);
        BinanceRoute route = LEGACY;
        String rest = path;
        for (final BinanceRoute candidate : new BinanceRoute[] {PUBLIC, MARKET}) {
            if (path.startsWith(candidate.prefix + "/")) {
                route = candidate;
                rest = path.substring(candidate.prefix.length());
                break;
            }
        }
        if (rest.equals("/ws") || rest.equals("/ws/")) {
            return new Resolved(route, false, List.of());
        }
        if (rest.startsWith("/ws/")) {
            return new Resolved(route, false, split(decode(rest.substring("/ws/".length()))));
        }
        if (rest.equals("/stream") || rest.equals("/stream/")) {
            return new Resolved(route, true, split(streamsParameter(query)));
        }
        return null;
    }

    private static String streamsParameter(final String query) {
        for (final String pair : query.split("&")) {
            if (pair.startsWith("streams=")) {
                return decode(pair.substring("streams=".length()));
            }
        }
        return "";
    }

    private static List<String> split(final String streams) {
        final List<String> result = new ArrayList<>();
        for (final String stream : streams.split("/")) {
            if (!stream.isEmpty()) {
                result.add(stream);
            }
        }
        return result;
    }

    private static String decode(final String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (final IllegalArgumentException badEscape) {
            return text; // a stray '%': take the text as it is
        }
    }
}
