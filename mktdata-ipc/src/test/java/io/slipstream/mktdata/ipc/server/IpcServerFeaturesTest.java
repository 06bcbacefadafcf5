package io.slipstream.mktdata.ipc.server;

import static io.slipstream.mktdata.ipc.server.RawClient.data;
import static io.slipstream.mktdata.ipc.server.RawClient.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.ipc.TestMarket;
import io.slipstream.mktdata.trade.AggressorSide;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code features} stream and requests over a real socket, spoken to by hand (docs/protocol.md). */
@Timeout(60)
class IpcServerFeaturesTest {
    @TempDir
    Path directory;

    private MarketDataEngine engine;
    private IpcServer server;
    private Instrument btcusdt;
    private Instrument ethusdt;
    private Instrument btc;
    private Path socket;
    private TestMarket market;

    @BeforeEach
    void setUp() throws IOException {
        final InstrumentRegistry registry = new InstrumentRegistry(64);
        btcusdt = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        ethusdt = registry.register(InstrumentSpec.binance("ETHUSDT", "0.01", "0.001"));
        btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        // Features every millisecond of receive time, so each update a test makes (2 ms apart) brings one.
        engine = new MarketDataEngine(new EngineContext().registry(registry)
            .features(FeatureConfig.of(1, new long[] {1_000, 10_000}, new double[] {5, 10, 25}, 10))).start();
        market = new TestMarket(engine);
        socket = directory.resolve("mktdata.sock");
        server = new IpcServer(IpcServerConfig.defaults(socket).withHeartbeatIntervalMs(200), engine).start();
    }

    @AfterEach
    void tearDown() {
        server.close();
        engine.close();
    }

    @Test
    void shouldAnswerMalformedFeatureRequestsWithAnErrorAndKeepTheConnection() throws Exception {
        try (RawClient client = new RawClient(socket)) {
            assertThat(errorOf(client, Map.of("type", "subscribe_features", "venue", "binance", "symbols", 42L)))
                .containsEntry("code", "bad_request");
            assertThat(errorOf(client, Map.of("type", "subscribe_features", "symbol", "BTCUSDT")))
                .containsEntry("code", "bad_request");
            assertThat(errorOf(client, Map.of("type", "subscribe_features", "venue", "binance", "symbol", "BTCUSDT",
                "symbols", List.of("ETHUSDT")))).containsEntry("code", "bad_request");
            assertThat(errorOf(client, Map.of("type", "subscribe_features", "venue", "binance",
                "symbols", List.of()))).containsEntry("code", "bad_request");
            final Map<String, Object> unknown = errorOf(client, Map.of("type", "get_features", "venue", "binance",
                "symbol", "NOPEUSDT"));
            assertThat(unknown).containsEntry("code", "unknown_symbol");
            assertThat((String) unknown.get("message")).contains("NOPEUSDT");

            final Map<String, Object> pong = client.reply(client.send(Map.of("type", "ping")));
            assertThat(pong.get("type")).isEqualTo("pong");
            final Map<String, Object> none = client.reply(client.send(Map.of("type", "get_features",
                "venue", "binance", "symbol", "ETHUSDT")));
            assertThat(none.get("type")).isEqualTo("features");
            assertThat(none.get("data")).as("no features yet").isNull();
        }
    }

