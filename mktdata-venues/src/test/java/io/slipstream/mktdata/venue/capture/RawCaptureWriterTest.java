package io.slipstream.mktdata.venue.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.venuesim.replay.CaptureLine;
import io.slipstream.mktdata.venuesim.replay.CaptureReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class RawCaptureWriterTest {
    @TempDir
    Path directory;

    @Test
    void shouldWriteRotatedCompressedFilesThatTheSimulatorReplaysAsOneSession() throws IOException {
        final long midnightNs = 1_795_392_000_000_000_000L;
        try (RawCaptureWriter writer = new RawCaptureWriter(directory, "binance", 200)) {
            for (int i = 0; i < 10; i++) {
                writer.writeFrame(midnightNs - 5_000 + i * 1_000L, ByteBuffer.wrap(
                    ("{\"stream\":\"btcusdt@trade\",\"data\":{\"t\":" + i + "}}").getBytes(StandardCharsets.UTF_8)));
            }
            writer.writeRest(midnightNs + 20_000, "https://x/fapi/v1/depth", "{\"lastUpdateId\":5,\"bids\":[]}");
            assertThat(writer.lines()).isEqualTo(11);
        }
        final List<Path> files = CaptureReader.expand(List.of(directory));
        assertThat(files).hasSizeGreaterThan(2);
        assertThat(files).allMatch(file -> file.getFileName().toString().endsWith(".log.gz"));

        final List<CaptureLine> lines = new ArrayList<>();
        try (CaptureReader reader = new CaptureReader(files)) {
            CaptureLine line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0).receiveTimeNs()).isEqualTo(midnightNs - 5_000);
        assertThat(lines.get(9).text()).isEqualTo("{\"stream\":\"btcusdt@trade\",\"data\":{\"t\":9}}");
        assertThat(lines.get(10).rest()).isTrue();
    }
}
