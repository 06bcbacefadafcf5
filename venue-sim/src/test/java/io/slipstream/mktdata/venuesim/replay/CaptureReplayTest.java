package io.slipstream.mktdata.venuesim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.venuesim.OfficialBookProcedure;
import io.slipstream.mktdata.venuesim.SharedData;
import io.slipstream.mktdata.venuesim.market.MarketListener;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SimTrade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Replays the real Binance captures of ../shared/data (skipped when absent) into the market model. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CaptureReplayTest {
    private static final String BTC = "binance-usdm/hftbacktest/btcusdt_20240808.gz";
    private static final String ETH = "binance-usdm/hftbacktest/ethusdt_20240808.gz";

    /** Collects what the renderers would be handed. */
    private static final class Recorder implements MarketListener {
        final List<String> frames = new ArrayList<>();
        final List<SimTrade> trades = new ArrayList<>();

        @Override
        public void onReplayedFrame(final SimSymbol symbol, final String stream, final String frame) {
            frames.add("{\"stream\":\"" + stream + "\",\"data\":" + frame + "}");
        }

        @Override
        public void onTrade(final SimSymbol symbol, final SimTrade trade) {
            trades.add(trade);
        }
    }

    private static List<String> capturedFrames(final Path... files) throws IOException {
        final List<String> frames = new ArrayList<>();
        try (CaptureReader reader = new CaptureReader(List.of(files))) {
            CaptureLine line;
            while ((line = reader.next()) != null) {
                if (!line.rest()) {
                    frames.add(line.text());
                }
            }
        }
        return frames;
    }

    @Test
    void shouldReEmitEveryCapturedFrameInOrderWithItsContentUnchanged() throws IOException {
        final Path btc = SharedData.require(BTC);
        final Path eth = SharedData.require(ETH);
        final SimMarket market = new SimMarket(0);
        final CaptureReplay replay = new CaptureReplay(List.of(btc, eth), market, 0, false);
        final Recorder recorder = new Recorder();
        market.addListener(recorder);

        replay.run();

        final List<String> expected = capturedFrames(btc, eth);
        assertThat(expected).hasSizeGreaterThan(160_000);
        assertThat(recorder.frames).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(recorder.frames.get(i))) {
                throw new AssertionError("frame " + i + " differs:\n captured " + expected.get(i)
                    + "\n replayed " + recorder.frames.get(i));
            }
        }
        assertThat(market.symbols()).extracting(SimSymbol::binanceSymbol).containsExactlyInAnyOrder("BTCUSDT",
            "ETHUSDT");
    }

    @Test
    void shouldEndWithTheBookTheOfficialProcedureBuildsFromTheCapture() throws IOException {
        final Path btc = SharedData.require(BTC);
        final SimMarket market = new SimMarket(0);
        new CaptureReplay(List.of(btc), market, 0, false).run();

        final OfficialBookProcedure procedure = new OfficialBookProcedure();
        try (CaptureReader reader = new CaptureReader(List.of(btc))) {
            CaptureLine line;
            boolean snapshotTaken = false;
            while ((line = reader.next()) != null) {
                if (line.rest() && !snapshotTaken) {
                    procedure.snapshot(line.text(), 1000);
                    snapshotTaken = true;
                } else if (line.text().contains("@depth@")) {
                    procedure.diff(line.text());
                }
            }
        }
        final SimSymbol symbol = market.binance("BTCUSDT");
        synchronized (symbol) {
            assertThat(procedure.assertEquals(symbol)).as("levels compared").isGreaterThan(1000);
        }
    }

    @Test
    void shouldReEmitTheCryptofeedMultiSymbolSessionsUnchanged() throws IOException {
        for (final String session : List.of("binance-usdm/cryptofeed/2021-04-05",
            "binance-usdm/cryptofeed/2021-07-22")) {
            final List<Path> files = CaptureReader.expand(List.of(SharedData.require(session)));
            final SimMarket market = new SimMarket(0);
            final CaptureReplay replay = new CaptureReplay(files, market, 0, false);
            final Recorder recorder = new Recorder();
            market.addListener(recorder);
            replay.run();

            final List<String> expected = capturedFrames(files.toArray(Path[]::new)).stream()
                .filter(frame -> frame.startsWith("{\"stream\":")).toList();
            assertThat(expected).as(session).hasSizeGreaterThan(1_000);
            assertThat(recorder.frames).as(session).containsExactlyElementsOf(expected);
            assertThat(market.symbols()).as(session).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void shouldDeriveTradesWithAggressorSideFromTheCapturedTradeStream() throws IOException {
        final Path btc = SharedData.require(BTC);
        final SimMarket market = new SimMarket(0);
        final CaptureReplay replay = new CaptureReplay(List.of(btc), market, 0, false);
        final Recorder recorder = new Recorder();
        market.addListener(recorder);
        replay.run();

        assertThat(recorder.trades).hasSize(21_313);
        for (int i = 1; i < recorder.trades.size(); i++) {
            assertThat(recorder.trades.get(i).aggregateId()).isEqualTo(recorder.trades.get(i - 1).aggregateId() + 1);
        }
        assertThat(recorder.trades).anyMatch(SimTrade::buyerIsMaker).anyMatch(trade -> !trade.buyerIsMaker());
    }
}
