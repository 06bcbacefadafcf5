package io.slipstream.mktdata.feature;

import static io.slipstream.mktdata.event.EventLayout.BAND_ASK_DEPTH;
import static io.slipstream.mktdata.event.EventLayout.BAND_BID_DEPTH;
import static io.slipstream.mktdata.event.EventLayout.BAND_BPS;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_BASIS_BPS_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_BOOK_SEQUENCE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_COUNTERPART_BOOK_SEQUENCE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_COUNTERPART_MID_AGE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_DEPTH_IMBALANCE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_IMBALANCE_BAND_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_MID_AGE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_MID_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_SPREAD_BPS_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_SPREAD_VELOCITY_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_TRADE_SEQUENCE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_VISIBLE_DEPTH_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_AGGRESSOR_IMBALANCE;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_ARRIVAL_RATE;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_BUY_NOTIONAL;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_BUY_VOLUME;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_MS;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_SELL_NOTIONAL;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_SELL_VOLUME;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_SIGNED_NOTIONAL;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_TOXICITY;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_TRADE_COUNT;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_VWAP;
import static io.slipstream.mktdata.event.EventLayout.WINDOW_VWAP_DEVIATION_BPS;
import static io.slipstream.mktdata.event.EventLayout.bandField;
import static io.slipstream.mktdata.event.EventLayout.windowField;

