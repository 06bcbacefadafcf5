package io.slipstream.mktdata.feature;

import static io.slipstream.mktdata.event.EventLayout.BAND_ASK_DEPTH;
import static io.slipstream.mktdata.event.EventLayout.BAND_BID_DEPTH;
import static io.slipstream.mktdata.event.EventLayout.BAND_BPS;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_BAND_COUNT_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_BASIS_BPS_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_BOOK_SEQUENCE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_COUNTERPART_BOOK_SEQUENCE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_COUNTERPART_MID_AGE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_COUNTERPART_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_DEPTH_IMBALANCE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_IMBALANCE_BAND_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_MID_AGE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_MID_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_SPREAD_BPS_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_SPREAD_VELOCITY_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_TRADE_SEQUENCE_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_VISIBLE_DEPTH_OFFSET;
import static io.slipstream.mktdata.event.EventLayout.FEATURES_WINDOW_COUNT_OFFSET;
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

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.event.EventEncoder;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.instrument.Instrument;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Computes one features event of an instrument from its book, its recent trades and the book of the same asset on
 * the other venue. The formulas are those of docs/features.md, evaluated in this order so that the offline versions
 * (DuckDB SQL, the Python client's pandas functions) reproduce them from the recorded data. Owned by the engine
 * thread; no allocation once its level buffers have grown to the books' depth.
 */
public final class FeatureCalculator {
    private static final double BPS = 10_000.0;

    private final FeatureConfig config;
    private final LevelBuffer bids;
    private final LevelBuffer asks;
    private final double[] windowBuyVolume;
    private final double[] windowSellVolume;
    private final double[] windowBuyNotional;
    private final double[] windowSellNotional;
    private final double[] windowVolume;
    private final double[] windowNotional;
    private final long[] windowTrades;
    private final long[] windowStartNs;
    private final double[] bandBidDepth;
    private final double[] bandAskDepth;
    private final double[] bandLimits;

    /**
     * @param config         what to compute
     * @param expectedLevels levels per side the level buffers start with
     */
    public FeatureCalculator(final FeatureConfig config, final int expectedLevels) {
        this.config = config;
        this.bids = new LevelBuffer(expectedLevels);
        this.asks = new LevelBuffer(expectedLevels);
        final int windows = config.windowCount();
        windowBuyVolume = new double[windows];
        windowSellVolume = new double[windows];
        windowBuyNotional = new double[windows];
        windowSellNotional = new double[windows];
        windowVolume = new double[windows];
        windowNotional = new double[windows];
        windowTrades = new long[windows];
        windowStartNs = new long[windows];
        bandBidDepth = new double[config.bandCount()];
        bandAskDepth = new double[config.bandCount()];
        bandLimits = new double[config.bandCount()];
    }

    /** @return the configuration */
    public FeatureConfig config() {
        return config;
    }

    /**
     * Writes a whole features event ({@link FeatureConfig#eventLength()} bytes, header unstamped).
     *
     * @param out                    destination
     * @param offset                 where the event starts
     * @param instrument             the instrument
     * @param book                   its book
     * @param bookSequence           its book stream's last sequence
     * @param bookReceiveTimeNs      receive time of its book's last update (0: never)
     * @param trades                 its recent trades (backfilled ones excluded by the caller)
     * @param tradeSequence          its trade stream's last sequence
     * @param counterpart            the same asset on the other venue, or null
     * @param counterpartBook        its book, or null
     * @param counterpartSequence    its book stream's last sequence
     * @param counterpartReceiveTimeNs receive time of its book's last update (0: never)
     * @param exchangeTimeNs         venue time of the event that triggered the features
     * @param timeNs                 the features' time: receive time of that event, epoch ns
     * @param previousSpreadBps      spread of the previous features of the instrument (NaN: none)
     * @param previousTimeNs         time of the previous features (0: none)
     * @return the spread in bps written (NaN if the book is one-sided), to pass back as {@code previousSpreadBps}
     */
    public double write(
        final ByteBuffer out, final int offset, final Instrument instrument, final L2Book book,
        final long bookSequence, final long bookReceiveTimeNs, final TradeWindow trades, final long tradeSequence,
        final Instrument counterpart, final L2Book counterpartBook, final long counterpartSequence,
        final long counterpartReceiveTimeNs, final long exchangeTimeNs, final long timeNs,
        final double previousSpreadBps, final long previousTimeNs) {
        EventEncoder.header(out, offset, EventType.FEATURES, instrument.venue(), instrument.id(), exchangeTimeNs,
            timeNs);
        final int windows = config.windowCount();
        final int bands = config.bandCount();
        out.put(offset + FEATURES_WINDOW_COUNT_OFFSET, (byte) windows);
        out.put(offset + FEATURES_BAND_COUNT_OFFSET, (byte) bands);
        out.putShort(offset + FEATURES_WINDOW_COUNT_OFFSET + 2, (short) 0);
        out.putInt(offset + FEATURES_COUNTERPART_OFFSET, counterpart == null ? -1 : counterpart.id());
        out.putLong(offset + FEATURES_BOOK_SEQUENCE_OFFSET, bookSequence);
        out.putLong(offset + FEATURES_TRADE_SEQUENCE_OFFSET, tradeSequence);
        out.putLong(offset + FEATURES_COUNTERPART_BOOK_SEQUENCE_OFFSET, counterpart == null ? 0 : counterpartSequence);

        // Book: mid, spread, imbalance, bands, horizon.
        book.topN(Integer.MAX_VALUE, bids, asks);
        final double mid = mid(instrument, bids, asks);
        final double spreadBps = Double.isNaN(mid) ? Double.NaN
            : BPS * (instrument.price(asks.price(0)) - instrument.price(bids.price(0))) / mid;
        final double velocity = previousTimeNs == 0 || timeNs <= previousTimeNs ? Double.NaN
            : (spreadBps - previousSpreadBps) / ((timeNs - previousTimeNs) / 1e9);
        out.putDouble(offset + FEATURES_MID_OFFSET, mid);
        out.putDouble(offset + FEATURES_SPREAD_BPS_OFFSET, spreadBps);
        out.putDouble(offset + FEATURES_SPREAD_VELOCITY_OFFSET, velocity);
        final double imbalanceBps = config.imbalanceBps();
        final double imbalanceBid = bidDepth(instrument, mid, imbalanceBps);
        final double imbalanceAsk = askDepth(instrument, mid, imbalanceBps);
        out.putDouble(offset + FEATURES_IMBALANCE_BAND_OFFSET, imbalanceBps);
        out.putDouble(offset + FEATURES_DEPTH_IMBALANCE_OFFSET, ratio(imbalanceBid - imbalanceAsk,
            imbalanceBid + imbalanceAsk));
        out.putDouble(offset + FEATURES_VISIBLE_DEPTH_OFFSET, Double.isNaN(mid) ? Double.NaN : Math.min(
            BPS * (mid - instrument.price(bids.price(bids.count() - 1))) / mid,
            BPS * (instrument.price(asks.price(asks.count() - 1)) - mid) / mid));
        out.putLong(offset + FEATURES_MID_AGE_OFFSET, bookReceiveTimeNs == 0 ? -1 : timeNs - bookReceiveTimeNs);
        bandDepths(instrument, mid, bids, true, bandBidDepth);
        bandDepths(instrument, mid, asks, false, bandAskDepth);
        for (int band = 0; band < bands; band++) {
            out.putDouble(offset + bandField(windows, band, BAND_BPS), config.bandBps(band));
            out.putDouble(offset + bandField(windows, band, BAND_BID_DEPTH), bandBidDepth[band]);
            out.putDouble(offset + bandField(windows, band, BAND_ASK_DEPTH), bandAskDepth[band]);
        }

        // Basis to the same asset on the other venue.
        double basisBps = Double.NaN;
        long counterpartAgeNs = -1;
        if (counterpart != null && counterpartBook != null) {
            counterpartBook.topN(1, bids, asks);
            final double counterpartMid = mid(counterpart, bids, asks);
            if (!Double.isNaN(counterpartMid) && !Double.isNaN(mid)) {
                basisBps = BPS * (mid - counterpartMid) / counterpartMid;
                counterpartAgeNs = counterpartReceiveTimeNs == 0 ? -1 : timeNs - counterpartReceiveTimeNs;
            }
        }
        out.putDouble(offset + FEATURES_BASIS_BPS_OFFSET, basisBps);
        out.putLong(offset + FEATURES_COUNTERPART_MID_AGE_OFFSET, counterpartAgeNs);

        writeWindows(out, offset, trades, timeNs, mid);
        return spreadBps;
    }

    private void writeWindows(
        final ByteBuffer out, final int offset, final TradeWindow trades, final long timeNs, final double mid) {
        final int windows = config.windowCount();
        for (int w = 0; w < windows; w++) {
            windowBuyVolume[w] = 0;
            windowSellVolume[w] = 0;
            windowBuyNotional[w] = 0;
            windowSellNotional[w] = 0;
            windowVolume[w] = 0;
            windowNotional[w] = 0;
            windowTrades[w] = 0;
        }
        // Oldest first, as the offline versions sum them. A trade inside window w is inside every longer one.
        final long[] windowStartNs = this.windowStartNs;
        for (int w = 0; w < windows; w++) {
            windowStartNs[w] = timeNs - config.windowMs(w) * 1_000_000L;
        }
        final int count = trades.count();
        for (int i = 0; i < count; i++) {
            final int slot = trades.slot(i);
            final long receiveTimeNs = trades.receiveTimeNsAt(slot);
            if (receiveTimeNs > timeNs || receiveTimeNs <= windowStartNs[windows - 1]) {
                continue;
            }
            int first = 0;
            while (receiveTimeNs <= windowStartNs[first]) {
                first++;
            }
            final double price = trades.priceAt(slot);
            final double size = trades.sizeAt(slot);
            final double notional = price * size;
            final int sign = trades.sideSignAt(slot);
            for (int w = first; w < windows; w++) {
                windowTrades[w]++;
                windowVolume[w] += size;
                windowNotional[w] += notional;
                if (sign > 0) {
                    windowBuyVolume[w] += size;
                    windowBuyNotional[w] += notional;
                } else if (sign < 0) {
                    windowSellVolume[w] += size;
                    windowSellNotional[w] += notional;
                }
            }
        }
        for (int w = 0; w < windows; w++) {
            final double signed = windowBuyNotional[w] - windowSellNotional[w];
            final double vwap = windowVolume[w] > 0 ? windowNotional[w] / windowVolume[w] : Double.NaN;
            out.putLong(offset + windowField(w, WINDOW_MS), config.windowMs(w));
            out.putLong(offset + windowField(w, WINDOW_TRADE_COUNT), windowTrades[w]);
            out.putDouble(offset + windowField(w, WINDOW_BUY_VOLUME), windowBuyVolume[w]);
            out.putDouble(offset + windowField(w, WINDOW_SELL_VOLUME), windowSellVolume[w]);
            out.putDouble(offset + windowField(w, WINDOW_BUY_NOTIONAL), windowBuyNotional[w]);
            out.putDouble(offset + windowField(w, WINDOW_SELL_NOTIONAL), windowSellNotional[w]);
            out.putDouble(offset + windowField(w, WINDOW_SIGNED_NOTIONAL), signed);
            out.putDouble(offset + windowField(w, WINDOW_TOXICITY),
                ratio(Math.abs(signed), windowBuyNotional[w] + windowSellNotional[w]));
            out.putDouble(offset + windowField(w, WINDOW_AGGRESSOR_IMBALANCE),
                ratio(windowBuyVolume[w] - windowSellVolume[w], windowBuyVolume[w] + windowSellVolume[w]));
            out.putDouble(offset + windowField(w, WINDOW_ARRIVAL_RATE), windowTrades[w] / (config.windowMs(w) / 1e3));
            out.putDouble(offset + windowField(w, WINDOW_VWAP), vwap);
            out.putDouble(offset + windowField(w, WINDOW_VWAP_DEVIATION_BPS), BPS * (mid - vwap) / vwap);
        }
    }

    private static double mid(final Instrument instrument, final LevelBuffer bidLevels, final LevelBuffer askLevels) {
        if (bidLevels.count() == 0 || askLevels.count() == 0) {
            return Double.NaN;
        }
        return (instrument.price(bidLevels.price(0)) + instrument.price(askLevels.price(0))) / 2;
    }

    /** Bid size (base units) of levels priced at or above {@code mid * (1 - bps / 10000)}. */
    private double bidDepth(final Instrument instrument, final double mid, final double bps) {
        if (Double.isNaN(mid)) {
            return Double.NaN;
        }
        final double limit = mid * (1 - bps / BPS);
        double depth = 0;
        for (int i = 0; i < bids.count(); i++) {
            if (instrument.price(bids.price(i)) < limit) {
                break;
            }
            depth += instrument.size(bids.size(i));
        }
        return depth;
    }

    /** Ask size (base units) of levels priced at or below {@code mid * (1 + bps / 10000)}. */
    private double askDepth(final Instrument instrument, final double mid, final double bps) {
        if (Double.isNaN(mid)) {
            return Double.NaN;
        }
        final double limit = mid * (1 + bps / BPS);
        double depth = 0;
        for (int i = 0; i < asks.count(); i++) {
            if (instrument.price(asks.price(i)) > limit) {
                break;
            }
            depth += instrument.size(asks.size(i));
        }
        return depth;
    }

    /**
     * Depth within every band in one walk from the touch: the bands are ascending, so each band's depth is the running
     * sum at the first level beyond it (the same additions, in the same order, as summing each band on its own).
     */
    private void bandDepths(
        final Instrument instrument, final double mid, final LevelBuffer levels, final boolean bid,
        final double[] depths) {
        final int bands = depths.length;
        if (Double.isNaN(mid)) {
            Arrays.fill(depths, Double.NaN);
            return;
        }
        for (int band = 0; band < bands; band++) {
            bandLimits[band] = bid ? mid * (1 - config.bandBps(band) / BPS) : mid * (1 + config.bandBps(band) / BPS);
        }
        int band = 0;
        double depth = 0;
        for (int i = 0; i < levels.count() && band < bands; i++) {
            final double price = instrument.price(levels.price(i));
            while (band < bands && (bid ? price < bandLimits[band] : price > bandLimits[band])) {
                depths[band++] = depth;
            }
            depth += instrument.size(levels.size(i));
        }
        while (band < bands) {
            depths[band++] = depth;
        }
    }

    private static double ratio(final double numerator, final double denominator) {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }
}
