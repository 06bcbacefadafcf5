package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.venuesim.market.SimSymbol;

/**
 * {@code l2Book}: a full snapshot on every push, 20 levels per side at the default cadence (2026: about 5 s) or 5
 * levels at the fast one (about 0.5 s), aggregated to the subscription's significant figures.
 */
final class HyperliquidBookFeed extends HyperliquidCadenceFeed {
    private final int levels;

    /**
     * @param subscription the l2Book subscription
     * @param symbol       its symbol
     * @param config       the cadences
     */
    HyperliquidBookFeed(final HyperliquidSubscription subscription, final SimSymbol symbol,
                        final HyperliquidConfig config) {
        super(subscription, symbol,
            subscription.fast() ? config.l2BookFastIntervalMs() : config.l2BookIntervalMs());
        this.levels = subscription.fast() ? HyperliquidRender.FAST_BOOK_LEVELS : HyperliquidRender.BOOK_LEVELS;
    }

    @Override
    protected String render(final long timeMs) {
        final HyperliquidSubscription subscription = subscription();
        return frame(HyperliquidSubscription.L2_BOOK, HyperliquidRender.book(symbol(), timeMs, levels,
            subscription.nSigFigs(), Math.max(1, subscription.mantissa()), subscription.fast(), false));
    }
}
