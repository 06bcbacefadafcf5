package io.slipstream.mktdata.venue.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.Random;

class ReconnectBackoffTest {
    @Test
    void shouldDoubleWithJitterUpToTheMaximumAndResetAfterSuccess() {
        final ReconnectBackoff backoff = new ReconnectBackoff(1_000, 30_000, new Random(1));
        final long[] steps = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (final long step : steps) {
            assertThat(backoff.nextDelayMs()).isBetween(step / 2, step);
        }
        backoff.reset();
        assertThat(backoff.nextDelayMs()).isBetween(500L, 1_000L);
    }

    @Test
    void shouldSpreadReconnectsOfManySockets() {
        final Random random = new Random(7);
        final long first = new ReconnectBackoff(1_000, 30_000, random).nextDelayMs();
        boolean differs = false;
        for (int i = 0; i < 10; i++) {
            differs |= new ReconnectBackoff(1_000, 30_000, random).nextDelayMs() != first;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void shouldRefuseImpossibleDelays() {
        assertThatThrownBy(() -> new ReconnectBackoff(0, 10, new Random()))
            .hasMessageContaining("reconnect_delay_ms");
        assertThatThrownBy(() -> new ReconnectBackoff(100, 10, new Random()))
            .hasMessageContaining("max_reconnect_delay_ms");
    }
}