import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.instrument.Venue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A copy of one features event with named accessors (docs/features.md): for embedded strategies and queries. Copying
 * allocates; an embedded listener that reads features on every event can read the {@link MarketEvent} directly with
 * {@link MarketEvent#featureDouble} and the {@code EventLayout.FEATURES_*} offsets instead.
 */
public final class FeatureView {
    private final MarketEvent event = new MarketEvent();

    private FeatureView(final ByteBuffer copy) {
        event.wrap(copy, 0, copy.capacity());
    }

    /**
     * @param features a well-formed features event
     * @return a copy of it
     * @throws IllegalArgumentException if it is not a features event
     */
    public static FeatureView copyOf(final MarketEvent features) {
        if (features.type() != EventType.FEATURES || !features.isWellFormed()) {
            throw new IllegalArgumentException("not a features event: " + features);
        }
        final ByteBuffer copy = ByteBuffer.allocate(features.length()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < features.length(); i++) {
            copy.put(i, features.buffer().get(features.offset() + i));
        }
        return new FeatureView(copy);
    }

    /**
     * @return the copied event, for code that reads features events generically (the IPC encoder); read it, do not
     *     wrap it over other bytes
     */
    public MarketEvent event() {
        return event;
    }

    /** @return the venue */
    public Venue venue() {
        return event.venue();
    }

    /** @return the instrument id */
    public int instrumentId() {
        return event.instrumentId();
    }

    /** @return the features' time: receive time of the event that triggered them, epoch ns */
    public long timeNs() {
        return event.receiveTimeNs();
    }

    /** @return the features stream's sequence of this event */
    public long streamSequence() {
        return event.streamSequence();
    }

    /** @return the book stream's sequence the book features were computed at */
    public long bookSequence() {
        return event.featureLong(FEATURES_BOOK_SEQUENCE_OFFSET);
    }

    /** @return the trade stream's sequence the trade windows end at */
    public long tradeSequence() {
        return event.featureLong(FEATURES_TRADE_SEQUENCE_OFFSET);
    }

    /** @return mid price, NaN if the book is one-sided */
    public double mid() {
        return event.featureDouble(FEATURES_MID_OFFSET);
    }

    /** @return spread, bps of mid */
    public double spreadBps() {
        return event.featureDouble(FEATURES_SPREAD_BPS_OFFSET);
    }

    /** @return change of the spread since the previous features, bps per second (NaN for the first) */
    public double spreadVelocityBpsPerS() {
        return event.featureDouble(FEATURES_SPREAD_VELOCITY_OFFSET);
    }

    /** @return the band of {@link #depthImbalance()}, bps of mid */
    public double imbalanceBandBps() {
        return event.featureDouble(FEATURES_IMBALANCE_BAND_OFFSET);
    }

    /** @return (bid - ask) / (bid + ask) size within the imbalance band, -1..1 */
    public double depthImbalance() {
        return event.featureDouble(FEATURES_DEPTH_IMBALANCE_OFFSET);
    }

    /** @return how far from mid the book shows levels on its shallower side, bps: bands beyond are truncated */
    public double visibleDepthBps() {
        return event.featureDouble(FEATURES_VISIBLE_DEPTH_OFFSET);
    }

    /** @return age of the book's last update at {@link #timeNs()}, ns, -1 if none */
    public long midAgeNs() {
        return event.featureLong(FEATURES_MID_AGE_OFFSET);
    }

    /** @return the same asset on the other venue, or -1 */
    public int counterpartId() {
        return event.featureCounterpartId();
    }

    /** @return the counterpart's book sequence the basis was computed at */
    public long counterpartBookSequence() {
        return event.featureLong(FEATURES_COUNTERPART_BOOK_SEQUENCE_OFFSET);
    }

    /** @return (mid - counterpart mid) / counterpart mid in bps, NaN if either is unknown */
    public double basisBps() {
        return event.featureDouble(FEATURES_BASIS_BPS_OFFSET);
    }

    /** @return age of the counterpart book's last update at {@link #timeNs()}, ns, -1 if none */
    public long counterpartMidAgeNs() {
        return event.featureLong(FEATURES_COUNTERPART_MID_AGE_OFFSET);
    }

    /** @return number of trade windows */
    public int windowCount() {
        return event.featureWindowCount();
    }

    /** @param w window @return its length, ms */
    public long windowMs(final int w) {
        return event.featureLong(windowField(w, WINDOW_MS));
    }

    /** @param w window @return trades in it (backfilled trades excluded) */
    public long tradeCount(final int w) {
        return event.featureLong(windowField(w, WINDOW_TRADE_COUNT));
    }

    /** @param w window @return base volume bought by takers */
    public double buyVolume(final int w) {
        return event.featureDouble(windowField(w, WINDOW_BUY_VOLUME));
    }

    /** @param w window @return base volume sold by takers */
    public double sellVolume(final int w) {
        return event.featureDouble(windowField(w, WINDOW_SELL_VOLUME));
    }

    /** @param w window @return quote notional bought by takers */
    public double buyNotional(final int w) {
        return event.featureDouble(windowField(w, WINDOW_BUY_NOTIONAL));
    }

    /** @param w window @return quote notional sold by takers */
    public double sellNotional(final int w) {
        return event.featureDouble(windowField(w, WINDOW_SELL_NOTIONAL));
    }

    /** @param w window @return buy minus sell notional: the flow's direction and size */
    public double signedNotional(final int w) {
        return event.featureDouble(windowField(w, WINDOW_SIGNED_NOTIONAL));
    }

    /** @param w window @return |signed notional| / total notional, 0..1 (NaN without trades) */
    public double toxicity(final int w) {
        return event.featureDouble(windowField(w, WINDOW_TOXICITY));
    }

    /** @param w window @return (buy - sell volume) / (buy + sell volume), -1..1 */
    public double aggressorImbalance(final int w) {
        return event.featureDouble(windowField(w, WINDOW_AGGRESSOR_IMBALANCE));
    }

    /** @param w window @return trades per second */
    public double arrivalRatePerS(final int w) {
        return event.featureDouble(windowField(w, WINDOW_ARRIVAL_RATE));
    }

    /** @param w window @return volume-weighted average price (NaN without trades) */
    public double vwap(final int w) {
        return event.featureDouble(windowField(w, WINDOW_VWAP));
    }

    /** @param w window @return (mid - vwap) / vwap, bps */
    public double vwapDeviationBps(final int w) {
        return event.featureDouble(windowField(w, WINDOW_VWAP_DEVIATION_BPS));
    }

    /** @return number of depth bands */
    public int bandCount() {
        return event.featureBandCount();
    }

    /** @param b band @return its distance from mid, bps */
    public double bandBps(final int b) {
        return event.featureDouble(bandField(windowCount(), b, BAND_BPS));
    }

    /** @param b band @return bid size within it, base units */
    public double bidDepth(final int b) {
        return event.featureDouble(bandField(windowCount(), b, BAND_BID_DEPTH));
    }

    /** @param b band @return ask size within it, base units */
    public double askDepth(final int b) {
        return event.featureDouble(bandField(windowCount(), b, BAND_ASK_DEPTH));
    }

    @Override
    public String toString() {
        return "FeatureView{" + venue() + " " + instrumentId() + " seq=" + streamSequence() + " mid=" + mid()
            + " spreadBps=" + spreadBps() + " imbalance=" + depthImbalance() + " basisBps=" + basisBps() + '}';
    }
}
