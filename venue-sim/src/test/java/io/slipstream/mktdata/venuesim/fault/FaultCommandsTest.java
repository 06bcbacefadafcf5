package io.slipstream.mktdata.venuesim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.instrument.Venue;

import org.junit.jupiter.api.Test;

import java.util.Map;

class FaultCommandsTest {
    private final FaultController faults = new FaultController();
    private final FaultCommands commands = new FaultCommands(faults);

    @Test
    void shouldParseCommandLinePairsAndDurations() {
        assertThat(FaultCommands.parsePairs("at=30s,name=disconnect,venue=binance,code=1006"))
            .containsExactly(Map.entry("at", "30s"), Map.entry("name", "disconnect"), Map.entry("venue", "binance"),
                Map.entry("code", "1006"));
        assertThat(FaultCommands.parseDurationMs("250ms")).isEqualTo(250);
        assertThat(FaultCommands.parseDurationMs("1.5s")).isEqualTo(1500);
        assertThat(FaultCommands.parseDurationMs("2m")).isEqualTo(120_000);
        assertThat(FaultCommands.parseDurationMs("40")).isEqualTo(40);
    }

    @Test
    void shouldQueueDroppedDiffsAndRestFaults() {
        assertThat(commands.execute("drop-depth-diff", Map.of("symbol", "btcusdt", "count", "2"))).isEqualTo(2);
        assertThat(faults.consumeDroppedDepthDiff("BTCUSDT")).isTrue();
        assertThat(faults.consumeDroppedDepthDiff("BTCUSDT")).isTrue();
        assertThat(faults.consumeDroppedDepthDiff("BTCUSDT")).isFalse();

        commands.execute("rest", Map.of("venue", "binance", "kind", "slow", "ms", "2s", "path", "/depth"));
        assertThat(faults.nextRestFault(Venue.BINANCE_USDM, "/fapi/v1/klines")).isNull();
        final RestFault fault = faults.nextRestFault(Venue.BINANCE_USDM, "/fapi/v1/depth");
        assertThat(fault).isEqualTo(new RestFault(RestFault.Kind.SLOW, "/depth", 2000));
        assertThat(faults.nextRestFault(Venue.BINANCE_USDM, "/fapi/v1/depth")).isNull();
    }

    @Test
    void shouldSetVenueWideFaults() {
        commands.execute("refuse", Map.of("venue", "hyperliquid", "ms", "10s"));
        commands.execute("greeting", Map.of("venue", "binance", "enabled", "true"));
        assertThat(faults.refusingConnections(Venue.HYPERLIQUID)).isTrue();
        assertThat(faults.refusingConnections(Venue.BINANCE_USDM)).isFalse();
        assertThat(faults.greeting(Venue.BINANCE_USDM)).isTrue();
        commands.execute("clear", Map.of());
        assertThat(faults.refusingConnections(Venue.HYPERLIQUID)).isFalse();
        assertThat(faults.greeting(Venue.BINANCE_USDM)).isFalse();
    }

    @Test
    void shouldRefuseUnknownFaultsAndMissingParametersClearly() {
        assertThatThrownBy(() -> commands.execute("explode", Map.of())).hasMessage("unknown fault 'explode'");
        assertThatThrownBy(() -> commands.execute("disconnect", Map.of("venue", "binance")))
            .hasMessage("missing parameter 'code'");
        assertThatThrownBy(() -> commands.execute("disconnect", Map.of("venue", "kraken", "code", "1000")))
            .hasMessageContaining("unknown venue 'kraken'");
        assertThatThrownBy(() -> commands.execute("disconnect", Map.of("venue", "binance", "code", "1234")))
            .hasMessageContaining("unknown close kind '1234'");
        assertThatThrownBy(() -> commands.execute("rest", Map.of("venue", "binance", "kind", "404")))
            .hasMessageContaining("unknown REST fault kind");
        assertThatThrownBy(() -> commands.execute("stall", Map.of("venue", "binance", "ms", "soon")))
            .hasMessageContaining("not a duration");
    }
}
