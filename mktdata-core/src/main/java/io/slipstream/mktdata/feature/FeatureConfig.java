package io.slipstream.mktdata.feature;

import io.slipstream.mktdata.event.EventLayout;

import java.util.Arrays;

/**
 * What the engine computes as order-flow features (docs/features.md): how often, over which trade windows, and at
 * which depth bands. Immutable.
 */
public final class FeatureConfig {
    /** Default cadence: at most one features event per instrument per second of receive time. */
    public static final long DEFAULT_INTERVAL_MS = 1_000;
    private static final long[] DEFAULT_WINDOWS_MS = {1_000, 10_000, 60_000};
    private static final double[] DEFAULT_BANDS_BPS = {5, 10, 25, 50, 100};
    /** Default band of the depth imbalance, bps of mid. */
    public static final double DEFAULT_IMBALANCE_BPS = 10;
    private static final FeatureConfig DEFAULTS =
        new FeatureConfig(true, DEFAULT_INTERVAL_MS, DEFAULT_WINDOWS_MS, DEFAULT_BANDS_BPS, DEFAULT_IMBALANCE_BPS);
    private static final FeatureConfig DISABLED =
        new FeatureConfig(false, DEFAULT_INTERVAL_MS, DEFAULT_WINDOWS_MS, DEFAULT_BANDS_BPS, DEFAULT_IMBALANCE_BPS);

    private final boolean enabled;
    private final long intervalMs;
    private final long[] windowsMs;
    private final double[] bandsBps;
    private final double imbalanceBps;

    private FeatureConfig(
        final boolean enabled, final long intervalMs, final long[] windowsMs, final double[] bandsBps,
        final double imbalanceBps) {
        this.enabled = enabled;
        this.intervalMs = intervalMs;
        this.windowsMs = windowsMs.clone();
        this.bandsBps = bandsBps.clone();
        this.imbalanceBps = imbalanceBps;
    }

    /** @return features on, every second, windows 1 s, 10 s and 60 s, bands 5, 10, 25, 50, 100 bps, imbalance 10 bps */
    public static FeatureConfig defaults() {
        return DEFAULTS;
    }

    /** @return no features computed */
    public static FeatureConfig disabled() {
        return DISABLED;
    }

    /**
     * @param intervalMs   least time between two features events of one instrument, ms of receive time (1..3600000)
     * @param windowsMs    trade windows, ms, ascending, 1 to {@value EventLayout#FEATURES_MAX_WINDOWS} of them
     * @param bandsBps     depth bands, bps of mid, ascending, 1 to {@value EventLayout#FEATURES_MAX_BANDS}
     * @param imbalanceBps band of the depth imbalance, bps of mid (> 0)
     * @return the configuration
     * @throws IllegalArgumentException naming the first value out of range
     */
    public static FeatureConfig of(
        final long intervalMs, final long[] windowsMs, final double[] bandsBps, final double imbalanceBps) {
        if (intervalMs < 1 || intervalMs > 3_600_000) {
            throw new IllegalArgumentException("interval_ms must be within 1..3600000, not " + intervalMs);
        }
        if (windowsMs.length == 0 || windowsMs.length > EventLayout.FEATURES_MAX_WINDOWS) {
            throw new IllegalArgumentException(
                "windows_ms needs 1 to " + EventLayout.FEATURES_MAX_WINDOWS + " windows, not " + windowsMs.length);
        }
        for (int i = 0; i < windowsMs.length; i++) {
            if (windowsMs[i] < 1 || windowsMs[i] > 86_400_000 || (i > 0 && windowsMs[i] <= windowsMs[i - 1])) {
                throw new IllegalArgumentException(
                    "windows_ms must be ascending, each within 1..86400000: " + Arrays.toString(windowsMs));
            }
        }
        if (bandsBps.length == 0 || bandsBps.length > EventLayout.FEATURES_MAX_BANDS) {
            throw new IllegalArgumentException(
                "depth_bands_bps needs 1 to " + EventLayout.FEATURES_MAX_BANDS + " bands, not " + bandsBps.length);
        }
        for (int i = 0; i < bandsBps.length; i++) {
            if (!(bandsBps[i] > 0 && bandsBps[i] <= 10_000) || (i > 0 && bandsBps[i] <= bandsBps[i - 1])) {
                throw new IllegalArgumentException(
                    "depth_bands_bps must be ascending, each within (0, 10000]: " + Arrays.toString(bandsBps));
            }
        }
        if (!(imbalanceBps > 0 && imbalanceBps <= 10_000)) {
            throw new IllegalArgumentException("imbalance_bps must be within (0, 10000], not " + imbalanceBps);
        }
        return new FeatureConfig(true, intervalMs, windowsMs, bandsBps, imbalanceBps);
    }

    /** @return true if the engine computes features */
    public boolean enabled() {
        return enabled;
    }

    /** @return least time between two features events of one instrument, ms of receive time */
    public long intervalMs() {
        return intervalMs;
    }

    /** @return number of trade windows */
    public int windowCount() {
        return windowsMs.length;
    }

    /** @param window 0-based @return that window, ms */
    public long windowMs(final int window) {
        return windowsMs[window];
    }

    /** @return the longest window, ms: how long trades are kept */
    public long longestWindowMs() {
        return windowsMs[windowsMs.length - 1];
    }

    /** @return number of depth bands */
    public int bandCount() {
        return bandsBps.length;
    }

    /** @param band 0-based @return that band, bps of mid */
    public double bandBps(final int band) {
        return bandsBps[band];
    }

    /** @return band of the depth imbalance, bps of mid */
    public double imbalanceBps() {
        return imbalanceBps;
    }

    /** @return bytes of one features event under this configuration */
    public int eventLength() {
        return EventLayout.featuresLength(windowsMs.length, bandsBps.length);
    }

    @Override
    public String toString() {
        return "FeatureConfig{enabled=" + enabled + ", intervalMs=" + intervalMs + ", windowsMs="
            + Arrays.toString(windowsMs) + ", bandsBps=" + Arrays.toString(bandsBps) + ", imbalanceBps="
            + imbalanceBps + '}';
    }
}
