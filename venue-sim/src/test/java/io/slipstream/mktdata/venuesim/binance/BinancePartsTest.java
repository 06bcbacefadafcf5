package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Binance venue's small parts: number rendering, stream names, routes, coalescing, weight accounting. */
@Timeout(5)
class BinancePartsTest {

    @Test
    void shouldRenderFixedDecimalsLikeBinance() {
        assertThat(BinanceJson.fixed(new StringBuilder(), 9_700_015, 2).toString()).isEqualTo("97000.15");
        assertThat(BinanceJson.fixed(new StringBuilder(), 5, 3).toString()).isEqualTo("0.005");
        assertThat(BinanceJson.fixed(new StringBuilder(), 50, 3).toString()).isEqualTo("0.050");
        assertThat(BinanceJson.fixed(new StringBuilder(), 0, 3).toString()).isEqualTo("0.000");
        assertThat(BinanceJson.fixed(new StringBuilder(), 1_000, 3).toString()).isEqualTo("1.000");
        assertThat(BinanceJson.fixed(new StringBuilder(), 157, 7).toString()).isEqualTo("0.0000157");
        assertThat(BinanceJson.fixed(new StringBuilder(), 42, 0).toString()).isEqualTo("42");
        assertThat(BinanceJson.fixed(new StringBuilder(), -15, 1).toString()).isEqualTo("-1.5");
        assertThat(BinanceJson.decimal(new StringBuilder(), 0.00038167, 8).toString()).isEqualTo("\"0.00038167\"");
    }

    @Test
    void shouldParseStreamNames() {
        assertThat(BinanceStream.parse("btcusdt@depth").speedMs()).isEqualTo(250);
        assertThat(BinanceStream.parse("btcusdt@depth@0ms").speedMs()).isZero();
        assertThat(BinanceStream.parse("BTCUSDT@depth@100ms").name()).isEqualTo("btcusdt@depth@100ms");
        final BinanceStream partial = BinanceStream.parse("ethusdt@depth20@500ms");
        assertThat(partial.kind()).isEqualTo(BinanceStream.Kind.DEPTH_PARTIAL);
        assertThat(partial.levels()).isEqualTo(20);
        assertThat(partial.speedMs()).isEqualTo(500);
        assertThat(BinanceStream.parse("btcusdt@kline_1M").interval()).isEqualTo(CandleInterval.MONTH1);
        assertThat(BinanceStream.parse("btcusdt@kline_7m").kind()).isEqualTo(BinanceStream.Kind.OTHER_MARKET);
        assertThat(BinanceStream.parse("btcusdt@markPrice@1s").speedMs()).isEqualTo(1_000);
        assertThat(BinanceStream.parse("btcusdt@aggtrade").kind()).isEqualTo(BinanceStream.Kind.OTHER_MARKET);
        assertThat(BinanceStream.parse("btcusdt@rpiDepth@500ms").kind().publicRoute()).isTrue();
        assertThat(BinanceStream.parse("!bookTicker").kind().publicRoute()).isTrue();
        assertThat(BinanceStream.parse("btcusdt@trade").kind().publicRoute()).isTrue();
        assertThat(BinanceStream.parse("btcusdt@aggTrade").kind().publicRoute()).isFalse();
        assertThat(BinanceStream.parse("")).isNull();
    }

