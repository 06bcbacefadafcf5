package io.slipstream.mktdata.examples;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What the Brawler-style quoter decided at one tick: its quotes on Hyperliquid and everything they came from.
 *
 * @param timeMs        when, UTC epoch ms
 * @param quoting       false when quotes are pulled ({@code reason} says why); prices are then NaN
 * @param reason        why quotes are pulled, or "" when quoting
 * @param binanceMid    the Binance mid the fair value starts from
 * @param basisBps      the basis added to it (a smoothed Hyperliquid-over-Binance basis), 0 when unknown
 * @param fairValue     {@code binanceMid * (1 + basisBps / 10000)}
 * @param toxicity      the Hyperliquid 10 s toxicity the spread was widened by, 0 without trades
 * @param halfSpreadBps the half-spread around the fair value, bps
 * @param bidPrice      the bid to quote, on Hyperliquid's price grid, below Hyperliquid's best ask
 * @param askPrice      the ask to quote, on Hyperliquid's price grid, above Hyperliquid's best bid
 * @param hlBestBid     Hyperliquid's best bid at the decision
 * @param hlBestAsk     Hyperliquid's best ask at the decision
 */
public record QuoteDecision(long timeMs, boolean quoting, String reason, double binanceMid, double basisBps,
                            double fairValue, double toxicity, double halfSpreadBps, double bidPrice,
                            double askPrice, double hlBestBid, double hlBestAsk) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * @param timeMs     when
     * @param reason     why
     * @param binanceMid the Binance mid (NaN if none)
     * @param hlBestBid  Hyperliquid's best bid (NaN if none)
     * @param hlBestAsk  Hyperliquid's best ask (NaN if none)
     * @return a decision to quote nothing
     */
    public static QuoteDecision pulled(final long timeMs, final String reason, final double binanceMid,
                                       final double hlBestBid, final double hlBestAsk) {
        return new QuoteDecision(timeMs, false, reason, binanceMid, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, hlBestBid, hlBestAsk);
    }

    /** @return the line the example prints for it */
    public String line() {
        final String time = TIME.format(Instant.ofEpochMilli(timeMs));
        if (!quoting) {
            return String.format(Locale.ROOT, "%s pull  BTC: %s", time, reason);
        }
        return String.format(Locale.ROOT,
            "%s quote BTC %.1f / %.1f | fair %.2f = binance mid %.2f %+.2f bps basis | tox10s %.2f -> half-spread "
                + "%.2f bps | hyperliquid %.1f / %.1f",
            time, bidPrice, askPrice, fairValue, binanceMid, basisBps, toxicity, halfSpreadBps, hlBestBid,
            hlBestAsk);
    }
}
