package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.venuesim.market.SimCandle;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SimTrade;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders Hyperliquid payloads ({@code data} of websocket frames, bodies of {@code /info}) from the simulated market,
 * shaped like the recorded frames in {@code /work/shared/data/hyperliquid}. Book reads happen under the symbol's
 * monitor; everything else is string building. Stateless and thread-safe.
 */
final class HyperliquidRender {
    /** Default {@code l2Book} depth per side. */
    static final int BOOK_LEVELS = 20;
    /** {@code fast:true} depth per side. */
    static final int FAST_BOOK_LEVELS = 5;

    private static final long DAY_MS = 86_400_000L;
    private static final int TRADER_POOL = 97;
    private static final int[] MAX_LEVERAGE = {50, 25, 20};
    private static final int DEFAULT_MAX_LEVERAGE = 10;

    private HyperliquidRender() {
    }

    // ---- l2Book and bbo ------------------------------------------------------------------------------------------

    /**
     * @param symbol       the symbol
     * @param timeMs       the block time
     * @param levels       levels per side
     * @param nSigFigs     0 for full precision, else 2..5
     * @param mantissa     1, 2 or 5
     * @param fast         whether to add {@code "fast":true} (websocket fast subscriptions)
     * @param alphabetical REST key order ({@code coin, levels, time}, as recorded) instead of the websocket's
     * @return the {@code {coin,time,levels}} object
     */
    static String book(final SimSymbol symbol, final long timeMs, final int levels, final int nSigFigs,
                       final int mantissa, final boolean fast, final boolean alphabetical) {
        final HyperliquidLevels bids = new HyperliquidLevels(levels);
        final HyperliquidLevels asks = new HyperliquidLevels(levels);
        synchronized (symbol) {
            bids.fill(symbol, true, nSigFigs, Math.max(1, mantissa));
            asks.fill(symbol, false, nSigFigs, Math.max(1, mantissa));
        }
        final StringBuilder out = new StringBuilder(128 + 64 * levels).append("{\"coin\":");
        HyperliquidFormat.quoted(out, symbol.hyperliquidCoin());
        if (alphabetical) {
            out.append(",\"levels\":[");
            bids.appendTo(out, symbol, true).append(',');
            asks.appendTo(out, symbol, true).append("],\"time\":").append(timeMs);
            return out.append('}').toString();
        }
        out.append(",\"time\":").append(timeMs).append(",\"levels\":[");
        bids.appendTo(out, symbol, false).append(',');
        asks.appendTo(out, symbol, false).append(']');
        if (nSigFigs != 0 && bids.count() > 0 && asks.count() > 0) {
            // NKTKAS: aggregated books carry the spread of their top levels.
            out.append(",\"spread\":");
            HyperliquidFormat.quotedDecimal(out, Math.max(0, asks.price(0) - bids.price(0)), symbol.priceScale());
        }
        if (fast) {
            out.append(",\"fast\":true");
        }
        return out.append('}').toString();
    }

    /**
     * @param symbol the symbol
     * @return the {@code bbo} pair {@code [bid|null, ask|null]} on the full-precision grid
     */
    static String bboPair(final SimSymbol symbol) {
        final HyperliquidLevels bid = new HyperliquidLevels(1);
        final HyperliquidLevels ask = new HyperliquidLevels(1);
        synchronized (symbol) {
            bid.fill(symbol, true, 0, 1);
            ask.fill(symbol, false, 0, 1);
        }
        final StringBuilder out = new StringBuilder(128).append('[');
        if (bid.count() == 0) {
            out.append("null");
        } else {
            bid.appendLevel(out, symbol, 0, false);
        }
        out.append(',');
        if (ask.count() == 0) {
            out.append("null");
        } else {
            ask.appendLevel(out, symbol, 0, false);
        }
        return out.append(']').toString();
    }

    /** @param symbol the symbol @param timeMs block time @param pair from {@link #bboPair} @return the frame */
    static String bboFrame(final SimSymbol symbol, final long timeMs, final String pair) {
        final StringBuilder out = new StringBuilder(pair.length() + 80).append("{\"channel\":\"bbo\",\"data\":{");
        out.append("\"coin\":");
        HyperliquidFormat.quoted(out, symbol.hyperliquidCoin());
        return out.append(",\"time\":").append(timeMs).append(",\"bbo\":").append(pair).append("}}").toString();
    }

