package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.market.LevelChanges;
import io.slipstream.mktdata.venuesim.market.MarketListener;
import io.slipstream.mktdata.venuesim.market.SimCandle;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SimTrade;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns market events into Binance USD-M stream payloads and hands them to the subscribed connections. Runs on the
 * market thread only (every callback, in market order), so its buffers and per-symbol state need no locking; it
 * never blocks: sockets queue what they are given.
 *
 * <ul>
 *   <li>{@code @depth@0ms}: one event per book update, with the update's own {@code U/u/pu}.</li>
 *   <li>{@code @depth[@100ms|@500ms]} and {@code @depth5/10/20[...]}: one event per {@link DepthWindow} of market
 *       time; the partial streams carry the whole top N read from the book when the window closes.</li>
 *   <li>{@code @bookTicker}: whenever the top of book changed after an update.</li>
 *   <li>{@code @trade}, {@code @aggTrade}: per trade. {@code @kline_<i>}: every 250 ms if the candle changed, the
 *       ended bucket once more with {@code x:true} when the market clock passes its close.
 *       {@code @markPrice[@1s]}: every 3 s (1 s), mark = book mid.</li>
 *   <li>Replayed captures: the captured payload goes out unchanged on its stream, and that stream of that symbol
 *       is not rendered from market events: streams the replay declared ({@link SimSymbol#isCaptured}) never are,
 *       others stop being rendered at their first captured frame.</li>
 *   <li>{@link FaultController#dropDepthDiffs}: the next diff event of the symbol that has subscribers (any speed)
 *       is not sent; the ids still advance, so clients see a {@code pu} break.</li>
 * </ul>
 */
final class BinanceRenderer implements MarketListener {
    private static final int[] SPEEDS_MS = {100, 250, 500};
    private static final int[] PARTIAL_LEVELS = {5, 10, 20};
    private static final long KLINE_PUSH_MS = 250;
    private static final long FUNDING_INTERVAL_MS = 8 * 3_600_000L;
    private static final CandleInterval[] INTERVALS = CandleInterval.values();
    private static final int MARK_DECIMALS = 8;
    /** The market's tick period: market events also run the tick when one is this overdue. */
    private static final long TICK_MS = 10;

    private final SimMarket market;
    private final FaultController faults;
    private final StreamRegistry registry;
    private final List<SymbolFeed> feeds = new ArrayList<>();
    private SymbolFeed[] feedsByIndex = new SymbolFeed[16];
    private final StringBuilder out = new StringBuilder(4096);
    private final LevelBuffer bidScratch = new LevelBuffer(64);
    private final LevelBuffer askScratch = new LevelBuffer(64);
    private long nextKlinePushMs;
    private long lastTickMs = Long.MIN_VALUE;

    /**
     * @param market   the market (its symbols get their stream state now; later ones on their first event)
     * @param faults   the fault controller (dropped diffs)
     * @param registry the stream channels
     */
    BinanceRenderer(final SimMarket market, final FaultController faults, final StreamRegistry registry) {
        this.market = market;
        this.faults = faults;
        this.registry = registry;
        for (final SimSymbol symbol : market.symbols()) {
            lookUp(symbol);
        }
    }

    /** The stream state of one symbol. */
    private final class SymbolFeed {
        final SimSymbol symbol;
        final String name;
        final List<StreamChannel> channels = new ArrayList<>();
        final StreamChannel depthRealtime;
        final DepthWindow[] windows = new DepthWindow[SPEEDS_MS.length];
        final StreamChannel[] diffs = new StreamChannel[SPEEDS_MS.length];
        final StreamChannel[][] partials = new StreamChannel[SPEEDS_MS.length][PARTIAL_LEVELS.length];
        final StreamChannel bookTicker;
        final StreamChannel trade;
        final StreamChannel aggTrade;
        final StreamChannel[] klines = new StreamChannel[INTERVALS.length];
        final SimCandle[] klineLast = new SimCandle[INTERVALS.length];
        final boolean[] klineLastClosed = new boolean[INTERVALS.length];
        final StreamChannel markPrice;
        final StreamChannel markPriceFast;
        long nextMarkMs;
        long nextMarkFastMs;
        /** Whether the capture's streams were looked up: on the first event, when the replay has declared them. */
        boolean capturedChecked;
        boolean topValid;
        long topBid;
        long topBidSize;
        long topAsk;
        long topAskSize;

        SymbolFeed(final SimSymbol symbol) {
            this.symbol = symbol;
            this.name = symbol.binanceSymbol();
            final String prefix = name.toLowerCase(java.util.Locale.ROOT) + '@';
            depthRealtime = channel(this, prefix + "depth@0ms");
            for (int i = 0; i < SPEEDS_MS.length; i++) {
                windows[i] = new DepthWindow(SPEEDS_MS[i]);
                final String speed = SPEEDS_MS[i] == BinanceStream.DEFAULT_DEPTH_SPEED_MS ? ""
                    : "@" + SPEEDS_MS[i] + "ms";
                diffs[i] = channel(this, prefix + "depth" + speed);
                for (int j = 0; j < PARTIAL_LEVELS.length; j++) {
                    partials[i][j] = channel(this, prefix + "depth" + PARTIAL_LEVELS[j] + speed);
                }
            }
            bookTicker = channel(this, prefix + "bookTicker");
            trade = channel(this, prefix + "trade");
            aggTrade = channel(this, prefix + "aggTrade");
            for (int i = 0; i < INTERVALS.length; i++) {
                klines[i] = channel(this, prefix + "kline_" + INTERVALS[i].wireName());
            }
            markPrice = channel(this, prefix + "markPrice");
            markPriceFast = channel(this, prefix + "markPrice@1s");
        }
    }

    private StreamChannel channel(final SymbolFeed feed, final String name) {
        final StreamChannel channel = registry.channel(BinanceStream.parse(name));
        feed.channels.add(channel);
        return channel;
    }

    /** Streams a capture feeds are never rendered, not even before their first captured frame. */
    private static void markCaptured(final SymbolFeed feed) {
        for (final StreamChannel channel : feed.channels) {
            if (feed.symbol.isCaptured(channel.stream().name())) {
                channel.markReplayed();
            }
        }
        feed.capturedChecked = true;
    }

    /** @return the symbol's stream state, created if new; on a feed's first event, the capture's streams apply */
    private SymbolFeed feed(final SimSymbol symbol) {
        final SymbolFeed feed = lookUp(symbol);
        if (!feed.capturedChecked) {
            markCaptured(feed);
        }
        return feed;
    }

    private SymbolFeed lookUp(final SimSymbol symbol) {
        final int index = symbol.index();
        if (index >= 0 && index < feedsByIndex.length) {
            final SymbolFeed known = feedsByIndex[index];
            if (known != null && known.symbol == symbol) {
                return known;
            }
        }
        for (final SymbolFeed candidate : feeds) {
            if (candidate.symbol == symbol) {
                return candidate;
            }
        }
        final SymbolFeed created = new SymbolFeed(symbol);
        feeds.add(created);
        if (index >= 0) {
            if (index >= feedsByIndex.length) {
                feedsByIndex = Arrays.copyOf(feedsByIndex, Math.max(index + 1, feedsByIndex.length * 2));
            }
            if (feedsByIndex[index] == null) {
                feedsByIndex[index] = created;
            }
        }
        return created;
    }

    private static boolean rendered(final StreamChannel channel) {
        return channel.hasSubscribers() && !channel.replayed();
    }

    // ---- market events -------------------------------------------------------------------------------------------

    @Override
    public void onBookUpdate(final SimSymbol symbol, final LevelChanges update) {
        final SymbolFeed feed = feed(symbol);
        final long timeMs = update.eventTimeMs();
        catchUp(timeMs);
        for (int i = 0; i < SPEEDS_MS.length; i++) {
            final DepthWindow window = feed.windows[i];
            if (window.due(timeMs)) {
                flush(feed, i, timeMs); // the tick that should have closed it has not come yet
            }
            window.add(update, timeMs, rendered(feed.diffs[i]));
        }
        if (rendered(feed.depthRealtime) && !faults.consumeDroppedDepthDiff(feed.name)) {
            feed.depthRealtime.publish(depthEvent(feed, update.eventTimeMs(), update.transactionTimeMs(),
                update.firstUpdateId(), update.lastUpdateId(), update.previousUpdateId(), update.bids(),
                update.asks()));
        }
        if (rendered(feed.bookTicker)) {
            bookTicker(feed, update);
        }
    }

    @Override
    public void onTrade(final SimSymbol symbol, final SimTrade trade) {
        catchUp(market.nowMs());
        final SymbolFeed feed = feed(symbol);
        if (rendered(feed.aggTrade)) {
            out.setLength(0);
            out.append("{\"e\":\"aggTrade\",\"E\":").append(Math.max(market.nowMs(), trade.timeMs()))
                .append(",\"s\":\"").append(feed.name).append("\",\"a\":").append(trade.aggregateId())
                .append(",\"p\":");
            BinanceJson.price(out, symbol, trade.priceMantissa()).append(",\"q\":");
            BinanceJson.size(out, symbol, trade.sizeMantissa()).append(",\"nq\":");
            BinanceJson.size(out, symbol, trade.sizeMantissa()).append(",\"f\":").append(trade.firstTradeId())
                .append(",\"l\":").append(trade.lastTradeId()).append(",\"T\":").append(trade.timeMs())
                .append(",\"m\":").append(trade.buyerIsMaker()).append('}');
            feed.aggTrade.publish(out.toString());
        }
        if (rendered(feed.trade)) {
            out.setLength(0);
            out.append("{\"e\":\"trade\",\"E\":").append(Math.max(market.nowMs(), trade.timeMs()))
                .append(",\"T\":").append(trade.timeMs()).append(",\"s\":\"").append(feed.name)
                .append("\",\"t\":").append(trade.lastTradeId()).append(",\"p\":");
            BinanceJson.price(out, symbol, trade.priceMantissa()).append(",\"q\":");
            BinanceJson.size(out, symbol, trade.sizeMantissa()).append(",\"X\":\"MARKET\",\"m\":")
                .append(trade.buyerIsMaker()).append('}');
            feed.trade.publish(out.toString());
        }
    }

    @Override
    public void onReplayedFrame(final SimSymbol symbol, final String stream, final String frame) {
        catchUp(market.nowMs());
        final StreamChannel channel = registry.channel(stream);
        if (channel == null) {
            return;
        }
        channel.markReplayed();
        if (!channel.hasSubscribers()) {
            return;
        }
        if (channel.stream().kind() == BinanceStream.Kind.DEPTH_DIFF
            && faults.consumeDroppedDepthDiff(symbol.binanceSymbol())) {
            return;
        }
        channel.publish(frame);
    }

    @Override
    public void onTick(final long marketTimeMs) {
        tick(marketTimeMs);
    }

    /**
     * Runs the tick if the market's own tick is overdue, so cadenced streams keep flowing even if ticks come late
     * or not at all (they only depend on the market clock, and a tick twice for one instant does nothing twice).
     */
    private void catchUp(final long nowMs) {
        if (lastTickMs == Long.MIN_VALUE || nowMs - lastTickMs >= TICK_MS) {
            tick(nowMs);
        }
    }

    private void tick(final long marketTimeMs) {
        lastTickMs = marketTimeMs;
        for (int f = 0; f < feeds.size(); f++) {
            final SymbolFeed feed = feeds.get(f);
            if (!feed.capturedChecked) {
                markCaptured(feed);
            }
            for (int i = 0; i < SPEEDS_MS.length; i++) {
                if (feed.windows[i].due(marketTimeMs)) {
                    flush(feed, i, marketTimeMs);
                }
            }
            if (marketTimeMs >= feed.nextMarkMs) {
                feed.nextMarkMs = (marketTimeMs / 3_000 + 1) * 3_000;
                if (rendered(feed.markPrice)) {
                    markPrice(feed, feed.markPrice, marketTimeMs);
                }
            }
            if (marketTimeMs >= feed.nextMarkFastMs) {
                feed.nextMarkFastMs = (marketTimeMs / 1_000 + 1) * 1_000;
                if (rendered(feed.markPriceFast)) {
                    markPrice(feed, feed.markPriceFast, marketTimeMs);
                }
            }
        }
        if (marketTimeMs >= nextKlinePushMs) {
            nextKlinePushMs = (marketTimeMs / KLINE_PUSH_MS + 1) * KLINE_PUSH_MS;
            for (int f = 0; f < feeds.size(); f++) {
                klines(feeds.get(f), marketTimeMs);
            }
        }
    }

    // ---- depth ---------------------------------------------------------------------------------------------------

    private void flush(final SymbolFeed feed, final int speed, final long nowMs) {
        final DepthWindow window = feed.windows[speed];
        final StreamChannel diff = feed.diffs[speed];
        if (window.complete() && rendered(diff) && !faults.consumeDroppedDepthDiff(feed.name)) {
            window.changes(bidScratch, askScratch);
            diff.publish(depthEvent(feed, nowMs, window.transactionTimeMs(), window.firstUpdateId(),
                window.lastUpdateId(), window.previousUpdateId(), bidScratch, askScratch));
        }
        for (int j = 0; j < PARTIAL_LEVELS.length; j++) {
            final StreamChannel partial = feed.partials[speed][j];
            if (rendered(partial)) {
                synchronized (feed.symbol) {
                    feed.symbol.book().topN(PARTIAL_LEVELS[j], bidScratch, askScratch);
                }
                partial.publish(depthEvent(feed, nowMs, window.transactionTimeMs(), window.firstUpdateId(),
                    window.lastUpdateId(), window.previousUpdateId(), bidScratch, askScratch));
            }
        }
        window.close();
    }

    private String depthEvent(final SymbolFeed feed, final long eventTimeMs, final long transactionTimeMs,
                              final long first, final long last, final long previous, final LevelBuffer bids,
                              final LevelBuffer asks) {
        out.setLength(0);
        out.append("{\"e\":\"depthUpdate\",\"E\":").append(eventTimeMs).append(",\"T\":").append(transactionTimeMs)
            .append(",\"s\":\"").append(feed.name).append("\",\"U\":").append(first).append(",\"u\":").append(last)
            .append(",\"pu\":").append(previous).append(",\"b\":");
        BinanceJson.levels(out, feed.symbol, bids).append(",\"a\":");
        BinanceJson.levels(out, feed.symbol, asks).append('}');
        return out.toString();
    }

    private void bookTicker(final SymbolFeed feed, final LevelChanges update) {
        // The market thread is the book's only writer: reading it here needs no lock.
        final L2Book book = feed.symbol.book();
        if (!book.isTwoSided()) {
            return;
        }
        final long bid = book.bestBidPrice();
        final long bidSize = book.bestBidSize();
        final long ask = book.bestAskPrice();
        final long askSize = book.bestAskSize();
        if (feed.topValid && bid == feed.topBid && bidSize == feed.topBidSize && ask == feed.topAsk
            && askSize == feed.topAskSize) {
            return;
        }
        feed.topValid = true;
        feed.topBid = bid;
        feed.topBidSize = bidSize;
        feed.topAsk = ask;
        feed.topAskSize = askSize;
        out.setLength(0);
        out.append("{\"e\":\"bookTicker\",\"u\":").append(update.lastUpdateId()).append(",\"E\":")
            .append(update.eventTimeMs()).append(",\"T\":").append(update.transactionTimeMs()).append(",\"s\":\"")
            .append(feed.name).append("\",\"b\":");
        BinanceJson.price(out, feed.symbol, bid).append(",\"B\":");
        BinanceJson.size(out, feed.symbol, bidSize).append(",\"a\":");
        BinanceJson.price(out, feed.symbol, ask).append(",\"A\":");
        BinanceJson.size(out, feed.symbol, askSize).append('}');
        feed.bookTicker.publish(out.toString());
    }

    // ---- klines and mark price -----------------------------------------------------------------------------------

    private void klines(final SymbolFeed feed, final long nowMs) {
        for (int i = 0; i < INTERVALS.length; i++) {
            final StreamChannel channel = feed.klines[i];
            if (!rendered(channel)) {
                feed.klineLast[i] = null; // nobody listens: a later subscriber starts afresh, no stale x:true
                continue;
            }
            final CandleInterval interval = INTERVALS[i];
            final SimCandle last = feed.klineLast[i];
            if (last != null && !feed.klineLastClosed[i] && nowMs > last.closeTimeMs()) {
                // The bucket ended: push its final state once, closed, as Binance does at the boundary.
                final List<SimCandle> done = feed.symbol.candles(interval, last.openTimeMs(), last.openTimeMs(), 1,
                    false);
                final SimCandle closed = done.isEmpty() || done.get(0).openTimeMs() != last.openTimeMs() ? last
                    : done.get(0);
                channel.publish(kline(feed, interval, closed, true, nowMs));
                feed.klineLastClosed[i] = true;
            }
            final SimCandle current = feed.symbol.currentCandle(interval);
            if (current == null || current.closeTimeMs() < nowMs || current.equals(last)) {
                continue; // nothing traded yet in the live bucket, or nothing changed
            }
            if (last != null && current.openTimeMs() < last.openTimeMs()) {
                continue;
            }
            channel.publish(kline(feed, interval, current, false, nowMs));
            feed.klineLast[i] = current;
            feed.klineLastClosed[i] = false;
        }
    }

    private String kline(final SymbolFeed feed, final CandleInterval interval, final SimCandle candle,
                         final boolean closed, final long nowMs) {
        final SimSymbol symbol = feed.symbol;
        final int quoteDecimals = Math.min(8, symbol.priceScale() + symbol.sizeScale());
        out.setLength(0);
        out.append("{\"e\":\"kline\",\"E\":").append(nowMs).append(",\"s\":\"").append(feed.name)
            .append("\",\"k\":{\"t\":").append(candle.openTimeMs()).append(",\"T\":").append(candle.closeTimeMs())
            .append(",\"s\":\"").append(feed.name).append("\",\"i\":\"").append(interval.wireName())
            .append("\",\"f\":").append(candle.firstTradeId()).append(",\"L\":").append(candle.lastTradeId())
            .append(",\"o\":");
        BinanceJson.price(out, symbol, candle.open()).append(",\"c\":");
        BinanceJson.price(out, symbol, candle.close()).append(",\"h\":");
        BinanceJson.price(out, symbol, candle.high()).append(",\"l\":");
        BinanceJson.price(out, symbol, candle.low()).append(",\"v\":");
        BinanceJson.size(out, symbol, candle.volume()).append(",\"n\":").append(candle.trades())
            .append(",\"x\":").append(closed).append(",\"q\":");
        BinanceJson.decimal(out, candle.quoteVolume(), quoteDecimals).append(",\"V\":");
        BinanceJson.size(out, symbol, candle.takerBuyVolume()).append(",\"Q\":");
        BinanceJson.decimal(out, candle.takerBuyQuote(), quoteDecimals).append(",\"B\":\"0\"}}");
        return out.toString();
    }

    private void markPrice(final SymbolFeed feed, final StreamChannel channel, final long nowMs) {
        final double mark = markPriceOf(feed.symbol);
        if (Double.isNaN(mark)) {
            return;
        }
        // The index trails the mark by a hair, as the real basis does; settle price = index.
        final double index = mark * (1 - 0.00005);
        out.setLength(0);
        out.append("{\"e\":\"markPriceUpdate\",\"E\":").append(nowMs).append(",\"s\":\"").append(feed.name)
            .append("\",\"p\":");
        BinanceJson.decimal(out, mark, MARK_DECIMALS).append(",\"i\":");
        BinanceJson.decimal(out, index, MARK_DECIMALS).append(",\"P\":");
        BinanceJson.decimal(out, index, MARK_DECIMALS).append(",\"r\":");
        BinanceJson.decimal(out, feed.symbol.fundingRate(), MARK_DECIMALS).append(",\"T\":")
            .append((nowMs / FUNDING_INTERVAL_MS + 1) * FUNDING_INTERVAL_MS).append(",\"ap\":");
        BinanceJson.decimal(out, mark, MARK_DECIMALS).append('}');
        channel.publish(out.toString());
    }

    /**
     * @param symbol a symbol
     * @return its mark price: the book mid, else the last trade, else NaN
     */
    static double markPriceOf(final SimSymbol symbol) {
        final double mid = symbol.mid();
        if (!Double.isNaN(mid)) {
            return mid;
        }
        final SimTrade last = symbol.lastTrade();
        return last == null ? Double.NaN : symbol.price(last.priceMantissa());
    }
}
