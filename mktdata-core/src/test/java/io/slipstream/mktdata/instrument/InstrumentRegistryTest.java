package io.slipstream.mktdata.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InstrumentRegistryTest {
    private final InstrumentRegistry registry = new InstrumentRegistry(16);

    @ParameterizedTest
    @CsvSource({
        "BTC, BTC, PERPETUAL",
        "kPEPE, kPEPE, PERPETUAL",
        "@107, @107, SPOT",
        "PURR/USDC, PURR/USDC, SPOT",
        "xyz:TSLA, xyz:TSLA, BUILDER_PERPETUAL",
        "#12, #12, OUTCOME",
    })
    void shouldKeepHyperliquidNamesExactly(final String symbol, final String canonical, final InstrumentKind kind) {
        assertThat(SymbolNaming.canonical(Venue.HYPERLIQUID, symbol)).isEqualTo(canonical);
        assertThat(SymbolNaming.kindOf(Venue.HYPERLIQUID, canonical)).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "BTC ", "@", "@abc", "#x", ":TSLA", "xyz:", "a:b:c", "BT\"C"})
    void shouldRefuseInvalidHyperliquidNames(final String symbol) {
        assertThat(SymbolNaming.canonical(Venue.HYPERLIQUID, symbol)).isNull();
    }

    @Test
    void shouldFoldBinanceSymbolsToUpperCase() {
        assertThat(SymbolNaming.canonical(Venue.BINANCE_USDM, "btcusdt")).isEqualTo("BTCUSDT");
        assertThat(SymbolNaming.canonical(Venue.BINANCE_USDM, "BTC-USDT")).isNull();
    }

    @Test
    void shouldAssignDenseIdsAndFindThemBothWays() {
        final Instrument btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        final Instrument pepe = registry.register(InstrumentSpec.hyperliquid("kPEPE", 0));
        final Instrument binance = registry.register(InstrumentSpec.binance("btcusdt", "0.10", "0.001"));
        assertThat(btc.id()).isZero();
        assertThat(pepe.id()).isEqualTo(1);
        assertThat(binance.id()).isEqualTo(2);
        assertThat(binance.symbol()).isEqualTo("BTCUSDT");
        assertThat(registry.idOf(Venue.HYPERLIQUID, "kPEPE")).isEqualTo(1);
        assertThat(registry.idOf(Venue.HYPERLIQUID, "KPEPE")).isEqualTo(InstrumentRegistry.UNKNOWN);
        assertThat(registry.find(Venue.BINANCE_USDM, "btcusdt")).isSameAs(binance);
        assertThat(registry.get(2)).isSameAs(binance);
        assertThat(registry.get(3)).isNull();
        assertThat(registry.instruments(Venue.HYPERLIQUID)).containsExactly(btc, pepe);
    }

    @Test
    void shouldDerivePrecisionFromVenueMetadata() {
        final Instrument binance = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        assertThat(binance.priceScale()).isEqualTo(1);
        assertThat(binance.sizeScale()).isEqualTo(3);
        assertThat(binance.tickSize()).isEqualTo("0.1");
        assertThat(binance.lotSize()).isEqualTo("0.001");
        final Instrument btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        assertThat(btc.priceScale()).isEqualTo(1);
        assertThat(btc.sizeScale()).isEqualTo(5);
        assertThat(btc.tickSizeMantissa()).isZero();
        final Instrument spot = registry.register(InstrumentSpec.hyperliquid("@107", 2));
        assertThat(spot.priceScale()).isEqualTo(6);
    }

    @Test
    void shouldKeepVenueDecimalsExactThroughTheInstrument() {
        final Instrument pepe = registry.register(InstrumentSpec.hyperliquid("kPEPE", 0));
        final long price = pepe.parsePrice("0.001574");
        assertThat(price).isEqualTo(1574);
        assertThat(io.slipstream.mktdata.fixedpoint.FixedPoint.toString(price, pepe.priceScale()))
            .isEqualTo("0.001574");
    }

    @Test
    void shouldReturnExistingInstrumentOnReRegistration() {
        final Instrument first = registry.register(InstrumentSpec.binance("ETHUSDT", "0.01", "0.001"));
        assertThat(registry.register(InstrumentSpec.binance("ethusdt", "0.01", "0.001"))).isSameAs(first);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void shouldRefusePrecisionChangeInvalidSymbolsAndOverflow() {
        registry.register(InstrumentSpec.binance("ETHUSDT", "0.01", "0.001"));
        assertThatThrownBy(() -> registry.register(InstrumentSpec.binance("ETHUSDT", "0.001", "0.001")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("precision of binance:ETHUSDT");
        assertThatThrownBy(() -> registry.register(InstrumentSpec.hyperliquid("BAD NAME", 2)))
            .hasMessageContaining("invalid hyperliquid symbol");
        assertThatThrownBy(() -> InstrumentSpec.binance("X", "0", "1")).hasMessageContaining("tickSize");
        assertThatThrownBy(() -> InstrumentSpec.hyperliquid("BTC", 7)).hasMessageContaining("szDecimals");
        final InstrumentRegistry tiny = new InstrumentRegistry(1);
        tiny.register(InstrumentSpec.hyperliquid("BTC", 5));
        assertThatThrownBy(() -> tiny.register(InstrumentSpec.hyperliquid("ETH", 4))).hasMessageContaining("full");
    }
}
