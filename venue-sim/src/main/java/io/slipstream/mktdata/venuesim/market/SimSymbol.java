package io.slipstream.mktdata.venuesim.market;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.fixedpoint.FixedPoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One simulated asset, listed on both venues: Binance {@code BTCUSDT} and Hyperliquid {@code BTC} share its book,
 * trade tape and candles. Precision is the Binance one (tick and lot); the Hyperliquid rendering rounds prices to
 * five significant figures. Mutated by the market thread; read by REST handlers under its monitor.
 */
public final class SimSymbol {
    private final int index;
    private final String binanceSymbol;
    private final String hyperliquidCoin;
    private final int priceScale;
    private final int sizeScale;
    private final long tickMantissa;
    private final long lotMantissa;
    private final L2Book book;
    private final ArrayDeque<SimTrade> tape = new ArrayDeque<>();
    private final int tapeCapacity;
    private final LiveCandles candles;
    private final java.util.Set<String> capturedStreams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> capturedHyperliquidChannels =
        java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long lastUpdateId;
    private long nextAggregateId = 1;
    private long nextTradeId = 1;
    private double fundingRate = 0.0001;
    private double openInterest = 10_000;

    /**
     * @param index           position in the market's symbol list
     * @param binanceSymbol   e.g. {@code BTCUSDT}
     * @param hyperliquidCoin e.g. {@code BTC}
     * @param priceScale      price decimals
     * @param sizeScale       size decimals
     * @param tickMantissa    tick at {@code priceScale}
     * @param lotMantissa     lot at {@code sizeScale}
     * @param path            the price path its history follows
     * @param tapeCapacity    trades kept for REST ({@code aggTrades}, {@code recentTrades})
     * @param candleRetention closed live candles kept per interval
     * @param firstUpdateId   the first Binance update id minus one
     */
    public SimSymbol(
        final int index, final String binanceSymbol, final String hyperliquidCoin, final int priceScale,
        final int sizeScale, final long tickMantissa, final long lotMantissa, final PricePath path,
        final int tapeCapacity, final int candleRetention, final long firstUpdateId) {
        this.index = index;
        this.binanceSymbol = binanceSymbol;
        this.hyperliquidCoin = hyperliquidCoin;
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
        this.tickMantissa = tickMantissa;
        this.lotMantissa = lotMantissa;
        this.book = new L2Book(index, priceScale, 1024);
        this.tapeCapacity = tapeCapacity;
        this.candles = new LiveCandles(this, path, candleRetention);
        this.lastUpdateId = firstUpdateId;
    }

    /** @return position in the market's list */
    public int index() {
        return index;
    }

    /** @return the Binance symbol, upper case */
    public String binanceSymbol() {
        return binanceSymbol;
    }

    /** @return the Hyperliquid coin */
    public String hyperliquidCoin() {
        return hyperliquidCoin;
    }

    /** @return price decimals */
    public int priceScale() {
        return priceScale;
    }

    /** @return size decimals */
    public int sizeScale() {
        return sizeScale;
    }

    /** @return tick at the price scale */
    public long tickMantissa() {
        return tickMantissa;
    }

    /** @return lot at the size scale */
    public long lotMantissa() {
        return lotMantissa;
    }

    /** @param mantissa a price @return it as a double */
    public double price(final long mantissa) {
        return FixedPoint.toDouble(mantissa, priceScale);
    }

    /** @param mantissa a size @return it as a double */
    public double size(final long mantissa) {
        return FixedPoint.toDouble(mantissa, sizeScale);
    }

    /** @param price a price @return the nearest tick, as a mantissa (at least one tick) */
    public long roundToTick(final double price) {
        final long ticks = Math.round(price * FixedPoint.powerOfTen(priceScale) / tickMantissa);
        return Math.max(1, ticks) * tickMantissa;
    }

    /** @param mantissa a price @return Binance's rendering: exactly {@code priceScale} decimals */
    public String formatPrice(final long mantissa) {
        return fixed(mantissa, priceScale);
    }

    /** @param mantissa a size @return Binance's rendering: exactly {@code sizeScale} decimals */
    public String formatSize(final long mantissa) {
        return fixed(mantissa, sizeScale);
    }

    /**
     * @param mantissa a mantissa
     * @param scale    its decimals
     * @return the value with exactly {@code scale} decimals, as Binance renders prices and quantities
     */
    public static String fixed(final long mantissa, final int scale) {
        final long factor = FixedPoint.powerOfTen(scale);
        final StringBuilder out = new StringBuilder(24);
        if (mantissa < 0) {
            out.append('-');
        }
        out.append(Math.abs(mantissa / factor));
        if (scale > 0) {
            final String fraction = Long.toString(Math.abs(mantissa % factor));
            out.append('.');
            for (int pad = scale - fraction.length(); pad > 0; pad--) {
                out.append('0');
            }
            out.append(fraction);
        }
        return out.toString();
    }

    /**
     * Marks a Binance stream name as fed by a capture: renderers then leave it to the replayed frames, from the
     * first one on, instead of deriving it.
     *
     * @param streamName e.g. {@code btcusdt@bookTicker}
     */
    public void markCaptured(final String streamName) {
        capturedStreams.add(streamName);
    }

    /**
     * @param streamName a Binance stream name
     * @return true if a capture feeds it
     */
    public boolean isCaptured(final String streamName) {
        return capturedStreams.contains(streamName);
    }

