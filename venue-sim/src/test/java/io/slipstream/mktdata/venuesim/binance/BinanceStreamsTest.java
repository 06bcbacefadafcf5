package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.venuesim.fault.FaultController;

import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Binance market streams over loopback with the JDK websocket client: routes, payloads, control, limits, pings. */
class BinanceStreamsTest {
    private BinanceFixture fixture;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = BinanceFixture.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (final AutoCloseable closeable : closeables) {
            closeable.close();
        }
        fixture.close();
    }

    private WsClient connect(final String path) throws Exception {
        final WsClient client = fixture.connect(path);
        closeables.add(client);
        return client;
    }

    private BinanceVenue extraVenue(final BinanceConfig config) throws Exception {
        final BinanceVenue venue = new BinanceVenue(fixture.market, new FaultController(), config);
        venue.start();
        closeables.add(venue);
        return venue;
    }

    private static boolean isControlAnswer(final String message) {
        final Map<String, Object> object = Json.object(message);
        return object.containsKey("id") && (object.containsKey("result") || object.containsKey("code"));
    }

    private static String answerTo(final WsClient client, final long id) throws InterruptedException {
        return client.next(m -> isControlAnswer(m) && Json.object(m).get("id").equals(id), 3_000);
    }

    private static void assertPriceLevels(final Object levels) {
        for (final Object level : Json.asList(levels)) {
            final List<Object> pair = Json.asList(level);
            assertThat(pair).hasSize(2);
            assertThat(pair.get(0)).isInstanceOf(String.class);
            assertThat(pair.get(1)).isInstanceOf(String.class);
            assertThat((String) pair.get(0)).matches("\\d+\\.\\d+|\\d+");
        }
    }

    @Test
    @Timeout(20)
    void shouldDeliverRawDiffDepthWithDocumentedFieldsAndPuChain() throws Exception {
        final WsClient client = connect("/public/ws/btcusdt@depth@100ms");

        final List<Map<String, Object>> events = new ArrayList<>();
        while (events.size() < 6) {
            final String message = client.next(3_000);
            assertThat(message).as("depth event").isNotNull();
            events.add(Json.object(message));
        }

        long previousU = -1;
        for (final Map<String, Object> event : events) {
            assertThat(event).containsKeys("e", "E", "T", "s", "U", "u", "pu", "b", "a").doesNotContainKey("stream");
            assertThat(event.get("e")).isEqualTo("depthUpdate");
            assertThat(event.get("s")).isEqualTo("BTCUSDT");
            assertThat(Json.asLong(event.get("U"))).isLessThanOrEqualTo(Json.asLong(event.get("u")));
            assertPriceLevels(event.get("b"));
            assertPriceLevels(event.get("a"));
            if (previousU >= 0) {
                assertThat(Json.asLong(event.get("pu"))).isEqualTo(previousU);
            }
            previousU = Json.asLong(event.get("u"));
        }
    }

    @Test
    @Timeout(20)
    void shouldWrapCombinedPublicStreamsInTheEnvelope() throws Exception {
        final WsClient client = connect(
            "/public/stream?streams=btcusdt@bookTicker/btcusdt@trade/btcusdt@depth5@100ms/btcusdt@depth@0ms");

        final Map<String, Map<String, Object>> byStream = new HashMap<>();
        final long deadline = System.currentTimeMillis() + 5_000;
        while (byStream.size() < 4 && System.currentTimeMillis() < deadline) {
            final String message = client.next(1_000);
            if (message != null) {
                final Map<String, Object> envelope = Json.object(message);
                assertThat(envelope).containsOnlyKeys("stream", "data");
                byStream.putIfAbsent((String) envelope.get("stream"), Json.asObject(envelope.get("data")));
            }
        }

        assertThat(byStream).containsKeys("btcusdt@bookTicker", "btcusdt@trade", "btcusdt@depth5@100ms",
            "btcusdt@depth@0ms");
        final Map<String, Object> ticker = byStream.get("btcusdt@bookTicker");
        assertThat(ticker.get("e")).isEqualTo("bookTicker");
        assertThat(ticker).containsKeys("u", "E", "T", "s", "b", "B", "a", "A");
        assertThat(ticker.get("b")).isInstanceOf(String.class);
        assertThat(ticker.get("A")).isInstanceOf(String.class);
        assertThat(ticker.get("u")).isInstanceOf(Long.class);
        final Map<String, Object> trade = byStream.get("btcusdt@trade");
        assertThat(trade.get("e")).isEqualTo("trade");
        assertThat(trade).containsKeys("E", "T", "s", "t", "p", "q", "X", "m");
        assertThat(trade.get("X")).isEqualTo("MARKET");
        assertThat(trade.get("p")).isInstanceOf(String.class);
        assertThat(trade.get("m")).isInstanceOf(Boolean.class);
        final Map<String, Object> top5 = byStream.get("btcusdt@depth5@100ms");
        assertThat(top5.get("e")).isEqualTo("depthUpdate");
        assertThat(Json.asList(top5.get("b"))).hasSize(5);
        assertThat(Json.asList(top5.get("a"))).hasSize(5);
        assertThat(top5).containsKeys("U", "u", "pu");
        assertPriceLevels(top5.get("b"));
        final Map<String, Object> diff = byStream.get("btcusdt@depth@0ms");
        assertThat(Json.asLong(diff.get("U"))).isEqualTo(Json.asLong(diff.get("pu")) + 1);
    }

    @Test
    @Timeout(20)
    void shouldDeliverMarketStreamsWithDocumentedFields() throws Exception {
        final WsClient client = connect(
            "/market/stream?streams=btcusdt@aggTrade/btcusdt@kline_1m/btcusdt@markPrice@1s");

        final Map<String, Map<String, Object>> byStream = new HashMap<>();
        final long deadline = System.currentTimeMillis() + 5_000;
        while (byStream.size() < 3 && System.currentTimeMillis() < deadline) {
            final String message = client.next(1_000);
            if (message != null) {
                final Map<String, Object> envelope = Json.object(message);
                byStream.putIfAbsent((String) envelope.get("stream"), Json.asObject(envelope.get("data")));
            }
        }

        assertThat(byStream).containsOnlyKeys("btcusdt@aggTrade", "btcusdt@kline_1m", "btcusdt@markPrice@1s");
        final Map<String, Object> agg = byStream.get("btcusdt@aggTrade");
        assertThat(agg).containsKeys("e", "E", "s", "a", "p", "q", "nq", "f", "l", "T", "m");
        assertThat(agg.get("e")).isEqualTo("aggTrade");
        assertThat(agg.get("q")).isInstanceOf(String.class);
        assertThat(Json.asLong(agg.get("f"))).isLessThanOrEqualTo(Json.asLong(agg.get("l")));
        final Map<String, Object> kline = byStream.get("btcusdt@kline_1m");
        assertThat(kline.get("e")).isEqualTo("kline");
        final Map<String, Object> k = Json.asObject(kline.get("k"));
        assertThat(k).containsKeys("t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n", "x", "q", "V", "Q",
            "B");
        assertThat(k.get("i")).isEqualTo("1m");
        assertThat(Json.asLong(k.get("T")) - Json.asLong(k.get("t"))).isEqualTo(59_999);
        assertThat(k.get("x")).isEqualTo(false);
        assertThat(k.get("o")).isInstanceOf(String.class);
        final Map<String, Object> mark = byStream.get("btcusdt@markPrice@1s");
        assertThat(mark.get("e")).isEqualTo("markPriceUpdate");
        assertThat(mark).containsKeys("E", "s", "p", "i", "P", "r", "T", "ap");
        assertThat(Json.asLong(mark.get("T")) % (8 * 3_600_000L)).isZero();
        assertThat(Double.parseDouble((String) mark.get("p"))).isBetween(90_000.0, 105_000.0);
    }

    @Test
    @Timeout(20)
    void shouldAnswerSubscriptionAndPropertyControlMessages() throws Exception {
        final WsClient client = connect("/public/ws");

        client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@100ms\",\"ethusdt@bookTicker\"],\"id\":1}");
        assertThat(answerTo(client, 1)).isEqualTo("{\"result\":null,\"id\":1}");
        client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":2}");
        assertThat(answerTo(client, 2))
            .isEqualTo("{\"result\":[\"btcusdt@depth@100ms\",\"ethusdt@bookTicker\"],\"id\":2}");
        client.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":3}");
        assertThat(answerTo(client, 3)).isEqualTo("{\"result\":false,\"id\":3}");
        assertThat(Json.object(client.next(m -> !isControlAnswer(m), 3_000))).doesNotContainKey("stream");

        client.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":4}");
        assertThat(answerTo(client, 4)).isEqualTo("{\"result\":null,\"id\":4}");
        client.clear();
        final String wrapped = client.next(m -> !isControlAnswer(m), 3_000);
        assertThat(Json.object(wrapped)).containsOnlyKeys("stream", "data");

        client.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"ethusdt@bookTicker\"],\"id\":5}");
        assertThat(answerTo(client, 5)).isEqualTo("{\"result\":null,\"id\":5}");
        client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":6}");
        assertThat(answerTo(client, 6)).isEqualTo("{\"result\":[\"btcusdt@depth@100ms\"],\"id\":6}");
        client.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":7}");
        assertThat(answerTo(client, 7)).isEqualTo("{\"result\":true,\"id\":7}");
    }

    @Test
    @Timeout(20)
    void shouldDefaultToCombinedOnStreamPaths() throws Exception {
        final WsClient client = connect("/market/stream");

        client.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":1}");

        assertThat(client.next(3_000)).isEqualTo("{\"result\":true,\"id\":1}");
    }

    @Test
    @Timeout(20)
    void shouldAnswerMalformedControlMessagesWithErrorCodes() throws Exception {
        final WsClient client = connect("/public/ws");
        final Map<String, Integer> expectedCodes = new java.util.LinkedHashMap<>();
        expectedCodes.put("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth\"", 3);
        expectedCodes.put("not json", 3);
        expectedCodes.put("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth\"]}", 2);
        expectedCodes.put("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth\"],\"id\":-4}", 2);
        expectedCodes.put("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth\"],\"id\":\"x\"}", 2);
        expectedCodes.put("{\"method\":\"SUBSCRIBER\",\"params\":[\"btcusdt@depth\"],\"id\":8}", 2);
        expectedCodes.put("{\"method\":\"SUBSCRIBE\",\"params\":[5],\"id\":9}", 2);
        expectedCodes.put("{\"method\":\"SET_PROPERTY\",\"params\":[\"compressed\",true],\"id\":10}", 0);
        expectedCodes.put("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",\"yes\"],\"id\":11}", 1);

        final List<Map<String, Object>> answers = new ArrayList<>();
        for (final String request : expectedCodes.keySet()) {
            client.send(request);
            final String answer = client.next(3_000);
            assertThat(answer).as("answer to %s", request).isNotNull();
            answers.add(Json.object(answer));
        }

        final List<Integer> codes = new ArrayList<>(expectedCodes.values());
        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i)).containsKeys("code", "msg", "id");
            assertThat(Json.asLong(answers.get(i).get("code"))).as("code of answer %d", i)
                .isEqualTo((long) codes.get(i));
        }
        assertThat((String) answers.get(0).get("msg")).startsWith("Invalid JSON");
        assertThat(answers.get(0).get("id")).isSameAs(Json.NULL);
        assertThat((String) answers.get(5).get("msg")).contains("unknown variant");
        assertThat(answers.get(5).get("id")).isEqualTo(8L);
        assertThat(answers.get(7).get("msg")).isEqualTo("Unknown property");
        assertThat(answers.get(8).get("msg")).isEqualTo("Invalid value type: expected Boolean");
    }

    @Test
    @Timeout(20)
    void shouldAckWrongRouteStreamsButNeverDeliverThem() throws Exception {
        final WsClient market = connect("/market/ws");
        final WsClient publicRoute = connect("/public/ws");
        final WsClient legacy = connect("/ws");

        market.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@0ms\",\"btcusdt@bookTicker\"],\"id\":1}");
        publicRoute.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\",\"btcusdt@kline_1m\"],\"id\":2}");
        legacy.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\",\"btcusdt@depth@0ms\"],\"id\":3}");
        Thread.sleep(1_000);

        final List<String> onMarket = market.collect(50);
        final List<String> onPublic = publicRoute.collect(50);
        final List<String> onLegacy = legacy.collect(50);
        assertThat(onMarket).containsExactly("{\"result\":null,\"id\":1}");
        assertThat(onPublic).containsExactly("{\"result\":null,\"id\":2}");
        assertThat(onLegacy.get(0)).isEqualTo("{\"result\":null,\"id\":3}");
        final List<Object> events = onLegacy.subList(1, onLegacy.size()).stream()
            .map(m -> Json.object(m).get("e")).map(Object.class::cast).toList();
        assertThat(events).isNotEmpty().containsOnly("depthUpdate");
    }

    @Test
    @Timeout(20)
    void shouldDisconnectAClientSendingMoreThanTenMessagesInOneSecond() throws Exception {
        final WsClient client = connect("/public/ws");

        for (int i = 1; i <= 12 && !client.ended().isDone(); i++) {
            try {
                client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
            } catch (final RuntimeException closedAlready) {
                break;
            }
        }

        assertThat(client.closeCode().get(3, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(client.collect(50).stream().filter(BinanceStreamsTest::isControlAnswer).count())
            .isLessThanOrEqualTo(10);
    }

    @Test
    @Timeout(20)
    void shouldKeepAClientSendingTenMessagesPerSecond() throws Exception {
        final WsClient client = connect("/public/ws");

        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 10; i++) {
                client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + (round * 10 + i) + "}");
            }
            Thread.sleep(1_050);
        }

        assertThat(client.ended()).isNotDone();
        assertThat(client.collect(100)).hasSize(20);
    }

    @Test
    @Timeout(20)
    void shouldDisconnectBeyondTheStreamLimit() throws Exception {
        final BinanceVenue venue = extraVenue(new BinanceConfig(0, 0, 60_000, 120_000, 10, 3, 2400, 120_000));
        final WsClient client = WsClient.connect(URI.create(venue.webSocketUri() + "/public/ws/btcusdt@depth"));
        closeables.add(client);

        client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@bookTicker\",\"ethusdt@depth\"],\"id\":1}");
        assertThat(client.next(m -> m.contains("\"id\":1"), 3_000)).isEqualTo("{\"result\":null,\"id\":1}");
        client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"solusdt@depth\"],\"id\":2}");

        assertThat(client.closeCode().get(3, TimeUnit.SECONDS)).isEqualTo(1008);
    }

    @Test
    @Timeout(20)
    void shouldRejectUnknownPaths() {
        final URI uri = URI.create(fixture.venue.webSocketUri() + "/private/ws");

        final Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> WsClient.connect(uri));

        assertThat(failure).isNotNull();
    }

    @Test
    @Timeout(20)
    void shouldPingClientsAndKeepThoseThatAnswer() throws Exception {
        final BinanceVenue venue = extraVenue(BinanceConfig.defaults().withPing(200, 600));
        final WsClient client = WsClient.connect(URI.create(venue.webSocketUri() + "/public/ws"));
        closeables.add(client);

        Thread.sleep(1_500);

        assertThat(client.pings()).isGreaterThanOrEqualTo(3);
        assertThat(client.ended()).isNotDone();
    }

    @Test
    @Timeout(20)
    void shouldDisconnectAClientThatDoesNotAnswerPings() throws Exception {
        final BinanceVenue venue = extraVenue(BinanceConfig.defaults().withPing(200, 600));
        final SilentClient client = new SilentClient(URI.create(venue.webSocketUri() + "/public/ws"));
        closeables.add(client::closeBlocking);
        assertThat(client.connectBlocking(5, TimeUnit.SECONDS)).isTrue();

        final int code = client.closed.get(5, TimeUnit.SECONDS);

        assertThat(client.pings.get()).isGreaterThanOrEqualTo(1);
        assertThat(code).isEqualTo(1006);
    }

    /** A Java-WebSocket client that never answers pings (Java-WebSocket answers them unless told not to). */
    private static final class SilentClient extends WebSocketClient {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final AtomicInteger pings = new AtomicInteger();

        SilentClient(final URI uri) {
            super(uri);
            setConnectionLostTimeout(0);
        }

        @Override
        public void onWebsocketPing(final WebSocket conn, final Framedata frame) {
            pings.incrementAndGet();
        }

        @Override
        public void onOpen(final ServerHandshake handshake) {
            // nothing to do: the test only waits for the close
        }

        @Override
        public void onMessage(final String message) {
            // not needed
        }

        @Override
        public void onClose(final int code, final String reason, final boolean remote) {
            closed.complete(code);
        }

        @Override
        public void onError(final Exception ex) {
            // the close follows
        }
    }
}
