package io.slipstream.mktdata.benchmarks.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemBenchReportTest {
    @TempDir
    Path directory;

    @Test
    void shouldReplaceOnlyTheGeneratedSectionOfTheDocs() throws Exception {
        final Path docs = directory.resolve("benchmarks.md");
        Files.writeString(docs, "# Benchmarks\n\nhand-made JMH figures\n\n" + SystemBench.BEGIN + "\nold run\n"
            + SystemBench.END + "\n\ntext after\n");

        SystemBench.splice(docs, "new run");
        SystemBench.splice(docs, "newer run");

        assertThat(Files.readString(docs)).isEqualTo("# Benchmarks\n\nhand-made JMH figures\n\n" + SystemBench.BEGIN
            + "\nnewer run\n" + SystemBench.END + "\n\ntext after\n");
    }

    @Test
    void shouldAppendTheMarkersTheFirstTime() throws Exception {
        final Path docs = directory.resolve("benchmarks.md");
        Files.writeString(docs, "# Benchmarks\n");

        SystemBench.splice(docs, "first run");

        assertThat(Files.readString(docs)).isEqualTo("# Benchmarks\n\n" + SystemBench.BEGIN + "\nfirst run\n"
            + SystemBench.END + "\n");
    }

    @Test
    void shouldListEveryBrokenInvariantSoTheRunFails() throws Exception {
        final Report report = new Report(directory, "");

        final List<String> held = report.check("no trade doubled", true, "0 doubled");
        final List<String> broken = report.check("recovery within 30 s", false, "41212 ms");

        assertThat(held).containsExactly("no trade doubled", "holds", "0 doubled");
        assertThat(broken).containsExactly("recovery within 30 s", "**BROKEN**", "41212 ms");
        assertThat(report.failures()).containsExactly("recovery within 30 s: 41212 ms");
    }

    @Test
    void shouldGiveTheMedianOfRepeatedRunsWithTheirSpreadIgnoringMissingFigures() {
        assertThat(Report.median(new double[] {412, 398, 430}, "%.0f")).isEqualTo("412 (398..430)");
        assertThat(Report.median(new double[] {1, 2, 3, 4}, "%.1f")).isEqualTo("2.5 (1.0..4.0)");
        assertThat(Report.median(new double[] {7, Double.NaN}, "%.0f")).isEqualTo("7");
        assertThat(Report.median(new double[] {Double.NaN}, "%.0f")).isEqualTo("n/a");
    }
}
