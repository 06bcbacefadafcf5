package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.venuesim.market.SimSymbol;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One data feed: a normalised subscription and the sessions subscribed to it. Frames are rendered once per push and
 * handed to every subscriber's {@code SimConnection.send}, so faults apply. Pushes run on the market thread
 * ({@link #tick}); the first frame of a new subscriber is sent on the websocket thread that handled the subscribe.
 */
abstract class HyperliquidFeed {
    private final HyperliquidSubscription subscription;
    private final SimSymbol symbol;
    private final Map<HyperliquidSession, Long> subscribers = new ConcurrentHashMap<>();
    private final String channelKey;
    private final boolean replayedVerbatim;

    /** @param subscription the subscription @param symbol its symbol, null for allMids */
    HyperliquidFeed(final HyperliquidSubscription subscription, final SimSymbol symbol) {
        this.subscription = subscription;
        this.symbol = symbol;
        this.channelKey = HyperliquidSubscription.CANDLE.equals(subscription.type())
            ? subscription.type() + ":" + subscription.interval().wireName() : subscription.type();
        this.replayedVerbatim = symbol != null && symbol.isHyperliquidCaptured(channelKey);
    }

    /** @return {@code l2Book}, {@code trades}, {@code bbo}, {@code activeAssetCtx} or {@code candle:<interval>} */
    final String channelKey() {
        return channelKey;
    }

    /** @return true if a capture replayed verbatim feeds this channel: nothing is rendered on it */
    final boolean replayedVerbatim() {
        return replayedVerbatim;
    }

    /**
     * A captured frame, on the market thread: to every subscriber, unchanged.
     *
     * @param frame the frame as captured
     */
    final void deliverReplayed(final String frame) {
        for (final HyperliquidSession session : subscribers.keySet()) {
            session.connection().send(frame);
        }
    }

    /** @return the normalised subscription */
    final HyperliquidSubscription subscription() {
        return subscription;
    }

    /** @return the symbol, null for allMids */
    final SimSymbol symbol() {
        return symbol;
    }

    /** @return the coin, null for allMids */
    final String coin() {
        return subscription.coin();
    }

    /** @return true while nobody is subscribed */
    final boolean idle() {
        return subscribers.isEmpty();
    }

    /**
     * Sends the subscriber its first frame, then adds it: pushes rendered for an earlier market time than that
     * first frame are not sent to it, so a book's {@code time} never goes backwards.
     *
     * @param session     the subscriber
     * @param marketNowMs the market clock
     */
    void subscribe(final HyperliquidSession session, final long marketNowMs) {
        if (!replayedVerbatim) {
            sendInitial(session, marketNowMs, subscribers.isEmpty());
        }
        subscribers.put(session, marketNowMs);
    }

    /** @param session a subscriber to drop */
    final void unsubscribe(final HyperliquidSession session) {
        subscribers.remove(session);
    }

    /**
     * On the market thread, about every 10 ms of market time.
     *
     * @param marketTimeMs the market clock
     */
    final void tick(final long marketTimeMs) {
        if (!subscribers.isEmpty() && !replayedVerbatim) {
            onTick(marketTimeMs);
        }
    }

    /** @param marketTimeMs the market clock; push if due */
    protected abstract void onTick(long marketTimeMs);

    /**
     * @param session         the new subscriber
     * @param marketNowMs     the market clock
     * @param firstSubscriber true if nobody else is subscribed (the feed may reset its change detection)
     */
    protected abstract void sendInitial(HyperliquidSession session, long marketNowMs, boolean firstSubscriber);

    /**
     * @param frame       the frame
     * @param frameTimeMs its market time; subscribers whose first frame is later do not get it
     */
    protected final void deliver(final String frame, final long frameTimeMs) {
        for (final Map.Entry<HyperliquidSession, Long> subscriber : subscribers.entrySet()) {
            if (frameTimeMs >= subscriber.getValue()) {
                subscriber.getKey().connection().send(frame);
            }
        }
    }

    /** @param channel the channel @param data the payload @return {@code {"channel":..,"data":..}} */
    static String frame(final String channel, final CharSequence data) {
        return new StringBuilder(data.length() + channel.length() + 24).append("{\"channel\":\"").append(channel)
            .append("\",\"data\":").append(data).append('}').toString();
    }
}
