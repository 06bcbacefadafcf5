package io.slipstream.mktdata.venuesim.market;

/**
 * What the protocol renderers hear from the simulated market. All calls come from the market thread, in market
 * order; implementations must not block it (hand frames to sockets, do not wait for them).
 */
public interface MarketListener {
    /**
     * @param symbol the symbol
     * @param update the update as applied; reused after the call
     */
    default void onBookUpdate(SimSymbol symbol, LevelChanges update) {
    }

    /**
     * @param symbol the symbol
     * @param trade  the trade
     */
    default void onTrade(SimSymbol symbol, SimTrade trade) {
    }

    /**
     * A frame from a replayed Binance capture, to re-emit unchanged to subscribers of exactly that stream.
     *
     * @param symbol the symbol
     * @param stream the stream name as captured, e.g. {@code btcusdt@depth@0ms}
     * @param frame  the payload as captured (without a combined-stream envelope)
     */
    default void onReplayedFrame(SimSymbol symbol, String stream, String frame) {
    }

    /**
     * A Hyperliquid frame from a capture replayed verbatim, to re-emit unchanged to subscribers of that channel of
     * that coin.
     *
     * @param symbol     the symbol
     * @param channelKey {@code l2Book}, {@code trades}, {@code bbo}, {@code activeAssetCtx} or
     *                   {@code candle:<interval>}
     * @param frame      the whole frame as captured ({@code {"channel":..,"data":..}})
     */
    default void onReplayedHyperliquidFrame(SimSymbol symbol, String channelKey, String frame) {
    }

    /**
     * Called about every 10 ms of market time, for streams pushed on a cadence (coalesced depth, klines, mark
     * price, Hyperliquid books).
     *
     * @param marketTimeMs the market's clock, epoch ms
     */
    default void onTick(long marketTimeMs) {
    }
}