    @Test
    void shouldResolveRoutesAndModes() {
        final BinanceRoute.Resolved combined = BinanceRoute.resolve(
            "/public/stream?streams=btcusdt@depth%40100ms/btcusdt@bookTicker");
        assertThat(combined.route()).isEqualTo(BinanceRoute.PUBLIC);
        assertThat(combined.combined()).isTrue();
        assertThat(combined.streams()).containsExactly("btcusdt@depth@100ms", "btcusdt@bookTicker");
        final BinanceRoute.Resolved raw = BinanceRoute.resolve("/market/ws/btcusdt@aggTrade/btcusdt@kline_1m");
        assertThat(raw.route()).isEqualTo(BinanceRoute.MARKET);
        assertThat(raw.combined()).isFalse();
        assertThat(raw.streams()).containsExactly("btcusdt@aggTrade", "btcusdt@kline_1m");
        assertThat(BinanceRoute.resolve("/ws").route()).isEqualTo(BinanceRoute.LEGACY);
        assertThat(BinanceRoute.resolve("/stream?streams=a@trade").streams()).containsExactly("a@trade");
        assertThat(BinanceRoute.resolve("/private/ws")).isNull();
        assertThat(BinanceRoute.resolve("/public")).isNull();
        assertThat(BinanceRoute.LEGACY.serves(BinanceStream.parse("btcusdt@aggTrade"))).isFalse();
        assertThat(BinanceRoute.LEGACY.serves(BinanceStream.parse("btcusdt@depth20"))).isTrue();
        assertThat(BinanceRoute.MARKET.serves(BinanceStream.parse("btcusdt@bookTicker"))).isFalse();
    }

    @Test
    void shouldKeepTheLastSizePerPriceSortedBestFirst() {
        final LevelAccumulator accumulator = new LevelAccumulator();
        for (int i = 0; i < 500; i++) {
            accumulator.put(1_000 + i % 100, i);
        }
        final LevelBuffer bids = new LevelBuffer(8);
        final LevelBuffer asks = new LevelBuffer(8);

        accumulator.drainSortedTo(true, bids);
        accumulator.drainSortedTo(false, asks);

        assertThat(bids.count()).isEqualTo(100);
        assertThat(bids.price(0)).isEqualTo(1_099);
        assertThat(bids.size(0)).isEqualTo(499);
        assertThat(asks.price(0)).isEqualTo(1_000);
        assertThat(asks.size(0)).isEqualTo(400);
        accumulator.clear();
        assertThat(accumulator.count()).isZero();
        accumulator.put(7, 1);
        accumulator.drainSortedTo(true, bids);
        assertThat(bids.count()).isEqualTo(1);
    }

    @Test
    void shouldCountWeightThenRefuseThenBan() {
        final RequestWeightLimiter limiter = new RequestWeightLimiter(50, 120_000);
        final long minute = 1_800_000_000_000L / 60_000 * 60_000;

        assertThat(limiter.admit(20, minute + 1_000).outcome()).isEqualTo(RequestWeightLimiter.Outcome.ALLOWED);
        assertThat(limiter.admit(20, minute + 1_000).usedWeight()).isEqualTo(40);
        final RequestWeightLimiter.Decision refused = limiter.admit(20, minute + 1_000);
        assertThat(refused.outcome()).isEqualTo(RequestWeightLimiter.Outcome.TOO_MANY_REQUESTS);
        assertThat(refused.retryAfterMs()).isEqualTo(59_000);
        assertThat(limiter.admit(10, minute + 2_000).outcome()).isEqualTo(RequestWeightLimiter.Outcome.ALLOWED);
        assertThat(limiter.admit(20, minute + 2_000).outcome())
            .isEqualTo(RequestWeightLimiter.Outcome.TOO_MANY_REQUESTS);
        assertThat(limiter.admit(20, minute + 2_000).outcome())
            .isEqualTo(RequestWeightLimiter.Outcome.TOO_MANY_REQUESTS);
        final RequestWeightLimiter.Decision banned = limiter.admit(20, minute + 3_000);
        assertThat(banned.outcome()).isEqualTo(RequestWeightLimiter.Outcome.BANNED);
        assertThat(banned.retryAfterMs()).isEqualTo(120_000);
        assertThat(limiter.admit(1, minute + 70_000).outcome()).isEqualTo(RequestWeightLimiter.Outcome.BANNED);
        assertThat(limiter.admit(1, minute + 123_001).outcome()).isEqualTo(RequestWeightLimiter.Outcome.ALLOWED);
        assertThat(limiter.used(minute + 123_001)).isEqualTo(1);
        assertThat(List.of(limiter.used(minute + 180_000))).containsExactly(0);
    }
}
