package io.slipstream.mktdata.venuesim.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SyntheticMarket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

@Timeout(10)
class HyperliquidFormatTest {

    private static String decimal(final long mantissa, final int scale) {
        return HyperliquidFormat.decimal(new StringBuilder(), mantissa, scale).toString();
    }

    @Test
    void shouldRenderDecimalsLikeTheRecordedFrames() {
        assertThat(decimal(691720, 1)).isEqualTo("69172.0");
        assertThat(decimal(121098, 5)).isEqualTo("1.21098");
        assertThat(decimal(1565, 6)).isEqualTo("0.001565");
        assertThat(decimal(34970, 3)).isEqualTo("34.97");
        assertThat(decimal(5206656830L, 1)).isEqualTo("520665683.0");
        assertThat(HyperliquidFormat.quotedDouble(new StringBuilder(), 0.0000125, 8).toString())
            .isEqualTo("\"0.0000125\"");
        assertThat(HyperliquidFormat.quotedDouble(new StringBuilder(), 18617460, 2).toString())
            .isEqualTo("\"18617460.0\"");
        assertThat(HyperliquidFormat.quotedSignificant(new StringBuilder(), 69182.23, 6).toString())
            .isEqualTo("\"69182.2\"");
    }

    @Test
    void shouldUseFiveSignificantFiguresAndAllowIntegers() {
        // BTC at scale 1 (tick 0.1): 97 000 has five integer digits, so the step is 1.0
        assertThat(HyperliquidFormat.tick(970_001, 1, 3, 0, 1)).isEqualTo(10);
        // 107 575 has six integer digits: integers are always allowed, the step stays 1.0
        assertThat(HyperliquidFormat.tick(1_075_753, 1, 3, 0, 1)).isEqualTo(10);
        // ETH 3400.01 at scale 2: 3400.0 steps of 0.1
        assertThat(HyperliquidFormat.tick(340_001, 2, 3, 0, 1)).isEqualTo(10);
        // kPEPE 0.0157 at scale 7 with szDecimals 0: 0.015700 (five figures, six decimals)
        assertThat(HyperliquidFormat.tick(157_000, 7, 0, 0, 1)).isEqualTo(10);
        // szDecimals 5 leaves one decimal: a 2.1111 price steps by 0.1
        assertThat(HyperliquidFormat.tick(21_111, 4, 5, 0, 1)).isEqualTo(1000);
        // nSigFigs 3 on 97 000: steps of 100; nSigFigs 5 with mantissa 5: steps of 5
        assertThat(HyperliquidFormat.tick(970_001, 1, 3, 3, 1)).isEqualTo(1000);
        assertThat(HyperliquidFormat.tick(970_001, 1, 3, 5, 5)).isEqualTo(50);
        // bids round down, asks round up, trades and candles to the nearest step
        assertThat(HyperliquidFormat.roundDown(970_007, 10)).isEqualTo(970_000);
        assertThat(HyperliquidFormat.roundUp(970_001, 10)).isEqualTo(970_010);
        assertThat(HyperliquidFormat.roundUp(970_000, 10)).isEqualTo(970_000);
        assertThat(HyperliquidFormat.roundNearest(970_005, 10)).isEqualTo(970_010);
    }

    @Test
    void shouldNormaliseSubscriptionsAsTheServerEchoesThem() {
        final SimMarket market = new SimMarket(System.currentTimeMillis());
        new SyntheticMarket(market, 3, 7, 2_000, 50);
        assertThat(parse("{\"type\":\"l2Book\",\"coin\":\"BTC\"}", market).toJson())
            .isEqualTo("{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":null,\"mantissa\":null,\"fast\":false}");
        assertThat(parse("{\"coin\":\"ETH\",\"type\":\"l2Book\",\"nSigFigs\":5,\"mantissa\":2,\"fast\":true}",
            market).toJson())
            .isEqualTo("{\"type\":\"l2Book\",\"coin\":\"ETH\",\"nSigFigs\":5,\"mantissa\":2,\"fast\":true}");
        assertThat(parse("{\"type\":\"candle\",\"coin\":\"SOL\",\"interval\":\"1M\"}", market).toJson())
            .isEqualTo("{\"type\":\"candle\",\"interval\":\"1M\",\"coin\":\"SOL\"}");
        assertThat(parse("{\"type\":\"allMids\"}", market).toJson()).isEqualTo("{\"type\":\"allMids\"}");
        assertThat(parse("{\"type\":\"candle\",\"coin\":\"SOL\",\"interval\":\"6h\"}", market)).isNull();
        assertThat(parse("{\"type\":\"trades\",\"coin\":\"btc\"}", market)).isNull();
        assertThat(parse("{\"type\":\"l2Book\",\"coin\":\"BTC\",\"mantissa\":2}", market)).isNull();
        assertThat(parse("{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":4,\"mantissa\":2}", market)).isNull();
        assertThat(parse("{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":1}", market)).isNull();
        assertThat(parse("{\"type\":\"userFills\",\"user\":\"0x0\"}", market)).isNull();
        assertThat(HyperliquidSubscription.interval("1w")).isEqualTo(CandleInterval.W1);
    }

    private static HyperliquidSubscription parse(final String json, final SimMarket market) {
        final Map<String, Object> object = HyperliquidJson.parseObject(json);
        return HyperliquidSubscription.parse(object, market);
    }

    @Test
    void shouldRejectAnythingButOneJsonValue() {
        assertThat(HyperliquidJson.parseObject("{\"a\":1} trailing")).isNull();
        assertThat(HyperliquidJson.parseObject("Ping")).isNull();
        assertThat(HyperliquidJson.parseObject("[1]")).isNull();
        assertThat(HyperliquidJson.parseObject("{\"a\":null}")).containsEntry("a", null);
        assertThat(HyperliquidJson.parseObject("{\"a\":123456789012345}")).containsEntry("a", 123456789012345L);
    }
}
