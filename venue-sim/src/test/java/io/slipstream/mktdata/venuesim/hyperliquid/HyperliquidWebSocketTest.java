package io.slipstream.mktdata.venuesim.hyperliquid;

import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.channelOf;
import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.data;
import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.json;
import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.list;
import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.venuesim.market.LevelChanges;
import io.slipstream.mktdata.venuesim.market.SimSymbol;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

@Timeout(20)
class HyperliquidWebSocketTest {
    private static final String PRICE = "^[0-9]+\\.[0-9]+$";

    private HyperliquidFixture fixture;
    private HyperliquidTestClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = HyperliquidFixture.start();
        client = fixture.connect();
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        fixture.close();
    }

    private String ackFor(final String subscription) throws Exception {
        client.send("{\"method\":\"subscribe\",\"subscription\":" + subscription + "}");
        return client.await(frame -> "subscriptionResponse".equals(channelOf(frame)));
    }

    private String errorFor(final String message) throws Exception {
        client.send(message);
        return client.await(frame -> "error".equals(channelOf(frame)));
    }

    private static String ack(final String method, final String normalised) {
        return "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"" + method + "\",\"subscription\":"
            + normalised + "}}";
    }

    private static String error(final String text) {
        return "{\"channel\":\"error\",\"data\":" + HyperliquidFormat.quoted(new StringBuilder(), text) + "}";
    }

    @Test
    void shouldAckEachChannelWithTheNormalisedSubscription() throws Exception {
        assertThat(ackFor("{\"type\":\"l2Book\",\"coin\":\"BTC\"}")).isEqualTo(ack("subscribe",
            "{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":null,\"mantissa\":null,\"fast\":false}"));
        assertThat(ackFor("{\"type\":\"trades\",\"coin\":\"SOL\"}"))
            .isEqualTo(ack("subscribe", "{\"type\":\"trades\",\"coin\":\"SOL\"}"));
        assertThat(ackFor("{\"type\":\"bbo\",\"coin\":\"ETH\"}"))
            .isEqualTo(ack("subscribe", "{\"type\":\"bbo\",\"coin\":\"ETH\"}"));
        assertThat(ackFor("{\"type\":\"candle\",\"coin\":\"BTC\",\"interval\":\"1m\"}"))
            .isEqualTo(ack("subscribe", "{\"type\":\"candle\",\"interval\":\"1m\",\"coin\":\"BTC\"}"));
        assertThat(ackFor("{\"type\":\"allMids\"}")).isEqualTo(ack("subscribe", "{\"type\":\"allMids\"}"));
        assertThat(ackFor("{\"type\":\"activeAssetCtx\",\"coin\":\"BTC\"}"))
            .isEqualTo(ack("subscribe", "{\"type\":\"activeAssetCtx\",\"coin\":\"BTC\"}"));

        client.send("{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"trades\",\"coin\":\"SOL\"}}");
        assertThat(client.await(frame -> "subscriptionResponse".equals(channelOf(frame))))
            .isEqualTo(ack("unsubscribe", "{\"type\":\"trades\",\"coin\":\"SOL\"}"));
    }

    @Test
    void shouldReportErrorsAsPlainStrings() throws Exception {
        ackFor("{\"type\":\"trades\",\"coin\":\"BTC\"}");
        assertThat(errorFor("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"trades\",\"coin\":\"BTC\"}}"))
            .isEqualTo(error("Already subscribed: {\"type\":\"trades\",\"coin\":\"BTC\"}"));
        assertThat(errorFor("{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"bbo\",\"coin\":\"BTC\"}}"))
            .isEqualTo(error("Already unsubscribed: {\"type\":\"bbo\",\"coin\":\"BTC\"}"));

        final String[] invalid = {
            "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"trades\",\"coin\":\"BTC\"}",
            "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"trades\",\"coin\":\"btc\"}}",
            "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"ticker\",\"coin\":\"BTC\"}}",
            "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"candle\",\"coin\":\"BTC\",\"interval\":\"6h\"}}",
            "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\",\"mantissa\":2}}",
            "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":4,"
                + "\"mantissa\":5}}",
            "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":6}}",
            "{\"method\":\"subscribe\"}",
            "{\"method\":\"dance\"}",
        };
        for (final String message : invalid) {
            assertThat(errorFor(message)).as(message)
                .isEqualTo(error("Error parsing JSON into valid websocket request: " + message));
        }
    }

    @Test
    void shouldAnswerPingWithPongAndTolerateOtherText() throws Exception {
        client.send("{\"method\":\"ping\"}");
        assertThat(client.next()).isEqualTo("{\"channel\":\"pong\"}");

        client.send("Ping");
        assertThat(client.next()).isEqualTo(error("Error parsing JSON into valid websocket request: Ping"));
        client.send("{\"method\":\"pong\"}");
        client.send("{\"method\":\"ping\"}");
        assertThat(client.next()).isEqualTo("{\"channel\":\"pong\"}");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void shouldStreamFullL2BookSnapshots() throws Exception {
        ackFor("{\"type\":\"l2Book\",\"coin\":\"SOL\"}");
        final long start = System.currentTimeMillis();
        final List<String> frames = new ArrayList<>();
        frames.add(client.next()); // the first snapshot follows the ack at once
        frames.addAll(client.collect(1_000));
        final long elapsedMs = System.currentTimeMillis() - start;

        assertThat(frames).allMatch(frame -> "l2Book".equals(channelOf(frame)));
        // 200 ms cadence: the immediate snapshot plus about five more
        assertThat(frames.size()).isBetween(3, (int) (elapsedMs / 200) + 2);
        long previousTime = 0;
        for (final String frame : frames) {
            final Map<String, Object> book = data(json(frame));
            assertThat(book).containsOnlyKeys("coin", "time", "levels").containsEntry("coin", "SOL");
            assertThat((Long) book.get("time")).isGreaterThanOrEqualTo(previousTime);
            previousTime = (Long) book.get("time");
            final List<Object> levels = list(book.get("levels"));
            assertThat(levels).hasSize(2);
            assertSide(list(levels.get(0)), true, 20);
            assertSide(list(levels.get(1)), false, 20);
            assertThat(price(list(levels.get(0)).get(0))).isLessThan(price(list(levels.get(1)).get(0)));
        }
        assertThat(list(list(data(json(frames.get(0))).get("levels")).get(0))).hasSize(20);
    }

    @Test
    void shouldAggregateBtcToHyperliquidPrices() throws Exception {
        ackFor("{\"type\":\"l2Book\",\"coin\":\"BTC\"}");
        final List<Object> levels = list(data(json(client.next())).get("levels"));
        assertSide(list(levels.get(0)), true, 20);
        assertSide(list(levels.get(1)), false, 20);
        // 97 000 has five integer digits: whole-dollar levels ("97012.0")
        for (final Object level : list(levels.get(0))) {
            assertThat((String) object(level).get("px")).endsWith(".0");
        }

        ackFor("{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":3}");
        final Map<String, Object> aggregated = data(json(client.await(frame -> frame.contains("\"spread\""))));
        for (final Object side : list(aggregated.get("levels"))) {
            for (final Object level : list(side)) {
                assertThat(price(level).remainder(BigDecimal.valueOf(100)).signum()).isZero();
            }
        }
    }

    @Test
    void shouldStreamFastBooksOfFiveLevels() throws Exception {
        ackFor("{\"type\":\"l2Book\",\"coin\":\"SOL\",\"fast\":true}");
        final List<String> frames = new ArrayList<>();
        frames.add(client.next());
        frames.addAll(client.collect(1_000));
        assertThat(frames.size()).isGreaterThanOrEqualTo(10);
        for (final String frame : frames) {
            final Map<String, Object> book = data(json(frame));
            assertThat(book).containsEntry("fast", true);
            final List<Object> levels = list(book.get("levels"));
            assertSide(list(levels.get(0)), true, 5);
            assertSide(list(levels.get(1)), false, 5);
            assertThat(list(levels.get(0))).hasSize(5);
        }
    }

    private static void assertSide(final List<Object> side, final boolean bids, final int maxLevels) {
        assertThat(side).isNotEmpty().hasSizeLessThanOrEqualTo(maxLevels);
        BigDecimal previous = null;
        for (final Object entry : side) {
            final Map<String, Object> level = object(entry);
            assertThat(level).containsOnlyKeys("px", "sz", "n");
            assertThat((String) level.get("px")).matches(PRICE);
            assertThat((String) level.get("sz")).matches(PRICE);
            assertThat((Long) level.get("n")).isPositive();
            final BigDecimal px = new BigDecimal((String) level.get("px"));
            // at most five significant figures unless the price is an integer
            assertThat(px.stripTrailingZeros().scale() <= 0 || px.stripTrailingZeros().precision() <= 5)
                .as("%s has at most 5 significant figures", px).isTrue();
            if (previous != null) {
                assertThat(bids ? px.compareTo(previous) < 0 : px.compareTo(previous) > 0)
                    .as("%s after %s", px, previous).isTrue();
            }
            previous = px;
        }
    }

    private static BigDecimal price(final Object level) {
        return new BigDecimal((String) object(level).get("px"));
    }

    @Test
    void shouldReplayRecentTradesThenStreamLiveBatches() throws Exception {
        Thread.sleep(500); // let the market trade
        ackFor("{\"type\":\"trades\",\"coin\":\"BTC\"}");
        final List<Object> replay = list(json(client.next()).get("data"));
        assertThat(replay).hasSize(30);
        final Set<Long> replayed = new HashSet<>();
        replay.forEach(trade -> replayed.add((Long) object(trade).get("tid")));

        final Set<String> sides = new HashSet<>();
        long previousTime = 0;
        int live = 0;
        for (final String frame : client.collect(1_000)) {
            final Map<String, Object> message = json(frame);
            assertThat(message.get("channel")).isEqualTo("trades");
            final List<Object> trades = list(message.get("data"));
            assertThat(trades).isNotEmpty();
            for (final Object entry : trades) {
                final Map<String, Object> trade = object(entry);
                assertThat(trade).containsOnlyKeys("coin", "side", "px", "sz", "time", "hash", "tid", "users");
                assertThat(trade).containsEntry("coin", "BTC");
                assertThat((String) trade.get("px")).matches("^[0-9]+\\.0$");
                assertThat((String) trade.get("sz")).matches(PRICE);
                assertThat((String) trade.get("hash")).matches("^0x[0-9a-f]{64}$");
                assertThat((Long) trade.get("tid")).isBetween(0L, (1L << 50) - 1);
                assertThat(list(trade.get("users"))).hasSize(2)
                    .allMatch(user -> ((String) user).matches("^0x[0-9a-f]{40}$"));
                assertThat((Long) trade.get("time")).isGreaterThanOrEqualTo(previousTime);
                previousTime = (Long) trade.get("time");
                sides.add((String) trade.get("side"));
                if (!replayed.contains((Long) trade.get("tid"))) {
                    live++;
                }
            }
        }
        assertThat(live).isPositive();
        assertThat(sides).containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void shouldSendBboWithANullSideForAOneSidedBook() throws Exception {
        ackFor("{\"type\":\"bbo\",\"coin\":\"SOL\"}");
        final Map<String, Object> first = data(json(client.next()));
        assertThat(first).containsOnlyKeys("coin", "time", "bbo").containsEntry("coin", "SOL");
        assertThat(list(first.get("bbo"))).hasSize(2).doesNotContainNull();
        assertThat(object(list(first.get("bbo")).get(0))).containsOnlyKeys("px", "sz", "n");
        ackFor("{\"type\":\"l2Book\",\"coin\":\"SOL\"}");

        fixture.stopMarket();
        final SimSymbol sol = fixture.market.hyperliquid("SOL");
        final LevelChanges update = fixture.market.beginUpdate();
        synchronized (sol) {
            final L2Book book = sol.book();
            for (int i = 0; i < book.askDepth(); i++) {
                update.asks().add(book.askPrice(i), 0);
            }
        }
        fixture.market.applyUpdate(sol, 1);
        boolean sawNullAsk = false;
        boolean sawEmptyAsks = false;
        final long deadline = System.currentTimeMillis() + 3_000;
        while (!(sawNullAsk && sawEmptyAsks) && System.currentTimeMillis() < deadline) {
            fixture.market.advanceTo(System.currentTimeMillis()); // this thread is the market thread now
            for (final String frame : client.collect(20)) {
                final Map<String, Object> message = json(frame);
                if ("bbo".equals(message.get("channel"))) {
                    final List<Object> pair = list(data(message).get("bbo"));
                    sawNullAsk |= pair.get(0) != null && pair.get(1) == null;
                } else if ("l2Book".equals(message.get("channel"))) {
                    final List<Object> levels = list(data(message).get("levels"));
                    sawEmptyAsks |= list(levels.get(1)).isEmpty() && !list(levels.get(0)).isEmpty();
                }
            }
        }
        assertThat(sawNullAsk).isTrue();
        assertThat(sawEmptyAsks).isTrue();
    }

    @Test
    void shouldPushTheOpenCandleRepeatedly() throws Exception {
        Thread.sleep(300);
        ackFor("{\"type\":\"candle\",\"coin\":\"BTC\",\"interval\":\"1m\"}");
        final List<Map<String, Object>> candles = new ArrayList<>();
        candles.add(data(json(client.next())));
        client.collect(1_500).forEach(frame -> candles.add(data(json(frame))));
        assertThat(candles.size()).isGreaterThanOrEqualTo(3);
        long previousTrades = 0;
        long previousOpen = 0;
        for (final Map<String, Object> candle : candles) {
            assertThat(candle).containsOnlyKeys("t", "T", "s", "i", "o", "c", "h", "l", "v", "n");
            assertThat(candle).containsEntry("s", "BTC").containsEntry("i", "1m");
            final long open = (Long) candle.get("t");
            assertThat((Long) candle.get("T")).isEqualTo(open + 59_999);
            assertThat(open % 60_000).isZero();
            for (final String field : List.of("o", "c", "h", "l", "v")) {
                assertThat((String) candle.get(field)).matches(PRICE);
            }
            final BigDecimal high = new BigDecimal((String) candle.get("h"));
            final BigDecimal low = new BigDecimal((String) candle.get("l"));
            assertThat(high).isGreaterThanOrEqualTo(low);
            assertThat(new BigDecimal((String) candle.get("o"))).isBetween(low, high);
            assertThat(new BigDecimal((String) candle.get("c"))).isBetween(low, high);
            assertThat(open).isGreaterThanOrEqualTo(previousOpen);
            if (open == previousOpen) {
                assertThat((Long) candle.get("n")).isGreaterThanOrEqualTo(previousTrades);
            }
            previousOpen = open;
            previousTrades = (Long) candle.get("n");
        }
    }

    @Test
    void shouldWrapAllMidsAndRenderAssetContextsAsStrings() throws Exception {
        ackFor("{\"type\":\"allMids\"}");
        final Map<String, Object> mids = data(json(client.next()));
        assertThat(mids).containsOnlyKeys("mids");
        assertThat(object(mids.get("mids"))).containsOnlyKeys("BTC", "ETH", "SOL")
            .allSatisfy((coin, mid) -> assertThat((String) mid).matches(PRICE));
        assertThat(client.awaitChannel("allMids")).isNotNull(); // pushed again on its cadence

        ackFor("{\"type\":\"activeAssetCtx\",\"coin\":\"BTC\"}");
        final Map<String, Object> context = data(client.awaitChannel("activeAssetCtx"));
        assertThat(context).containsOnlyKeys("coin", "ctx").containsEntry("coin", "BTC");
        final Map<String, Object> ctx = object(context.get("ctx"));
        assertThat(ctx).containsOnlyKeys("funding", "openInterest", "prevDayPx", "dayNtlVlm", "premium", "oraclePx",
            "markPx", "midPx", "impactPxs", "dayBaseVlm");
        ctx.forEach((field, value) -> {
            if (field.equals("impactPxs")) {
                assertThat(list(value)).hasSize(2).allMatch(px -> px instanceof String);
            } else {
                assertThat(value).as(field).isInstanceOf(String.class);
                assertThat((String) value).as(field).matches("^-?[0-9]+\\.[0-9]+$");
            }
        });
    }

    @Test
    void shouldStopStreamingAfterUnsubscribe() throws Exception {
        final String subscription = "{\"type\":\"l2Book\",\"coin\":\"ETH\",\"fast\":true}";
        ackFor(subscription);
        client.collect(200);
        client.send("{\"method\":\"unsubscribe\",\"subscription\":" + subscription + "}");
        client.await(frame -> "subscriptionResponse".equals(channelOf(frame)));
        client.collect(100); // one push may have been on its way
        assertThat(client.collect(400)).isEmpty();
    }

    @Test
    void shouldAnswerInfoPostsOnThePostChannel() throws Exception {
        client.send("{\"method\":\"post\",\"id\":7,\"request\":{\"type\":\"info\",\"payload\":"
            + "{\"type\":\"l2Book\",\"coin\":\"ETH\",\"nSigFigs\":5,\"mantissa\":null}}}");
        final Map<String, Object> post = data(client.awaitChannel("post"));
        assertThat(post).containsEntry("id", 7L);
        final Map<String, Object> response = object(post.get("response"));
        assertThat(response).containsEntry("type", "info");
        final Map<String, Object> payload = object(response.get("payload"));
        assertThat(payload).containsEntry("type", "l2Book");
        assertThat(object(payload.get("data"))).containsEntry("coin", "ETH").containsKeys("time", "levels");

        client.send("{\"method\":\"post\",\"id\":8,\"request\":{\"type\":\"info\",\"payload\":{\"type\":\"nope\"}}}");
        final Map<String, Object> failed = object(data(client.awaitChannel("post")).get("response"));
        assertThat(failed).containsEntry("type", "error");
        assertThat((String) failed.get("payload")).startsWith("422");
    }
}