    @Test
    void shouldStartAVenueWideSubscriptionWithEveryInstrumentsLatestFeaturesThenContinueWithNoSeam()
        throws Exception {
        update(btcusdt, 0);
        update(ethusdt, 0);
        market.awaitEngine();
        final long btcusdtSeq = latestSeq(btcusdt);
        final long ethusdtSeq = latestSeq(ethusdt);
        try (RawClient client = new RawClient(socket)) {
            final Map<String, Object> ack = client.reply(client.send(Map.of("type", "subscribe_features",
                "venue", "binance")));
            assertThat(data(ack)).containsEntry("stream", "all features binance");
            final Map<String, Long> firstSeq = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                final Map<String, Object> features = data(client.next(type("features"), 5_000));
                firstSeq.put((String) features.get("symbol"), (Long) features.get("seq"));
            }
            assertThat(firstSeq).isEqualTo(Map.of("BTCUSDT", btcusdtSeq, "ETHUSDT", ethusdtSeq));

            for (int i = 1; i <= 5; i++) {
                update(btcusdt, i);
            }
            for (int i = 1; i <= 5; i++) {
                final Map<String, Object> features = data(client.next(type("features"), 5_000));
                assertThat(features).containsEntry("symbol", "BTCUSDT").containsEntry("seq", btcusdtSeq + i);
            }
        }
    }

    @Test
    void shouldConflateFeaturesPerInstrumentForAClientThatReadsTooSlowly() throws Exception {
        update(btcusdt, 0);
        update(ethusdt, 0);
        market.awaitEngine();
        try (RawClient stuck = new RawClient(socket)) {
            stuck.reply(stuck.send(Map.of("type", "hello", "max_queue_bytes", 65_536L)));
            stuck.reply(stuck.send(Map.of("type", "subscribe_features", "venue", "binance",
                "symbols", List.of("BTCUSDT", "ETHUSDT"))));
            stuck.reply(stuck.send(Map.of("type", "subscribe_trades", "venue", "binance", "symbol", "BTCUSDT")));
            market.awaitSubscribed();
            stuck.pauseReading(true);
            final int updates = 600;
            for (int i = 1; i <= updates; i++) {
                update(i % 5 == 0 ? ethusdt : btcusdt, i);
                // Trades fill the stuck client's socket and queue, so the features behind them must conflate.
                for (int t = 0; t < 20; t++) {
                    market.trade(btcusdt, 6_500_000 + t, AggressorSide.BUY);
                }
            }
            market.awaitEngine();
            final Map<String, Long> latest = Map.of("BTCUSDT", latestSeq(btcusdt), "ETHUSDT", latestSeq(ethusdt));
            stuck.pauseReading(false);

            // Read until each symbol has reached its latest features.
            final Map<String, Long> lastSeq = new HashMap<>();
            long received = 0;
            while (!latest.entrySet().stream()
                .allMatch(e -> lastSeq.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                final Map<String, Object> features = data(stuck.next(type("features"), 10_000));
                final String symbol = (String) features.get("symbol");
                final long seq = (Long) features.get("seq");
                assertThat(seq).as("%s seq never goes back", symbol).isGreaterThan(lastSeq.getOrDefault(symbol, 0L));
                lastSeq.put(symbol, seq);
                received++;
            }
            final long published = lastSeq.values().stream().mapToLong(Long::longValue).sum();
            assertThat(received).as("conflated: fewer features than published, the latest of each").isLessThan(
                published - 2);
        }
    }

    /** A two-sided book moved by {@code step} ticks and one trade, after a pause that starts a new interval. */
    private void update(final Instrument instrument, final int step) throws Exception {
        Thread.sleep(2);
        market.book(instrument, new long[] {100_000 + step, 99_990}, new long[] {100_010 + step, 100_020});
        market.trade(instrument, 1_000_000 + step, step % 2 == 0 ? AggressorSide.BUY : AggressorSide.SELL);
    }

    /** @return the sequence of the instrument's latest features (after {@code market.awaitEngine()}) */
    private long latestSeq(final Instrument instrument) throws Exception {
        final FeatureView view = engine.queryFeatures(instrument.id()).get(5, TimeUnit.SECONDS);
        assertThat(view).as("features of %s", instrument).isNotNull();
        return view.streamSequence();
    }

    private static Map<String, Object> errorOf(final RawClient client, final Map<String, Object> request)
        throws Exception {
        final Map<String, Object> reply = client.reply(client.send(request));
        assertThat(reply.get("type")).as("reply to %s", request).isEqualTo("error");
        return data(reply);
    }
}
