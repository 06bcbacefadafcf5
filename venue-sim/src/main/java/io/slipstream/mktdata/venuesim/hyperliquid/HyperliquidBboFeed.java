package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.venuesim.market.SimSymbol;

/**
 * {@code bbo}: the top of the full-precision book, pushed only when it changed, checked at most once per block
 * (about 0.1 s, the median gap a 2026 probe measured on BTC). Either side may be null.
 */
final class HyperliquidBboFeed extends HyperliquidFeed {
    /** Hyperliquid pushes bbo at most once per block. */
    static final long BLOCK_MS = 100;

    private volatile boolean dirty = true;
    private volatile String lastPair;
    private long nextCheckMs; // market thread

    /** @param subscription the bbo subscription @param symbol its symbol */
    HyperliquidBboFeed(final HyperliquidSubscription subscription, final SimSymbol symbol) {
        super(subscription, symbol);
    }

    /** The symbol's book changed (market thread). */
    void markDirty() {
        dirty = true;
    }

    @Override
    protected void onTick(final long marketTimeMs) {
        if (!dirty || marketTimeMs < nextCheckMs) {
            return;
        }
        dirty = false;
        nextCheckMs = marketTimeMs + BLOCK_MS;
        final String pair = HyperliquidRender.bboPair(symbol());
        if (pair.equals(lastPair)) {
            return;
        }
        lastPair = pair;
        deliver(HyperliquidRender.bboFrame(symbol(), marketTimeMs, pair), marketTimeMs);
    }

    @Override
    protected void sendInitial(final HyperliquidSession session, final long marketNowMs,
                               final boolean firstSubscriber) {
        final String pair = HyperliquidRender.bboPair(symbol());
        if (firstSubscriber) {
            lastPair = pair; // nobody else to tell: change detection starts from what this subscriber saw
        }
        session.connection().send(HyperliquidRender.bboFrame(symbol(), marketNowMs, pair));
    }
}
