package io.slipstream.mktdata.venuesim.binance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.fault.RestFault;
import io.slipstream.mktdata.venuesim.market.SimCandle;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SimTrade;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Binance USD-M REST market-data endpoints ({@code /fapi/v1/depth}, {@code klines}, {@code aggTrades},
 * {@code exchangeInfo}, {@code ping}, {@code time}) with the venue's weights, {@code X-MBX-USED-WEIGHT-1M} header,
 * 429/418 limits and error bodies, plus the REST faults. Runs on the HTTP server's executor. Thread-safe.
 *
 * <p>Limits larger than the maximum ({@code klines} 1500, {@code aggTrades} 1000) are clamped rather than refused.
 */
final class BinanceRest implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceRest.class);
    private static final int[] DEPTH_LIMITS = {5, 10, 20, 50, 100, 500, 1000};
    private static final long ONE_HOUR_MS = 3_600_000L;

    private final SimMarket market;
    private final FaultController faults;
    private final BinanceConfig config;
    private final RequestWeightLimiter limiter;
    private final AtomicLong tooManyRequestsSent = new AtomicLong();
    private final AtomicLong bannedSent = new AtomicLong();

    /**
     * @param market the market
     * @param faults the fault controller
     * @param config the venue settings
     */
    BinanceRest(final SimMarket market, final FaultController faults, final BinanceConfig config) {
        this.market = market;
        this.faults = faults;
        this.config = config;
        this.limiter = new RequestWeightLimiter(config.requestWeightPerMinute(), config.banMs());
    }

    /** A client error: HTTP 400 with Binance's code and message. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        BadRequest(final int code, final String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** An answer: status and JSON body. */
    private record Answer(int status, String body) {
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try {
            serve(exchange);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final IOException e) {
            LOG.debug("REST client went away: {}", e.toString());
        } catch (final RuntimeException e) {
            LOG.warn("REST {} failed", exchange.getRequestURI(), e);
            try {
                send(exchange, 500, BinanceJson.restError(-1000, "An unknown error occured while processing the "
                    + "request."), limiter.used(System.currentTimeMillis()), 0);
            } catch (final IOException | RuntimeException ignored) {
                // the response had already started: the close below ends it
            }
        } finally {
            exchange.close();
        }
    }

    private void serve(final HttpExchange exchange) throws IOException, InterruptedException {
        final String path = exchange.getRequestURI().getPath();
        final RestFault fault = faults.nextRestFault(Venue.BINANCE_USDM, path);
        if (fault != null && !applyFault(exchange, fault)) {
            return;
        }
        final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        final int weight = weight(path, query);
        if (weight < 0) {
            send(exchange, 404, BinanceJson.restError(-1, "Not found: " + path), limiter.used(now()), 0);
            return;
        }
        final RequestWeightLimiter.Decision decision = limiter.admit(weight, now());
        switch (decision.outcome()) {
            case TOO_MANY_REQUESTS -> send(exchange, 429, BinanceJson.restError(-1003, "Too many requests; current "
                + "limit of IP(127.0.0.1) is " + config.requestWeightPerMinute() + " requests per minute. Please use "
                + "the websocket for live updates to avoid polling the API."), decision.usedWeight(),
                decision.retryAfterMs());
            case BANNED -> send(exchange, 418, BinanceJson.restError(-1003, "Way too many requests; IP(127.0.0.1) "
                + "banned until " + decision.bannedUntilMs() + ". Please use the websocket for live updates to "
                + "avoid bans."), decision.usedWeight(), decision.retryAfterMs());
            default -> {
                Answer answer;
                try {
                    answer = new Answer(200, route(path, query));
                } catch (final BadRequest e) {
                    answer = new Answer(400, BinanceJson.restError(e.code, e.getMessage()));
                }
                send(exchange, answer.status(), answer.body(), decision.usedWeight(), 0);
            }
        }
    }

    /** @return true to go on serving the request normally after the fault */
    private boolean applyFault(final HttpExchange exchange, final RestFault fault)
        throws IOException, InterruptedException {
        final int used = limiter.used(now());
        switch (fault.kind()) {
            case TOO_MANY_REQUESTS -> send(exchange, 429, BinanceJson.restError(-1003, "Too many requests; "
                + "current limit of IP(127.0.0.1) is " + config.requestWeightPerMinute() + " requests per minute."),
                used, Math.max(1_000, fault.delayMs()));
            case BANNED -> send(exchange, 418, BinanceJson.restError(-1003, "Way too many requests; IP(127.0.0.1) "
                + "banned until " + (now() + fault.delayMs()) + "."), used, Math.max(1_000, fault.delayMs()));
            case SERVER_ERROR -> send(exchange, 500, BinanceJson.restError(-1000, "An unknown error occured while "
                + "processing the request."), used, 0);
            case UNAVAILABLE -> send(exchange, 503, BinanceJson.restError(-1008, "Server is currently overloaded "
                + "with other requests. Please try again in a few minutes."), used, 0);
            case TIMEOUT -> {
                // Hang, then drop the connection without a response: the JDK server closes the socket when an
                // exchange closes before its response headers went out, so the client sees a timeout or EOF.
                Thread.sleep(fault.delayMs());
            }
            case SLOW -> {
                Thread.sleep(fault.delayMs());
                return true;
            }
            default -> throw new IllegalStateException("unhandled REST fault " + fault.kind());
        }
        return false;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    /** @return 429 answers sent, the limiter's and injected faults' alike */
    long tooManyRequestsSent() {
        return tooManyRequestsSent.get();
    }

    /** @return 418 answers sent, the limiter's and injected faults' alike */
    long bannedSent() {
        return bannedSent.get();
    }

    /** @return the weight used in the current minute, as {@code X-MBX-USED-WEIGHT-1M} would say */
    int usedWeight() {
        return limiter.used(now());
    }

    private void send(final HttpExchange exchange, final int status, final String body, final int usedWeight,
                      final long retryAfterMs) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-MBX-USED-WEIGHT-1M", Integer.toString(usedWeight));
        if (retryAfterMs > 0) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString((retryAfterMs + 999) / 1_000));
        }
        if (status == 429) {
            tooManyRequestsSent.incrementAndGet();
        } else if (status == 418) {
            bannedSent.incrementAndGet();
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }

    // ---- routing and weights -------------------------------------------------------------------------------------

    /** @return the request's weight, or -1 for a path the venue does not serve */
    private static int weight(final String path, final Map<String, String> query) {
        return switch (path) {
            case "/fapi/v1/depth" -> {
                final int limit = parseIntOr(query.get("limit"), 500);
                yield limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
            }
            case "/fapi/v1/klines" -> {
                final int limit = parseIntOr(query.get("limit"), 500);
                yield limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
            }
            case "/fapi/v1/aggTrades" -> 20;
            case "/fapi/v1/exchangeInfo", "/fapi/v1/ping", "/fapi/v1/time" -> 1;
            default -> -1;
        };
    }

    private String route(final String path, final Map<String, String> query) throws BadRequest {
        return switch (path) {
            case "/fapi/v1/depth" -> depth(query);
            case "/fapi/v1/klines" -> klines(query);
            case "/fapi/v1/aggTrades" -> aggTrades(query);
            case "/fapi/v1/exchangeInfo" -> exchangeInfo();
            case "/fapi/v1/ping" -> "{}";
            case "/fapi/v1/time" -> "{\"serverTime\":" + now() + "}";
            default -> throw new BadRequest(-1, "Not found");
        };
    }

    // ---- endpoints -----------------------------------------------------------------------------------------------

    private String depth(final Map<String, String> query) throws BadRequest {
        final SimSymbol symbol = symbol(query);
        final int limit = (int) longParameter(query, "limit", 500);
        boolean valid = false;
        for (final int allowed : DEPTH_LIMITS) {
            valid |= allowed == limit;
        }
        if (!valid) {
            throw new BadRequest(-1100, "Illegal characters found in parameter 'limit'; legal range is "
                + "'5, 10, 20, 50, 100, 500, 1000'.");
        }
        final LevelBuffer bids = new LevelBuffer(limit);
        final LevelBuffer asks = new LevelBuffer(limit);
        final long lastUpdateId;
        // One consistent instant: the book and the id of the last update applied to it.
        synchronized (symbol) {
            lastUpdateId = symbol.lastUpdateId();
            symbol.book().topN(limit, bids, asks);
        }
        final long timeMs = market.nowMs();
        final StringBuilder out = new StringBuilder(64 + 40 * (bids.count() + asks.count()));
        out.append("{\"lastUpdateId\":").append(lastUpdateId).append(",\"E\":").append(timeMs).append(",\"T\":")
            .append(timeMs).append(",\"bids\":");
        BinanceJson.levels(out, symbol, bids).append(",\"asks\":");
        return BinanceJson.levels(out, symbol, asks).append('}').toString();
    }

    private String klines(final Map<String, String> query) throws BadRequest {
        final SimSymbol symbol = symbol(query);
        final String intervalName = query.get("interval");
        if (intervalName == null || intervalName.isEmpty()) {
            throw missing("interval");
        }
        final CandleInterval interval = CandleInterval.fromWireName(intervalName);
        if (interval == null) {
            throw new BadRequest(-1120, "Invalid interval.");
        }
        final int limit = (int) Math.min(1500, longParameter(query, "limit", 500));
        if (limit <= 0) {
            throw new BadRequest(-1100, "Illegal characters found in parameter 'limit'; legal range is '1 - 1500'.");
        }
        final long startTime = longParameter(query, "startTime", -1);
        final long endTime = longParameter(query, "endTime", -1);
        final long nowMs = market.nowMs();
        final long endMs = endTime < 0 ? nowMs : Math.min(endTime, nowMs);
        final List<SimCandle> candles;
        if (startTime < 0) {
            // The newest `limit` candles up to the end (the still-open one last).
            final long lastBucket = interval.bucketStartMs(endMs);
            candles = symbol.candles(interval, interval.plusBuckets(lastBucket, -(limit - 1)), endMs, limit, true);
        } else {
            // Candles whose open time is at or after startTime: paging by "last open time + 1 ms" moves on.
            long first = interval.bucketStartMs(startTime);
            if (first < startTime) {
                first = interval.nextBucketStartMs(first);
            }
            candles = first > endMs ? List.of() : symbol.candles(interval, first, endMs, limit, false);
        }
        final int quoteDecimals = Math.min(8, symbol.priceScale() + symbol.sizeScale());
        final StringBuilder out = new StringBuilder(16 + 160 * candles.size()).append('[');
        for (int i = 0; i < candles.size(); i++) {
            final SimCandle candle = candles.get(i);
            out.append(i == 0 ? "[" : ",[").append(candle.openTimeMs()).append(',');
            BinanceJson.price(out, symbol, candle.open()).append(',');
            BinanceJson.price(out, symbol, candle.high()).append(',');
            BinanceJson.price(out, symbol, candle.low()).append(',');
            BinanceJson.price(out, symbol, candle.close()).append(',');
            BinanceJson.size(out, symbol, candle.volume()).append(',').append(candle.closeTimeMs()).append(',');
            BinanceJson.decimal(out, candle.quoteVolume(), quoteDecimals).append(',').append(candle.trades())
                .append(',');
            BinanceJson.size(out, symbol, candle.takerBuyVolume()).append(',');
            BinanceJson.decimal(out, candle.takerBuyQuote(), quoteDecimals).append(",\"0\"]");
        }
        return out.append(']').toString();
    }

    private String aggTrades(final Map<String, String> query) throws BadRequest {
        final SimSymbol symbol = symbol(query);
        final int limit = (int) Math.min(1000, longParameter(query, "limit", 500));
        if (limit <= 0) {
            throw new BadRequest(-1100, "Illegal characters found in parameter 'limit'; legal range is '1 - 1000'.");
        }
        final long fromId = longParameter(query, "fromId", -1);
        long startTime = longParameter(query, "startTime", -1);
        long endTime = longParameter(query, "endTime", -1);
        if (startTime >= 0 && endTime >= 0 && endTime - startTime >= ONE_HOUR_MS) {
            throw new BadRequest(-1127, "More than 1 hours between startTime and endTime.");
        }
        if (fromId < 0) {
            if (startTime >= 0 && endTime < 0) {
                endTime = startTime + ONE_HOUR_MS - 1;
            } else if (endTime >= 0 && startTime < 0) {
                startTime = Math.max(0, endTime - ONE_HOUR_MS + 1);
            }
        }
        final List<SimTrade> trades = fromId >= 0 ? symbol.trades(fromId, -1, -1, limit)
            : symbol.trades(-1, startTime, endTime, limit);
        final StringBuilder out = new StringBuilder(16 + 120 * trades.size()).append('[');
        for (int i = 0; i < trades.size(); i++) {
            final SimTrade trade = trades.get(i);
            out.append(i == 0 ? "{\"a\":" : ",{\"a\":").append(trade.aggregateId()).append(",\"p\":");
            BinanceJson.price(out, symbol, trade.priceMantissa()).append(",\"q\":");
            BinanceJson.size(out, symbol, trade.sizeMantissa()).append(",\"f\":").append(trade.firstTradeId())
                .append(",\"l\":").append(trade.lastTradeId()).append(",\"T\":").append(trade.timeMs())
                .append(",\"m\":").append(trade.buyerIsMaker()).append('}');
        }
        return out.append(']').toString();
    }

    private String exchangeInfo() {
        final StringBuilder out = new StringBuilder(1024);
        out.append("{\"timezone\":\"UTC\",\"serverTime\":").append(now())
            .append(",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,")
            .append("\"limit\":").append(config.requestWeightPerMinute()).append("},")
            .append("{\"rateLimitType\":\"ORDERS\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":1200},")
            .append("{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":300}],")
            .append("\"exchangeFilters\":[],\"assets\":[{\"asset\":\"USDT\",\"marginAvailable\":true,")
            .append("\"autoAssetExchange\":\"-10000\"}],\"symbols\":[");
        final List<SimSymbol> symbols = market.symbols();
        for (int i = 0; i < symbols.size(); i++) {
            final SimSymbol symbol = symbols.get(i);
            final String name = symbol.binanceSymbol();
            final String base = name.endsWith("USDT") ? name.substring(0, name.length() - 4) : name;
            final StringBuilder tick = BinanceJson.price(new StringBuilder(), symbol, symbol.tickMantissa());
            final StringBuilder lot = BinanceJson.size(new StringBuilder(), symbol, symbol.lotMantissa());
            out.append(i == 0 ? "{" : ",{").append("\"symbol\":\"").append(name).append("\",\"pair\":\"")
                .append(name).append("\",\"contractType\":\"PERPETUAL\",\"deliveryDate\":4133404800000,")
                .append("\"onboardDate\":1569398400000,\"status\":\"TRADING\",\"baseAsset\":\"").append(base)
                .append("\",\"quoteAsset\":\"USDT\",\"marginAsset\":\"USDT\",\"pricePrecision\":")
                .append(symbol.priceScale()).append(",\"quantityPrecision\":").append(symbol.sizeScale())
                .append(",\"baseAssetPrecision\":8,\"quotePrecision\":8,\"underlyingType\":\"COIN\",")
                .append("\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":").append(tick)
                .append(",\"maxPrice\":");
            BinanceJson.price(out, symbol, symbol.tickMantissa() * 100_000_000L).append(",\"tickSize\":")
                .append(tick).append("},{\"filterType\":\"LOT_SIZE\",\"minQty\":").append(lot).append(",\"maxQty\":");
            BinanceJson.size(out, symbol, symbol.lotMantissa() * 1_000_000L).append(",\"stepSize\":").append(lot)
                .append("},{\"filterType\":\"MARKET_LOT_SIZE\",\"minQty\":").append(lot).append(",\"maxQty\":");
            BinanceJson.size(out, symbol, symbol.lotMantissa() * 100_000L).append(",\"stepSize\":").append(lot)
                .append("},{\"filterType\":\"MAX_NUM_ORDERS\",\"limit\":200},")
                .append("{\"filterType\":\"MAX_NUM_ALGO_ORDERS\",\"limit\":10},")
                .append("{\"filterType\":\"MIN_NOTIONAL\",\"notional\":\"5\"},")
                .append("{\"filterType\":\"PERCENT_PRICE\",\"multiplierUp\":\"1.0500\",")
                .append("\"multiplierDown\":\"0.9500\",\"multiplierDecimal\":\"4\"}],")
                .append("\"orderTypes\":[\"LIMIT\",\"MARKET\"],\"timeInForce\":[\"GTC\",\"IOC\",\"FOK\",\"GTX\"]}");
        }
        return out.append("]}").toString();
    }

    // ---- parameters ----------------------------------------------------------------------------------------------

    private SimSymbol symbol(final Map<String, String> query) throws BadRequest {
        final String name = query.get("symbol");
        if (name == null || name.isEmpty()) {
            throw missing("symbol");
        }
        final SimSymbol symbol = market.binance(name);
        if (symbol == null || !symbol.binanceSymbol().equals(name)) {
            throw new BadRequest(-1121, "Invalid symbol.");
        }
        return symbol;
    }

    private static BadRequest missing(final String parameter) {
        return new BadRequest(-1102, "Mandatory parameter '" + parameter
            + "' was not sent, was empty/null, or malformed.");
    }

    private static long longParameter(final Map<String, String> query, final String name, final long absent)
        throws BadRequest {
        final String text = query.get(name);
        if (text == null || text.isEmpty()) {
            return absent;
        }
        try {
            final long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException(text);
            }
            return value;
        } catch (final NumberFormatException e) {
            throw new BadRequest(-1100, "Illegal characters found in parameter '" + name
                + "'; legal range is '^[0-9]{1,20}$'.");
        }
    }

    private static int parseIntOr(final String text, final int absent) {
        if (text == null) {
            return absent;
        }
        try {
            return Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            return absent;
        }
    }

    private static Map<String, String> query(final String rawQuery) {
        final Map<String, String> result = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (final String pair : rawQuery.split("&")) {
            final int equals = pair.indexOf('=');
            final String key = equals < 0 ? pair : pair.substring(0, equals);
            final String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                result.put(URLDecoder.decode(key, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (final IllegalArgumentException badEscape) {
                result.put(key, value); // a stray '%': keep the raw text, validation reports it
            }
        }
        return result;
    }
}
