package io.slipstream.mktdata.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuoteRuleTest {
    private static final QuoteRule RULE = new QuoteRule(2.0, 2.0, true);

    @Test
    void shouldQuoteAroundTheBinanceMidPlusBasisWithTheBaseHalfSpreadWhenFlowIsBalanced() {
        final QuoteDecision d = RULE.decide(0, 49_990, 2.0, 0.0, 49_000, 51_000);

        assertThat(d.quoting()).isTrue();
        assertThat(d.fairValue()).isCloseTo(49_999.998, within(1e-6));
        assertThat(d.halfSpreadBps()).isEqualTo(2.0);
        // 49999.998 * (1 -/+ 0.0002) = 49989.998 / 50009.998, on the five-figure grid (steps of 1 at this price)
        assertThat(d.bidPrice()).isEqualTo(49_989);
        assertThat(d.askPrice()).isEqualTo(50_010);
    }

    @Test
    void shouldWidenTheSpreadWithToxicity() {
        final QuoteDecision calm = RULE.decide(0, 100_000, 0, 0.0, 99_000, 101_000);
        final QuoteDecision toxic = RULE.decide(0, 100_000, 0, 0.75, 99_000, 101_000);

        assertThat(toxic.halfSpreadBps()).isEqualTo(2.0 * (1 + 2.0 * 0.75));
        assertThat(toxic.askPrice() - toxic.bidPrice()).isGreaterThan(calm.askPrice() - calm.bidPrice());
    }

    @Test
    void shouldNeverCrossTheHyperliquidBook() {
        // Binance is far above Hyperliquid: the raw bid would lift Hyperliquid's ask.
        final QuoteDecision d = RULE.decide(0, 50_100, 0, 0.0, 49_990, 50_000);

        assertThat(d.bidPrice()).isEqualTo(49_999);
        assertThat(d.askPrice()).isEqualTo(50_111);

        // ...and far below it: the raw ask would hit Hyperliquid's bid.
        final QuoteDecision below = RULE.decide(0, 49_900, 0, 0.0, 49_990, 50_000);
        assertThat(below.askPrice()).isEqualTo(49_991);
        assertThat(below.bidPrice()).isEqualTo(49_890);
    }

    @Test
    void shouldTreatUnknownBasisAndToxicityAsZeroAndIgnoreTheBasisWhenToldTo() {
        final QuoteDecision unknown = RULE.decide(0, 100_000, Double.NaN, Double.NaN, 99_000, 101_000);
        final QuoteDecision noBasis = new QuoteRule(2.0, 2.0, false).decide(0, 100_000, 5.0, 0, 99_000, 101_000);

        assertThat(unknown.fairValue()).isEqualTo(100_000);
        assertThat(unknown.halfSpreadBps()).isEqualTo(2.0);
        assertThat(noBasis.fairValue()).isEqualTo(100_000);
    }

    @Test
    void shouldPullQuotesWithoutABinanceMidOrATwoSidedHyperliquidBook() {
        assertThat(RULE.decide(0, Double.NaN, 0, 0, 99_000, 101_000).reason()).isEqualTo("no Binance mid");
        assertThat(RULE.decide(0, 100_000, 0, 0, Double.NaN, 101_000))
            .satisfies(d -> assertThat(d.quoting()).isFalse())
            .satisfies(d -> assertThat(d.line()).contains("pull  BTC: Hyperliquid book not two-sided"));
    }

    @Test
    void shouldRoundToFiveSignificantFigures() {
        assertThat(QuoteRule.roundDown(2.345678)).isCloseTo(2.3456, within(1e-12));
        assertThat(QuoteRule.roundUp(2.345678)).isCloseTo(2.3457, within(1e-12));
        assertThat(QuoteRule.roundUp(97_000.2)).isEqualTo(97_001);
    }
}
