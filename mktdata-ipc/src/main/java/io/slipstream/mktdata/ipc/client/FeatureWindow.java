package io.slipstream.mktdata.ipc.client;

/**
 * The trade flow of one window of a {@link FeaturesMessage} (docs/features.md): trades with receive time in
 * {@code (t - windowMs, t]}, backfilled trades excluded. NaN where undefined (no trades).
 *
 * @param windowMs           the window's length, ms
 * @param tradeCount         trades in it
 * @param buyVolume          base volume bought by takers
 * @param sellVolume         base volume sold by takers
 * @param buyNotional        quote notional bought by takers
 * @param sellNotional       quote notional sold by takers
 * @param signedNotional     buy minus sell notional
 * @param toxicity           |signed notional| / total notional, 0..1
 * @param aggressorImbalance (buy - sell volume) / (buy + sell volume), -1..1
 * @param arrivalRate        trades per second
 * @param vwap               volume-weighted average price
 * @param vwapDeviationBps   (mid - vwap) / vwap, bps
 */
public record FeatureWindow(long windowMs, long tradeCount, double buyVolume, double sellVolume, double buyNotional,
                            double sellNotional, double signedNotional, double toxicity, double aggressorImbalance,
                            double arrivalRate, double vwap, double vwapDeviationBps) {
}
