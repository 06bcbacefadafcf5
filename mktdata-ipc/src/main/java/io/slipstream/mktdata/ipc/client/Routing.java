package io.slipstream.mktdata.ipc.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which subscriptions a stream message may belong to (stream messages carry no subscription number): an immutable
 * index by venue and symbol, rebuilt whenever a subscription is added or removed (rare) and read by the reader thread
 * without locking.
 */
final class Routing {
    // NONE first: the constructor that builds EMPTY uses it.
    private static final ClientSubscription[] NONE = new ClientSubscription[0];
    static final Routing EMPTY = new Routing(List.of());

    private final Map<String, Map<String, ClientSubscription[]>> byInstrument = new HashMap<>();
    private final ClientSubscription[] venueWide;
    private final ClientSubscription[] all;

    Routing(final Collection<ClientSubscription> subscriptions) {
        final Map<String, Map<String, List<ClientSubscription>>> lists = new HashMap<>();
        final List<ClientSubscription> wide = new ArrayList<>();
        for (final ClientSubscription subscription : subscriptions) {
            if (subscription.symbol() == null) {
                wide.add(subscription);
            } else {
                lists.computeIfAbsent(subscription.venue(), v -> new HashMap<>())
                    .computeIfAbsent(symbolKey(subscription.venue(), subscription.symbol()), s -> new ArrayList<>())
                    .add(subscription);
            }
        }
        lists.forEach((venue, bySymbol) -> {
            final Map<String, ClientSubscription[]> arrays = new HashMap<>();
            bySymbol.forEach((symbol, list) -> arrays.put(symbol, list.toArray(NONE)));
            byInstrument.put(venue, arrays);
        });
        venueWide = wide.toArray(NONE);
        all = subscriptions.toArray(NONE);
    }

    /** @return the subscriptions to one instrument (any kind) */
    ClientSubscription[] instrument(final String venue, final String symbol) {
        if (venue == null || symbol == null) {
            return NONE;
        }
        final Map<String, ClientSubscription[]> bySymbol = byInstrument.get(venue);
        if (bySymbol == null) {
            return NONE;
        }
        final ClientSubscription[] subscriptions = bySymbol.get(symbolKey(venue, symbol));
        return subscriptions == null ? NONE : subscriptions;
    }

    /** @return the subscriptions without a symbol (all-candles, all-trades, status) */
    ClientSubscription[] venueWide() {
        return venueWide;
    }

    /** @return every subscription */
    ClientSubscription[] all() {
        return all;
    }

    /** Binance symbols are case-insensitive (the server answers in upper case); Hyperliquid's are not. */
    static String symbolKey(final String venue, final String symbol) {
        return "binance".equals(venue) ? symbol.toUpperCase(Locale.ROOT) : symbol;
    }
}
