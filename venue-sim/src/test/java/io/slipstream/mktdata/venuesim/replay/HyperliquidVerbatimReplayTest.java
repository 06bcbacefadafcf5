package io.slipstream.mktdata.venuesim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.venuesim.market.MarketListener;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A raw capture of Hyperliquid traffic (as our adapter writes it) replayed verbatim: every data frame unchanged. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HyperliquidVerbatimReplayTest {
    private static final String BOOK = "{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":1700000000100,"
        + "\"levels\":[[{\"px\":\"97000\",\"sz\":\"0.5\",\"n\":1}],[{\"px\":\"97001\",\"sz\":\"0.25\",\"n\":2}]]}}";
    private static final String TRADES = "{\"channel\":\"trades\",\"data\":[{\"coin\":\"BTC\",\"side\":\"A\","
        + "\"px\":\"97000\",\"sz\":\"0.01\",\"time\":1700000000150,\"hash\":\"0x00\",\"tid\":123456789012345}]}";
    private static final String BBO = "{\"channel\":\"bbo\",\"data\":{\"coin\":\"BTC\",\"time\":1700000000200,"
        + "\"bbo\":[{\"px\":\"97000\",\"sz\":\"0.49\",\"n\":1},null]}}";
    private static final String CANDLE = "{\"channel\":\"candle\",\"data\":{\"t\":1699999980000,"
        + "\"T\":1700000039999,\"s\":\"BTC\",\"i\":\"1m\",\"o\":\"97000\",\"c\":\"97000\",\"h\":\"97000\","
        + "\"l\":\"97000\",\"v\":\"0.01\",\"n\":1}}";
    private static final String CTX = "{\"channel\":\"activeAssetCtx\",\"data\":{\"coin\":\"BTC\",\"ctx\":{"
        + "\"funding\":\"0.0000125\",\"openInterest\":\"100.0\",\"markPx\":\"97000.5\",\"oraclePx\":\"97001\"}}}";
    private static final String ACK = "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"subscribe\","
        + "\"subscription\":{\"type\":\"bbo\",\"coin\":\"BTC\"}}}";

    @TempDir
    Path directory;

    /** Collects the verbatim frames. */
    private static final class Recorder implements MarketListener {
        final List<String> frames = new ArrayList<>();

        @Override
        public void onReplayedHyperliquidFrame(final SimSymbol symbol, final String channelKey, final String frame) {
            frames.add(symbol.hyperliquidCoin() + " " + channelKey + " " + frame);
        }
    }

    private Path capture() throws IOException {
        final long t = 1_700_000_000_000_000_000L;
        return Files.write(directory.resolve("hyperliquid.log"), List.of(t + " " + ACK, (t + 1) + " " + BOOK,
            (t + 2) + " " + TRADES, (t + 3) + " " + BBO, (t + 4) + " " + CANDLE, (t + 5) + " " + CTX,
            (t + 6) + " {\"channel\":\"pong\"}"));
    }

    @Test
    void shouldReEmitEveryCapturedHyperliquidDataFrameUnchangedOnItsChannel() throws IOException {
        final SimMarket market = new SimMarket(0);
        final CaptureReplay replay = new CaptureReplay(List.of(capture()), market, 0, false, true);
        final Recorder recorder = new Recorder();
        market.addListener(recorder);

        replay.run();

        assertThat(recorder.frames).containsExactly("BTC l2Book " + BOOK, "BTC trades " + TRADES, "BTC bbo " + BBO,
            "BTC candle:1m " + CANDLE, "BTC activeAssetCtx " + CTX);
        final SimSymbol btc = market.hyperliquid("BTC");
        for (final String key : List.of("l2Book", "trades", "bbo", "candle:1m", "activeAssetCtx")) {
            assertThat(btc.isHyperliquidCaptured(key)).as(key).isTrue();
        }
        assertThat(btc.isHyperliquidCaptured("candle:5m")).isFalse();
        // the model still moves, so Binance and REST render the same market
        assertThat(btc.trades(-1, -1, -1, 10)).hasSize(1);
    }

    @Test
    void shouldRenderFromTheModelWhenNotVerbatim() throws IOException {
        final SimMarket market = new SimMarket(0);
        final CaptureReplay replay = new CaptureReplay(List.of(capture()), market, 0, false);
        final Recorder recorder = new Recorder();
        market.addListener(recorder);

        replay.run();

        assertThat(recorder.frames).isEmpty();
        assertThat(market.hyperliquid("BTC").isHyperliquidCaptured("l2Book")).isFalse();
    }
}
