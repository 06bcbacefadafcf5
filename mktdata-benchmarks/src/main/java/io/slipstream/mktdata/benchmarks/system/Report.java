package io.slipstream.mktdata.benchmarks.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The generated Markdown report: sections of prose and tables, with PNG plots (XChart) written beside it. Also
 * prints every table to standard output as it is added, so a run shows its figures as it goes.
 */
final class Report {
    private final Path imageDirectory;
    private final String imageLinkPrefix;
    private final StringBuilder markdown = new StringBuilder();
    private final List<String> failures = new ArrayList<>();

    /**
     * @param imageDirectory  where plots are written
     * @param imageLinkPrefix how the Markdown links to that directory (relative to the Markdown file)
     */
    Report(final Path imageDirectory, final String imageLinkPrefix) throws IOException {
        this.imageDirectory = imageDirectory;
        this.imageLinkPrefix = imageLinkPrefix;
        Files.createDirectories(imageDirectory);
        System.setProperty("java.awt.headless", "true");
    }

    void heading(final String title) {
        markdown.append("\n### ").append(title).append("\n\n");
        System.out.println("\n== " + title);
    }

    void text(final String paragraph) {
        markdown.append(paragraph).append("\n\n");
        System.out.println(paragraph);
    }

    void table(final List<String> header, final List<List<String>> rows) {
        markdown.append('|').append(String.join("|", header)).append("|\n|");
        markdown.append("---|".repeat(header.size())).append('\n');
        for (final List<String> row : rows) {
            markdown.append('|').append(String.join("|", row)).append("|\n");
        }
        markdown.append('\n');
        System.out.println(String.join(" | ", header));
        for (final List<String> row : rows) {
            System.out.println(String.join(" | ", row));
        }
    }

    /**
     * Records an invariant: a failed one is listed in the report and makes the run exit non-zero.
     *
     * @param name   what is checked
     * @param holds  whether it held
     * @param detail the figures behind it
     * @return a table row
     */
    List<String> check(final String name, final boolean holds, final String detail) {
        if (!holds) {
            failures.add(name + ": " + detail);
        }
        return List.of(name, holds ? "holds" : "**BROKEN**", detail);
    }

    /** @param problem something that broke outside an invariant (a scenario that could not run) */
    void failure(final String problem) {
        failures.add(problem);
        text("**Failed:** " + problem);
    }

    List<String> failures() {
        return failures;
    }

    /**
     * A percentile plot: latency against 1/(1-percentile) on log axes, one series per histogram.
     *
     * @param file   the PNG's name
     * @param title  the plot's title
     * @param series name to histogram (ns)
     */
    void percentilePlot(final String file, final String title, final Map<String, Histogram> series)
        throws IOException {
        final XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
            .xAxisTitle("percentile (10 = p90, 100 = p99, 1000 = p99.9, 10000 = p99.99)")
            .yAxisTitle("tick to client (µs)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        boolean any = false;
        for (final Map.Entry<String, Histogram> entry : series.entrySet()) {
            final Histogram histogram = entry.getValue();
            if (histogram.getTotalCount() == 0) {
                continue;
            }
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (double nines = 0; nines <= 5.0; nines += 0.05) {
                final double percentile = 100.0 * (1 - Math.pow(10, -nines));
                xs.add(Math.pow(10, nines));
                ys.add(Math.max(1.0, histogram.getValueAtPercentile(percentile) / 1000.0));
            }
            chart.addSeries(entry.getKey(), xs, ys).setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (any) {
            save(chart, file);
        }
    }

    /**
     * A time series plot.
     *
     * @param file   the PNG's name
     * @param title  the plot's title
     * @param yTitle the y axis
     * @param series name to {seconds[], values[]}
     */
    void timePlot(final String file, final String title, final String yTitle, final Map<String, double[][]> series)
        throws IOException {
        final XYChart chart = new XYChartBuilder().width(900).height(400).title(title).xAxisTitle("seconds")
            .yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(0);
        for (final Map.Entry<String, double[][]> entry : series.entrySet()) {
            if (entry.getValue()[0].length > 0) {
                chart.addSeries(entry.getKey(), entry.getValue()[0], entry.getValue()[1])
                    .setMarker(SeriesMarkers.NONE);
            }
        }
        if (!chart.getSeriesMap().isEmpty()) {
            save(chart, file);
        }
    }

    private void save(final XYChart chart, final String file) throws IOException {
        BitmapEncoder.saveBitmap(chart, imageDirectory.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        markdown.append("![").append(chart.getTitle()).append("](").append(imageLinkPrefix).append(file)
            .append(")\n\n");
    }

    String markdown() {
        return markdown.toString();
    }

    /** Writes the report to {@code file}. */
    void writeTo(final Path file, final String preamble) throws IOException {
        Files.writeString(file, preamble + markdown, StandardCharsets.UTF_8);
    }

    /** @return {@code p50 / p99 / p99.9 / max} in µs */
    static List<String> percentiles(final Histogram histogram) {
        return List.of(Long.toString(histogram.getTotalCount()), us(histogram.getValueAtPercentile(50)),
            us(histogram.getValueAtPercentile(99)), us(histogram.getValueAtPercentile(99.9)),
            us(histogram.getMaxValue()));
    }

    static String us(final double ns) {
        return String.format(Locale.ROOT, "%.0f", ns / 1000.0);
    }

    static String fmt(final String format, final Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /**
     * @param values one figure per repeated run
     * @return the median and the spread (min..max) of repeated runs, e.g. {@code 412 (398..430)}
     */
    static String median(final double[] values, final String format) {
        final double[] sorted = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return "n/a";
        }
        final double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        if (sorted.length == 1) {
            return fmt(format, median);
        }
        return fmt(format, median) + " (" + fmt(format, sorted[0]) + ".." + fmt(format, sorted[sorted.length - 1])
            + ")";
    }
}
