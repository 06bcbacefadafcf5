package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.quote.QuoteRing;

/**
 * An immutable copy of the latest best bid/offer of an instrument.
 *
 * @param instrument     the instrument
 * @param streamSequence the quote stream's sequence of this quote
 * @param bidPrice       best bid price mantissa, or {@link QuoteRing#NO_PRICE}
 * @param bidSize        best bid size mantissa
 * @param askPrice       best ask price mantissa, or {@link QuoteRing#NO_PRICE}
 * @param askSize        best ask size mantissa
 * @param exchangeTimeNs venue time, epoch nanoseconds
 * @param receiveTimeNs  local receive time, epoch nanoseconds
 */
public record QuoteView(
    Instrument instrument, long streamSequence, long bidPrice, long bidSize, long askPrice, long askSize,
    long exchangeTimeNs, long receiveTimeNs) {

    static QuoteView latest(final Instrument instrument, final QuoteRing ring) {
        if (ring.count() == 0) {
            return null;
        }
        final int i = ring.count() - 1;
        return new QuoteView(instrument, ring.streamSequence(i), ring.bidPrice(i), ring.bidSize(i), ring.askPrice(i),
            ring.askSize(i), ring.exchangeTimeNs(i), ring.receiveTimeNs(i));
    }
}
