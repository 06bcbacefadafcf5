package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.venuesim.market.SimSymbol;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that follows Binance's official local order book procedure (B.5) to the letter ends with exactly the
 * simulator's book; the {@code pu} chain holds on every speed and breaks where a diff is dropped.
 */
class BinanceBookProcedureTest {
    private BinanceFixture fixture;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = BinanceFixture.start();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(WsClient::close);
        fixture.close();
    }

    /** A local book kept by the official procedure. */
    private static final class LocalBook {
        final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>();
        final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        long snapshotId = -1;
        long lastU = -1;
        int applied;

        void load(final Map<String, Object> snapshot) {
            snapshotId = Json.asLong(snapshot.get("lastUpdateId"));
            apply(bids, snapshot.get("bids"));
            apply(asks, snapshot.get("asks"));
        }

        /** Steps 3 to 6 of the procedure for one buffered or live event. */
        void onEvent(final Map<String, Object> event) {
            final long first = Json.asLong(event.get("U"));
            final long last = Json.asLong(event.get("u"));
            final long previous = Json.asLong(event.get("pu"));
            if (lastU < 0) {
                if (last < snapshotId) {
                    return; // step 3: older than the snapshot
                }
                // Step 4: the first applied event straddles the snapshot (USD-M: U <= L <= u).
                assertThat(first).as("first event U <= lastUpdateId").isLessThanOrEqualTo(snapshotId);
                assertThat(last).as("first event u >= lastUpdateId").isGreaterThanOrEqualTo(snapshotId);
            } else {
                assertThat(previous).as("pu == previous u (step 5)").isEqualTo(lastU);
            }
            apply(bids, event.get("b"));
            apply(asks, event.get("a"));
            lastU = last;
            applied++;
        }

        private static void apply(final TreeMap<BigDecimal, BigDecimal> side, final Object levels) {
            for (final Object level : Json.asList(levels)) {
                final List<Object> pair = Json.asList(level);
                final BigDecimal price = new BigDecimal((String) pair.get(0));
                final BigDecimal quantity = new BigDecimal((String) pair.get(1));
                if (quantity.signum() == 0) {
                    side.remove(price); // step 6: a removal of an unknown level is normal
                } else {
                    side.put(price, quantity);
                }
            }
        }
    }

    private static Map<String, String> normalized(final TreeMap<BigDecimal, BigDecimal> side) {
        final Map<String, String> result = new HashMap<>();
        side.forEach((price, quantity) -> result.put(price.stripTrailingZeros().toPlainString(),
            quantity.stripTrailingZeros().toPlainString()));
        return result;
    }

    private static Map<String, String> simulatorSide(final SimSymbol symbol, final boolean bids) {
        final Map<String, String> result = new HashMap<>();
        synchronized (symbol) {
            final L2Book book = symbol.book();
            final int depth = bids ? book.bidDepth() : book.askDepth();
            for (int i = 0; i < depth; i++) {
                final long price = bids ? book.bidPrice(i) : book.askPrice(i);
                final long size = bids ? book.bidSize(i) : book.askSize(i);
                result.put(BigDecimal.valueOf(price, symbol.priceScale()).stripTrailingZeros().toPlainString(),
                    BigDecimal.valueOf(size, symbol.sizeScale()).stripTrailingZeros().toPlainString());
            }
        }
        return result;
    }

    private WsClient subscribe(final String stream) throws Exception {
        final WsClient client = fixture.connect("/public/ws");
        clients.add(client);
        client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"" + stream + "\"],\"id\":1}");
        assertThat(client.next(3_000)).isEqualTo("{\"result\":null,\"id\":1}");
        return client;
    }

    private void followTheOfficialProcedureAndCompare(final String stream) throws Exception {
        final WsClient client = subscribe(stream);
        // Step 1: buffer; fetch the snapshot only once events are buffered (C-BN-2).
        final List<Map<String, Object>> buffered = new ArrayList<>();
        while (buffered.size() < 2) {
            final String message = client.next(3_000);
            assertThat(message).as("buffered depth event").isNotNull();
            buffered.add(Json.object(message));
        }
        // Step 2: the snapshot.
        final HttpResponse<String> snapshot = fixture.get("/fapi/v1/depth?symbol=BTCUSDT&limit=1000");
        assertThat(snapshot.statusCode()).isEqualTo(200);
        final LocalBook book = new LocalBook();
        book.load(Json.object(snapshot.body()));
        assertThat(Json.asLong(buffered.get(0).get("U"))).as("snapshot is newer than the first buffered event")
            .isLessThanOrEqualTo(book.snapshotId);
        buffered.forEach(book::onEvent);
        for (final String message : client.collect(1_200)) {
            book.onEvent(Json.object(message));
        }

        // Stop the market; this thread now owns it. Move the clock past every window so the last ones flush.
        fixture.stopMarket();
        final SimSymbol btc = fixture.btc();
        fixture.market.advanceTo(Math.max(System.currentTimeMillis(), fixture.market.nowMs()) + 1_000);
        // A trade (it leaves the book alone) also lets the venue see the new clock should the market's tick lag.
        final long bestBid;
        synchronized (btc) {
            bestBid = btc.book().bestBidPrice();
        }
        fixture.market.trade(btc, bestBid, btc.lotMantissa(), true, 1);
        for (final String message : client.collect(400)) {
            book.onEvent(Json.object(message));
        }

        assertThat(book.applied).isGreaterThan(3);
        assertThat(book.lastU).isEqualTo(btc.lastUpdateId());
        assertThat(normalized(book.bids)).isEqualTo(simulatorSide(btc, true));
        assertThat(normalized(book.asks)).isEqualTo(simulatorSide(btc, false));
    }

    @Test
    @Timeout(20)
    void shouldEndWithTheSimulatorsBookFollowingTheOfficialProcedureOn100msDiffs() throws Exception {
        followTheOfficialProcedureAndCompare("btcusdt@depth@100ms");
    }

    @Test
    @Timeout(20)
    void shouldEndWithTheSimulatorsBookFollowingTheOfficialProcedureOnRealTimeDiffs() throws Exception {
        followTheOfficialProcedureAndCompare("btcusdt@depth@0ms");
    }

    @Test
    @Timeout(20)
    void shouldEndWithTheSimulatorsBookFollowingTheOfficialProcedureOnDefaultDiffs() throws Exception {
        followTheOfficialProcedureAndCompare("btcusdt@depth");
    }

    @Test
    @Timeout(20)
    void shouldKeepThePuChainPerStreamOnEverySpeed() throws Exception {
        final WsClient client = fixture.connect(
            "/public/stream?streams=btcusdt@depth/btcusdt@depth@500ms/ethusdt@depth@100ms/btcusdt@depth@100ms");
        clients.add(client);

        final List<String> messages = client.collect(2_100);

        final Map<String, List<Map<String, Object>>> byStream = new HashMap<>();
        for (final String message : messages) {
            final Map<String, Object> envelope = Json.object(message);
            byStream.computeIfAbsent((String) envelope.get("stream"), s -> new ArrayList<>())
                .add(Json.asObject(envelope.get("data")));
        }
        assertThat(byStream).containsOnlyKeys("btcusdt@depth", "btcusdt@depth@500ms", "ethusdt@depth@100ms",
            "btcusdt@depth@100ms");
        for (final Map.Entry<String, List<Map<String, Object>>> stream : byStream.entrySet()) {
            final List<Map<String, Object>> events = stream.getValue();
            assertThat(events).as(stream.getKey()).hasSizeGreaterThanOrEqualTo(2);
            for (int i = 1; i < events.size(); i++) {
                assertThat(Json.asLong(events.get(i).get("pu"))).as("%s pu chain", stream.getKey())
                    .isEqualTo(Json.asLong(events.get(i - 1).get("u")));
                assertThat(Json.asLong(events.get(i).get("U"))).isEqualTo(Json.asLong(events.get(i).get("pu")) + 1);
            }
        }
        // Coalescing: fewer, larger events at slower speeds.
        assertThat(byStream.get("btcusdt@depth@500ms").size()).isLessThan(byStream.get("btcusdt@depth@100ms").size());
    }

    @Test
    @Timeout(20)
    void shouldShowADroppedDiffAsAPuBreak() throws Exception {
        final WsClient client = subscribe("btcusdt@depth@0ms");
        final String first = client.next(3_000);
        assertThat(first).isNotNull();

        fixture.faults.dropDepthDiffs("BTCUSDT", 1);
        final List<String> messages = new ArrayList<>(List.of(first));
        messages.addAll(client.collect(600));

        int breaks = 0;
        long skippedFrom = -1;
        for (int i = 1; i < messages.size(); i++) {
            final long previousU = Json.asLong(Json.object(messages.get(i - 1)).get("u"));
            final long pu = Json.asLong(Json.object(messages.get(i)).get("pu"));
            if (pu != previousU) {
                breaks++;
                skippedFrom = previousU;
                assertThat(pu).isGreaterThan(previousU);
            }
        }
        assertThat(breaks).isEqualTo(1);
        assertThat(skippedFrom).isPositive();
    }
}
