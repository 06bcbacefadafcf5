package io.slipstream.mktdata.trade;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.quote.QuoteRing;

import org.junit.jupiter.api.Test;

class TradeRingTest {
    @Test
    void shouldKeepTheNewestTradesOldestFirstWhenWrapping() {
        final TradeRing ring = new TradeRing(3);
        for (int i = 1; i <= 7; i++) {
            ring.add(100 + i, i, i % 2 == 0 ? AggressorSide.BUY : AggressorSide.SELL, 1000 + i, 0, i, i, i);
        }
        assertThat(ring.count()).isEqualTo(3);
        assertThat(ring.tradeId(0)).isEqualTo(1005);
        assertThat(ring.tradeId(2)).isEqualTo(1007);
        assertThat(ring.price(1)).isEqualTo(106);
        assertThat(ring.side(1)).isEqualTo(AggressorSide.BUY);
        assertThat(ring.streamSequence(2)).isEqualTo(7);
    }

    @Test
    void shouldMapBinanceMakerFlagToAggressorSide() {
        assertThat(AggressorSide.fromBinanceBuyerIsMaker(true)).isEqualTo(AggressorSide.SELL);
        assertThat(AggressorSide.fromBinanceBuyerIsMaker(false)).isEqualTo(AggressorSide.BUY);
        assertThat(AggressorSide.fromCode(99)).isEqualTo(AggressorSide.UNKNOWN);
    }

    @Test
    void shouldKeepQuotesWithMissingSides() {
        final QuoteRing quotes = new QuoteRing(2);
        quotes.add(QuoteRing.NO_PRICE, 0, 101, 5, 1, 1, 1);
        quotes.add(100, 2, 101, 5, 2, 2, 2);
        quotes.add(100, 3, QuoteRing.NO_PRICE, 0, 3, 3, 3);
        assertThat(quotes.count()).isEqualTo(2);
        assertThat(quotes.bidSize(0)).isEqualTo(2);
        assertThat(quotes.askPrice(1)).isEqualTo(QuoteRing.NO_PRICE);
    }
}
