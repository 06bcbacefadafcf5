package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.venuesim.market.SimSymbol;

/**
 * A feed that pushes a fresh rendering on a fixed cadence of market time ({@code l2Book}, {@code allMids},
 * {@code activeAssetCtx}), and sends a new subscriber the current rendering at once.
 */
abstract class HyperliquidCadenceFeed extends HyperliquidFeed {
    private final long intervalMs;
    private long nextDueMs; // market thread

    /**
     * @param subscription the subscription
     * @param symbol       its symbol, null for allMids
     * @param intervalMs   the cadence, market time
     */
    HyperliquidCadenceFeed(final HyperliquidSubscription subscription, final SimSymbol symbol,
                           final long intervalMs) {
        super(subscription, symbol);
        this.intervalMs = intervalMs;
    }

    /**
     * @param timeMs the market time to render at
     * @return the whole frame
     */
    protected abstract String render(long timeMs);

    @Override
    protected final void onTick(final long marketTimeMs) {
        if (marketTimeMs < nextDueMs) {
            return;
        }
        nextDueMs = marketTimeMs + intervalMs;
        deliver(render(marketTimeMs), marketTimeMs);
    }

    @Override
    protected final void sendInitial(final HyperliquidSession session, final long marketNowMs,
                                     final boolean firstSubscriber) {
        session.connection().send(render(marketNowMs));
    }
}