    /**
     * Marks a Hyperliquid channel of this coin as fed by a capture replayed verbatim: the venue then sends the
     * captured frames unchanged and renders nothing of its own on it.
     *
     * @param channelKey {@code l2Book}, {@code trades}, {@code bbo}, {@code activeAssetCtx} or
     *                   {@code candle:<interval>} (e.g. {@code candle:1m})
     */
    public void markHyperliquidCaptured(final String channelKey) {
        capturedHyperliquidChannels.add(channelKey);
    }

    /**
     * @param channelKey as for {@link #markHyperliquidCaptured}
     * @return true if a capture replayed verbatim feeds it
     */
    public boolean isHyperliquidCaptured(final String channelKey) {
        return capturedHyperliquidChannels.contains(channelKey);
    }

    // ---- state, guarded by this ----------------------------------------------------------------------------------

    /** @return the book; hold this symbol's monitor while reading it from another thread */
    public L2Book book() {
        return book;
    }

    /** @return Binance's last update id applied to the book */
    public synchronized long lastUpdateId() {
        return lastUpdateId;
    }

    synchronized void applyUpdate(final LevelChanges update, final long idsConsumed) {
        update.previousUpdateId = lastUpdateId;
        update.firstUpdateId = lastUpdateId + 1;
        update.lastUpdateId = lastUpdateId + Math.max(1, idsConsumed);
        lastUpdateId = update.lastUpdateId;
        applyLevels(update);
    }

    synchronized void applyReplayedUpdate(final LevelChanges update) {
        if (update.lastUpdateId <= lastUpdateId) {
            return; // already in the book (e.g. part of the snapshot the replay was seeded with)
        }
        lastUpdateId = update.lastUpdateId;
        applyLevels(update);
    }

    synchronized void replaceBook(final long snapshotUpdateId, final LevelBuffer bids, final LevelBuffer asks) {
        book.applySnapshot(snapshotUpdateId, bids, asks, new io.slipstream.mktdata.book.BookChanges(16), true);
        lastUpdateId = snapshotUpdateId;
    }

    private void applyLevels(final LevelChanges update) {
        for (int i = 0; i < update.bids.count(); i++) {
            book.setLevel(true, update.bids.price(i), update.bids.size(i));
        }
        for (int i = 0; i < update.asks.count(); i++) {
            book.setLevel(false, update.asks.price(i), update.asks.size(i));
        }
    }

    synchronized SimTrade recordTrade(final long priceMantissa, final long sizeMantissa, final boolean buyerIsMaker,
                                      final long timeMs, final int rawTrades) {
        final long first = nextTradeId;
        nextTradeId += Math.max(1, rawTrades);
        final SimTrade trade = new SimTrade(nextAggregateId++, first, nextTradeId - 1, priceMantissa, sizeMantissa,
            buyerIsMaker, timeMs);
        record(trade);
        return trade;
    }

    synchronized void recordReplayedTrade(final SimTrade trade) {
        nextAggregateId = Math.max(nextAggregateId, trade.aggregateId() + 1);
        nextTradeId = Math.max(nextTradeId, trade.lastTradeId() + 1);
        record(trade);
    }

    private void record(final SimTrade trade) {
        tape.addLast(trade);
        if (tape.size() > tapeCapacity) {
            tape.removeFirst();
        }
        candles.onTrade(trade);
        openInterest += size(trade.sizeMantissa()) * (trade.buyerIsMaker() ? -0.01 : 0.01);
    }

    /**
     * @param fromAggregateId first aggregate id wanted, or -1
     * @param startMs         earliest trade time wanted (when {@code fromAggregateId} is -1), or -1
     * @param endMs           latest trade time wanted, or -1
     * @param limit           most trades
     * @return matching trades, oldest first
     */
    public synchronized List<SimTrade> trades(final long fromAggregateId, final long startMs, final long endMs,
                                              final int limit) {
        final List<SimTrade> result = new ArrayList<>();
        if (fromAggregateId < 0 && startMs < 0) {
            final Iterator<SimTrade> newest = tape.descendingIterator();
            while (newest.hasNext() && result.size() < limit) {
                result.add(0, newest.next());
            }
            return result;
        }
        for (final SimTrade trade : tape) {
            if (result.size() >= limit) {
                break;
            }
            if (fromAggregateId >= 0 ? trade.aggregateId() >= fromAggregateId
                : trade.timeMs() >= startMs && (endMs < 0 || trade.timeMs() <= endMs)) {
                result.add(trade);
            }
        }
        return result;
    }

    /** @return the newest trade, or null */
    public synchronized SimTrade lastTrade() {
        return tape.peekLast();
    }

    /**
     * @param interval         the interval
     * @param startMs          window start
     * @param endMs            window end
     * @param limit            most candles
     * @param keepNewest       when the window holds more than {@code limit}, keep the newest (Hyperliquid's
     *                         5000-candle horizon) instead of the oldest (Binance's paging)
     * @return candles overlapping the window, oldest first
     */
    public synchronized List<SimCandle> candles(final CandleInterval interval, final long startMs, final long endMs,
                                                final int limit, final boolean keepNewest) {
        return candles.range(interval, startMs, endMs, limit, keepNewest);
    }

    /** @param interval the interval @return the open bucket built from trades, or null before the first trade */
    public synchronized SimCandle currentCandle(final CandleInterval interval) {
        return candles.current(interval);
    }

    /** @return the hourly (Hyperliquid) / per-interval (Binance) funding rate */
    public synchronized double fundingRate() {
        return fundingRate;
    }

    /** @param rate the new funding rate */
    public synchronized void fundingRate(final double rate) {
        fundingRate = rate;
    }

    /** @return open interest in base units */
    public synchronized double openInterest() {
        return openInterest;
    }

    /** @return the mid price, or NaN if the book is one-sided */
    public synchronized double mid() {
        return book.midPrice();
    }
}
