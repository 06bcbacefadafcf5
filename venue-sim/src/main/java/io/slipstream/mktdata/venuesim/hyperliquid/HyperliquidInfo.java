package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.venuesim.market.SimCandle;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SimTrade;

import java.util.List;
import java.util.Map;

/**
 * Answers {@code /info} requests, for REST and for websocket {@code post}, which share one weight budget per
 * minute: {@code l2Book}/{@code allMids} weigh 2, the others 20, plus 1 per 60 candles or per 20 trades returned.
 * Thread-safe.
 */
final class HyperliquidInfo {
    /** What Hyperliquid's axum server says when a body does not match any request type (HTTP 422). */
    static final String DESERIALIZE_ERROR = "Failed to deserialize the JSON body into the target type";
    /** Only this many most recent candles exist per coin and interval. */
    static final int CANDLE_HORIZON = 5_000;

    private static final int LIGHT_WEIGHT = 2;
    private static final int HEAVY_WEIGHT = 20;
    private static final int CANDLES_PER_EXTRA_WEIGHT = 60;
    private static final int TRADES_PER_EXTRA_WEIGHT = 20;

    private final SimMarket market;
    private final HyperliquidConfig config;
    private final MinuteBudget weight;

    /**
     * An answer.
     *
     * @param status HTTP status
     * @param body   JSON body (a plain text for 422)
     * @param type   the request type, for the websocket {@code post} envelope (null when unparsed)
     */
    record Answer(int status, String body, String type) {
        boolean ok() {
            return status == 200;
        }
    }

    /**
     * @param market the market
     * @param config limits and trade counts
     */
    HyperliquidInfo(final SimMarket market, final HyperliquidConfig config) {
        this.market = market;
        this.config = config;
        this.weight = new MinuteBudget(config.weightPerMinute());
    }

    /**
     * @param request      the parsed body, or null if it was not a JSON object
     * @param nowMs        wall clock, for the weight budget
     * @param restKeyOrder keys in the order recorded from REST (alphabetical for books and candles) rather than the
     *                     websocket's, which the documented {@code post} answers use
     * @return the answer
     */
    Answer answer(final Map<String, Object> request, final long nowMs, final boolean restKeyOrder) {
        final String type = request == null ? null : HyperliquidJson.string(request, "type");
        final int baseWeight = baseWeight(type);
        if (baseWeight < 0) {
            return unprocessable();
        }
        if (!weight.tryAcquire(nowMs, baseWeight)) {
            return new Answer(429, "{\"error\":\"rate limited: more than " + config.weightPerMinute()
                + " weight per minute\"}", type);
        }
        return switch (type) {
            case "meta" -> ok(HyperliquidRender.meta(new StringBuilder(1024), market.symbols()), type);
            case "metaAndAssetCtxs" -> ok(metaAndAssetCtxs(), type);
            case "allMids" -> ok(HyperliquidRender.mids(new StringBuilder(1024), market.symbols()), type);
            case "l2Book" -> l2Book(request, restKeyOrder);
            case "recentTrades" -> recentTrades(request, nowMs);
            case "candleSnapshot" -> candleSnapshot(request, nowMs, restKeyOrder);
            default -> unprocessable();
        };
    }

    private static int baseWeight(final String type) {
        if (type == null) {
            return -1;
        }
        return switch (type) {
            case "l2Book", "allMids" -> LIGHT_WEIGHT;
            case "meta", "metaAndAssetCtxs", "recentTrades", "candleSnapshot" -> HEAVY_WEIGHT;
            default -> -1;
        };
    }

    private static Answer ok(final CharSequence body, final String type) {
        return new Answer(200, body.toString(), type);
    }

    private static Answer unprocessable() {
        return new Answer(422, DESERIALIZE_ERROR, null);
    }

    private StringBuilder metaAndAssetCtxs() {
        final List<SimSymbol> symbols = market.symbols();
        final StringBuilder out = new StringBuilder(1024 + 400 * symbols.size()).append('[');
        HyperliquidRender.meta(out, symbols).append(",[");
        final long nowMs = market.nowMs();
        for (int i = 0; i < symbols.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            HyperliquidRender.assetCtx(out, symbols.get(i), nowMs);
        }
        return out.append("]]");
    }

    private Answer l2Book(final Map<String, Object> request, final boolean restKeyOrder) {
        final String coin = HyperliquidJson.string(request, "coin");
        final int nSigFigs = HyperliquidSubscription.aggregation(request.get("nSigFigs"));
        final int mantissa = HyperliquidSubscription.mantissa(request.get("mantissa"), nSigFigs);
        if (coin == null || nSigFigs < 0 || mantissa < 0) {
            return unprocessable();
        }
        final SimSymbol symbol = market.hyperliquid(coin);
        if (symbol == null) {
            return new Answer(200, "null", "l2Book");
        }
        return new Answer(200, HyperliquidRender.book(symbol, market.nowMs(), HyperliquidRender.BOOK_LEVELS,
            nSigFigs, Math.max(1, mantissa), false, restKeyOrder), "l2Book");
    }

    private Answer recentTrades(final Map<String, Object> request, final long nowMs) {
        final String coin = HyperliquidJson.string(request, "coin");
        if (coin == null) {
            return unprocessable();
        }
        final SimSymbol symbol = market.hyperliquid(coin);
        if (symbol == null) {
            return new Answer(200, "[]", "recentTrades");
        }
        final List<SimTrade> trades = symbol.trades(-1, -1, -1, config.recentTradesOnSubscribe());
        weight.charge(nowMs, trades.size() / TRADES_PER_EXTRA_WEIGHT);
        return new Answer(200, HyperliquidRender.trades(symbol, trades), "recentTrades");
    }

    private Answer candleSnapshot(final Map<String, Object> request, final long nowMs,
                                  final boolean restKeyOrder) {
        final Map<String, Object> req = HyperliquidJson.object(request, "req");
        if (req == null) {
            return unprocessable();
        }
        final String coin = HyperliquidJson.string(req, "coin");
        final CandleInterval interval = HyperliquidSubscription.interval(HyperliquidJson.string(req, "interval"));
        final Object start = req.get("startTime");
        final Object end = req.get("endTime");
        if (coin == null || interval == null || !(start instanceof Long) || !(end == null || end instanceof Long)) {
            return unprocessable();
        }
        final SimSymbol symbol = market.hyperliquid(coin);
        if (symbol == null) {
            return new Answer(200, "[]", "candleSnapshot");
        }
        final long marketNowMs = market.nowMs();
        // Only the newest 5000 buckets exist: the one open now and the 4999 before it.
        final long horizonMs = interval.plusBuckets(interval.bucketStartMs(marketNowMs), -(CANDLE_HORIZON - 1));
        final long fromMs = Math.max((Long) start, horizonMs);
        final long toMs = Math.min(end == null ? marketNowMs : (Long) end, marketNowMs);
        if (toMs < fromMs) {
            return new Answer(200, "[]", "candleSnapshot");
        }
        final List<SimCandle> candles = symbol.candles(interval, fromMs, toMs, CANDLE_HORIZON, true);
        final StringBuilder out = new StringBuilder(16 + 180 * candles.size()).append('[');
        boolean first = true;
        for (final SimCandle candle : candles) {
            if (candle.openTimeMs() < horizonMs) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            HyperliquidRender.candle(out, symbol, interval, candle, restKeyOrder);
        }
        weight.charge(nowMs, candles.size() / CANDLES_PER_EXTRA_WEIGHT);
        return ok(out.append(']'), "candleSnapshot");
    }
}
