package io.slipstream.mktdata.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.engine.CandleView;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.trade.TradeRing;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.fault.RestFault;
import io.slipstream.mktdata.venuesim.fault.Selector;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.net.CloseKind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adapter against the simulator's synthetic market over loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceAdapterSimTest {

    private static VenueSim synthetic() {
        return VenueSim.builder().synthetic(5, 1, 2_000).bookLevels(200).start();
    }

    @Test
    void shouldMirrorTheSimulatorsBooksTradesQuotesAndCandles() throws Exception {
        try (BinanceSimHarness h = new BinanceSimHarness(synthetic(), c -> c)) {
            assertThat(h.adapter.symbols()).hasSize(5).contains("BTCUSDT", "ETHUSDT");
            final Instrument btc = h.instrument("BTCUSDT");
            final SimSymbol simBtc = h.sim.market().binance("BTCUSDT");
            assertThat(btc.priceScale()).isEqualTo(simBtc.priceScale());
            assertThat(btc.tickSizeMantissa()).isEqualTo(simBtc.tickMantissa());
            assertThat(btc.lotSizeMantissa()).isEqualTo(simBtc.lotMantissa());
            assertThat(h.adapter.connectionCount()).isEqualTo(2);

            h.awaitAllSynced(10_000);
            BinanceSimHarness.await(() -> h.adapter.quotes("BTCUSDT") > 0 && h.adapter.liveCandles("BTCUSDT") > 0
                && h.adapter.backfilledCandles("BTCUSDT") > 0 && h.trades(btc.id()).size() > 20, 10_000,
                "quotes, candles and trades");
            BinanceSimHarness.await(() -> h.adapter.markPrices() > 0, 3_000, "mark prices");
            synchronized (h.marks) {
                final long[] mark = h.marks.stream().filter(m -> m[0] == btc.id()).findFirst().orElseThrow();
                final double mid = simBtc.mid();
                assertThat(btc.price(mark[1])).isCloseTo(mid, org.assertj.core.data.Percentage.withPercentage(1));
                assertThat(btc.price(mark[2])).isCloseTo(mid, org.assertj.core.data.Percentage.withPercentage(1));
                assertThat(Math.abs(mark[3])).isLessThan(10_000_000L); // |funding| < 0.1%
                assertThat(mark[4]).isGreaterThan(System.currentTimeMillis() - 86_400_000L);
            }
            Thread.sleep(500);
            h.stopMarketAndAssertBooksEqual(5_000);
            Thread.sleep(300);
            h.assertTradesMatchSimulator("BTCUSDT");
            h.assertTradesMatchSimulator("ETHUSDT");
            assertThat(h.adapter.malformedFrames()).isZero();
            assertThat(h.adapter.errorFrames()).isZero();
            assertThat(h.adapter.acks()).isGreaterThanOrEqualTo(2);
            assertThat(h.adapter.publishFailures()).isZero();
            assertThat(h.adapter.depthGaps("BTCUSDT")).isZero();
            assertThat(h.engine.queryQuote(btc.id()).get()).isNotNull();
            assertThat(h.engine.rejections().total()).as(h.engine.rejections().snapshot().toString()).isZero();
            BinanceSimHarness.await(() -> h.engine.queryCandles(new int[] {btc.id()}, CandleInterval.H1, 2_000)
                .join().get(btc.id()).count() >= 299, 5_000, "the 1h backfill");
            final CandleView candles = h.engine.queryCandles(new int[] {btc.id()}, CandleInterval.H1, 2_000).get()
                .get(btc.id());
            assertThat(candles.source()).contains(CandleSource.BACKFILL, CandleSource.LIVE);
            for (int i = 1; i < candles.count(); i++) {
                assertThat(candles.openTimeMs()[i]).isEqualTo(candles.openTimeMs()[i - 1] + 3_600_000L);
            }
            assertThat(candles.closed()[candles.count() - 1]).isFalse();
            assertThat(candles.closed()[candles.count() - 2]).isTrue();
            assertThat(h.statuses(btc.id(), StreamKind.BOOK)).extracting(BinanceSimHarness.Status::status)
                .startsWith(StreamStatus.SYNCING, StreamStatus.LIVE);
        }
    }

    @Test
    void shouldResyncOnlyTheGappedSymbolAfterADroppedDiff() throws Exception {
        try (BinanceSimHarness h = new BinanceSimHarness(synthetic(), c -> c)) {
            h.awaitAllSynced(10_000);
            final Instrument btc = h.instrument("BTCUSDT");
            final Instrument eth = h.instrument("ETHUSDT");
            final long ethSnapshots = h.adapter.depthSnapshots("ETHUSDT");
            h.sim.faults().dropDepthDiffs("BTCUSDT", 1);
            BinanceSimHarness.await(() -> h.adapter.depthGaps("BTCUSDT") == 1, 5_000, "the gap");
            final long gapAt = System.currentTimeMillis();
            BinanceSimHarness.await(() -> h.adapter.depthSynced("BTCUSDT"), 2_000, "the resync");
            assertThat(System.currentTimeMillis() - gapAt).isLessThan(2_000);
            // Status events reach the listener through the engine's thread, a moment after the adapter's state.
            BinanceSimHarness.await(() -> h.statuses(btc.id(), StreamKind.BOOK).stream()
                .map(BinanceSimHarness.Status::status).toList().lastIndexOf(StreamStatus.LIVE) > 2, 2_000,
                "RESYNCED then LIVE published");
            assertThat(h.statuses(btc.id(), StreamKind.BOOK)).extracting(BinanceSimHarness.Status::status)
                .containsSubsequence(StreamStatus.LIVE, StreamStatus.GAP, StreamStatus.RESYNCED, StreamStatus.LIVE);
            h.stopMarketAndAssertBooksEqual(2_000);
            assertThat(h.adapter.depthGaps("ETHUSDT")).isZero();
            assertThat(h.adapter.depthSnapshots("ETHUSDT")).isEqualTo(ethSnapshots);
            assertThat(h.statuses(eth.id(), StreamKind.BOOK)).extracting(BinanceSimHarness.Status::status)
                .containsExactly(StreamStatus.SYNCING, StreamStatus.LIVE);
        }
    }

    @Test
    void shouldReconnectResubscribeAndBackfillMissedTradesAfterADisconnect() throws Exception {
        try (BinanceSimHarness h = new BinanceSimHarness(synthetic(),
            c -> c.withReconnectDelays(800, 1_000))) {
            h.awaitAllSynced(10_000);
            final Instrument btc = h.instrument("BTCUSDT");
            BinanceSimHarness.await(() -> h.trades(btc.id()).size() > 10, 5_000, "live trades");
            final long opens = h.adapter.opens();
            assertThat(h.sim.faults().disconnect(Venue.BINANCE_USDM, Selector.ALL, CloseKind.ABNORMAL))
                .isEqualTo(2);
            BinanceSimHarness.await(() -> h.adapter.opens() >= opens + 2, 5_000, "reconnects");
            h.awaitAllSynced(5_000);
            BinanceSimHarness.await(() -> h.adapter.tradesBackfilled("BTCUSDT") > 0
                && !h.adapter.tradesBackfilling("BTCUSDT"), 5_000, "trade backfill");
            Thread.sleep(500);
            h.stopMarketAndAssertBooksEqual(3_000);
            Thread.sleep(300);
            h.assertTradesMatchSimulator("BTCUSDT");
            final List<BinanceSimHarness.Trade> trades = h.trades(btc.id());
            assertThat(trades).anyMatch(t -> t.flags() == TradeRing.FLAG_BACKFILLED);
            assertThat(h.statuses(btc.id(), StreamKind.BOOK)).extracting(BinanceSimHarness.Status::status)
                .containsSubsequence(StreamStatus.LIVE, StreamStatus.DISCONNECTED, StreamStatus.SYNCING,
                    StreamStatus.LIVE);
        }
    }

    @Test
    void shouldCountMalformedFramesAndRideOutA429Storm() throws Exception {
        try (BinanceSimHarness h = new BinanceSimHarness(synthetic(), c -> c)) {
            h.awaitAllSynced(10_000);
            h.sim.faults().malformed(Venue.BINANCE_USDM, Selector.ALL, true);
            h.sim.faults().malformed(Venue.BINANCE_USDM, Selector.ALL, false);
            BinanceSimHarness.await(() -> h.adapter.malformedFrames() >= 4, 5_000, "malformed frames counted");
            h.sim.faults().restFault(Venue.BINANCE_USDM,
                new RestFault(RestFault.Kind.TOO_MANY_REQUESTS, "/depth", 1000), 5);
            h.sim.faults().dropDepthDiffs("BTCUSDT", 1);
            BinanceSimHarness.await(() -> h.adapter.depthGaps("BTCUSDT") >= 1, 5_000, "the gap");
            BinanceSimHarness.await(() -> h.adapter.depthSynced("BTCUSDT"), 15_000, "the resync after 429s");
            assertThat(h.adapter.restRateLimited()).isGreaterThanOrEqualTo(1);
            h.stopMarketAndAssertBooksEqual(3_000);
            assertThat(h.adapter.opens()).isEqualTo(2);
        }
    }
}
