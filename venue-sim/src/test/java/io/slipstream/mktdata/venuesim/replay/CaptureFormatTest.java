package io.slipstream.mktdata.venuesim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptureFormatTest {
    @Test
    void shouldReadNanosecondReceiveTimeAndFrame() {
        final CaptureLine line = CaptureFormat.parse("1723161255030314667 {\"stream\":\"btcusdt@depth@0ms\"}");
        assertThat(line.receiveTimeNs()).isEqualTo(1723161255030314667L);
        assertThat(line.text()).isEqualTo("{\"stream\":\"btcusdt@depth@0ms\"}");
        assertThat(line.rest()).isFalse();
    }

    @Test
    void shouldScaleMicrosecondAndMillisecondTimes() {
        assertThat(CaptureFormat.parse("1723161255030314 {}").receiveTimeNs()).isEqualTo(1723161255030314000L);
        assertThat(CaptureFormat.parse("1723161255030 {}").receiveTimeNs()).isEqualTo(1723161255030000000L);
    }

    @Test
    void shouldRecogniseADepthSnapshotBodyAsRest() {
        final CaptureLine line = CaptureFormat.parse("1723161255319702566 {\"lastUpdateId\":5123107852948,\"E\":1}");
        assertThat(line.rest()).isTrue();
    }

    @Test
    void shouldReadCryptofeedFramesAndRestBodies() {
        final CaptureLine frame = CaptureFormat.parse("1626992741.06217: {\"stream\":\"x\"}");
        assertThat(frame.receiveTimeNs()).isEqualTo(1626992741062170000L);
        assertThat(frame.text()).isEqualTo("{\"stream\":\"x\"}");
        final CaptureLine rest = CaptureFormat.parse(
            "https://fapi.binance.com/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000 -> 1626992741.301402: {\"a\":1}");
        assertThat(rest.rest()).isTrue();
        assertThat(rest.restUrl()).isEqualTo("https://fapi.binance.com/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000");
        assertThat(rest.receiveTimeNs()).isEqualTo(1626992741301402000L);
    }

    @Test
    void shouldSkipConnectionMarkersConfigurationAndBlankLines() {
        assertThat(CaptureFormat.parse("wss://fstream.binance.com/stream?streams=a/b <-> 1626992740.179554")).isNull();
        assertThat(CaptureFormat.parse("configuration: {\"l2_book\":[]}")).isNull();
        assertThat(CaptureFormat.parse("  ")).isNull();
    }

    @Test
    void shouldAcceptBareJsonLines() {
        final CaptureLine line = CaptureFormat.parse("{\"channel\":\"trades\",\"data\":[]}");
        assertThat(line.receiveTimeNs()).isZero();
        assertThat(line.text()).startsWith("{\"channel\"");
    }
}
