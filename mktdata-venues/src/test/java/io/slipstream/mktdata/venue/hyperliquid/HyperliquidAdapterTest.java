package io.slipstream.mktdata.venue.hyperliquid;

import static io.slipstream.mktdata.venue.hyperliquid.HyperliquidTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.BookView;
import io.slipstream.mktdata.engine.CandleView;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.QuoteView;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.engine.TradeView;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.trade.AggressorSide;
import io.slipstream.mktdata.trade.TradeRing;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig.Channel;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.fault.Selector;
import io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidConfig;
import io.slipstream.mktdata.venuesim.market.SimTrade;
import io.slipstream.mktdata.venuesim.net.CloseKind;
import io.slipstream.mktdata.venuesim.SharedData;
import io.slipstream.mktdata.venuesim.TextCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The adapter against the simulated Hyperliquid on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HyperliquidAdapterTest {
    private static final String L2_BOOK = "{\"channel\":\"l2Book\"";

    private VenueSim sim;
    private MarketDataEngine engine;
    private InstrumentRegistry registry;
    private HyperliquidAdapter adapter;
    private TextCollector collector;

    @AfterEach
    void tearDown() {
        if (collector != null) {
            collector.close();
        }
        if (adapter != null) {
            adapter.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static HyperliquidConfig fastSim() {
        return HyperliquidConfig.defaults().withBookCadence(200, 50).withIdleTimeout(60_000);
    }

    private void startSim(final HyperliquidConfig config) {
        sim = VenueSim.builder().synthetic(3, 42, 1_000).hyperliquid(config).start();
    }

    private void startEngine() {
        registry = new InstrumentRegistry(64);
        engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
    }

    private void startAdapter(final UnaryOperator<HyperliquidAdapterConfig.Builder> tweak) throws Exception {
        if (engine == null) {
            startEngine();
        }
        final HyperliquidAdapterConfig.Builder builder = HyperliquidAdapterConfig.builder(wsUri(),
                URI.create(sim.hyperliquid().restUri() + "/info"))
            .candleIntervals(List.of(CandleInterval.M1, CandleInterval.M15))
            .backfillBuckets(50)
            .pingIntervalMs(1_000)
            .bookStaleMs(3_000)
            .reconnectDelay(100, 1_000);
        adapter = new HyperliquidAdapter(tweak.apply(builder).build(), engine.publisher(), registry,
            new SystemEpochClock());
        adapter.start();
    }

    private URI wsUri() {
        return URI.create(sim.hyperliquid().webSocketUri() + "/ws");
    }

    private Instrument btc() {
        return registry.find(Venue.HYPERLIQUID, "BTC");
    }

    private void subscribeCollectorToBtcBook() throws Exception {
        collector = TextCollector.connect(wsUri());
        collector.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\"}}");
        // past the initial frame: the collector is then in the feed's steady pushes, as the adapter is
        await(5_000, () -> assertThat(collector.messages().stream().filter(m -> m.startsWith(L2_BOOK)).count())
            .isGreaterThanOrEqualTo(3));
    }

    /** Stops the market, then the engine's BTC book must equal the last l2Book the simulator sent. */
    private void assertBookEqualsLastPushAfterStop() throws Exception {
        sim.stopMarket();
        Thread.sleep(600);
        final String last = collector.last(L2_BOOK);
        final HyperliquidTestSupport.Levels expected = HyperliquidTestSupport.levels(last, btc());
        assertThat(expected.bidPrices()).isNotEmpty();
        await(5_000, () -> {
            final BookView book = engine.queryBook(btc().id(), 0).get(5, TimeUnit.SECONDS);
            assertThat(book.venueSequence()).isEqualTo(expected.timeMs());
            assertThat(book.bidPrices()).containsExactly(expected.bidPrices());
            assertThat(book.bidSizes()).containsExactly(expected.bidSizes());
            assertThat(book.askPrices()).containsExactly(expected.askPrices());
            assertThat(book.askSizes()).containsExactly(expected.askSizes());
        });
    }

    /** Every BTC trade in the engine is a simulator trade, once, with the taker's side. */
    private TradeView assertTradesUniqueAndSided() throws Exception {
        final TradeView trades = engine.queryTrades(btc().id(), 1_000).get(5, TimeUnit.SECONDS);
        final Map<Long, SimTrade> tape = new HashMap<>();
        for (final SimTrade trade : sim.market().hyperliquid("BTC").trades(-1, -1, -1, 100_000)) {
            tape.put(trade.hyperliquidTid(), trade);
        }
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < trades.count(); i++) {
            final long tid = trades.tradeIds()[i];
            assertThat(seen.add(tid)).as("trade %d published once", tid).isTrue();
            final SimTrade expected = tape.get(tid);
            assertThat(expected).as("trade %d is on the simulator's tape", tid).isNotNull();
            assertThat(trades.sides()[i]).isEqualTo(expected.buyerIsMaker() ? AggressorSide.SELL : AggressorSide.BUY);
            assertThat(trades.exchangeTimeNs()[i]).isEqualTo(expected.timeMs() * 1_000_000L);
        }
        return trades;
    }

    @Test
    void shouldMirrorSyntheticMarket() throws Exception {
        startSim(fastSim());
        startAdapter(b -> b);
        await(10_000, () -> assertThat(adapter.allSubscribed()).isTrue());

        // meta: every perp registered with the venue's szDecimals (perp prices carry 6 - szDecimals decimals)
        final String meta = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sim.hyperliquid().restUri() + "/info"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"meta\"}")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        final Matcher matcher = Pattern.compile("\"name\":\"([^\"]+)\",\"szDecimals\":(\\d+)").matcher(meta);
        int listed = 0;
        while (matcher.find()) {
            listed++;
            final Instrument instrument = registry.find(Venue.HYPERLIQUID, matcher.group(1));
            assertThat(instrument).as(matcher.group(1)).isNotNull();
            assertThat(instrument.sizeScale()).isEqualTo(Integer.parseInt(matcher.group(2)));
            assertThat(instrument.priceScale()).isEqualTo(6 - Integer.parseInt(matcher.group(2)));
        }
        assertThat(listed).isEqualTo(3);
        assertThat(adapter.coins()).hasSize(3);

        subscribeCollectorToBtcBook();
        await(15_000, () -> {
            assertThat(adapter.stats().trades()).isGreaterThan(40);
            assertThat(adapter.stats().markPrices()).isPositive();
            assertThat(adapter.stats().candlePushes()).isPositive();
            final QuoteView quote = engine.queryQuote(btc().id()).get(5, TimeUnit.SECONDS);
            assertThat(quote).isNotNull();
            assertThat(quote.bidPrice()).isLessThan(quote.askPrice());
        });
        assertBookEqualsLastPushAfterStop();
        final TradeView trades = assertTradesUniqueAndSided();
        // the subscribe's replay (history, at most 30) comes first and is flagged; live trades are not
        int history = 0;
        while (history < trades.count() && trades.flags()[history] == TradeRing.FLAG_BACKFILLED) {
            history++;
        }
        assertThat(history).isLessThanOrEqualTo(30);
        for (int i = history; i < trades.count(); i++) {
            assertThat(trades.flags()[i]).isZero();
        }
        assertThat(adapter.connectionCount()).isEqualTo(3);

        final CandleView m15 = engine.queryCandles(new int[] {btc().id()}, CandleInterval.M15, 100)
            .get(5, TimeUnit.SECONDS).get(btc().id());
        assertThat(m15.count()).isGreaterThanOrEqualTo(50);
        assertThat(m15.source()).contains(CandleSource.BACKFILL, CandleSource.LIVE);
        assertThat(m15.closed()[m15.count() - 1]).isFalse();
        assertThat(m15.closed()[0]).isTrue();
        assertThat(adapter.stats().errorFrames()).isZero();
        assertThat(adapter.stats().malformedFrames()).isZero();
        assertThat(adapter.stats().invalidDecimals()).isZero();
        assertThat(engine.rejections().total()).isZero();
    }

    @Test
    void shouldResubscribeAfterDisconnectWithoutDuplicatingReplayedTrades() throws Exception {
        startSim(fastSim());
        startEngine();
        final List<String> statuses = new CopyOnWriteArrayList<>();
        engine.subscribe(StreamKey.status(Venue.HYPERLIQUID), 0, (event, state) -> {
            if (event.type() == EventType.STATUS) {
                statuses.add(event.instrumentId() + "/" + event.statusStreamKind() + "/" + event.status());
            }
        });
        startAdapter(b -> b.coins(List.of("BTC")));
        await(10_000, () -> assertThat(adapter.allSubscribed()).isTrue());
        await(10_000, () -> assertThat(adapter.stats().trades()).isGreaterThan(40));
        final long connects = adapter.connects();
        final long duplicates = adapter.stats().duplicateTrades();

        assertThat(sim.faults().disconnect(Venue.HYPERLIQUID, Selector.ALL, CloseKind.ABNORMAL)).isEqualTo(1);

        await(10_000, () -> {
            assertThat(adapter.connects()).isGreaterThan(connects);
            assertThat(adapter.allSubscribed()).isTrue();
            // the replayed batch overlapped what we had: dropped, not published twice
            assertThat(adapter.stats().duplicateTrades()).isGreaterThan(duplicates);
        });
        subscribeCollectorToBtcBook();
        Thread.sleep(500);
        assertBookEqualsLastPushAfterStop();
        assertTradesUniqueAndSided();
        assertThat(engine.rejections().total()).isZero();

        final String book = btc().id() + "/BOOK/";
        assertThat(statuses.stream().filter(s -> s.startsWith(book)).toList()).containsSubsequence(
            book + "SYNCING", book + "LIVE", book + "DISCONNECTED", book + "SYNCING", book + "LIVE");
        assertThat(statuses.stream().filter(s -> s.startsWith("-1/")).toList()).containsExactly(
            "-1/STATUS/CONNECTED", "-1/STATUS/DISCONNECTED", "-1/STATUS/CONNECTED");
    }

    @Test
    void shouldCountGreetingErrorAndMalformedFramesWithoutFailing() throws Exception {
        final HyperliquidConfig d = fastSim();
        // room for 4 of the 6 subscriptions: the venue answers the rest with error frames
        startSim(new HyperliquidConfig(d.webSocketPort(), d.restPort(), d.l2BookIntervalMs(),
            d.l2BookFastIntervalMs(), d.allMidsIntervalMs(), d.assetCtxIntervalMs(), d.idleTimeoutMs(),
            d.maxConnections(), 4, d.maxMessagesPerMinute(), d.weightPerMinute(), d.recentTradesOnSubscribe()));
        sim.faults().greeting(Venue.HYPERLIQUID, true);
        startAdapter(b -> b.coins(List.of("BTC")));

        await(10_000, () -> {
            assertThat(adapter.stats().nonJsonFrames()).isEqualTo(1);
            assertThat(adapter.stats().errorFrames()).isGreaterThanOrEqualTo(2);
            assertThat(adapter.stats().acks()).isEqualTo(4);
            assertThat(adapter.stats().bookSnapshots()).isPositive();
        });
        sim.faults().malformed(Venue.HYPERLIQUID, Selector.ALL, false);
        sim.faults().malformed(Venue.HYPERLIQUID, Selector.ALL, true);
        final long books = adapter.stats().bookSnapshots();
        await(5_000, () -> {
            assertThat(adapter.stats().nonJsonFrames()).isEqualTo(2);
            assertThat(adapter.stats().malformedFrames()).isEqualTo(1);
            assertThat(adapter.stats().bookSnapshots()).isGreaterThan(books + 3);
        });
        assertThat(adapter.connects()).isEqualTo(1);
    }

    @Test
    void shouldSpreadCoinsOverSocketsWithinSubscriptionAndMessageLimits() throws Exception {
        startSim(fastSim());
        // 6 streams a coin; room for 2 coins; 60 messages a minute: a burst of 6, then 1 a second
        startAdapter(b -> b.maxConnections(2).maxSubscriptionsTotal(13).maxMessagesPerMinute(60)
            .pingIntervalMs(50_000));
        assertThat(adapter.coins()).hasSize(2);
        assertThat(adapter.connectionCount()).isEqualTo(2);
        Thread.sleep(1_000);
        assertThat(adapter.stats().messagesSent()).isBetween(6L, 8L);
        assertThat(adapter.allSubscribed()).isFalse();
        await(10_000, () -> assertThat(adapter.allSubscribed()).isTrue());
        assertThat(adapter.stats().messagesSent()).isEqualTo(12);
        assertThat(adapter.stats().errorFrames()).isZero();
    }

    @Test
    void shouldBackfillCandleRetentionInPagesWithinBudget() throws Exception {
        startSim(fastSim());
        startAdapter(b -> b.coins(List.of("BTC")).channels(EnumSet.of(Channel.CANDLE))
            .candleIntervals(List.of(CandleInterval.M15)).backfillBuckets(2_000));
        await(15_000, () -> assertThat(adapter.stats().backfilledCandles()).isGreaterThanOrEqualTo(1_999));
        await(5_000, () -> {
            final CandleView view = engine.queryCandles(new int[] {btc().id()}, CandleInterval.M15, 5_000)
                .get(5, TimeUnit.SECONDS).get(btc().id());
            assertThat(view.count()).isEqualTo(2_000);
            for (int i = 1; i < view.count(); i++) {
                assertThat(view.openTimeMs()[i] - view.openTimeMs()[i - 1]).isEqualTo(900_000L);
            }
            for (int i = 0; i < view.count() - 1; i++) {
                assertThat(view.closed()[i]).isTrue();
            }
            assertThat(view.closed()[view.count() - 1]).isFalse();
        });
        assertThat(adapter.stats().backfillRequests()).isBetween(1L, 3L);
        assertThat(adapter.rest().budget().used()).isLessThanOrEqualTo(960);
        assertThat(adapter.rest().rateLimited()).isZero();
    }

    @Test
    void shouldRebuildReplayedHftbacktestBookAsSimulatorRendersIt() throws Exception {
        final Path file = SharedData.require("hyperliquid/hftbacktest/btcusd_20250126");
        sim = VenueSim.builder().replay(List.of(file), 0, false).hyperliquid(fastSim()).paused().start();
        startAdapter(b -> b.coins(List.of("BTC")).channels(EnumSet.of(Channel.L2_BOOK, Channel.TRADES)));
        await(10_000, () -> assertThat(adapter.allSubscribed()).isTrue());
        collector = TextCollector.connect(wsUri());
        collector.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\"}}");
        await(5_000, () -> assertThat(collector.last(L2_BOOK)).isNotNull());

        sim.startMarket();
        await(10_000, () -> assertThat(adapter.stats().trades()).isPositive());
        assertBookEqualsLastPushAfterStop();
        assertThat(adapter.stats().malformedFrames()).isZero();
        assertThat(adapter.stats().invalidDecimals()).isZero();
        assertThat(engine.rejections().total()).isZero();
    }

    @Test
    void shouldRebuildTheRealCapturesBookAndTradesThroughAReconnect() throws Exception {
        final Path file = SharedData.require("hyperliquid/hftbacktest/btcusd_20250126");
        // At capture speed the 25 s session is still running when the socket comes back.
        sim = VenueSim.builder().replay(List.of(file), 1, false).hyperliquid(fastSim()).paused().start();
        startAdapter(b -> b.coins(List.of("BTC")).channels(EnumSet.of(Channel.L2_BOOK, Channel.TRADES)));
        await(10_000, () -> assertThat(adapter.allSubscribed()).isTrue());
        sim.startMarket();
        await(15_000, () -> assertThat(adapter.stats().trades()).isPositive());
        final long connects = adapter.connects();

        assertThat(sim.faults().disconnect(Venue.HYPERLIQUID, Selector.ALL, CloseKind.ABNORMAL)).isEqualTo(1);
        await(10_000, () -> {
            assertThat(adapter.connects()).isGreaterThan(connects);
            assertThat(adapter.allSubscribed()).isTrue();
        });
        // Whatever the resubscribe's trade batch overlapped is dropped (checked below: every trade once).
        subscribeCollectorToBtcBook();
        Thread.sleep(500);
        assertBookEqualsLastPushAfterStop();
        assertTradesUniqueAndSided();
        assertThat(adapter.stats().malformedFrames()).isZero();
        assertThat(engine.rejections().total()).isZero();
    }

    @Test
    void shouldResubscribeThenRecycleWhenStreamGoesStale() throws Exception {
        startSim(fastSim());
        startAdapter(b -> b.coins(List.of("BTC")).channels(EnumSet.of(Channel.L2_BOOK)).bookStaleMs(600));
        await(10_000, () -> assertThat(adapter.stats().bookSnapshots()).isPositive());

        sim.faults().stall(Venue.HYPERLIQUID, Selector.ALL, 60_000);

        await(10_000, () -> {
            assertThat(adapter.stats().staleStreams()).isPositive();
            assertThat(adapter.stats().socketRecycles()).isPositive();
            assertThat(adapter.connects()).isGreaterThanOrEqualTo(2);
        });
        final long books = adapter.stats().bookSnapshots();
        await(10_000, () -> assertThat(adapter.stats().bookSnapshots()).isGreaterThan(books + 3));
    }
}
