package io.slipstream.mktdata.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.engine.CandleView;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.trade.TradeRing;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.binance.BinanceConfig;
import io.slipstream.mktdata.venuesim.fault.Selector;
import io.slipstream.mktdata.venuesim.market.LevelChanges;
import io.slipstream.mktdata.venuesim.market.SimCandle;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SimTrade;
import io.slipstream.mktdata.venuesim.net.CloseKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adapter against venue-sim faults that hit every symbol at once: a resync storm and a long outage. */
class BinanceFaultSimTest {
    private static final long MINUTE_MS = 60_000;
    private static final int STORM_SYMBOLS = 200;
    /** The adapter's full depth snapshot: limit 1000, weight 20. */
    private static final int SNAPSHOT_WEIGHT = 20;
    private static final int STORM_WEIGHT = STORM_SYMBOLS * SNAPSHOT_WEIGHT;
    /**
     * The simulated venue's REST weight per minute. The adapter reads it from exchangeInfo and allows itself 80 %,
     * 4,800: the initial sync (200 snapshots, 4,000, plus exchangeInfo) fits in one minute, a storm on top of it
     * does not: fired blindly into that minute, 200 snapshots (4,000) meet a venue with under 2,000 left, so the
     * fourth refused request would be answered 418. Below 4,000 a lone storm would not fit either, but then the
     * initial sync and the storm would each wait for a minute of the wall clock (both sides count whole minutes),
     * over a minute of test for nothing more.
     */
    private static final int VENUE_WEIGHT_PER_MINUTE = 6_000;
    /** Refused requests in a minute up to the first 418: a 429, then RequestWeightLimiter.IGNORED_429_BEFORE_BAN. */
    private static final int REFUSALS_BEFORE_BAN = 4;
    /** Start to every book synced with 200 symbols, with room to spare on a busy machine. */
    private static final long INITIAL_SYNC_ALLOWANCE_MS = 8_000;
    /** A storm is fired only this far from the end of a minute, so its first requests land in that minute. */
    private static final long STORM_LEAD_MS = 5_000;

    private static long msLeftInMinute() {
        return MINUTE_MS - Math.floorMod(System.currentTimeMillis(), MINUTE_MS);
    }

