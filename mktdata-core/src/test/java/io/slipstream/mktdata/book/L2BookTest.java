package io.slipstream.mktdata.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.rejection.Rejection;

import org.junit.jupiter.api.Test;

/** The book's contract on small hand-made cases; {@link LadderL2BookTest} runs every case against a ladder book. */
class L2BookTest {
    final L2Book book = newBook();
    final BookChanges changes = new BookChanges(4);

    /** @return the book under test: sorted sides, no tick */
    L2Book newBook() {
        return new L2Book(3, 2, 4);
    }

    /** @return true if the book keeps levels near the touch in a ladder, which never grows */
    boolean laddered() {
        return false;
    }

    static LevelBuffer levels(final long... pricesAndSizes) {
        final LevelBuffer buffer = new LevelBuffer(2);
        for (int i = 0; i < pricesAndSizes.length; i += 2) {
            buffer.add(pricesAndSizes[i], pricesAndSizes[i + 1]);
        }
        return buffer;
    }

    private void snapshot() {
        // bids 100.00 x 5, 99.50 x 10; asks 100.50 x 3, 101.00 x 7 (scale 2)
        assertThat(book.applySnapshot(10, levels(10_000, 5, 9_950, 10), levels(10_050, 3, 10_100, 7), changes))
            .isEqualTo(Rejection.NONE);
    }

    @Test
    void shouldReportBestPricesMidAndSpread() {
        snapshot();
        assertThat(book.bestBidPrice()).isEqualTo(10_000);
        assertThat(book.bestAskPrice()).isEqualTo(10_050);
        assertThat(book.bestBidSize()).isEqualTo(5);
        assertThat(book.midPrice()).isEqualTo(100.25);
        assertThat(book.spreadBps()).isCloseTo(10_000 * 0.5 / 100.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(book.isCrossed()).isFalse();
    }

    @Test
    void shouldSumDepthWithinBasisPointsOfMid() {
        snapshot();
        // mid 100.25: 30 bps -> [99.949, 100.551]: bid 100.00 only, ask 100.50 only
        assertThat(book.bidDepthWithinBps(30)).isEqualTo(5);
        assertThat(book.askDepthWithinBps(30)).isEqualTo(3);
        // 100 bps -> [99.2475, 101.2525]: both levels on each side
        assertThat(book.bidDepthWithinBps(100)).isEqualTo(15);
        assertThat(book.askDepthWithinBps(100)).isEqualTo(10);
    }

    @Test
    void shouldDeriveDeltaFromTwoSuccessiveSnapshots() {
        snapshot();
        assertThat(book.applySnapshot(11, levels(10_000, 6, 9_900, 1), levels(10_050, 3), changes))
            .isEqualTo(Rejection.NONE);
        assertThat(changes.bids().toString()).isEqualTo("[10000x6, 9950x0, 9900x1]");
        assertThat(changes.asks().toString()).isEqualTo("[10100x0]");
    }

    @Test
    void shouldReportNoChangesForAnIdenticalSnapshot() {
        snapshot();
        assertThat(book.applySnapshot(10, levels(10_000, 5, 9_950, 10), levels(10_050, 3, 10_100, 7), changes))
            .isEqualTo(Rejection.NONE);
        assertThat(changes.isEmpty()).isTrue();
    }

    @Test
    void shouldTreatRemovalOfUnknownLevelAsLegalNoOp() {
        snapshot();
        assertThat(book.applyDelta(11, levels(9_000, 0), levels(), changes)).isEqualTo(Rejection.NONE);
        assertThat(changes.isEmpty()).isTrue();
        assertThat(book.bidDepth()).isEqualTo(2);
        assertThat(book.sequence()).isEqualTo(11);
    }

    @Test
    void shouldDetectCrossedBook() {
        snapshot();
        book.applyDelta(11, levels(10_060, 1), levels(), changes);
        assertThat(book.isCrossed()).isTrue();
    }

    @Test
    void shouldReturnTopNBestFirst() {
        snapshot();
        final LevelBuffer bids = new LevelBuffer(1);
        final LevelBuffer asks = new LevelBuffer(1);
        book.topN(1, bids, asks);
        assertThat(bids.toString()).isEqualTo("[10000x5]");
        assertThat(asks.toString()).isEqualTo("[10050x3]");
        book.topN(10, bids, asks);
        assertThat(asks.toString()).isEqualTo("[10050x3, 10100x7]");
    }

    @Test
    void shouldRefuseSequenceGoingBackwardsAndLeaveBookUnchanged() {
        snapshot();
        assertThat(book.applyDelta(10, levels(10_000, 1), levels(), changes))
            .isEqualTo(Rejection.SEQUENCE_REGRESSION);
        assertThat(book.applySnapshot(9, levels(10_000, 1), levels(10_050, 1), changes))
            .isEqualTo(Rejection.SEQUENCE_REGRESSION);
        assertThat(book.bestBidSize()).isEqualTo(5);
        assertThat(book.sequence()).isEqualTo(10);
    }

    @Test
    void shouldAcceptAnySequenceOnResetSnapshot() {
        snapshot();
        assertThat(book.applySnapshot(1, levels(10_000, 1), levels(10_050, 1), changes, true))
            .isEqualTo(Rejection.NONE);
        assertThat(book.sequence()).isEqualTo(1);
    }

    @Test
    void shouldRefuseBadLevelsWithoutApplyingAnyOfTheDelta() {
        snapshot();
        assertThat(book.applyDelta(11, levels(9_900, 4, 9_800, -1), levels(), changes))
            .isEqualTo(Rejection.INVALID_SIZE);
        assertThat(book.applyDelta(11, levels(0, 4), levels(), changes)).isEqualTo(Rejection.INVALID_PRICE);
        assertThat(book.applyDelta(11, levels(9_900, FixedPoint.INVALID), levels(), changes))
            .isEqualTo(Rejection.INVALID_DECIMAL);
        assertThat(book.bidDepth()).isEqualTo(2);
        assertThat(book.sequence()).isEqualTo(10);
    }

    @Test
    void shouldRefuseUnorderedOrZeroSizedSnapshot() {
        snapshot();
        assertThat(book.applySnapshot(11, levels(9_950, 1, 10_000, 1), levels(), changes))
            .isEqualTo(Rejection.UNORDERED_LEVELS);
        assertThat(book.applySnapshot(11, levels(), levels(10_100, 1, 10_050, 1), changes))
            .isEqualTo(Rejection.UNORDERED_LEVELS);
        assertThat(book.applySnapshot(11, levels(10_000, 0), levels(), changes)).isEqualTo(Rejection.INVALID_SIZE);
        assertThat(book.bidDepth()).isEqualTo(2);
    }

    @Test
    void shouldHandleEmptySidesAndGrowBeyondInitialCapacity() {
        assertThat(book.bestBidPrice()).isEqualTo(L2Book.NO_PRICE);
        assertThat(book.midPrice()).isNaN();
        assertThat(book.bidDepthWithinBps(10)).isZero();
        final LevelBuffer many = new LevelBuffer(1);
        for (int i = 0; i < 100; i++) {
            many.add(10_000 - i, 1);
        }
        assertThat(book.applySnapshot(1, many, levels(), changes)).isEqualTo(Rejection.NONE);
        assertThat(book.bidDepth()).isEqualTo(100);
        assertThat(book.bidPrice(99)).isEqualTo(9_901);
        // Sorted sides outgrow their 4 preallocated levels; a ladder's window holds 100 levels near the touch.
        assertThat(book.growthCount() > 0).isEqualTo(!laddered());
    }
}