    // ---- trades --------------------------------------------------------------------------------------------------

    /**
     * @param symbol the symbol
     * @param trades trades, oldest first
     * @return a JSON array of {@code WsTrade}
     */
    static String trades(final SimSymbol symbol, final List<SimTrade> trades) {
        final StringBuilder out = new StringBuilder(32 + 300 * trades.size()).append('[');
        for (int i = 0; i < trades.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            trade(out, symbol, trades.get(i));
        }
        return out.append(']').toString();
    }

    private static void trade(final StringBuilder out, final SimSymbol symbol, final SimTrade trade) {
        final boolean takerBought = !trade.buyerIsMaker();
        // A taker buy lifted an ask, which the book shows rounded up; a taker sell hit a bid, shown rounded down.
        final long price = HyperliquidFormat.toGrid(symbol, trade.priceMantissa(),
            takerBought ? RoundingMode.UP : RoundingMode.DOWN);
        final long tid = trade.hyperliquidTid();
        out.append("{\"coin\":");
        HyperliquidFormat.quoted(out, symbol.hyperliquidCoin());
        out.append(",\"side\":\"").append(takerBought ? 'B' : 'A').append("\",\"px\":");
        HyperliquidFormat.quotedDecimal(out, price, symbol.priceScale()).append(",\"sz\":");
        HyperliquidFormat.quotedDecimal(out, trade.sizeMantissa(), symbol.sizeScale());
        out.append(",\"time\":").append(trade.timeMs()).append(",\"hash\":\"0x");
        final long seed = trade.aggregateId() * 31 + symbol.index();
        for (int i = 0; i < 4; i++) {
            hex(out, mix(seed * 4 + i), 16);
        }
        final int buyer = (int) Math.floorMod(mix(tid), (long) TRADER_POOL);
        final int seller = (buyer + 1 + (int) Math.floorMod(mix(tid + 1), (long) (TRADER_POOL - 1))) % TRADER_POOL;
        out.append("\",\"tid\":").append(tid).append(",\"users\":[");
        address(out, buyer).append(',');
        address(out, seller).append("]}");
    }

    private static StringBuilder address(final StringBuilder out, final int trader) {
        out.append("\"0x");
        hex(out, mix(0x5EED_0000L + trader), 16);
        hex(out, mix(0x5EED_1000L + trader), 16);
        hex(out, mix(0x5EED_2000L + trader), 8);
        return out.append('"');
    }

    private static void hex(final StringBuilder out, final long value, final int digits) {
        for (int shift = 60; shift >= 64 - 4 * digits; shift -= 4) {
            out.append(Character.forDigit((int) (value >>> shift) & 0xF, 16));
        }
    }

