package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.fault.RestFault;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The Binance REST endpoints over loopback with the JDK HTTP client: payloads, paging, weights, limits, faults. */
class BinanceRestTest {
    private static final long MINUTE_MS = 60_000;

    private BinanceFixture fixture;
    private BinanceVenue extra;

    @BeforeEach
    void setUp() throws Exception {
        fixture = BinanceFixture.start();
        Thread.sleep(200); // let some trades happen
    }

    @AfterEach
    void tearDown() {
        if (extra != null) {
            extra.close();
        }
        fixture.close();
    }

    private static int usedWeight(final HttpResponse<String> response) {
        return Integer.parseInt(response.headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
    }

    @Test
    @Timeout(20)
    void shouldDescribeEverySymbolInExchangeInfo() throws Exception {
        final HttpResponse<String> response = fixture.get("/fapi/v1/exchangeInfo");

        assertThat(response.statusCode()).isEqualTo(200);
        final Map<String, Object> info = Json.object(response.body());
        assertThat(info).containsKeys("timezone", "serverTime", "rateLimits", "exchangeFilters", "assets", "symbols");
        final Map<String, Object> weight = Json.asObject(Json.asList(info.get("rateLimits")).get(0));
        assertThat(weight).containsEntry("rateLimitType", "REQUEST_WEIGHT").containsEntry("interval", "MINUTE")
            .containsEntry("limit", 2400L);
        final List<Object> symbols = Json.asList(info.get("symbols"));
        assertThat(symbols).hasSize(3);
        final Map<String, Object> btc = Json.asObject(symbols.get(0));
        assertThat(btc).containsEntry("symbol", "BTCUSDT").containsEntry("contractType", "PERPETUAL")
            .containsEntry("status", "TRADING").containsEntry("baseAsset", "BTC").containsEntry("quoteAsset", "USDT");
        final Map<String, Map<String, Object>> filters = new java.util.HashMap<>();
        for (final Object filter : Json.asList(btc.get("filters"))) {
            filters.put((String) Json.asObject(filter).get("filterType"), Json.asObject(filter));
        }
        assertThat(filters.get("PRICE_FILTER").get("tickSize")).isEqualTo("0.1");
        assertThat(filters.get("LOT_SIZE").get("stepSize")).isEqualTo("0.001");
        assertThat(filters).containsKeys("MARKET_LOT_SIZE", "MIN_NOTIONAL");
    }

    @Test
    @Timeout(20)
    void shouldServeTheDepthSnapshot() throws Exception {
        final HttpResponse<String> response = fixture.get("/fapi/v1/depth?symbol=BTCUSDT&limit=5");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(usedWeight(response)).isEqualTo(2);
        final Map<String, Object> depth = Json.object(response.body());
        assertThat(depth).containsOnlyKeys("lastUpdateId", "E", "T", "bids", "asks");
        final List<Object> bids = Json.asList(depth.get("bids"));
        final List<Object> asks = Json.asList(depth.get("asks"));
        assertThat(bids).hasSize(5);
        assertThat(asks).hasSize(5);
        final double bestBid = Double.parseDouble((String) Json.asList(bids.get(0)).get(0));
        final double secondBid = Double.parseDouble((String) Json.asList(bids.get(1)).get(0));
        final double bestAsk = Double.parseDouble((String) Json.asList(asks.get(0)).get(0));
        assertThat(bestBid).isGreaterThan(secondBid).isLessThan(bestAsk);
    }

    @Test
    @Timeout(20)
    void shouldRefuseBadDepthRequests() throws Exception {
        final HttpResponse<String> badLimit = fixture.get("/fapi/v1/depth?symbol=BTCUSDT&limit=7");
        final HttpResponse<String> badSymbol = fixture.get("/fapi/v1/depth?symbol=NOPEUSDT");
        final HttpResponse<String> unknownPath = fixture.get("/fapi/v1/nothing");

        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(Json.object(badLimit.body())).containsEntry("code", -1100L);
        assertThat(badSymbol.statusCode()).isEqualTo(400);
        assertThat(Json.object(badSymbol.body())).containsEntry("code", -1121L).containsEntry("msg", "Invalid symbol.");
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(Json.isJson(unknownPath.body())).isTrue();
    }

    @Test
    @Timeout(20)
    void shouldPageKlinesForwardWithContiguousBuckets() throws Exception {
        final long nowMs = System.currentTimeMillis();
        final long start = (nowMs / MINUTE_MS - 3_000) * MINUTE_MS;

        final HttpResponse<String> first = fixture.get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500"
            + "&startTime=" + start);
        final List<Object> rows = Json.asList(Json.parse(first.body()));
        final long lastOpen = Json.asLong(Json.asList(rows.get(rows.size() - 1)).get(0));
        final HttpResponse<String> second = fixture.get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500"
            + "&startTime=" + (lastOpen + 1));
        final List<Object> next = Json.asList(Json.parse(second.body()));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(usedWeight(first)).isEqualTo(10);
        assertThat(rows).hasSize(1500);
        assertThat(Json.asLong(Json.asList(rows.get(0)).get(0))).isEqualTo(start);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(Json.asLong(Json.asList(rows.get(i)).get(0)) - Json.asLong(Json.asList(rows.get(i - 1)).get(0)))
                .isEqualTo(MINUTE_MS);
        }
        assertThat(Json.asLong(Json.asList(next.get(0)).get(0))).isEqualTo(lastOpen + MINUTE_MS);
        final List<Object> row = Json.asList(rows.get(0));
        assertThat(row).hasSize(12);
        assertThat(row.get(1)).isInstanceOf(String.class);
        assertThat(Json.asLong(row.get(6))).isEqualTo(start + MINUTE_MS - 1);
        assertThat(row.get(11)).isEqualTo("0");
    }

    @Test
    @Timeout(20)
    void shouldServeTheNewestKlinesAndDeepHistoryBackwards() throws Exception {
        final HttpResponse<String> newest = fixture.get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500");
        List<Object> page = Json.asList(Json.parse(newest.body()));
        assertThat(page).hasSize(1500);
        final long currentBucket = System.currentTimeMillis() / MINUTE_MS * MINUTE_MS;
        assertThat(Json.asLong(Json.asList(page.get(page.size() - 1)).get(0))).isBetween(currentBucket - MINUTE_MS,
            currentBucket);
        int total = page.size();
        long oldest = Json.asLong(Json.asList(page.get(0)).get(0));

        for (int i = 0; i < 4; i++) {
            final HttpResponse<String> older = fixture.get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500"
                + "&endTime=" + (oldest - 1));
            page = Json.asList(Json.parse(older.body()));
            assertThat(page).hasSize(1500);
            assertThat(Json.asLong(Json.asList(page.get(page.size() - 1)).get(0))).isEqualTo(oldest - MINUTE_MS);
            oldest = Json.asLong(Json.asList(page.get(0)).get(0));
            total += page.size();
        }

        assertThat(total).isGreaterThanOrEqualTo(5_000);
    }

    @Test
    @Timeout(20)
    void shouldServeAggTradesByIdAndTime() throws Exception {
        final HttpResponse<String> recent = fixture.get("/fapi/v1/aggTrades?symbol=BTCUSDT&limit=10");
        final List<Object> trades = Json.asList(Json.parse(recent.body()));
        assertThat(trades).isNotEmpty();
        final Map<String, Object> first = Json.asObject(trades.get(0));
        assertThat(first).containsOnlyKeys("a", "p", "q", "f", "l", "T", "m");
        assertThat(first.get("p")).isInstanceOf(String.class);
        assertThat(usedWeight(recent)).isEqualTo(20);

        final long fromId = Json.asLong(first.get("a"));
        final List<Object> byId = Json.asList(Json.parse(
            fixture.get("/fapi/v1/aggTrades?symbol=BTCUSDT&limit=3&fromId=" + fromId).body()));
        final long time = Json.asLong(first.get("T"));
        final List<Object> byTime = Json.asList(Json.parse(fixture.get("/fapi/v1/aggTrades?symbol=BTCUSDT&startTime="
            + time + "&endTime=" + (time + 60_000)).body()));
        final HttpResponse<String> tooWide = fixture.get("/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=" + time
            + "&endTime=" + (time + 3_600_000));

        assertThat(byId).hasSize(3);
        assertThat(Json.asLong(Json.asObject(byId.get(0)).get("a"))).isEqualTo(fromId);
        assertThat(Json.asLong(Json.asObject(byId.get(2)).get("a"))).isEqualTo(fromId + 2);
        assertThat(byTime).isNotEmpty();
        assertThat(Json.asLong(Json.asObject(byTime.get(0)).get("T"))).isGreaterThanOrEqualTo(time);
        assertThat(tooWide.statusCode()).isEqualTo(400);
    }

    @Test
    @Timeout(20)
    void shouldCountWeightPerMinute() throws Exception {
        final HttpResponse<String> first = fixture.get("/fapi/v1/ping");
        final HttpResponse<String> second = fixture.get("/fapi/v1/depth?symbol=BTCUSDT&limit=1000");
        final HttpResponse<String> third = fixture.get("/fapi/v1/time");

        assertThat(first.body()).isEqualTo("{}");
        assertThat(Json.object(third.body())).containsKey("serverTime");
        // The minute may roll over between two requests; otherwise the weight grows by each request's weight.
        if (usedWeight(third) > usedWeight(first)) {
            assertThat(usedWeight(second)).isEqualTo(usedWeight(first) + 20);
            assertThat(usedWeight(third)).isEqualTo(usedWeight(second) + 1);
        }
    }

    @Test
    @Timeout(20)
    void shouldAnswer429ThenBanWith418WhenTheBudgetIsIgnored() throws Exception {
        waitUnlessMinuteEndsSoon();
        extra = new BinanceVenue(fixture.market, new FaultController(),
            BinanceConfig.defaults().withRequestWeightPerMinute(50));
        extra.start();
        final HttpClient http = HttpClient.newHttpClient();
        final URI depth = URI.create(extra.restUri() + "/fapi/v1/depth?symbol=BTCUSDT&limit=1000");

        final List<Integer> statuses = new java.util.ArrayList<>();
        HttpResponse<String> first429 = null;
        HttpResponse<String> last = null;
        for (int i = 0; i < 8; i++) {
            last = http.send(HttpRequest.newBuilder(depth).GET().build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(last.statusCode());
            if (last.statusCode() == 429 && first429 == null) {
                first429 = last;
            }
        }

        assertThat(statuses.subList(0, 2)).containsOnly(200);
        assertThat(statuses.get(2)).isEqualTo(429);
        assertThat(statuses).endsWith(418, 418);
        assertThat(first429.headers().firstValue("Retry-After")).isPresent();
        assertThat(Long.parseLong(first429.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(Json.object(first429.body())).containsEntry("code", -1003L);
        assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isBetween(100L, 120L);
        final URI pingUri = URI.create(extra.restUri() + "/fapi/v1/ping");
        final HttpResponse<String> ping = http.send(HttpRequest.newBuilder(pingUri).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).as("banned for everything").isEqualTo(418);
    }

    /** The 429/418 sequence must happen within one minute bucket. */
    private static void waitUnlessMinuteEndsSoon() throws InterruptedException {
        final long left = MINUTE_MS - System.currentTimeMillis() % MINUTE_MS;
        if (left < 3_000) {
            Thread.sleep(left + 50);
        }
    }

    @Test
    @Timeout(20)
    void shouldInjectServerErrorsAndUnavailability() throws Exception {
        fixture.faults.restFault(Venue.BINANCE_USDM, new RestFault(RestFault.Kind.SERVER_ERROR, "/depth", 0), 1);
        fixture.faults.restFault(Venue.BINANCE_USDM, new RestFault(RestFault.Kind.UNAVAILABLE, null, 0), 1);
        fixture.faults.restFault(Venue.BINANCE_USDM, new RestFault(RestFault.Kind.TOO_MANY_REQUESTS, "/klines",
            5_000), 1);
        fixture.faults.restFault(Venue.BINANCE_USDM, new RestFault(RestFault.Kind.BANNED, "/klines", 30_000), 1);

        final HttpResponse<String> unavailable = fixture.get("/fapi/v1/ping");
        final HttpResponse<String> serverError = fixture.get("/fapi/v1/depth?symbol=BTCUSDT");
        final HttpResponse<String> healthy = fixture.get("/fapi/v1/depth?symbol=BTCUSDT");
        final HttpResponse<String> tooMany = fixture.get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m");
        final HttpResponse<String> banned = fixture.get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m");

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(serverError.statusCode()).isEqualTo(500);
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(tooMany.headers().firstValue("Retry-After")).contains("5");
        assertThat(banned.statusCode()).isEqualTo(418);
        assertThat(banned.headers().firstValue("Retry-After")).contains("30");
    }

    @Test
    @Timeout(20)
    void shouldAnswerLateWhenSlowAndNotAtAllOnTimeout() throws Exception {
        fixture.faults.restFault(Venue.BINANCE_USDM, new RestFault(RestFault.Kind.SLOW, "/time", 600), 1);
        fixture.faults.restFault(Venue.BINANCE_USDM, new RestFault(RestFault.Kind.TIMEOUT, "/ping", 1_500), 1);

        final long startNs = System.nanoTime();
        final HttpResponse<String> slow = fixture.get("/fapi/v1/time");
        final long slowMs = (System.nanoTime() - startNs) / 1_000_000;
        final Throwable timeout = catchThrowable(() -> fixture.get("/fapi/v1/ping", Duration.ofMillis(700)));
        final HttpResponse<String> afterwards = fixture.get("/fapi/v1/ping");

        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(slowMs).isGreaterThanOrEqualTo(600);
        assertThat(timeout).isInstanceOf(HttpTimeoutException.class);
        assertThat(afterwards.statusCode()).isEqualTo(200);
    }

    @Test
    @Timeout(20)
    void shouldDropTheConnectionWithoutAnAnswerAfterATimeoutFault() throws Exception {
        // Two: the JDK client retries a GET once when the connection closes before any response.
        fixture.faults.restFault(Venue.BINANCE_USDM, new RestFault(RestFault.Kind.TIMEOUT, "/ping", 300), 2);

        final Throwable dropped = catchThrowable(() -> fixture.get("/fapi/v1/ping", Duration.ofSeconds(5)));

        assertThat(dropped).isInstanceOf(java.io.IOException.class);
    }
}
