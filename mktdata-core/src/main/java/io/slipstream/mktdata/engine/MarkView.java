package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;

/**
 * The latest mark price, index price and funding of a perpetual.
 *
 * @param instrument        the instrument
 * @param streamSequence    the mark stream's sequence of this value
 * @param markPrice         mark price mantissa
 * @param indexPrice        index (Hyperliquid: oracle) price mantissa, 0 if unknown
 * @param fundingRateE10    funding rate mantissa at scale 10
 * @param nextFundingTimeMs next funding time, UTC epoch ms, 0 if unknown
 * @param exchangeTimeNs    venue time, epoch nanoseconds
 * @param receiveTimeNs     local receive time, epoch nanoseconds
 */
public record MarkView(
    Instrument instrument, long streamSequence, long markPrice, long indexPrice, long fundingRateE10,
    long nextFundingTimeMs, long exchangeTimeNs, long receiveTimeNs) {

    /** @return the funding rate as a double (per interval: 8 h on Binance, 1 h on Hyperliquid) */
    public double fundingRate() {
        return FixedPoint.toDouble(fundingRateE10, EventLayout.FUNDING_RATE_SCALE);
    }
}
