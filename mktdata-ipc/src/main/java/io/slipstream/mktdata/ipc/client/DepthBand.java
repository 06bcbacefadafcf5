package io.slipstream.mktdata.ipc.client;

/**
 * Book depth within {@code bandBps} of mid, per side, in base units (docs/features.md); bands wider than the
 * features' {@code visibleDepthBps} are truncated by what the venue shows.
 *
 * @param bandBps  distance from mid, bps
 * @param bidDepth bid size priced at or above {@code mid * (1 - bandBps / 10000)}
 * @param askDepth ask size priced at or below {@code mid * (1 + bandBps / 10000)}
 */
public record DepthBand(double bandBps, double bidDepth, double askDepth) {
}
