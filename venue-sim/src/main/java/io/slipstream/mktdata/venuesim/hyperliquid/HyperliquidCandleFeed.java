package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.venuesim.market.SimCandle;
import io.slipstream.mktdata.venuesim.market.SimSymbol;

import java.util.List;

/**
 * {@code candle}: the open bucket, pushed again whenever it changed (checked every {@value #CHECK_MS} ms); there is
 * no closed flag, a bucket is final once a later one arrives. When a bucket rolls over between checks, its final
 * state goes out before the new bucket, as the real venue pushes every block. Nothing while nothing trades.
 */
final class HyperliquidCandleFeed extends HyperliquidFeed {
    /** Least gap between two pushes of one subscription. */
    static final long CHECK_MS = 250;

    private final CandleInterval interval;
    private volatile SimCandle lastSent;
    private long nextCheckMs; // market thread

    /** @param subscription the candle subscription @param symbol its symbol */
    HyperliquidCandleFeed(final HyperliquidSubscription subscription, final SimSymbol symbol) {
        super(subscription, symbol);
        this.interval = subscription.interval();
    }

    @Override
    protected void onTick(final long marketTimeMs) {
        if (marketTimeMs < nextCheckMs) {
            return;
        }
        nextCheckMs = marketTimeMs + CHECK_MS;
        final SimCandle current = symbol().currentCandle(interval);
        if (current == null) {
            return;
        }
        final SimCandle previous = lastSent;
        if (previous != null && current.openTimeMs() > previous.openTimeMs()) {
            final List<SimCandle> closed = symbol().candles(interval, previous.openTimeMs(), previous.openTimeMs(),
                1, false);
            if (!closed.isEmpty() && closed.get(0).openTimeMs() == previous.openTimeMs()
                && !closed.get(0).equals(previous)) {
                deliver(render(closed.get(0)), marketTimeMs);
            }
        }
        if (!current.equals(previous)) {
            lastSent = current;
            deliver(render(current), marketTimeMs);
        }
    }

    @Override
    protected void sendInitial(final HyperliquidSession session, final long marketNowMs,
                               final boolean firstSubscriber) {
        final SimCandle current = symbol().currentCandle(interval);
        if (current == null) {
            return; // no trade yet: the real venue sends nothing either
        }
        if (firstSubscriber) {
            lastSent = current;
        }
        session.connection().send(render(current));
    }

    private String render(final SimCandle candle) {
        return frame(HyperliquidSubscription.CANDLE,
            HyperliquidRender.candle(new StringBuilder(256), symbol(), interval, candle, false));
    }
}
