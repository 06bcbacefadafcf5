package io.slipstream.mktdata.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.fault.Selector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Socket layout, recycling and stall handling against the simulator. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceConnectionSimTest {

    @Test
    void shouldSplitStreamsOverSocketsByRouteAndStillMirrorEveryBook() throws Exception {
        final VenueSim sim = VenueSim.builder().synthetic(5, 7, 2_000).bookLevels(100).start();
        try (BinanceSimHarness h = new BinanceSimHarness(sim, c -> c.withStreamLimits(4, 2))) {
            // public: 10 streams (depth + bookTicker) -> 3 sockets; market: 5 x (aggTrade, 3 klines, markPrice) -> 7
            assertThat(h.adapter.connectionCount()).isEqualTo(10);
            final List<List<String>> layout = h.adapter.streamsBySocket();
            assertThat(layout).allMatch(streams -> streams.size() <= 4);
            assertThat(layout.stream().mapToInt(List::size).sum()).isEqualTo(35);
            h.awaitAllSynced(10_000);
            BinanceSimHarness.await(() -> h.adapter.acks() >= 18, 5_000, "every SUBSCRIBE batch acknowledged");
            assertThat(h.adapter.errorFrames()).isZero();
            h.stopMarketAndAssertBooksEqual(5_000);
            h.assertTradesMatchSimulator("BTCUSDT");
        }
    }

    @Test
    void shouldRecycleSocketsBeforeTheVenueCutsThemAndResyncFromScratch() throws Exception {
        final VenueSim sim = VenueSim.builder().synthetic(3, 3, 2_000).bookLevels(100).start();
        try (BinanceSimHarness h = new BinanceSimHarness(sim, c -> c.withWatchdog(10_000, 1_500)
            .withReconnectDelays(50, 200))) {
            h.awaitAllSynced(10_000);
            BinanceSimHarness.await(() -> h.adapter.opens() >= 4, 8_000, "a recycle of both sockets");
            h.awaitAllSynced(5_000);
            assertThat(h.adapter.depthSnapshots("BTCUSDT")).isGreaterThanOrEqualTo(2);
            h.stopMarketAndAssertBooksEqual(5_000);
            h.assertTradesMatchSimulator("BTCUSDT");
        }
    }

    @Test
    void shouldRecycleAStalledSocketAndRecover() throws Exception {
        final VenueSim sim = VenueSim.builder().synthetic(3, 5, 2_000).bookLevels(100).start();
        try (BinanceSimHarness h = new BinanceSimHarness(sim, c -> c.withWatchdog(1_000, 23 * 3_600_000L)
            .withReconnectDelays(50, 200))) {
            h.awaitAllSynced(10_000);
            final long opens = h.adapter.opens();
            sim.faults().stall(Venue.BINANCE_USDM, Selector.path("/public"), 10_000);
            BinanceSimHarness.await(() -> h.adapter.opens() > opens, 8_000, "the stalled socket recycled");
            h.awaitAllSynced(5_000);
            h.stopMarketAndAssertBooksEqual(5_000);
        }
    }
}
