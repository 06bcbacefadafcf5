package io.slipstream.mktdata.ipc.client;

/**
 * Receives a subscription's messages, on the client's reader thread: return quickly, since a slow listener delays
 * every stream of the client (and the server then conflates or drops for it). An exception thrown here is logged
 * and the message skipped. Every method is a no-op by default.
 */
public interface MarketDataListener {
    /** @param message a book snapshot, top-N update or delta */
    default void onOrderBook(final OrderBookMessage message) {
    }

    /** @param message a best bid and offer */
    default void onQuote(final QuoteMessage message) {
    }

    /** @param message a trade */
    default void onTrade(final TradeMessage message) {
    }

    /** @param message a candle update */
    default void onCandle(final CandleMessage message) {
    }

    /** @param message an instrument's order-flow features (the latest first, then each new one) */
    default void onFeatures(final FeaturesMessage message) {
    }

    /** @param message a stream status change, including the server's {@code gap} reports */
    default void onStatus(final StatusMessage message) {
    }

    /** @param gap a seq jump the client saw on a lossless stream; called before the message that revealed it */
    default void onGap(final GapEvent gap) {
    }

    /**
     * @param state  what happened
     * @param reason why (the failure's message, or the server's error), may be null
     */
    default void onConnectionState(final ConnectionState state, final String reason) {
    }
}
