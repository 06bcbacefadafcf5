package io.slipstream.mktdata.candle;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.rejection.Rejection;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

class CandleAggregatorTest {
    private static final long MIN15 = CandleInterval.M15.nominalDurationMs();
    private static final long T0 = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();

    record Candle(long openTimeMs, long open, long high, long low, long close, long volume, long trades,
                  boolean closed) {
    }

    private final List<Candle> emitted = new ArrayList<>();
    private final CandleSink sink = (id, interval, t, o, h, l, c, v, n, closed) ->
        emitted.add(new Candle(t, o, h, l, c, v, n, closed));
    private final CandleAggregator aggregator = new CandleAggregator(1, CandleInterval.M15, 3);

    @Test
    void shouldBuildOhlcvFromTradesInOneBucket() {
        aggregator.onTrade(100, 1, T0 + 1, sink);
        aggregator.onTrade(105, 2, T0 + 2, sink);
        aggregator.onTrade(98, 3, T0 + 3, sink);
        aggregator.onTrade(101, 4, T0 + MIN15 - 1, sink);
        assertThat(emitted).hasSize(4);
        assertThat(emitted.get(3)).isEqualTo(new Candle(T0, 100, 105, 98, 101, 10, 4, false));
    }

    @Test
    void shouldCloseBucketAndCarryCloseThroughSilentBuckets() {
        aggregator.onTrade(100, 1, T0, sink);
        emitted.clear();
        aggregator.onTrade(110, 1, T0 + 3 * MIN15 + 5, sink);
        assertThat(emitted).containsExactly(
            new Candle(T0, 100, 100, 100, 100, 1, 1, true),
            new Candle(T0 + MIN15, 100, 100, 100, 100, 0, 0, true),
            new Candle(T0 + 2 * MIN15, 100, 100, 100, 100, 0, 0, true),
            new Candle(T0 + 3 * MIN15, 110, 110, 110, 110, 1, 1, false));
    }

    @Test
    void shouldCapFlatBucketsAfterLongSilence() {
        aggregator.onTrade(100, 1, T0, sink);
        emitted.clear();
        aggregator.onTrade(100, 1, T0 + 100 * MIN15, sink);
        assertThat(emitted).hasSize(1 + 3 + 1);
        assertThat(emitted.get(1).openTimeMs()).isEqualTo(T0 + 97 * MIN15);
    }

    @Test
    void shouldRefuseTradesForClosedBuckets() {
        aggregator.onTrade(100, 1, T0 + MIN15, sink);
        assertThat(aggregator.onTrade(100, 1, T0, sink)).isEqualTo(Rejection.TRADE_LATE_FOR_CANDLE);
        assertThat(aggregator.closeIfDue(T0 + 2 * MIN15, sink)).isTrue();
        assertThat(emitted.get(emitted.size() - 1).closed()).isTrue();
        assertThat(aggregator.onTrade(100, 1, T0 + MIN15 + 1, sink)).isEqualTo(Rejection.TRADE_LATE_FOR_CANDLE);
        assertThat(aggregator.closeIfDue(T0 + 3 * MIN15, sink)).isFalse();
    }

    @Test
    void shouldRefuseInvalidTrades() {
        assertThat(aggregator.onTrade(0, 1, T0, sink)).isEqualTo(Rejection.INVALID_PRICE);
        assertThat(aggregator.onTrade(1, -1, T0, sink)).isEqualTo(Rejection.INVALID_SIZE);
        assertThat(emitted).isEmpty();
    }
}
