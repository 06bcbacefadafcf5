package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SimTrade;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code trades}: every subscribe first replays the most recent trades (Hyperliquid does, without a snapshot flag),
 * then the trades of each market tick (a "block") go out as one array. The replay and the live batches are ordered
 * under this feed's monitor, so a new subscriber misses nothing; a trade may come twice at the seam, as on the real
 * venue after a resubscribe.
 */
final class HyperliquidTradesFeed extends HyperliquidFeed {
    private final int replayCount;
    private final List<SimTrade> pending = new ArrayList<>(); // guarded by this

    /**
     * @param subscription the trades subscription
     * @param symbol       its symbol
     * @param replayCount  trades replayed on subscribe
     */
    HyperliquidTradesFeed(final HyperliquidSubscription subscription, final SimSymbol symbol,
                          final int replayCount) {
        super(subscription, symbol);
        this.replayCount = replayCount;
    }

    /** @param trade a trade of the symbol, on the market thread */
    void onTrade(final SimTrade trade) {
        if (idle()) {
            return; // it is on the tape already: a subscriber arriving now gets it in its replay
        }
        synchronized (this) {
            pending.add(trade);
        }
    }

    @Override
    synchronized void subscribe(final HyperliquidSession session, final long marketNowMs) {
        super.subscribe(session, Long.MIN_VALUE);
    }

    @Override
    protected synchronized void onTick(final long marketTimeMs) {
        if (pending.isEmpty()) {
            return;
        }
        final String frame = frame(HyperliquidSubscription.TRADES, HyperliquidRender.trades(symbol(), pending));
        pending.clear();
        deliver(frame, Long.MAX_VALUE);
    }

    @Override
    protected void sendInitial(final HyperliquidSession session, final long marketNowMs,
                               final boolean firstSubscriber) {
        final List<SimTrade> recent = new ArrayList<>(symbol().trades(-1, -1, -1, replayCount));
        if (!pending.isEmpty()) {
            // the next live batch brings these
            final long firstPending = pending.get(0).aggregateId();
            recent.removeIf(trade -> trade.aggregateId() >= firstPending);
        }
        if (!recent.isEmpty()) {
            session.connection().send(frame(HyperliquidSubscription.TRADES,
                HyperliquidRender.trades(symbol(), recent)));
        }
    }
}