    /**
     * Both the venue and the adapter count weight per whole minute of the wall clock, so a storm that really has to
     * wait for room ends at the next minute: this test takes from a few seconds to a little over a minute, depending
     * on where in the minute it starts (it cannot be made shorter without shortening the venue's window).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldNeverProvokeA418WhenTwoHundredSymbolsResyncAtOnce() throws Exception {
        if (msLeftInMinute() < INITIAL_SYNC_ALLOWANCE_MS) {
            // An initial sync split over two minutes would leave the second one too empty for the storm to bind.
            Thread.sleep(msLeftInMinute() + 100);
        }
        // 4,000 events/s: the least active of 200 Zipf-weighted symbols still gets several diffs a second, so every
        // symbol syncs and notices its dropped diff quickly; 10 levels a side keep 200 books and snapshots light.
        final VenueSim sim = VenueSim.builder().synthetic(STORM_SYMBOLS, 7, 4_000).bookLevels(10)
            .binance(BinanceConfig.defaults().withRequestWeightPerMinute(VENUE_WEIGHT_PER_MINUTE)).start();
        // No candles: their backfill (weight 10 a page per symbol and interval) would compete for the same budget.
        try (BinanceSimHarness h = new BinanceSimHarness(sim, c -> c.withCandles(List.of(), i -> 1))) {
            final List<String> symbols = h.adapter.symbols();
            assertThat(symbols).hasSize(STORM_SYMBOLS);
            assertThat(h.adapter.budget().limitPerMinute()).as("80 % of the limit exchangeInfo states")
                .isEqualTo(VENUE_WEIGHT_PER_MINUTE * 8 / 10);
            h.awaitAllSynced(30_000);

            int storms = 0;
            boolean bound = false;
            while (!bound) {
                if (msLeftInMinute() < STORM_LEAD_MS) {
                    Thread.sleep(msLeftInMinute() + 100);
                    continue;
                }
                assertThat(storms).as("storms fired without the budget binding").isLessThan(3);
                // Fired blindly now, the storm would draw a 418: what the adapter must avoid. If a minute began
                // since the last sync, this one is a filler that uses up the new minute for the next storm.
                bound = sim.binance().restUsedWeight() + STORM_WEIGHT
                    > VENUE_WEIGHT_PER_MINUTE + REFUSALS_BEFORE_BAN * SNAPSHOT_WEIGHT;
                final long minute = System.currentTimeMillis() / MINUTE_MS;
                final int storm = ++storms;
                for (final String symbol : symbols) {
                    sim.faults().dropDepthDiffs(symbol, 1);
                }
                BinanceSimHarness.await(() -> symbols.stream().allMatch(s -> h.adapter.depthGaps(s) >= storm),
                    10_000, "a gap on every book");
                BinanceSimHarness.await(() -> symbols.stream().allMatch(h.adapter::depthSynced),
                    msLeftInMinute() + 20_000, "every book resynced");
                if (bound) {
                    assertThat(System.currentTimeMillis() / MINUTE_MS).as("the storm waited for the next minute")
                        .isGreaterThan(minute);
                }
            }

            assertThat(sim.binance().restBanned()).as("418 answers").isZero();
            assertThat(sim.binance().restTooManyRequests()).as("429 answers").isZero();
            assertThat(h.adapter.restRateLimited()).isZero();
            for (final String symbol : symbols) {
                assertThat(h.adapter.depthSnapshots(symbol)).as("snapshots of " + symbol)
                    .isGreaterThanOrEqualTo(1 + storms);
            }
            h.stopMarketAndAssertBooksEqual(10_000);
        }
    }

    /**
     * 40 books: the initial sync (40 full snapshots, 800) leaves under 800 of the minute's 1,280, so a resync of every
     * book at full depth would make most of them wait for the next minute; the adapter switches to 500 levels
     * (weight 10) once only the reserve for every book's reduced snapshot is left, and all 40 fit now.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldResyncEveryBookAtHalfDepthWithinTheMinuteWhenFullSnapshotsWouldNotFit() throws Exception {
        final int symbolCount = 40;
        if (msLeftInMinute() < 30_000) {
            Thread.sleep(msLeftInMinute() + 100);
        }
        final long minute = System.currentTimeMillis() / MINUTE_MS;
        final VenueSim sim = VenueSim.builder().synthetic(symbolCount, 11, 2_000).bookLevels(10)
            .binance(BinanceConfig.defaults().withRequestWeightPerMinute(1_600)).start();
        try (BinanceSimHarness h = new BinanceSimHarness(sim, c -> c.withCandles(List.of(), i -> 1))) {
            final List<String> symbols = h.adapter.symbols();
            h.awaitAllSynced(15_000);
            assertThat(h.adapter.budget().remaining()).as("room left after the initial sync")
                .isLessThan((long) symbolCount * SNAPSHOT_WEIGHT)
                .isGreaterThanOrEqualTo((long) symbolCount * BinanceDepthSync.REDUCED_SNAPSHOT_WEIGHT);
            final int usedBefore = sim.binance().restUsedWeight();
            for (final String symbol : symbols) {
                sim.faults().dropDepthDiffs(symbol, 1);
            }
            BinanceSimHarness.await(() -> symbols.stream().allMatch(s -> h.adapter.depthGaps(s) >= 1),
                10_000, "a gap on every book");
            BinanceSimHarness.await(() -> symbols.stream().allMatch(h.adapter::depthSynced), 15_000,
                "every book resynced");
            assertThat(System.currentTimeMillis() / MINUTE_MS).as("every book back within the same minute")
                .isEqualTo(minute);
            assertThat(sim.binance().restUsedWeight() - usedBefore).as("the resync's weight: mostly half-depth")
                .isGreaterThanOrEqualTo(symbolCount * BinanceDepthSync.REDUCED_SNAPSHOT_WEIGHT)
                .isLessThan(symbolCount * SNAPSHOT_WEIGHT * 3 / 4);
            assertThat(sim.binance().restTooManyRequests()).as("429 answers").isZero();
            h.stopMarketAndAssertBooksEqual(10_000);
        }
    }

    /**
     * A cut while trade backfills still wait for REST weight (the minute spent, as by a resync storm), then a second
     * cut: the backfills must carry on across both and every trade arrive once, in order.
     */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldKeepEveryTradeWhenTheSocketIsCutTwiceWhileBackfillsWaitForWeight() throws Exception {
        if (msLeftInMinute() < 25_000) {
            Thread.sleep(msLeftInMinute() + 100);
        }
        final VenueSim sim = VenueSim.builder().synthetic(2, 5, 400).bookLevels(10).start();
        try (BinanceSimHarness h = new BinanceSimHarness(sim, c -> c.withReconnectDelays(100, 500)
            .withCandles(List.of(), i -> 1))) {
            final List<String> symbols = h.adapter.symbols();
            h.awaitAllSynced(10_000);
            BinanceSimHarness.await(() -> symbols.stream().allMatch(s -> h.trades(h.instrument(s).id()).size() > 5),
                10_000, "live trades");
            h.adapter.budget().acquire(h.adapter.budget().remaining());
            assertThat(sim.faults().disconnect(Venue.BINANCE_USDM, Selector.ALL, CloseKind.ABNORMAL)).isEqualTo(2);
            BinanceSimHarness.await(() -> symbols.stream().allMatch(h.adapter::tradesBackfilling), 10_000,
                "backfills waiting for weight after the reconnect");
            Thread.sleep(1_000);
            assertThat(sim.faults().disconnect(Venue.BINANCE_USDM, Selector.ALL, CloseKind.ABNORMAL)).isEqualTo(2);
            BinanceSimHarness.await(() -> symbols.stream().allMatch(s -> !h.adapter.tradesBackfilling(s)
                && h.adapter.tradesBackfilled(s) > 0), msLeftInMinute() + 30_000, "backfills done in the next minute");
            sim.stopMarket();
            for (final String symbol : symbols) {
                final long lastSimTrade = lastSimTradeId(sim, symbol);
                BinanceSimHarness.await(() -> {
                    final List<BinanceSimHarness.Trade> got = h.trades(h.instrument(symbol).id());
                    return got.get(got.size() - 1).id() == lastSimTrade;
                }, 5_000, "the last trade of " + symbol);
                h.assertTradesMatchSimulator(symbol);
            }
            assertThat(h.adapter.restRateLimited()).isZero();
        }
    }

