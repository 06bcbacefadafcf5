package io.slipstream.mktdata.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.slipstream.mktdata.venuesim.VenueSim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

class BrawlerQuoterExampleTest {
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldQuoteHyperliquidAroundTheBinanceMidFromBothAdaptersAndTheFeatures() throws Exception {
        final QuoteRule rule = QuoteRule.defaults();
        try (VenueSim sim = VenueSim.builder().synthetic(3, 42, 1_000).start();
             BrawlerQuoterExample quoter = BrawlerQuoterExample.start(BrawlerQuoterExample.binanceAt(sim),
                 BrawlerQuoterExample.hyperliquidAt(sim), rule)) {
            // Until both books have synced and the features have a basis (the first features need trades).
            final List<QuoteDecision> decisions = new ArrayList<>();
            final long deadlineMs = System.currentTimeMillis() + 60_000;
            while (decisions.size() < 4 && System.currentTimeMillis() < deadlineMs) {
                quoter.run(1, decision -> {
                    System.out.println(decision.line()); // what the example prints
                    if (decision.quoting() && decision.basisBps() != 0) {
                        decisions.add(decision);
                    }
                });
            }
            final BrawlerQuoterExample.Counts counts = quoter.counts();

            assertThat(decisions).hasSize(4);
            // More than the subscription snapshot: the books moved while the quoter ran.
            assertThat(counts.hyperliquidBookUpdates()).isGreaterThan(1);
            assertThat(counts.binanceBookUpdates()).isGreaterThan(1);
            assertThat(counts.featureEvents()).isPositive();
            for (final QuoteDecision d : decisions) {
                assertThat(d.line()).startsWith(d.line().substring(0, 8) + " quote BTC ");
                // venue-sim renders one market on both venues: the basis is small and the fair value near both.
                assertThat(Math.abs(d.basisBps())).isLessThan(50);
                assertThat(d.fairValue()).isCloseTo(d.binanceMid() * (1 + d.basisBps() / 10_000), within(1e-6));
                assertThat(d.toxicity()).isBetween(0.0, 1.0);
                assertThat(d.halfSpreadBps()).isCloseTo(
                    rule.baseHalfSpreadBps() * (1 + rule.toxicityWidening() * d.toxicity()), within(1e-12));
                assertThat(d.bidPrice()).isLessThan(d.askPrice()).isLessThan(d.hlBestAsk());
                assertThat(d.askPrice()).isGreaterThan(d.hlBestBid());
            }
        }
    }
}
