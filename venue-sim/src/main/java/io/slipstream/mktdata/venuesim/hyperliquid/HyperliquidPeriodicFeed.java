package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;

/**
 * Feeds pushed on a fixed cadence whatever changed: {@code allMids} (the full map wrapped in {@code {"mids":..}};
 * 2026: every 2 to 5 s) and {@code activeAssetCtx} (about 1 s).
 */
final class HyperliquidPeriodicFeed extends HyperliquidCadenceFeed {
    private final SimMarket market;

    /**
     * @param subscription an allMids or activeAssetCtx subscription
     * @param symbol       the symbol (null for allMids)
     * @param market       the market, for allMids
     * @param intervalMs   the cadence
     */
    HyperliquidPeriodicFeed(final HyperliquidSubscription subscription, final SimSymbol symbol,
                            final SimMarket market, final long intervalMs) {
        super(subscription, symbol, intervalMs);
        this.market = market;
    }

    @Override
    protected String render(final long marketTimeMs) {
        final StringBuilder data = new StringBuilder(512);
        if (symbol() == null) {
            HyperliquidRender.mids(data.append("{\"mids\":"), market.symbols()).append('}');
            return frame(HyperliquidSubscription.ALL_MIDS, data);
        }
        data.append("{\"coin\":");
        HyperliquidFormat.quoted(data, symbol().hyperliquidCoin()).append(",\"ctx\":");
        HyperliquidRender.assetCtx(data, symbol(), marketTimeMs).append('}');
        return frame(HyperliquidSubscription.ACTIVE_ASSET_CTX, data);
    }
}