    /**
     * The synthetic market's clock is wall time when paced, and unpaced it stamps 100,000 events per second of
     * market time: five minutes would be 30 million events, and the venue keeps only the last 20,000 trades of a
     * symbol for aggTrades. So the outage is driven by hand: the market thread is stopped and this test moves the
     * market clock through 6.5 minutes in 100 ms steps, trading and requoting every symbol, then keeps the market
     * going at wall pace (6.5 minutes ahead of the wall clock) while the adapter recovers.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldBackfillTradesAndCandlesAfterAFiveMinuteOutageOfMarketTime() throws Exception {
        final VenueSim sim = VenueSim.builder().synthetic(3, 11, 600).bookLevels(20).start();
        try (BinanceSimHarness h = new BinanceSimHarness(sim, c -> c.withReconnectDelays(100, 500)
            .withCandles(List.of(CandleInterval.M1, CandleInterval.M15, CandleInterval.H1, CandleInterval.H4),
                i -> 300))) {
            final List<String> symbols = h.adapter.symbols();
            h.awaitAllSynced(10_000);
            BinanceSimHarness.await(() -> symbols.stream().allMatch(s -> h.trades(h.instrument(s).id()).size() > 5
                && h.adapter.liveCandles(s) > 0 && candleStreamsLive(h, s) >= 4), 10_000,
                "live trades, and every candle backfill done");

            // From here on this thread (then the driver) is the market's only writer, as the renderers expect.
            sim.stopMarket();
            sim.faults().refuseConnections(Venue.BINANCE_USDM, 60_000);
            assertThat(sim.faults().disconnect(Venue.BINANCE_USDM, Selector.ALL, CloseKind.ABNORMAL)).isEqualTo(2);
            BinanceSimHarness.await(() -> symbols.stream().allMatch(s -> h.statuses(h.instrument(s).id(),
                StreamKind.BOOK).stream().anyMatch(st -> st.status() == StreamStatus.DISCONNECTED)), 5_000,
                "the adapter cut off");
            final HandDrivenMarket market = new HandDrivenMarket(sim.market(), 99);
            final Map<String, Long> firstOutageTrade = new HashMap<>();
            for (final String symbol : symbols) {
                firstOutageTrade.put(symbol, lastSimTradeId(sim, symbol) + 1);
            }
            final long outageStartMs = sim.market().nowMs();
            final long outageEndMs = outageStartMs + 390_000;
            for (long t = outageStartMs + 100; t <= outageEndMs; t += 100) {
                market.step(t);
            }
            final Map<String, Long> lastOutageTrade = new HashMap<>();
            for (final String symbol : symbols) {
                lastOutageTrade.put(symbol, lastSimTradeId(sim, symbol));
                assertThat(lastOutageTrade.get(symbol) - firstOutageTrade.get(symbol)).as("outage trades of "
                    + symbol).isGreaterThan(1_000);
            }
            final Thread driver = market.driveAtWallPace(outageEndMs - System.currentTimeMillis());
            sim.faults().refuseConnections(Venue.BINANCE_USDM, 0);
            final long faultEndedAt = System.currentTimeMillis();

            // (a) every book back in sync, and equal to the venue's, within 2 s of the fault's end
            h.awaitAllSynced(2_000);
            market.stop(driver);
            h.stopMarketAndAssertBooksEqual(Math.max(100, faultEndedAt + 2_000 - System.currentTimeMillis()));
            BinanceSimHarness.await(() -> symbols.stream().allMatch(s -> h.adapter.tradesBackfilled(s) > 0
                && !h.adapter.tradesBackfilling(s) && candleStreamsLive(h, s) >= 8), 10_000,
                "trade and candle backfills after the reconnect");
            // Push the klines once more: the harness's last trade came after the tick that pushed them.
            sim.market().advanceTo(sim.market().nowMs() + 300);

            for (final String symbol : symbols) {
                final Instrument instrument = h.instrument(symbol);
                // (b) every trade once, in order, none missing; those of the outage from the REST backfill
                final long lastSimTrade = lastSimTradeId(sim, symbol);
                BinanceSimHarness.await(() -> {
                    final List<BinanceSimHarness.Trade> got = h.trades(instrument.id());
                    return got.get(got.size() - 1).id() == lastSimTrade;
                }, 3_000, "the last trade of " + symbol);
                h.assertTradesMatchSimulator(symbol);
                final List<BinanceSimHarness.Trade> outage = h.trades(instrument.id()).stream()
                    .filter(t -> t.id() >= firstOutageTrade.get(symbol) && t.id() <= lastOutageTrade.get(symbol))
                    .toList();
                assertThat(outage).as("outage trades of " + symbol)
                    .hasSize((int) (lastOutageTrade.get(symbol) - firstOutageTrade.get(symbol) + 1))
                    .allMatch(t -> (t.flags() & TradeRing.FLAG_BACKFILLED) != 0);

                // (c) every minute the venue traded in is a real candle in the engine, with the venue's values
                final SimSymbol simSymbol = sim.market().binance(symbol);
                final List<SimTrade> simTrades = simSymbol.trades(1, -1, -1, 20_000);
                assertThat(simTrades.get(0).aggregateId()).as("the venue still holds every trade of the run")
                    .isEqualTo(1);
                final TreeSet<Long> tradedMinutes = new TreeSet<>();
                simTrades.forEach(t -> tradedMinutes.add(CandleInterval.M1.bucketStartMs(t.timeMs())));
                assertThat(tradedMinutes.subSet(outageStartMs, outageEndMs)).as("traded minutes in the outage")
                    .hasSizeGreaterThanOrEqualTo(5);
                final long deadline = System.currentTimeMillis() + 3_000;
                String mismatch = candleMismatch(h, instrument, simSymbol, tradedMinutes);
                while (mismatch != null && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                    mismatch = candleMismatch(h, instrument, simSymbol, tradedMinutes);
                }
                assertThat(mismatch).as("1m candles of " + symbol).isNull();
                final CandleView view = h.engine.queryCandles(new int[] {instrument.id()}, CandleInterval.M1, 2_000)
                    .get().get(instrument.id());
                for (int i = 0; i < view.count(); i++) {
                    if (view.openTimeMs()[i] > outageStartMs && view.openTimeMs()[i] + 60_000 <= outageEndMs) {
                        assertThat(view.source()[i]).as(symbol + " 1m candle wholly inside the outage")
                            .isEqualTo(CandleSource.BACKFILL);
                    }
                }
            }
            assertThat(h.adapter.restRateLimited()).isZero();
            assertThat(h.engine.rejections().total()).as(h.engine.rejections().snapshot().toString()).isZero();
        }
    }

    private static long lastSimTradeId(final VenueSim sim, final String symbol) {
        final SimTrade last = sim.market().binance(symbol).lastTrade();
        return last == null ? 0 : last.aggregateId();
    }

    /** @return how many times a candle stream of the symbol went LIVE (one per interval per backfill) */
    private static long candleStreamsLive(final BinanceSimHarness h, final String symbol) {
        return h.statuses(h.instrument(symbol).id(), StreamKind.CANDLES).stream()
            .filter(s -> s.status() == StreamStatus.LIVE).count();
    }

