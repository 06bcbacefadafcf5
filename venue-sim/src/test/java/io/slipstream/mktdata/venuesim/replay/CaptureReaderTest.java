package io.slipstream.mktdata.venuesim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

class CaptureReaderTest {
    @TempDir
    Path directory;

    private Path write(final String name, final boolean gzip, final String... lines) throws IOException {
        final Path file = directory.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
            : Files.newOutputStream(file)) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static List<String> readAll(final CaptureReader reader) {
        final List<String> texts = new ArrayList<>();
        CaptureLine line;
        while ((line = reader.next()) != null) {
            texts.add(line.text());
        }
        return texts;
    }

    @Test
    void shouldMergeFilesByReceiveTimeAndReadGzipByContent() throws IOException {
        final Path btc = write("btc.gz", true, "1000000000000000001 {\"b\":1}", "1000000000000000004 {\"b\":4}");
        final Path eth = write("eth.log", false, "1000000000000000002 {\"e\":2}", "1000000000000000003 {\"e\":3}",
            "1000000000000000009 {\"e\":9}");
        try (CaptureReader reader = new CaptureReader(List.of(btc, eth))) {
            assertThat(readAll(reader)).containsExactly("{\"b\":1}", "{\"e\":2}", "{\"e\":3}", "{\"b\":4}",
                "{\"e\":9}");
        }
    }

    @Test
    void shouldReplayASessionRotatedAcrossFilesAsOne() throws IOException {
        write("session.2026-11-22.log", false, "1000000000000000001 {\"n\":1}", "1000000000000000002 {\"n\":2}");
        write("session.2026-11-23.log", false, "1000000000000000003 {\"n\":3}");
        try (CaptureReader reader = new CaptureReader(CaptureReader.expand(List.of(directory)))) {
            assertThat(readAll(reader)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        }
    }

    @Test
    void shouldKeepFileOrderForLinesWithoutTimes() throws IOException {
        final Path jsonl = write("frames.jsonl", false, "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        try (CaptureReader reader = new CaptureReader(List.of(jsonl))) {
            assertThat(readAll(reader)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        }
    }
}
