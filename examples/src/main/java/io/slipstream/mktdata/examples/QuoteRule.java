package io.slipstream.mktdata.examples;

/**
 * The Brawler-style quoting rule, a pure function so that it can be tested alone: fair value from the Binance mid
 * plus a basis, a half-spread around it widened by the Hyperliquid trade flow's toxicity, and quotes that never
 * cross Hyperliquid's book (they would take liquidity instead of making it), on Hyperliquid's price grid.
 *
 * @param baseHalfSpreadBps half-spread when the flow is balanced (toxicity 0), bps
 * @param toxicityWidening  how much one unit of toxicity widens it: half-spread = base * (1 + widening * toxicity)
 * @param useBasis          add the Hyperliquid-over-Binance basis to the Binance mid (else fair = Binance mid)
 */
public record QuoteRule(double baseHalfSpreadBps, double toxicityWidening, boolean useBasis) {
    /** Hyperliquid prices carry at most five significant figures. */
    private static final int SIGNIFICANT_FIGURES = 5;

    /** @return 2 bps half-spread, tripled by fully one-sided flow, basis on */
    public static QuoteRule defaults() {
        return new QuoteRule(2.0, 2.0, true);
    }

    /**
     * @param timeMs     when
     * @param binanceMid the Binance mid, NaN if its book is one-sided or empty
     * @param basisBps   Hyperliquid-over-Binance basis, NaN if unknown (then 0 is used)
     * @param toxicity   Hyperliquid's 10 s toxicity, 0..1, NaN without trades (then 0 is used)
     * @param hlBestBid  Hyperliquid's best bid, NaN if none
     * @param hlBestAsk  Hyperliquid's best ask, NaN if none
     * @return the decision
     */
    public QuoteDecision decide(final long timeMs, final double binanceMid, final double basisBps,
                                final double toxicity, final double hlBestBid, final double hlBestAsk) {
        if (Double.isNaN(binanceMid)) {
            return QuoteDecision.pulled(timeMs, "no Binance mid", binanceMid, hlBestBid, hlBestAsk);
        }
        if (Double.isNaN(hlBestBid) || Double.isNaN(hlBestAsk)) {
            return QuoteDecision.pulled(timeMs, "Hyperliquid book not two-sided", binanceMid, hlBestBid, hlBestAsk);
        }
        final double basis = useBasis && !Double.isNaN(basisBps) ? basisBps : 0;
        final double flow = Double.isNaN(toxicity) ? 0 : toxicity;
        final double fair = binanceMid * (1 + basis / 10_000);
        final double halfSpreadBps = baseHalfSpreadBps * (1 + toxicityWidening * flow);
        // Post-only: a bid at or above the best ask would trade; stay one tick inside the other side.
        final double bid = Math.min(fair * (1 - halfSpreadBps / 10_000), hlBestAsk - tick(hlBestAsk));
        final double ask = Math.max(fair * (1 + halfSpreadBps / 10_000), hlBestBid + tick(hlBestBid));
        return new QuoteDecision(timeMs, true, "", binanceMid, basis, fair, flow, halfSpreadBps,
            roundDown(bid), roundUp(ask), hlBestBid, hlBestAsk);
    }

    /** @param price a price @return the step of Hyperliquid's five-significant-figure grid at that price */
    static double tick(final double price) {
        return Math.pow(10, Math.floor(Math.log10(price)) - (SIGNIFICANT_FIGURES - 1));
    }

    static double roundDown(final double price) {
        final double tick = tick(price);
        return Math.floor(price / tick + 1e-9) * tick;
    }

    static double roundUp(final double price) {
        final double tick = tick(price);
        return Math.ceil(price / tick - 1e-9) * tick;
    }
}