    /**
     * @return null if every traded minute is a real 1m candle in the engine with the venue's OHLC, volume and trade
     *         count, else what differs first
     */
    private static String candleMismatch(final BinanceSimHarness h, final Instrument instrument,
                                         final SimSymbol simSymbol, final TreeSet<Long> tradedMinutes) {
        final CandleView view = h.engine.queryCandles(new int[] {instrument.id()}, CandleInterval.M1, 2_000).join()
            .get(instrument.id());
        final Map<Long, Integer> byOpenTime = new HashMap<>();
        for (int i = 0; i < view.count(); i++) {
            byOpenTime.put(view.openTimeMs()[i], i);
        }
        for (final long minute : tradedMinutes) {
            final Integer i = byOpenTime.get(minute);
            if (i == null || view.source()[i] == CandleSource.MISSING) {
                return "no candle at " + minute + (i == null ? "" : " (a MISSING placeholder)");
            }
            final SimCandle expected = simSymbol.candles(CandleInterval.M1, minute, minute, 1, false).get(0);
            final long[] got = {view.open()[i], view.high()[i], view.low()[i], view.close()[i], view.volume()[i],
                view.tradeCount()[i]};
            final long[] want = {expected.open(), expected.high(), expected.low(), expected.close(),
                expected.volume(), expected.trades()};
            if (!Arrays.equals(got, want)) {
                return "candle at " + minute + " (" + view.source()[i] + "): OHLCV and trades "
                    + Arrays.toString(got) + ", venue " + Arrays.toString(want);
            }
        }
        return null;
    }

