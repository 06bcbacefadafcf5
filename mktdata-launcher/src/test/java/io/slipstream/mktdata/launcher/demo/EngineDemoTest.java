package io.slipstream.mktdata.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.launcher.Launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

class EngineDemoTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int launch(final String... args) {
        return Launcher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRunTheDemoForTheGivenSecondsAndShowLiveBooksTradesCandlesAndBasis() {
        assertThat(launch("demo", "--seconds", "2")).isZero();

        final String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("[  2s]", "hyperliquid:BTC", "binance:BTCUSDT", "hyperliquid:kPEPE",
            "basis BTC (hyperliquid) vs BTCUSDT (binance): ", "stopped: ");
        assertThat(output).containsPattern("refused 0, crossed book updates 0");
        assertThat(output).doesNotContainPattern("basis [^\\n]*: - bps");
    }

    @Test
    void shouldRefuseUnknownCommandsAndBadOptionsClearly() {
        assertThat(launch("frobnicate")).isEqualTo(2);
        assertThat(launch("demo", "--seconds", "soon")).isEqualTo(2);
        assertThat(launch("demo", "--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'",
            "--seconds takes a whole number, not 'soon'", "unknown option '--bogus' for demo");
    }
}
