package io.slipstream.mktdata.venuesim.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleInterval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SyntheticMarketTest {
    /** Checks every update and trade as the market thread hands it out. */
    private static final class Checker implements MarketListener {
        final Map<String, Long> lastUpdateId = new HashMap<>();
        final Map<String, Long> lastAggregateId = new HashMap<>();
        long updates;
        long trades;
        long chainBreaks;
        long crossedBooks;
        long tradesOutsideTouch;

        @Override
        public void onBookUpdate(final SimSymbol symbol, final LevelChanges update) {
            final Long previous = lastUpdateId.put(symbol.binanceSymbol(), update.lastUpdateId());
            if (previous != null && (update.previousUpdateId() != previous
                || update.firstUpdateId() != previous + 1 || update.lastUpdateId() < update.firstUpdateId())) {
                chainBreaks++;
            }
            synchronized (symbol) {
                if (symbol.book().isCrossed()) {
                    crossedBooks++;
                }
            }
            updates++;
        }

        @Override
        public void onTrade(final SimSymbol symbol, final SimTrade trade) {
            final Long previous = lastAggregateId.put(symbol.binanceSymbol(), trade.aggregateId());
            if (previous != null && trade.aggregateId() != previous + 1) {
                chainBreaks++;
            }
            synchronized (symbol) {
                final L2Book book = symbol.book();
                final long touch = trade.buyerIsMaker() ? book.bestBidPrice() : book.bestAskPrice();
                if (touch != trade.priceMantissa()) {
                    tradesOutsideTouch++;
                }
            }
            trades++;
        }
    }

    private static Thread runFor(final SyntheticMarket synthetic, final long events) throws InterruptedException {
        final Thread thread = new Thread(synthetic, "market");
        thread.start();
        while (synthetic.eventsGenerated() < events) {
            Thread.sleep(5);
        }
        synthetic.stop();
        thread.join();
        return thread;
    }

    @Test
    void shouldKeepUpdateIdChainsTradeIdsAndUncrossedBooksForTwoHundredSymbols() throws InterruptedException {
        final SimMarket market = new SimMarket(System.currentTimeMillis());
        final SyntheticMarket synthetic = new SyntheticMarket(market, 200, 11, 0, 50);
        final Checker checker = new Checker();
        market.addListener(checker);

        runFor(synthetic, 200_000);

        assertThat(market.symbols()).hasSize(200);
        assertThat(checker.updates).isGreaterThan(100_000);
        assertThat(checker.trades).isGreaterThan(20_000);
        assertThat(checker.chainBreaks).isZero();
        assertThat(checker.crossedBooks).isZero();
        assertThat(checker.tradesOutsideTouch).isZero();
        assertThat(checker.lastUpdateId).hasSize(200);
    }

    @Test
    void shouldHoldStillWhilePausedAndResumeAtTheNewRateWithoutABurst() throws InterruptedException {
        final SimMarket market = new SimMarket(System.currentTimeMillis());
        final SyntheticMarket synthetic = new SyntheticMarket(market, 5, 3, 2_000, 10);
        final Checker checker = new Checker();
        market.addListener(checker);
        final Thread thread = new Thread(synthetic, "market");
        thread.start();
        while (synthetic.eventsGenerated() < 500) {
            Thread.sleep(5);
        }

        synthetic.pause();
        Thread.sleep(50);
        final long atPause = synthetic.eventsGenerated();
        final long clockAtPauseMs = market.nowMs();
        Thread.sleep(1_000);
        final long afterPause = synthetic.eventsGenerated();
        final long clockAfterPauseMs = market.nowMs();
        synthetic.eventsPerSecond(1_000);
        synthetic.resume();
        Thread.sleep(500);
        final long halfASecondLater = synthetic.eventsGenerated();
        synthetic.stop();
        thread.join();

        assertThat(afterPause).isEqualTo(atPause);
        assertThat(clockAfterPauseMs - clockAtPauseMs).as("the clock runs on").isGreaterThanOrEqualTo(900);
        // 1,000/s for 0.5 s is 500; the second paused (2,000 events at the old rate) is not made up.
        assertThat(halfASecondLater - afterPause).isBetween(300L, 700L);
        assertThat(checker.chainBreaks).isZero();
        assertThat(checker.crossedBooks).isZero();
    }

    @Test
    void shouldProduceTheSameMarketForTheSameSeed() throws InterruptedException {
        final long[] firstRun = bestPricesAfter(5_000, 3);
        final long[] secondRun = bestPricesAfter(5_000, 3);
        assertThat(secondRun).containsExactly(firstRun);
    }

    private static long[] bestPricesAfter(final long events, final long seed) throws InterruptedException {
        final SimMarket market = new SimMarket(1_700_000_000_000L);
        final SyntheticMarket synthetic = new SyntheticMarket(market, 5, seed, 0, 20);
        final long[] generated = {0};
        market.addListener(new MarketListener() {
            @Override
            public void onBookUpdate(final SimSymbol symbol, final LevelChanges update) {
                if (++generated[0] == events) {
                    synthetic.stop();
                }
            }
        });
        synthetic.run();
        final List<SimSymbol> symbols = market.symbols();
        final long[] prices = new long[symbols.size() * 2];
        for (int i = 0; i < symbols.size(); i++) {
            prices[2 * i] = symbols.get(i).book().bestBidPrice();
            prices[2 * i + 1] = symbols.get(i).book().bestAskPrice();
        }
        return prices;
    }

    @Test
    void shouldServeAtLeastFiveThousandContiguousCandlesOfHistoryPerInterval() {
        final long nowMs = System.currentTimeMillis();
        final SimMarket market = new SimMarket(nowMs);
        final SyntheticMarket synthetic = new SyntheticMarket(market, 2, 5, 0, 10);
        final SimSymbol btc = synthetic.symbols()[0];
        for (final CandleInterval interval : List.of(CandleInterval.M1, CandleInterval.M15, CandleInterval.H1,
            CandleInterval.H4)) {
            final long start = interval.plusBuckets(interval.bucketStartMs(nowMs), -5_000);
            final List<SimCandle> candles = btc.candles(interval, start, nowMs, 6_000, false);
            assertThat(candles).hasSizeGreaterThanOrEqualTo(5_000);
            for (int i = 1; i < candles.size(); i++) {
                assertThat(candles.get(i).openTimeMs()).isEqualTo(interval.nextBucketStartMs(
                    candles.get(i - 1).openTimeMs()));
                assertThat(candles.get(i).low()).isLessThanOrEqualTo(candles.get(i).high());
            }
        }
    }
}