    /**
     * The simulator's market moved by the test once its own thread is stopped: every step trades at the touch of
     * some symbols (the book shows it) and requotes the touch, so books, tapes and candles keep changing.
     */
    private static final class HandDrivenMarket {
        private final SimMarket market;
        private final List<SimSymbol> symbols;
        private final Random random;
        private volatile boolean running = true;

        HandDrivenMarket(final SimMarket market, final long seed) {
            this.market = market;
            this.symbols = market.symbols();
            this.random = new Random(seed);
        }

        void step(final long timeMs) {
            market.advanceTo(timeMs);
            for (final SimSymbol symbol : symbols) {
                if (random.nextInt(3) == 0) {
                    trade(symbol);
                }
                requote(symbol);
            }
        }

        /** Moves on at wall pace, {@code offsetMs} ahead of the wall clock, until {@link #stop}. */
        Thread driveAtWallPace(final long offsetMs) {
            final Thread thread = new Thread(() -> {
                while (running) {
                    step(System.currentTimeMillis() + offsetMs);
                    try {
                        Thread.sleep(20);
                    } catch (final InterruptedException e) {
                        return;
                    }
                }
            }, "hand-driven-market");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        void stop(final Thread thread) throws InterruptedException {
            running = false;
            thread.join(5_000);
            assertThat(thread.isAlive()).as("market driver stopped").isFalse();
        }

        private void trade(final SimSymbol symbol) {
            final boolean takerBuys = random.nextBoolean();
            final long price;
            final long available;
            synchronized (symbol) {
                final L2Book book = symbol.book();
                if (!book.isTwoSided()) {
                    return;
                }
                price = takerBuys ? book.bestAskPrice() : book.bestBidPrice();
                available = takerBuys ? book.bestAskSize() : book.bestBidSize();
            }
            final long size = Math.min(available, (1 + random.nextInt(3)) * symbol.lotMantissa());
            market.trade(symbol, price, size, !takerBuys, 1 + random.nextInt(2));
            final LevelChanges update = market.beginUpdate();
            (takerBuys ? update.asks() : update.bids()).add(price, available - size);
            market.applyUpdate(symbol, 1);
        }

        /** Resizes the touch, or closes a spread wider than a tick, so the book never empties nor crosses. */
        private void requote(final SimSymbol symbol) {
            final long bid;
            final long ask;
            synchronized (symbol) {
                bid = symbol.book().bestBidPrice();
                ask = symbol.book().bestAskPrice();
            }
            if (bid == L2Book.NO_PRICE && ask == L2Book.NO_PRICE) {
                return;
            }
            final long tick = symbol.tickMantissa();
            final long size = (1 + random.nextInt(20)) * symbol.lotMantissa();
            final LevelChanges update = market.beginUpdate();
            if (bid == L2Book.NO_PRICE || ask == L2Book.NO_PRICE) {
                // A side eaten away (the market may have been stopped in any state): quote it again a tick off.
                if (bid == L2Book.NO_PRICE) {
                    update.bids().add(ask - tick, size);
                } else {
                    update.asks().add(bid + tick, size);
                }
                market.applyUpdate(symbol, 1);
                return;
            }
            final boolean bidSide = random.nextBoolean();
            if (ask - bid > tick) {
                if (bidSide) {
                    update.bids().add(bid + tick, size);
                } else {
                    update.asks().add(ask - tick, size);
                }
            } else if (bidSide) {
                update.bids().add(bid, size);
            } else {
                update.asks().add(ask, size);
            }
            market.applyUpdate(symbol, 1);
        }
    }
}
