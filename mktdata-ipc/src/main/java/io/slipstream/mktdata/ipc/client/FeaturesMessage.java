package io.slipstream.mktdata.ipc.client;

import java.util.List;

/**
 * One instrument's order-flow features, as the engine computed them at {@link #receiveTimeNs()} (docs/features.md
 * defines every field). Undefined values are NaN; each message is a complete state.
 *
 * @param header                 common fields
 * @param bookSeq                the book stream's seq the book features were computed at
 * @param tradeSeq               the trade stream's seq the windows end at
 * @param mid                    mid price
 * @param spreadBps              spread, bps of mid
 * @param spreadVelocityBpsPerS  change of the spread since the previous features, bps per second
 * @param imbalanceBps           the band of {@code depthImbalance}, bps
 * @param depthImbalance         (bid - ask) / (bid + ask) depth within {@code imbalanceBps}, -1..1
 * @param visibleDepthBps        how far the book reaches on its shallower side, bps
 * @param midAgeMs               age of the book's last update, ms (NaN if none)
 * @param counterpart            the same asset's symbol on the other venue, or null
 * @param counterpartBookSeq     the counterpart's book seq the basis was computed at
 * @param basisBps               (mid - counterpart mid) / counterpart mid, bps
 * @param counterpartMidAgeMs    age of the counterpart book's last update, ms (NaN if none)
 * @param windows                trade-flow windows, in configuration order
 * @param bands                  depth bands, in configuration order
 */
public record FeaturesMessage(MessageHeader header, long bookSeq, long tradeSeq, double mid, double spreadBps,
                              double spreadVelocityBpsPerS, double imbalanceBps, double depthImbalance,
                              double visibleDepthBps, double midAgeMs, String counterpart, long counterpartBookSeq,
                              double basisBps, double counterpartMidAgeMs, List<FeatureWindow> windows,
                              List<DepthBand> bands) implements StreamMessage {

    /** Copies the lists. */
    public FeaturesMessage {
        windows = List.copyOf(windows);
        bands = List.copyOf(bands);
    }

    /** @param windowMs a window length @return that window, or null if the daemon computes no such window */
    public FeatureWindow window(final long windowMs) {
        for (final FeatureWindow window : windows) {
            if (window.windowMs() == windowMs) {
                return window;
            }
        }
        return null;
    }
}
