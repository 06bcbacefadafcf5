package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.event.MarketEvent;

/**
 * Receives the events of a subscription, on the engine thread: first the snapshot (events flagged
 * {@link MarketEvent#isSnapshot()}, stamped with the stream's current sequence), then every later event of the
 * stream in order with no seam. Keep it short: the engine waits for it. The event is a flyweight valid only during
 * the call; it may read {@link MarketState} during the call.
 */
@FunctionalInterface
public interface MarketDataListener {
    /**
     * @param event the event; copy what you keep
     * @param state the engine's state, consistent with this event; valid only during the call
     */
    void onEvent(MarketEvent event, MarketState state);
}
