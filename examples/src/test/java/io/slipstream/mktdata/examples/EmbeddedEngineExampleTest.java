package io.slipstream.mktdata.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

class EmbeddedEngineExampleTest {
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldFeedTheEmbeddedEngineAndReadBooksAndCandlesBack() throws Exception {
        final String report = EmbeddedEngineExample.run();

        assertThat(report).contains(
            "BOOK_SNAPSHOT seq=0 bid=",
            "BOOK_DELTA seq=1 bid=97000.1",
            "BOOK_DELTA seq=2 bid=96999.9",
            "book BTCUSDT: best bid 96999.9 x 0.25, best ask 97000.2, mid 97000.05",
            "candles 4h: BTC has 1, close 97010; BTCUSDT has 0");
    }
}
