package io.slipstream.mktdata.benchmarks.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One scrape of the daemon's Prometheus {@code /metrics}: every sample by its full name with labels.
 *
 * @param samples value of {@code name{labels}}
 */
record Metrics(Map<String, Double> samples) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param port the daemon's metrics port
     * @return the scrape
     * @throws IOException if the daemon does not answer
     */
    static Metrics scrape(final int port) throws IOException {
        final String body;
        try {
            body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        final Map<String, Double> samples = new HashMap<>();
        for (final String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final int space = line.lastIndexOf(' ');
            try {
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (final NumberFormatException e) {
                // A timestamped or odd line: not one we read.
            }
        }
        return new Metrics(samples);
    }

    /**
     * @param name         the metric name
     * @param labelContains a substring every counted sample's labels must hold, or "" for all
     * @return the sum of the metric's samples whose labels match
     */
    double sum(final String name, final String labelContains) {
        double total = 0;
        for (final Map.Entry<String, Double> sample : samples.entrySet()) {
            final String key = sample.getKey();
            final int brace = key.indexOf('{');
            final String bare = brace < 0 ? key : key.substring(0, brace);
            if (bare.equals(name) && (labelContains.isEmpty() || key.contains(labelContains))) {
                total += sample.getValue();
            }
        }
        return total;
    }

    /** @param name the metric name @return the sum of all its samples */
    double sum(final String name) {
        return sum(name, "");
    }
}
