package io.slipstream.mktdata.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.venue.rest.WeightBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceExchangeInfoTest {
    private static final String BODY = """
        {"timezone":"UTC","serverTime":1,"rateLimits":[
          {"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},
          {"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":300}],
         "exchangeFilters":[],"assets":[{"asset":"USDT"}],
         "symbols":[
          {"symbol":"BTCUSDT","pair":"BTCUSDT","contractType":"PERPETUAL","status":"TRADING","unknownNew":{"a":[1]},
           "filters":[{"filterType":"PRICE_FILTER","minPrice":"556.80","maxPrice":"4529764","tickSize":"0.10"},
                      {"filterType":"LOT_SIZE","minQty":"0.001","maxQty":"1000","stepSize":"0.001"},
                      {"filterType":"MARKET_LOT_SIZE","stepSize":"0.1"}]},
          {"symbol":"BTCUSDT_260327","contractType":"CURRENT_QUARTER","status":"TRADING",
           "filters":[{"filterType":"PRICE_FILTER","tickSize":"0.10"},{"filterType":"LOT_SIZE","stepSize":"0.001"}]},
          {"symbol":"OLDUSDT","contractType":"PERPETUAL","status":"SETTLING",
           "filters":[{"filterType":"PRICE_FILTER","tickSize":"0.10"},{"filterType":"LOT_SIZE","stepSize":"0.001"}]},
          {"symbol":"1000PEPEUSDT","contractType":"PERPETUAL","status":"TRADING",
           "filters":[{"filterType":"PRICE_FILTER","tickSize":"0.0000001"},{"filterType":"LOT_SIZE","stepSize":"1"}]}
         ]}""";

    @Test
    void shouldKeepOnlyTradingPerpetualsWithTheirTickAndStep() throws Exception {
        final BinanceExchangeInfo.Parsed parsed = BinanceExchangeInfo.parse(new JsonFactory(), BODY);
        assertThat(parsed.requestWeightPerMinute()).isEqualTo(6000);
        assertThat(parsed.symbols()).containsExactly(
            new BinanceExchangeInfo.SymbolInfo("BTCUSDT", "0.10", "0.001"),
            new BinanceExchangeInfo.SymbolInfo("1000PEPEUSDT", "0.0000001", "1"));
    }

    @Test
    void shouldRegisterTheWantedSymbolsAndApplyTheWeightLimit() throws Exception {
        final InstrumentRegistry registry = new InstrumentRegistry(16);
        final WeightBudget budget = new WeightBudget(2400, 0.8, System::currentTimeMillis);
        final List<Instrument> instruments = BinanceExchangeInfo.register(
            BinanceExchangeInfo.parse(new JsonFactory(), BODY), List.of("btcusdt", "ETHUSDT"), registry, budget, 0.5);
        assertThat(instruments).hasSize(1);
        final Instrument btc = instruments.get(0);
        assertThat(btc.symbol()).isEqualTo("BTCUSDT");
        assertThat(btc.priceScale()).isEqualTo(1);
        assertThat(btc.tickSizeMantissa()).isEqualTo(1);
        assertThat(btc.sizeScale()).isEqualTo(3);
        assertThat(btc.lotSizeMantissa()).isEqualTo(1);
        assertThat(budget.limitPerMinute()).isEqualTo(3000);
    }

    @Test
    void shouldRegisterEveryTradingPerpetualWhenNoSymbolsAreConfigured() throws Exception {
        final InstrumentRegistry registry = new InstrumentRegistry(16);
        final List<Instrument> instruments = BinanceExchangeInfo.register(
            BinanceExchangeInfo.parse(new JsonFactory(), BODY), null, registry, null, 0.8);
        assertThat(instruments).extracting(Instrument::symbol).containsExactly("BTCUSDT", "1000PEPEUSDT");
        assertThat(instruments.get(1).priceScale()).isEqualTo(7);
    }
}
