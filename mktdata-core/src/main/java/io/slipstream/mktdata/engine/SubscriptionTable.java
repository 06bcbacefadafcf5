package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.rejection.RejectionCounters;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Who listens to what, and delivery to them. Per-instrument subscriptions live in each {@link InstrumentState};
 * venue-wide ("all instruments") and status subscriptions live here. Arrays are copy-on-write: changed rarely,
 * iterated on every event. Owned by the engine thread.
 */
final class SubscriptionTable {
    private final EngineState state;
    private final RejectionCounters rejections;
    private final Subscription[][][] wildcard = new Subscription[Venue.values().length][StreamKey.SLOTS][];
    private final Subscription[][] status = new Subscription[Venue.values().length][];
    private final AtomicLong eventsPublished = new AtomicLong();

    SubscriptionTable(final EngineState state, final RejectionCounters rejections) {
        this.state = state;
        this.rejections = rejections;
    }

    /** Registers a subscription; the caller sends its snapshot in the same engine step. */
    void add(final Subscription subscription) {
        final StreamKey key = subscription.key();
        final int venue = key.venue().ordinal();
        if (key.kind() == StreamKind.STATUS) {
            status[venue] = SubscriptionArrays.add(status[venue], subscription);
        } else if (key.isWildcard()) {
            wildcard[venue][key.slot()] = SubscriptionArrays.add(wildcard[venue][key.slot()], subscription);
        } else {
            final InstrumentState instrument = state.stateFor(key.instrumentId());
            instrument.subscriptions[key.slot()] =
                SubscriptionArrays.add(instrument.subscriptions[key.slot()], subscription);
        }
    }

    void remove(final Subscription subscription) {
        final StreamKey key = subscription.key();
        final int venue = key.venue().ordinal();
        if (key.kind() == StreamKind.STATUS) {
            status[venue] = SubscriptionArrays.remove(status[venue], subscription);
        } else if (key.isWildcard()) {
            wildcard[venue][key.slot()] = SubscriptionArrays.remove(wildcard[venue][key.slot()], subscription);
        } else {
            final InstrumentState instrument = state.stateFor(key.instrumentId());
            instrument.subscriptions[key.slot()] =
                SubscriptionArrays.remove(instrument.subscriptions[key.slot()], subscription);
        }
    }

    /** Publishes an event of one instrument's stream to its own and its venue's wildcard subscribers. */
    void publish(final InstrumentState instrument, final int slot, final MarketEvent event) {
        eventsPublished.lazySet(eventsPublished.get() + 1);
        deliver(instrument.subscriptions[slot], event);
        deliver(wildcard[instrument.instrument.venue().ordinal()][slot], event);
    }

    /** Publishes a status event to the venue's status subscribers. */
    void publishStatus(final Venue venue, final MarketEvent event) {
        eventsPublished.lazySet(eventsPublished.get() + 1);
        deliver(status[venue.ordinal()], event);
    }

    /** Delivers to one subscriber; a throwing listener is counted and the engine goes on. */
    void deliver(final Subscription subscription, final MarketEvent event) {
        try {
            subscription.listener().onEvent(event, state);
        } catch (final RuntimeException | LinkageError | AssertionError e) {
            // A strategy's bug must not stop the feed for everyone else: counted, logged once.
            rejections.increment(Rejection.LISTENER_ERROR, e);
        }
    }

    private void deliver(final Subscription[] subscriptions, final MarketEvent event) {
        if (subscriptions != null) {
            for (final Subscription subscription : subscriptions) {
                deliver(subscription, event);
            }
        }
    }

    long eventsPublished() {
        return eventsPublished.get();
    }
}
