package io.slipstream.mktdata.venuesim.market;

/**
 * A deterministic, seeded price path defined at every minute, cheap to evaluate at any time: multi-scale value
 * noise whose amplitude grows with the square root of the scale, so it looks like a random walk at every
 * interval from 1m to 1M. Candle history for REST backfill is sampled from it; the live market starts where it
 * ends. Thread-safe (stateless).
 */
public final class PricePath {
    private static final long[] SCALES_MIN = {1, 4, 16, 64, 256, 1_024, 4_096, 16_384, 65_536, 262_144};

    private final long seed;
    private final double anchorPrice;
    private final long anchorMinute;
    private final double sigmaPerMinute;
    private final double anchorNoise;

    /**
     * @param seed           makes paths of different symbols independent
     * @param anchorPrice    the price at {@code anchorTimeMs}
     * @param anchorTimeMs   where the path passes through {@code anchorPrice}
     * @param sigmaPerMinute log-return volatility per minute (e.g. 0.0006)
     */
    public PricePath(final long seed, final double anchorPrice, final long anchorTimeMs,
                     final double sigmaPerMinute) {
        this.seed = seed;
        this.anchorPrice = anchorPrice;
        this.anchorMinute = Math.floorDiv(anchorTimeMs, 60_000L);
        this.sigmaPerMinute = sigmaPerMinute;
        this.anchorNoise = noise(anchorMinute * 60_000.0);
    }

    /**
     * @param timeMs epoch milliseconds
     * @return the path's price at that time
     */
    public double priceAt(final long timeMs) {
        return anchorPrice * Math.exp(noise(timeMs) - anchorNoise);
    }

    private double noise(final double timeMs) {
        final double minute = timeMs / 60_000.0;
        double total = 0;
        for (final long scale : SCALES_MIN) {
            final double position = minute / scale;
            final long cell = (long) Math.floor(position);
            final double fraction = position - cell;
            final double smooth = fraction * fraction * (3 - 2 * fraction);
            final double a = gaussian(cell, scale);
            final double b = gaussian(cell + 1, scale);
            total += (a + (b - a) * smooth) * sigmaPerMinute * Math.sqrt(scale);
        }
        return total;
    }

    private double gaussian(final long cell, final long scale) {
        long x = cell * 0x9E3779B97F4A7C15L ^ scale * 0xC2B2AE3D27D4EB4FL ^ seed;
        x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
        x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        // Sum of two uniforms in [-1, 1): a cheap, bounded bell shape.
        final double u1 = ((x >>> 11) & ((1L << 26) - 1)) / (double) (1L << 26);
        final double u2 = ((x >>> 37) & ((1L << 26) - 1)) / (double) (1L << 26);
        return (u1 + u2 - 1) * 1.7;
    }

    /** @return the minute the path is anchored at */
    public long anchorMinute() {
        return anchorMinute;
    }
}
