package io.slipstream.mktdata.ipc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.ipc.TestMarket;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.ipc.server.IpcServerConfig;
import io.slipstream.mktdata.trade.AggressorSide;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Order-flow features through the Java client, from a real engine and IpcServer over a real socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class FeaturesClientTest {
    private static final long WAIT_MS = 5000;

    @TempDir
    Path dir;

    private InstrumentRegistry registry;
    private MarketDataEngine engine;
    private IpcServer server;
    private MarketDataClient client;
    private Instrument btcusdt;
    private Instrument ethusdt;
    private Instrument btc;
    private TestMarket market;

    @BeforeEach
    void setUp() throws IOException {
        registry = new InstrumentRegistry(64);
        btcusdt = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        ethusdt = registry.register(InstrumentSpec.binance("ETHUSDT", "0.01", "0.001"));
        btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        engine = new MarketDataEngine(new EngineContext().registry(registry)
            .features(FeatureConfig.of(1, new long[] {1_000, 10_000, 60_000}, new double[] {5, 10, 25, 50}, 10)))
            .start();
        market = new TestMarket(engine);
        final Path socket = dir.resolve("mktdata.sock");
        server = new IpcServer(IpcServerConfig.defaults(socket).withHeartbeatIntervalMs(200), engine).start();
        client = MarketDataClient.connect(socket, ClientOptions.builder().clientName("features-it").build());
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
        engine.close();
    }

    @Test
    void getFeaturesReturnsWhatTheEngineComputedFieldForField() throws Exception {
        for (int i = 0; i < 5; i++) {
            update(btcusdt, i);
            update(btc, i);
        }
        settle();
        for (final Instrument instrument : List.of(btc, btcusdt)) {
            final FeatureView expected = latest(instrument);
            final FeaturesMessage actual = client.getFeatures(instrument.venue().wireName(), instrument.symbol());
            assertThat(actual).isEqualTo(asMessage(expected));
            assertThat(actual.counterpart()).as("BTC and BTCUSDT are each other's counterpart")
                .isEqualTo(instrument == btc ? "BTCUSDT" : "BTC");
            assertThat(actual.basisBps()).isFinite();
            assertThat(actual.window(10_000).tradeCount()).as("the trades before the last features").isPositive();
            assertThat(actual.bands()).extracting(DepthBand::bandBps).containsExactly(5.0, 10.0, 25.0, 50.0);
        }
        final Map<String, FeaturesMessage> batch = client.getFeatures("binance", (List<String>) null);
        assertThat(batch).containsOnlyKeys("BTCUSDT", "ETHUSDT").containsEntry("ETHUSDT", null);
        assertThat(batch.get("BTCUSDT")).isEqualTo(asMessage(latest(btcusdt)));
        assertThat(client.getFeatures("binance", "ETHUSDT")).as("none computed yet").isNull();
    }

    @Test
    void aSubscriptionStartsWithTheLatestFeaturesThenDeliversEveryLaterOneInSequence() throws Exception {
        update(btc, 0);
        settle();
        final FeatureView snapshot = latest(btc);
        final RecordingListener listener = new RecordingListener();
        client.subscribeFeatures("hyperliquid", "BTC", listener);
        final FeaturesMessage first = listener.next(FeaturesMessage.class, WAIT_MS);
        assertThat(first).isEqualTo(asMessage(snapshot));

        for (int i = 1; i <= 10; i++) {
            update(btc, i);
        }
        settle();
        final FeatureView last = latest(btc);
        // Updates closer together than the feature interval share one features event, so on a busy machine there may be
        // fewer than ten; what matters is that every one published after the snapshot arrives, in sequence.
        assertThat(last.streamSequence()).isGreaterThan(snapshot.streamSequence());
        long previous = snapshot.streamSequence();
        FeaturesMessage features;
        do {
            // next() fails on anything else, a gap included
            features = listener.next(FeaturesMessage.class, WAIT_MS);
            assertThat(features.seq()).isEqualTo(previous + 1);
            previous = features.seq();
        } while (previous < last.streamSequence());
        assertThat(features).isEqualTo(asMessage(last));
    }

    @Test
    void aVenueWideSubscriptionDeliversEverySymbolOfThatVenueOnly() throws Exception {
        final RecordingListener listener = new RecordingListener();
        client.subscribeFeatures("binance", null, listener);
        for (int i = 0; i < 3; i++) {
            update(btc, i);
            update(btcusdt, i);
            update(ethusdt, i);
        }
        final List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            final FeaturesMessage features = listener.next(FeaturesMessage.class, WAIT_MS);
            assertThat(features.venue()).isEqualTo("binance");
            symbols.add(features.symbol());
        }
        assertThat(symbols).containsOnly("BTCUSDT", "ETHUSDT").contains("BTCUSDT", "ETHUSDT");
    }

    @Test
    void getFeaturesOfAnUnknownSymbolIsAClearError() {
        assertThatThrownBy(() -> client.getFeatures("binance", "NOPEUSDT"))
            .isInstanceOfSatisfying(ServerErrorException.class,
                e -> assertThat(e.code()).isEqualTo("unknown_symbol"))
            .hasMessageContaining("NOPEUSDT");
        assertThat(client.ping()).as("the connection carries on").isPositive();
    }

    /** A two-sided book moved by {@code step} ticks and one trade, after a pause that starts a new interval. */
    private void update(final Instrument instrument, final int step) throws Exception {
        Thread.sleep(2);
        market.book(instrument, new long[] {100_000 + step, 99_990 + step, 99_900},
            new long[] {100_010 + step, 100_020 + step, 100_100});
        market.trade(instrument, (100_005 + step) * (long) Math.pow(10, instrument.priceScale() - 1),
            step % 2 == 0 ? AggressorSide.BUY : AggressorSide.SELL);
    }

    /** Every event published so far is applied (and its features computed). */
    private void settle() throws Exception {
        market.awaitEngine();
    }

    private FeatureView latest(final Instrument instrument) throws Exception {
        return engine.queryFeatures(instrument.id()).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /** What the client must decode: the engine's features, every field, by the protocol's definitions. */
    private FeaturesMessage asMessage(final FeatureView view) {
        final MarketEvent event = view.event();
        final Instrument instrument = registry.get(view.instrumentId());
        final List<FeatureWindow> windows = new ArrayList<>();
        for (int w = 0; w < view.windowCount(); w++) {
            windows.add(new FeatureWindow(view.windowMs(w), view.tradeCount(w), view.buyVolume(w),
                view.sellVolume(w), view.buyNotional(w), view.sellNotional(w), view.signedNotional(w),
                view.toxicity(w), view.aggressorImbalance(w), view.arrivalRatePerS(w), view.vwap(w),
                view.vwapDeviationBps(w)));
        }
        final List<DepthBand> bands = new ArrayList<>();
        for (int b = 0; b < view.bandCount(); b++) {
            bands.add(new DepthBand(view.bandBps(b), view.bidDepth(b), view.askDepth(b)));
        }
        return new FeaturesMessage(new MessageHeader(instrument.venue().wireName(), instrument.symbol(),
            view.streamSequence(), event.epoch(), event.exchangeTimeNs(), event.receiveTimeNs(),
            event.publishTimeNs()), view.bookSequence(), view.tradeSequence(), view.mid(), view.spreadBps(),
            view.spreadVelocityBpsPerS(), view.imbalanceBandBps(), view.depthImbalance(), view.visibleDepthBps(),
            ageMs(view.midAgeNs()), view.counterpartId() < 0 ? null : registry.get(view.counterpartId()).symbol(),
            view.counterpartBookSequence(), view.basisBps(), ageMs(view.counterpartMidAgeNs()), windows, bands);
    }

    private static double ageMs(final long ageNs) {
        return ageNs < 0 ? Double.NaN : ageNs / 1e6;
    }
}
