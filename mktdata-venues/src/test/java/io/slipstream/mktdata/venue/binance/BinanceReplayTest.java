package io.slipstream.mktdata.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.engine.BookView;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real recorded BTCUSDT traffic (hftbacktest capture, @depth@0ms) replayed through the simulator. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceReplayTest {

    @Test
    void shouldEndWithTheSimulatorsBookWithinTheSnapshotsReachWhenReplayingARealCapture() throws Exception {
        final Path capture = SharedData.require("binance-usdm/hftbacktest/btcusdt_20240808.gz");
        final VenueSim sim = VenueSim.builder().replay(List.of(capture), 20, false).paused().start();
        try (BinanceSimHarness h = new BinanceSimHarness(sim, c -> c.withSymbols(List.of("BTCUSDT"))
            .withDepthSpeed("@0ms").withCandles(List.of(), null))) {
            BinanceSimHarness.await(() -> h.adapter.acks() >= 2, 5_000, "subscriptions acknowledged");
            sim.startMarket();
            h.awaitAllSynced(10_000);
            final Instrument btc = h.instrument("BTCUSDT");
            BinanceSimHarness.await(() -> h.trades(btc.id()).size() > 50, 15_000, "trades");
            Thread.sleep(2_000);
            sim.stopMarket();

            final long[] reach = h.adapter.depthSnapshotReach("BTCUSDT");
            String difference = difference(h, btc, reach);
            final long deadline = System.currentTimeMillis() + 5_000;
            while (difference != null && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
                difference = difference(h, btc, reach);
            }
            assertThat(difference).isNull();
            assertThat(reach[0]).as("the snapshot's bid side was full (1000 levels)").isNotEqualTo(Long.MIN_VALUE);
            assertThat(h.adapter.depthGaps("BTCUSDT")).isZero();
            assertThat(h.adapter.malformedFrames()).isZero();
            assertThat(h.adapter.publishFailures()).isZero();
            h.assertTradesMatchSimulator("BTCUSDT");
        }
    }

    /** Compares the levels both books must know: every level inside the snapshot's reach (C-BN-3). */
    private static String difference(final BinanceSimHarness h, final Instrument btc, final long[] reach)
        throws Exception {
        final BookView view = h.engine.queryBook(btc.id(), 0).get();
        final List<Long> engineBids = new ArrayList<>();
        final List<Long> engineAsks = new ArrayList<>();
        for (int i = 0; i < view.bidPrices().length; i++) {
            if (reach[0] == Long.MIN_VALUE || view.bidPrices()[i] >= reach[0]) {
                engineBids.add(view.bidPrices()[i]);
                engineBids.add(view.bidSizes()[i]);
            }
        }
        for (int i = 0; i < view.askPrices().length; i++) {
            if (reach[1] == Long.MIN_VALUE || view.askPrices()[i] <= reach[1]) {
                engineAsks.add(view.askPrices()[i]);
                engineAsks.add(view.askSizes()[i]);
            }
        }
        final List<Long> simBids = new ArrayList<>();
        final List<Long> simAsks = new ArrayList<>();
        final SimSymbol symbol = h.sim.market().binance("BTCUSDT");
        synchronized (symbol) {
            final L2Book book = symbol.book();
            for (int i = 0; i < book.bidDepth(); i++) {
                if (reach[0] == Long.MIN_VALUE || book.bidPrice(i) >= reach[0]) {
                    simBids.add(book.bidPrice(i));
                    simBids.add(book.bidSize(i));
                }
            }
            for (int i = 0; i < book.askDepth(); i++) {
                if (reach[1] == Long.MIN_VALUE || book.askPrice(i) <= reach[1]) {
                    simAsks.add(book.askPrice(i));
                    simAsks.add(book.askSize(i));
                }
            }
        }
        if (simBids.size() < 2 * 900 || simAsks.size() < 2 * 900) {
            return "too few levels compared: " + simBids.size() / 2 + "/" + simAsks.size() / 2;
        }
        if (!simBids.equals(engineBids) || !simAsks.equals(engineAsks)) {
            return "books differ: sim " + simBids.size() / 2 + "x" + simAsks.size() / 2 + " engine "
                + engineBids.size() / 2 + "x" + engineAsks.size() / 2 + " levels in reach";
        }
        return null;
    }
}
