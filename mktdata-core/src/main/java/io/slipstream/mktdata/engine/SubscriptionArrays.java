package io.slipstream.mktdata.engine;

import java.util.Arrays;

/** Copy-on-write arrays of subscriptions: changed rarely (on the engine thread), iterated on every event. */
final class SubscriptionArrays {
    private SubscriptionArrays() {
    }

    static Subscription[] add(final Subscription[] subscriptions, final Subscription subscription) {
        if (subscriptions == null) {
            return new Subscription[] {subscription};
        }
        final Subscription[] next = Arrays.copyOf(subscriptions, subscriptions.length + 1);
        next[subscriptions.length] = subscription;
        return next;
    }

    /** @return the array without {@code subscription}; null when it becomes empty */
    static Subscription[] remove(final Subscription[] subscriptions, final Subscription subscription) {
        if (subscriptions == null) {
            return null;
        }
        for (int i = 0; i < subscriptions.length; i++) {
            if (subscriptions[i] == subscription) {
                if (subscriptions.length == 1) {
                    return null;
                }
                final Subscription[] next = new Subscription[subscriptions.length - 1];
                System.arraycopy(subscriptions, 0, next, 0, i);
                System.arraycopy(subscriptions, i + 1, next, i, subscriptions.length - i - 1);
                return next;
            }
        }
        return subscriptions;
    }
}