    private static long mix(final long value) {
        long x = value * 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    // ---- candles -------------------------------------------------------------------------------------------------

    /**
     * @param out          where to append
     * @param symbol       the symbol
     * @param interval     the interval
     * @param candle       the candle
     * @param alphabetical REST key order ({@code T,c,h,i,l,n,o,s,t,v}, as recorded) instead of the websocket's
     *                     ({@code t,T,s,i,o,c,h,l,v,n})
     * @return {@code out}
     */
    static StringBuilder candle(final StringBuilder out, final SimSymbol symbol, final CandleInterval interval,
                                final SimCandle candle, final boolean alphabetical) {
        final int scale = symbol.priceScale();
        // The close of a live bucket is the last trade: round it as that trade prints (with the taker's side).
        final SimTrade last = symbol.lastTrade();
        final RoundingMode closeMode = last == null || last.lastTradeId() != candle.lastTradeId()
            ? RoundingMode.HALF_UP : last.buyerIsMaker() ? RoundingMode.DOWN : RoundingMode.UP;
        final long open = HyperliquidFormat.toGrid(symbol, candle.open(), RoundingMode.HALF_UP);
        final long close = HyperliquidFormat.toGrid(symbol, candle.close(), closeMode);
        final long high = Math.max(Math.max(open, close), HyperliquidFormat.toGrid(symbol, candle.high(),
            RoundingMode.UP));
        final long low = Math.min(Math.min(open, close), HyperliquidFormat.toGrid(symbol, candle.low(),
            RoundingMode.DOWN));
        if (alphabetical) {
            out.append("{\"T\":").append(candle.closeTimeMs()).append(",\"c\":");
            HyperliquidFormat.quotedDecimal(out, close, scale).append(",\"h\":");
            HyperliquidFormat.quotedDecimal(out, high, scale).append(",\"i\":\"").append(interval.wireName())
                .append("\",\"l\":");
            HyperliquidFormat.quotedDecimal(out, low, scale).append(",\"n\":").append(candle.trades())
                .append(",\"o\":");
            HyperliquidFormat.quotedDecimal(out, open, scale).append(",\"s\":");
            HyperliquidFormat.quoted(out, symbol.hyperliquidCoin()).append(",\"t\":").append(candle.openTimeMs())
                .append(",\"v\":");
            return HyperliquidFormat.quotedDecimal(out, candle.volume(), symbol.sizeScale()).append('}');
        }
        out.append("{\"t\":").append(candle.openTimeMs()).append(",\"T\":").append(candle.closeTimeMs())
            .append(",\"s\":");
        HyperliquidFormat.quoted(out, symbol.hyperliquidCoin()).append(",\"i\":\"").append(interval.wireName())
            .append("\",\"o\":");
        HyperliquidFormat.quotedDecimal(out, open, scale).append(",\"c\":");
        HyperliquidFormat.quotedDecimal(out, close, scale).append(",\"h\":");
        HyperliquidFormat.quotedDecimal(out, high, scale).append(",\"l\":");
        HyperliquidFormat.quotedDecimal(out, low, scale).append(",\"v\":");
        HyperliquidFormat.quotedDecimal(out, candle.volume(), symbol.sizeScale());
        return out.append(",\"n\":").append(candle.trades()).append('}');
    }

    // ---- mids, contexts, meta ------------------------------------------------------------------------------------

    /**
     * @param out     where to append
     * @param symbols every listed symbol
     * @return {@code out} with the bare map {@code {"BTC":"69172.5",...}}, keys sorted as recorded
     */
    static StringBuilder mids(final StringBuilder out, final List<SimSymbol> symbols) {
        final List<SimSymbol> sorted = new ArrayList<>(symbols);
        sorted.sort(Comparator.comparing(SimSymbol::hyperliquidCoin));
        out.append('{');
        boolean first = true;
        for (final SimSymbol symbol : sorted) {
            final long mid = midTimesTwo(symbol);
            if (mid <= 0) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            HyperliquidFormat.quoted(out, symbol.hyperliquidCoin()).append(':');
            appendHalf(out, mid, symbol.priceScale());
        }
        return out.append('}');
    }

    /**
     * @return twice the mid of the Hyperliquid-rounded top of book; twice the last trade price when a side is empty
     *         (as Hyperliquid falls back to the last trade); 0 if neither exists
     */
    private static long midTimesTwo(final SimSymbol symbol) {
        final long bid;
        final long ask;
        synchronized (symbol) {
            bid = symbol.book().bestBidPrice();
            ask = symbol.book().bestAskPrice();
        }
        if (bid != L2Book.NO_PRICE && ask != L2Book.NO_PRICE) {
            return HyperliquidFormat.toGrid(symbol, bid, RoundingMode.DOWN)
                + HyperliquidFormat.toGrid(symbol, ask, RoundingMode.UP);
        }
        final SimTrade last = symbol.lastTrade();
        return last == null ? 0 : 2 * HyperliquidFormat.toGrid(symbol, last.priceMantissa(), RoundingMode.HALF_UP);
    }

    private static StringBuilder appendHalf(final StringBuilder out, final long twice, final int scale) {
        // twice / 2 at scale == twice * 5 at scale + 1: exact, with the ".5" a mid can have.
        return HyperliquidFormat.quotedDecimal(out, twice * 5, scale + 1);
    }

    /**
     * The perp asset context ({@code activeAssetCtx.ctx}, {@code metaAndAssetCtxs[1][i]}): funding, open interest,
     * 24 h figures from the candles, an oracle a few basis points off the mark. Mid, premium and impact prices are
     * null when the book is one-sided.
     *
     * @param out    where to append
     * @param symbol the symbol
     * @param nowMs  market time
     * @return {@code out}
     */
    static StringBuilder assetCtx(final StringBuilder out, final SimSymbol symbol, final long nowMs) {
        final int scale = symbol.priceScale();
        final long bid;
        final long ask;
        synchronized (symbol) {
            bid = symbol.book().bestBidPrice();
            ask = symbol.book().bestAskPrice();
        }
        final boolean twoSided = bid != L2Book.NO_PRICE && ask != L2Book.NO_PRICE;
        final long gridBid = twoSided ? HyperliquidFormat.toGrid(symbol, bid, RoundingMode.DOWN) : 0;
        final long gridAsk = twoSided ? HyperliquidFormat.toGrid(symbol, ask, RoundingMode.UP) : 0;
        final long midTwice = midTimesTwo(symbol);
        final long mark = midTwice <= 0 ? 0 : HyperliquidFormat.toGrid(symbol, midTwice / 2, RoundingMode.HALF_UP);
        final double markPrice = symbol.price(mark);
        final double oracle = markPrice * (1 + 0.0003 * Math.sin(nowMs / 97_000.0 + symbol.index()));
        final List<SimCandle> day = symbol.candles(CandleInterval.H1, nowMs - DAY_MS + 3_600_000L, nowMs, 24, true);
        final List<SimCandle> dayAgo = symbol.candles(CandleInterval.H1, nowMs - DAY_MS, nowMs - DAY_MS, 1, false);
        double baseVolume = 0;
        double notionalVolume = 0;
        for (final SimCandle candle : day) {
            baseVolume += symbol.size(candle.volume());
            notionalVolume += candle.quoteVolume();
        }
        final long prevDay = dayAgo.isEmpty() ? mark
            : HyperliquidFormat.toGrid(symbol, dayAgo.get(0).open(), RoundingMode.HALF_UP);
        final int szDecimals = HyperliquidFormat.szDecimals(symbol);

        out.append("{\"funding\":");
        HyperliquidFormat.quotedDouble(out, symbol.fundingRate(), 8).append(",\"openInterest\":");
        HyperliquidFormat.quotedDouble(out, symbol.openInterest(), szDecimals).append(",\"prevDayPx\":");
        HyperliquidFormat.quotedDecimal(out, prevDay, scale).append(",\"dayNtlVlm\":");
        HyperliquidFormat.quotedDouble(out, notionalVolume, 2).append(",\"premium\":");
        if (twoSided && oracle > 0) {
            HyperliquidFormat.quotedDouble(out, (markPrice - oracle) / oracle, 8);
        } else {
            out.append("null");
        }
        out.append(",\"oraclePx\":");
        HyperliquidFormat.quotedSignificant(out, oracle, 6).append(",\"markPx\":");
        HyperliquidFormat.quotedDecimal(out, mark, scale).append(",\"midPx\":");
        if (twoSided) {
            appendHalf(out, midTwice, scale).append(",\"impactPxs\":[");
            HyperliquidFormat.quotedDecimal(out, gridBid, scale).append(',');
            HyperliquidFormat.quotedDecimal(out, gridAsk, scale).append(']');
        } else {
            out.append("null,\"impactPxs\":null");
        }
        out.append(",\"dayBaseVlm\":");
        return HyperliquidFormat.quotedDouble(out, baseVolume, szDecimals).append('}');
    }

    /**
     * @param out     where to append
     * @param symbols every listed symbol, in asset-id order
     * @return {@code out} with {@code {"universe":[...],"marginTables":[...]}}
     */
    static StringBuilder meta(final StringBuilder out, final List<SimSymbol> symbols) {
        out.append("{\"universe\":[");
        final List<Integer> tables = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i++) {
            final SimSymbol symbol = symbols.get(i);
            final int leverage = maxLeverage(symbol);
            if (!tables.contains(leverage)) {
                tables.add(leverage);
            }
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"name\":");
            HyperliquidFormat.quoted(out, symbol.hyperliquidCoin()).append(",\"szDecimals\":")
                .append(HyperliquidFormat.szDecimals(symbol)).append(",\"maxLeverage\":").append(leverage)
                .append(",\"marginTableId\":").append(leverage).append('}');
        }
        out.append("],\"marginTables\":[");
        for (int i = 0; i < tables.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('[').append(tables.get(i)).append(",{\"description\":\"\",\"marginTiers\":[{\"lowerBound\":")
                .append("\"0.0\",\"maxLeverage\":").append(tables.get(i)).append("}]}]");
        }
        return out.append("]}");
    }

    private static int maxLeverage(final SimSymbol symbol) {
        return symbol.index() < MAX_LEVERAGE.length ? MAX_LEVERAGE[symbol.index()] : DEFAULT_MAX_LEVERAGE;
    }
}
