package io.slipstream.mktdata.venuesim.market;

import io.slipstream.mktdata.book.LevelBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated market: every symbol's book, tape and candles, driven by one market thread (a synthetic generator
 * or a capture replay) and heard by the protocol renderers. Lookups and REST reads are thread-safe; the mutating
 * methods belong to the market thread.
 */
public final class SimMarket {
    private static final long TICK_INTERVAL_MS = 10;

    private final List<SimSymbol> symbols = new ArrayList<>();
    private final Map<String, SimSymbol> byBinanceSymbol = new HashMap<>();
    private final Map<String, SimSymbol> byHyperliquidCoin = new HashMap<>();
    private final List<MarketListener> listeners = new CopyOnWriteArrayList<>();
    private final LevelChanges changes = new LevelChanges();
    private volatile long marketTimeMs;
    private long lastTickMs;

    /** @param startTimeMs the market clock's start, epoch ms */
    public SimMarket(final long startTimeMs) {
        this.marketTimeMs = startTimeMs;
        this.lastTickMs = startTimeMs - TICK_INTERVAL_MS;
    }

    /**
     * Adds a symbol; only before the market starts.
     *
     * @param symbol the symbol
     * @return it
     */
    public synchronized SimSymbol add(final SimSymbol symbol) {
        symbols.add(symbol);
        byBinanceSymbol.put(symbol.binanceSymbol(), symbol);
        byHyperliquidCoin.put(symbol.hyperliquidCoin(), symbol);
        return symbol;
    }

    /** @return the symbols, in index order (unmodifiable) */
    public synchronized List<SimSymbol> symbols() {
        return Collections.unmodifiableList(new ArrayList<>(symbols));
    }

    /**
     * @param symbol a Binance symbol, either case
     * @return the symbol, or null
     */
    public synchronized SimSymbol binance(final String symbol) {
        return symbol == null ? null : byBinanceSymbol.get(symbol.toUpperCase(Locale.ROOT));
    }

    /**
     * @param coin a Hyperliquid coin, case-sensitive
     * @return the symbol, or null
     */
    public synchronized SimSymbol hyperliquid(final String coin) {
        return coin == null ? null : byHyperliquidCoin.get(coin);
    }

    /** @param listener hears every market event from now on */
    public void addListener(final MarketListener listener) {
        listeners.add(listener);
    }

    /** @param listener no longer hears market events */
    public void removeListener(final MarketListener listener) {
        listeners.remove(listener);
    }

    /** @return the market clock, epoch ms (wall clock when synthetic, capture time when replaying) */
    public long nowMs() {
        return marketTimeMs;
    }

    // ---- market thread -------------------------------------------------------------------------------------------

    /**
     * Moves the market clock and, every 10 ms of market time, ticks the listeners.
     *
     * @param timeMs the new market time; earlier times are ignored
     */
    public void advanceTo(final long timeMs) {
        if (timeMs > marketTimeMs) {
            marketTimeMs = timeMs;
        }
        if (marketTimeMs - lastTickMs >= TICK_INTERVAL_MS) {
            lastTickMs = marketTimeMs;
            for (final MarketListener listener : listeners) {
                listener.onTick(marketTimeMs);
            }
        }
    }

    /** @return the reusable update to fill: clear it, add levels, then {@link #applyUpdate} */
    public LevelChanges beginUpdate() {
        changes.bids.clear();
        changes.asks.clear();
        return changes;
    }

    /**
     * Applies the levels in {@link #beginUpdate()}'s buffer as one Binance update id range.
     *
     * @param symbol      the symbol
     * @param idsConsumed how many venue update ids this update spans (Binance's U..u)
     */
    public void applyUpdate(final SimSymbol symbol, final long idsConsumed) {
        changes.eventTimeMs = marketTimeMs;
        changes.transactionTimeMs = marketTimeMs;
        symbol.applyUpdate(changes, idsConsumed);
        for (final MarketListener listener : listeners) {
            listener.onBookUpdate(symbol, changes);
        }
    }

    /**
     * Applies a replayed diff with its captured ids (levels already in {@link #beginUpdate()}'s buffer).
     *
     * @param symbol            the symbol
     * @param firstUpdateId     {@code U}
     * @param lastUpdateId      {@code u}
     * @param previousUpdateId  {@code pu}
     * @param eventTimeMs       {@code E}
     * @param transactionTimeMs {@code T}
     */
    public void applyReplayedUpdate(
        final SimSymbol symbol, final long firstUpdateId, final long lastUpdateId, final long previousUpdateId,
        final long eventTimeMs, final long transactionTimeMs) {
        changes.firstUpdateId = firstUpdateId;
        changes.lastUpdateId = lastUpdateId;
        changes.previousUpdateId = previousUpdateId;
        changes.eventTimeMs = eventTimeMs;
        changes.transactionTimeMs = transactionTimeMs;
        symbol.applyReplayedUpdate(changes);
        for (final MarketListener listener : listeners) {
            listener.onBookUpdate(symbol, changes);
        }
    }

    /**
     * Seeds a symbol's book from a captured REST snapshot, before replay starts.
     *
     * @param symbol       the symbol
     * @param lastUpdateId the snapshot's {@code lastUpdateId}
     * @param bids         bids, best first
     * @param asks         asks, best first
     */
    public void seedBook(final SimSymbol symbol, final long lastUpdateId, final LevelBuffer bids,
                         final LevelBuffer asks) {
        symbol.replaceBook(lastUpdateId, bids, asks);
    }

    /**
     * A trade made by the synthetic market.
     *
     * @param symbol        the symbol
     * @param priceMantissa price
     * @param sizeMantissa  size
     * @param buyerIsMaker  true when the taker sold
     * @param rawTrades     how many raw trades the aggregate stands for
     * @return the trade
     */
    public SimTrade trade(final SimSymbol symbol, final long priceMantissa, final long sizeMantissa,
                          final boolean buyerIsMaker, final int rawTrades) {
        final SimTrade trade = symbol.recordTrade(priceMantissa, sizeMantissa, buyerIsMaker, marketTimeMs,
            rawTrades);
        for (final MarketListener listener : listeners) {
            listener.onTrade(symbol, trade);
        }
        return trade;
    }

    /**
     * A trade from a capture.
     *
     * @param symbol the symbol
     * @param trade  the trade with its captured ids and time
     */
    public void replayedTrade(final SimSymbol symbol, final SimTrade trade) {
        symbol.recordReplayedTrade(trade);
        for (final MarketListener listener : listeners) {
            listener.onTrade(symbol, trade);
        }
    }

    /**
     * @param symbol the symbol
     * @param stream the captured stream name
     * @param frame  the captured payload
     */
    public void replayedFrame(final SimSymbol symbol, final String stream, final String frame) {
        for (final MarketListener listener : listeners) {
            listener.onReplayedFrame(symbol, stream, frame);
        }
    }

    /**
     * @param symbol     the symbol
     * @param channelKey the Hyperliquid channel key (see {@link SimSymbol#markHyperliquidCaptured})
     * @param frame      the captured frame
     */
    public void replayedHyperliquidFrame(final SimSymbol symbol, final String channelKey, final String frame) {
        for (final MarketListener listener : listeners) {
            listener.onReplayedHyperliquidFrame(symbol, channelKey, frame);
        }
    }
}
