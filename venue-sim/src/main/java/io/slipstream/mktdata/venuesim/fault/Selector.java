package io.slipstream.mktdata.venuesim.fault;

import io.slipstream.mktdata.venuesim.net.SimConnection;

/**
 * Which connections a fault applies to: all of a venue's, one by id, those whose path contains a text, or those
 * subscribed to a symbol. Null fields match anything.
 *
 * @param connectionId a connection id, or null
 * @param pathContains text the connection's path must contain (e.g. {@code /public}), or null
 * @param symbol       a symbol the connection subscribed to (venue spelling), or null
 */
public record Selector(Long connectionId, String pathContains, String symbol) {
    /** Every connection of the venue. */
    public static final Selector ALL = new Selector(null, null, null);

    /** @param id a connection id @return a selector for that connection */
    public static Selector connection(final long id) {
        return new Selector(id, null, null);
    }

    /** @param symbol a symbol @return a selector for connections subscribed to it */
    public static Selector symbol(final String symbol) {
        return new Selector(null, null, symbol);
    }

    /** @param pathPart part of a path @return a selector for connections whose path contains it */
    public static Selector path(final String pathPart) {
        return new Selector(null, pathPart, null);
    }

    /**
     * @param connection a connection
     * @return true if this selector covers it
     */
    public boolean matches(final SimConnection connection) {
        return (connectionId == null || connectionId == connection.id())
            && (pathContains == null || connection.path().contains(pathContains))
            && (symbol == null || connection.symbols().contains(symbol));
    }
}
