package io.slipstream.mktdata.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.rejection.Rejection;

import org.junit.jupiter.api.Test;

/**
 * Every {@link L2BookTest} case against a book with a tick (0.01 at scale 2: every price of those cases is on it),
 * plus what only a ladder can get wrong: levels far from the touch on either side, and a price off the tick.
 */
class LadderL2BookTest extends L2BookTest {
    /** BTCUSDT-like: scale 2, tick 0.10, 60000.00. */
    private static final long TICK = 10;

    @Override
    L2Book newBook() {
        return new L2Book(3, 2, 1, 4, Integer.MAX_VALUE);
    }

    @Override
    boolean laddered() {
        return true;
    }

    @Test
    void shouldKeepFarAwayLevelsWithoutGrowingAnything() {
        final L2Book btc = new L2Book(1, 2, TICK, 16, 2000);
        assertThat(btc.applySnapshot(1, levels(6_000_000, 1, 5_999_990, 2), levels(6_000_010, 3), changes))
            .isEqualTo(Rejection.NONE);
        // 1000.00 and 5000.00 bids, a 9,000,000.00 ask: tens of thousands to millions of ticks away.
        assertThat(btc.applyDelta(2, levels(500_000, 4, 100_000, 5), levels(900_000_000, 6), changes))
            .isEqualTo(Rejection.NONE);
        assertThat(changes.bids().count()).isEqualTo(2);
        assertThat(btc.bidDepth()).isEqualTo(4);
        assertThat(btc.bidPrice(2)).isEqualTo(500_000);
        assertThat(btc.bidPrice(3)).isEqualTo(100_000);
        assertThat(btc.askPrice(1)).isEqualTo(900_000_000);
        assertThat(btc.growthCount()).isZero();
        // A bid far better than the window moves it back; removing it brings the old best back.
        assertThat(btc.applyDelta(3, levels(9_000_000, 7), levels(), changes)).isEqualTo(Rejection.NONE);
        assertThat(btc.bestBidPrice()).isEqualTo(9_000_000);
        assertThat(btc.bidPrice(1)).isEqualTo(6_000_000);
        assertThat(btc.applyDelta(4, levels(9_000_000, 0, 6_000_000, 0), levels(), changes))
            .isEqualTo(Rejection.NONE);
        assertThat(btc.bestBidPrice()).isEqualTo(5_999_990);
        assertThat(btc.bidDepth()).isEqualTo(3);
        assertThat(btc.bidDepthWithinBps(10)).isEqualTo(2);
    }

    @Test
    void shouldKeepAbsurdlyHighPricesExactly() {
        // Tick 0.01: Long.MAX_VALUE is that many ticks, past what the ladder's window arithmetic can hold.
        final L2Book btc = new L2Book(1, 2, 1, 16, 2000);
        final long absurd = Long.MAX_VALUE;
        assertThat(btc.applySnapshot(1, levels(6_000_000, 1), levels(6_000_010, 3), changes)).isEqualTo(Rejection.NONE);
        assertThat(btc.applyDelta(2, levels(absurd, 4), levels(absurd, 5), changes)).isEqualTo(Rejection.NONE);
        assertThat(btc.bestBidPrice()).isEqualTo(absurd);
        assertThat(btc.askPrice(1)).isEqualTo(absurd);
        assertThat(btc.applyDelta(3, levels(absurd, 0), levels(absurd, 0), changes)).isEqualTo(Rejection.NONE);
        assertThat(btc.bestBidPrice()).isEqualTo(6_000_000);
        assertThat(btc.askDepth()).isEqualTo(1);
    }

    @Test
    void shouldKeepThePriceOffTheTickExactly() {
        final L2Book btc = new L2Book(1, 2, TICK, 16, 2000);
        assertThat(btc.applySnapshot(1, levels(6_000_000, 1, 5_999_990, 2), levels(6_000_010, 3), changes))
            .isEqualTo(Rejection.NONE);
        assertThat(btc.applyDelta(2, levels(5_999_995, 4), levels(), changes)).isEqualTo(Rejection.NONE);
        assertThat(btc.bidDepth()).isEqualTo(3);
        assertThat(btc.bidPrice(1)).isEqualTo(5_999_995);
        assertThat(btc.bidSize(1)).isEqualTo(4);
        assertThat(btc.applyDelta(3, levels(5_999_995, 0, 6_000_000, 0), levels(), changes))
            .isEqualTo(Rejection.NONE);
        assertThat(btc.bestBidPrice()).isEqualTo(5_999_990);
    }
}
