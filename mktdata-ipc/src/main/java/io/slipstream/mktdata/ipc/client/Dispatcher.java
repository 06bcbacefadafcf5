package io.slipstream.mktdata.ipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands decoded stream messages to the listeners of the subscriptions they belong to, after gap and duplicate
 * checks; each listener gets a message at most once even if several of its subscriptions match. Reader thread only.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Listeners that already got the current message (usually one or two: a list beats a set here). */
    private final List<MarketDataListener> delivered = new ArrayList<>();

    /**
     * @param message a decoded stream message; anything else is ignored
     * @param routing the current subscriptions
     */
    void dispatch(final Object message, final Routing routing) {
        delivered.clear();
        if (message instanceof StatusMessage status) {
            dispatchStatus(status, routing);
        } else if (message instanceof OrderBookMessage book) {
            dispatchBook(book, routing.instrument(book.venue(), book.symbol()));
        } else if (message instanceof StreamMessage stream) {
            for (final ClientSubscription subscription : routing.instrument(stream.venue(), stream.symbol())) {
                if (matches(subscription, stream)) {
                    deliver(subscription, stream);
                }
            }
            for (final ClientSubscription subscription : routing.venueWide()) {
                if (matches(subscription, stream)) {
                    deliver(subscription, stream);
                }
            }
        }
    }

    /**
     * @param state     the change
     * @param reason    why, or null
     * @param routing   the subscriptions whose listeners are told
     * @param listeners further listeners to tell
     */
    void connectionState(
        final ConnectionState state, final String reason, final Routing routing,
        final List<MarketDataListener> listeners) {
        delivered.clear();
        for (final ClientSubscription subscription : routing.all()) {
            notifyState(subscription.listener(), state, reason);
        }
        for (final MarketDataListener listener : listeners) {
            notifyState(listener, state, reason);
        }
    }

    private void notifyState(final MarketDataListener listener, final ConnectionState state, final String reason) {
        if (firstDelivery(listener)) {
            try {
                listener.onConnectionState(state, reason);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed on connection state {}", listener, state, e);
            }
        }
    }

    private static boolean matches(final ClientSubscription subscription, final StreamMessage message) {
        return switch (subscription.kind()) {
            case QUOTE -> message instanceof QuoteMessage;
            case TRADES -> message instanceof TradeMessage;
            case ALL_TRADES -> message instanceof TradeMessage && subscription.venue().equals(message.venue());
            case CANDLES -> message instanceof CandleMessage candle
                && Objects.equals(subscription.interval(), candle.interval());
            case ALL_CANDLES -> message instanceof CandleMessage candle
                && subscription.venue().equals(message.venue())
                && Objects.equals(subscription.interval(), candle.interval());
            case FEATURES -> message instanceof FeaturesMessage;
            case ALL_FEATURES -> message instanceof FeaturesMessage && subscription.venue().equals(message.venue());
            default -> false;
        };
    }

    private void dispatchBook(final OrderBookMessage book, final ClientSubscription[] subscriptions) {
        // Book messages name no subscription: a snapshot of depth 0 (every level) starts a delta stream, one of depth
        // N a top-N stream, and updates carry their N. Should the server's depths match no subscription, the
        // message still goes to every subscription of a fitting mode rather than nowhere.
        boolean preferred = false;
        for (final ClientSubscription subscription : subscriptions) {
            preferred |= prefers(subscription, book);
        }
        for (final ClientSubscription subscription : subscriptions) {
            if (preferred ? prefers(subscription, book) : bookMatches(subscription, book)) {
                deliver(subscription, book);
            }
        }
    }

    private static boolean prefers(final ClientSubscription subscription, final OrderBookMessage book) {
        if (!bookMatches(subscription, book)) {
            return false;
        }
        if (subscription.mode() == BookMode.DELTA) {
            return book.kind() == OrderBookMessage.Kind.DELTA || book.depth() == 0;
        }
        return subscription.depth() == book.depth();
    }

    private static boolean bookMatches(final ClientSubscription subscription, final OrderBookMessage book) {
        if (subscription.kind() != ClientSubscription.Kind.ORDERBOOK) {
            return false;
        }
        return switch (book.kind()) {
            case SNAPSHOT -> true;
            case UPDATE -> subscription.mode() == BookMode.TOP;
            case DELTA -> subscription.mode() == BookMode.DELTA;
        };
    }

    private void dispatchStatus(final StatusMessage status, final Routing routing) {
        for (final ClientSubscription subscription : routing.venueWide()) {
            if (subscription.kind() == ClientSubscription.Kind.STATUS
                && (subscription.venue() == null || subscription.venue().equals(status.venue()))) {
                deliver(subscription, status);
            }
        }
        if (!status.isGap()) {
            return;
        }
        // The server's gap report also belongs to the subscriptions of the stream that lost events.
        final ClientSubscription[] candidates =
            status.symbol() == null ? routing.all() : routing.instrument(status.venue(), status.symbol());
        for (final ClientSubscription subscription : candidates) {
            if (gapConcerns(subscription, status)) {
                deliver(subscription, status);
            }
        }
        if (status.symbol() != null) {
            for (final ClientSubscription subscription : routing.venueWide()) {
                if (gapConcerns(subscription, status)) {
                    deliver(subscription, status);
                }
            }
        }
    }

    private static boolean gapConcerns(final ClientSubscription subscription, final StatusMessage status) {
        return subscription.kind() != ClientSubscription.Kind.STATUS
            && subscription.kind().stream().equals(status.stream())
            && Objects.equals(subscription.venue(), status.venue())
            && (status.interval() == null || subscription.interval() == null
                || status.interval().equals(subscription.interval()));
    }

    private void deliver(final ClientSubscription subscription, final StreamMessage message) {
        if (subscription.isClosed()) {
            return;
        }
        final SeqTracker tracker = subscription.tracker();
        GapEvent gap = null;
        if (tracker != null && !(message instanceof StatusMessage)) {
            // A book snapshot starts the stream again; so do a candle subscription's first candles, each stamped
            // with the seq of its own last update.
            final boolean reset = message instanceof OrderBookMessage book
                ? book.kind() == OrderBookMessage.Kind.SNAPSHOT
                : message instanceof CandleMessage && subscription.takeHistoryCandle();
            final long openTimeMs = message instanceof CandleMessage candle ? candle.candle().openTimeMs() : 0;
            final long lost = tracker.onMessage(message.symbol(), message.epoch(), message.seq(), reset, openTimeMs);
            if (lost == SeqTracker.DUPLICATE) {
                return;
            }
            if (lost > 0) {
                gap = new GapEvent(message.venue(), message.symbol(), subscription.kind().stream(),
                    subscription.interval(), message.seq() - lost, message.seq(), lost);
            }
        }
        final MarketDataListener listener = subscription.listener();
        if (!firstDelivery(listener)) {
            return;
        }
        try {
            if (gap != null) {
                listener.onGap(gap);
            }
            switch (message) {
                case OrderBookMessage book -> listener.onOrderBook(book);
                case QuoteMessage quote -> listener.onQuote(quote);
                case TradeMessage trade -> listener.onTrade(trade);
                case CandleMessage candle -> listener.onCandle(candle);
                case StatusMessage status -> listener.onStatus(status);
                case FeaturesMessage features -> listener.onFeatures(features);
                default -> LOG.debug("no listener method for {}", message);
            }
        } catch (RuntimeException e) {
            LOG.warn("listener {} failed on {}", listener, message, e);
        }
    }

    private boolean firstDelivery(final MarketDataListener listener) {
        for (int i = 0; i < delivered.size(); i++) {
            if (delivered.get(i) == listener) {
                return false;
            }
        }
        delivered.add(listener);
        return true;
    }
}
