package io.slipstream.mktdata.venuesim.hyperliquid;

import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.list;
import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.fault.RestFault;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

@Timeout(20)
class HyperliquidRestTest {
    private HyperliquidFixture fixture;

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Object ok(final String body) throws Exception {
        final HttpResponse<String> response = fixture.info(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        return HyperliquidJson.parse(response.body());
    }

    @Test
    void shouldServeMetaAndAssetContexts() throws Exception {
        fixture = HyperliquidFixture.start();
        final Map<String, Object> meta = object(ok("{\"type\":\"meta\"}"));
        final List<Object> universe = list(meta.get("universe"));
        assertThat(universe).extracting(asset -> object(asset).get("name")).containsExactly("BTC", "ETH", "SOL");
        assertThat(object(universe.get(0))).containsEntry("szDecimals", 3L).containsKey("maxLeverage");
        assertThat(list(meta.get("marginTables"))).isNotEmpty();

        final List<Object> both = list(ok("{\"type\":\"metaAndAssetCtxs\"}"));
        assertThat(both).hasSize(2);
        assertThat(object(both.get(0))).isEqualTo(meta);
        final List<Object> contexts = list(both.get(1));
        assertThat(contexts).hasSize(3);
        for (final Object context : contexts) {
            assertThat(object(context)).containsKeys("funding", "openInterest", "prevDayPx", "dayNtlVlm", "premium",
                "oraclePx", "markPx", "midPx", "impactPxs", "dayBaseVlm");
            assertThat(object(context).get("markPx")).isInstanceOf(String.class);
        }
    }

    @Test
    void shouldServeAllMidsAsABareMap() throws Exception {
        fixture = HyperliquidFixture.start();
        final Map<String, Object> mids = object(ok("{\"type\":\"allMids\"}"));
        assertThat(mids).containsOnlyKeys("BTC", "ETH", "SOL");
        assertThat((String) mids.get("BTC")).matches("^[0-9]+\\.[05]$");
    }

    @Test
    void shouldServeL2BookSnapshots() throws Exception {
        fixture = HyperliquidFixture.start();
        final Map<String, Object> book = object(ok("{\"type\":\"l2Book\",\"coin\":\"SOL\",\"nSigFigs\":null,"
            + "\"mantissa\":null}"));
        assertThat(book).containsOnlyKeys("coin", "levels", "time").containsEntry("coin", "SOL");
        final List<Object> levels = list(book.get("levels"));
        assertThat(list(levels.get(0))).hasSize(20);
        assertThat(list(levels.get(1))).hasSize(20);
        assertThat(object(list(levels.get(0)).get(0))).containsOnlyKeys("n", "px", "sz");

        final Map<String, Object> aggregated = object(ok("{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":5,"
            + "\"mantissa\":5}"));
        for (final Object level : list(list(aggregated.get("levels")).get(1))) {
            assertThat(Double.parseDouble((String) object(level).get("px")) % 5).isZero();
        }
        assertThat(fixture.info("{\"type\":\"l2Book\",\"coin\":\"NOPE\"}").body()).isEqualTo("null");
    }

    @Test
    void shouldServeRecentTrades() throws Exception {
        fixture = HyperliquidFixture.start();
        Thread.sleep(300);
        final List<Object> trades = list(ok("{\"type\":\"recentTrades\",\"coin\":\"ETH\"}"));
        assertThat(trades).isNotEmpty().hasSizeLessThanOrEqualTo(30);
        assertThat(object(trades.get(0))).containsOnlyKeys("coin", "side", "px", "sz", "time", "hash", "tid",
            "users");
    }

    @Test
    void shouldIncludeTheBucketContainingStartTime() throws Exception {
        fixture = HyperliquidFixture.start();
        Thread.sleep(200);
        final long now = fixture.market.nowMs();
        final long start = now - 23 * 3_600_000L;
        final List<Object> candles = list(ok("{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":"
            + "\"1h\",\"startTime\":" + start + ",\"endTime\":" + now + "}}"));
        assertThat(candles).hasSize(24);
        final Map<String, Object> first = object(candles.get(0));
        assertThat(first).containsOnlyKeys("T", "c", "h", "i", "l", "n", "o", "s", "t", "v");
        assertThat((Long) first.get("t")).isEqualTo(CandleInterval.H1.bucketStartMs(start)).isLessThan(start);
        assertThat((Long) first.get("T")).isEqualTo((Long) first.get("t") + 3_599_999L);
        assertThat((Long) object(candles.get(23)).get("t")).isEqualTo(CandleInterval.H1.bucketStartMs(now));
        assertThat(first).containsEntry("i", "1h").containsEntry("s", "BTC");
    }

    @Test
    void shouldKeepOnlyTheNewest5000Candles() throws Exception {
        fixture = HyperliquidFixture.start();
        final long now = fixture.market.nowMs();
        final long horizon = CandleInterval.M1.bucketStartMs(now) - 4_999 * 60_000L;
        final List<Object> candles = list(ok("{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"ETH\",\"interval\":"
            + "\"1m\",\"startTime\":" + (now - 6_000 * 60_000L) + "}}"));
        assertThat(candles.size()).isBetween(4_990, 5_000);
        assertThat((Long) object(candles.get(0)).get("t")).isGreaterThanOrEqualTo(horizon);

        final List<Object> tooOld = list(ok("{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"ETH\",\"interval\":"
            + "\"1m\",\"startTime\":" + (now - 7_000 * 60_000L) + ",\"endTime\":" + (now - 5_500 * 60_000L) + "}}"));
        assertThat(tooOld).isEmpty();
    }

    @Test
    void shouldRejectWhatHyperliquidCannotDeserialize() throws Exception {
        fixture = HyperliquidFixture.start();
        for (final String body : List.of("{not json", "{\"type\":\"nope\"}", "[]",
            "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"6h\",\"startTime\":0}}",
            "{\"type\":\"l2Book\",\"coin\":\"BTC\",\"mantissa\":2}")) {
            final HttpResponse<String> response = fixture.info(body);
            assertThat(response.statusCode()).as(body).isEqualTo(422);
            assertThat(response.body()).isEqualTo("Failed to deserialize the JSON body into the target type");
        }
        final HttpResponse<String> get = fixture.http().send(HttpRequest.newBuilder(
            URI.create(fixture.venue.restUri() + "/info")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void shouldAnswer429OnceTheWeightBudgetIsSpent() throws Exception {
        fixture = HyperliquidFixture.start(HyperliquidFixture.config(10, 1000, 2000, 50));
        assertThat(fixture.info("{\"type\":\"meta\"}").statusCode()).isEqualTo(200);
        assertThat(fixture.info("{\"type\":\"meta\"}").statusCode()).isEqualTo(200);
        assertThat(fixture.info("{\"type\":\"meta\"}").statusCode()).isEqualTo(429);
        // 40 spent: a light request (2) still fits
        assertThat(fixture.info("{\"type\":\"l2Book\",\"coin\":\"BTC\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldChargeCandleRowsAgainstTheBudget() throws Exception {
        fixture = HyperliquidFixture.start(HyperliquidFixture.config(10, 1000, 2000, 130));
        final long now = fixture.market.nowMs();
        // 5000 rows weigh 20 + 5000 / 60 = 103, so only one more 20-weight request fits in 130
        final String big = "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"1m\","
            + "\"startTime\":" + (now - 5_000 * 60_000L) + "}}";
        assertThat(fixture.info(big).statusCode()).isEqualTo(200);
        assertThat(fixture.info("{\"type\":\"meta\"}").statusCode()).isEqualTo(200);
        assertThat(fixture.info("{\"type\":\"meta\"}").statusCode()).isEqualTo(429);
    }

    @Test
    void shouldApplyRestFaults() throws Exception {
        fixture = HyperliquidFixture.start();
        final String meta = "{\"type\":\"meta\"}";
        fixture.faults.restFault(Venue.HYPERLIQUID, new RestFault(RestFault.Kind.TOO_MANY_REQUESTS, null, 0), 1);
        assertThat(fixture.info(meta).statusCode()).isEqualTo(429);
        fixture.faults.restFault(Venue.HYPERLIQUID, new RestFault(RestFault.Kind.BANNED, "/info", 2_000), 1);
        final HttpResponse<String> banned = fixture.info(meta);
        assertThat(banned.statusCode()).isEqualTo(418);
        assertThat(banned.headers().firstValue("Retry-After")).contains("2");
        fixture.faults.restFault(Venue.HYPERLIQUID, new RestFault(RestFault.Kind.SERVER_ERROR, null, 0), 1);
        assertThat(fixture.info(meta).statusCode()).isEqualTo(500);
        fixture.faults.restFault(Venue.HYPERLIQUID, new RestFault(RestFault.Kind.UNAVAILABLE, null, 0), 1);
        assertThat(fixture.info(meta).statusCode()).isEqualTo(503);

        fixture.faults.restFault(Venue.HYPERLIQUID, new RestFault(RestFault.Kind.TIMEOUT, null, 300), 1);
        final long hangStart = System.currentTimeMillis();
        assertThatThrownBy(() -> fixture.info(meta)).isInstanceOf(IOException.class);
        assertThat(System.currentTimeMillis() - hangStart).isGreaterThanOrEqualTo(250);

        fixture.faults.restFault(Venue.HYPERLIQUID, new RestFault(RestFault.Kind.SLOW, null, 300), 1);
        final long slowStart = System.currentTimeMillis();
        assertThat(fixture.info(meta).statusCode()).isEqualTo(200);
        assertThat(System.currentTimeMillis() - slowStart).isGreaterThanOrEqualTo(250);
        assertThat(fixture.info(meta).statusCode()).isEqualTo(200);
    }
}
