package io.slipstream.mktdata.launcher.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), standing in for {@code promtool check metrics}:
 * every sample is {@code name{labels} value}, every family has {@code # HELP} and {@code # TYPE} before its samples,
 * names and label names are valid, counters end in {@code _total}, no series appears twice, histogram buckets are
 * cumulative and end at {@code +Inf} equal to {@code _count}. Throws {@link IllegalArgumentException} on the first
 * violation.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL =
        Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped", "info",
        "stateset", "gaugehistogram", "unknown");

    /** One sample. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> helps = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(final String text) {
        final PrometheusText out = new PrometheusText();
        final Set<String> series = new HashSet<>();
        int lineNumber = 0;
        for (final String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                out.comment(line, lineNumber);
                continue;
            }
            final Sample sample = sample(line, lineNumber);
            final String family = out.familyOf(sample.name());
            if (family == null) {
                throw new IllegalArgumentException("line " + lineNumber + ": no # TYPE before sample " + line);
            }
            if (!out.helps.containsKey(family)) {
                throw new IllegalArgumentException("line " + lineNumber + ": no # HELP for " + family);
            }
            if ("counter".equals(out.types.get(family)) && !sample.name().endsWith("_total")
                && !sample.name().endsWith("_created")) {
                throw new IllegalArgumentException("line " + lineNumber + ": counter sample not ending in _total");
            }
            if (!series.add(sample.name() + sample.labels())) {
                throw new IllegalArgumentException("line " + lineNumber + ": duplicate series " + line);
            }
            out.samples.add(sample);
        }
        out.checkHistograms();
        return out;
    }

    public Map<String, String> types() {
        return types;
    }

    public List<Sample> samples() {
        return samples;
    }

    /**
     * @param name   a sample name
     * @param labels label pairs that must match (others ignored)
     * @return the value of the first matching sample, or NaN if none
     */
    double value(final String name, final String... labels) {
        for (final Sample sample : samples) {
            if (!sample.name().equals(name)) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= labels[i + 1].equals(sample.labels().get(labels[i]));
            }
            if (matches) {
                return sample.value();
            }
        }
        return Double.NaN;
    }

    private void comment(final String line, final int lineNumber) {
        final String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !"#".equals(parts[0])) {
            return;
        }
        final String name = parts[2];
        if ("HELP".equals(parts[1]) || "TYPE".equals(parts[1])) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("line " + lineNumber + ": bad metric name " + name);
            }
        }
        if ("HELP".equals(parts[1])) {
            if (parts.length < 4 || parts[3].isBlank() || helps.put(name, parts[3]) != null) {
                throw new IllegalArgumentException("line " + lineNumber + ": empty or repeated HELP for " + name);
            }
        } else if ("TYPE".equals(parts[1])) {
            if (parts.length < 4 || !TYPES.contains(parts[3]) || types.put(name, parts[3]) != null) {
                throw new IllegalArgumentException("line " + lineNumber + ": bad or repeated TYPE " + line);
            }
            if ("counter".equals(parts[3]) && !name.endsWith("_total")) {
                throw new IllegalArgumentException("line " + lineNumber + ": counter " + name
                    + " not ending in _total");
            }
        }
    }

    private String familyOf(final String sampleName) {
        if (types.containsKey(sampleName)) {
            return sampleName;
        }
        for (final String suffix : List.of("_bucket", "_sum", "_count", "_created", "_total", "_info")) {
            if (sampleName.endsWith(suffix)) {
                final String family = sampleName.substring(0, sampleName.length() - suffix.length());
                if (types.containsKey(family)) {
                    return family;
                }
            }
        }
        return null;
    }

    private static Sample sample(final String line, final int lineNumber) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        final String name = line.substring(0, i);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("line " + lineNumber + ": bad metric name in " + line);
        }
        final Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            final int close = line.lastIndexOf('}');
            if (close < i) {
                throw new IllegalArgumentException("line " + lineNumber + ": unclosed labels in " + line);
            }
            final String body = line.substring(i + 1, close);
            final Matcher matcher = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                if (!matcher.find(at) || matcher.start() != at) {
                    throw new IllegalArgumentException("line " + lineNumber + ": bad labels in " + line);
                }
                if (labels.put(matcher.group(1), matcher.group(2)) != null) {
                    throw new IllegalArgumentException("line " + lineNumber + ": repeated label in " + line);
                }
                at = matcher.end();
                if (at < body.length()) {
                    if (body.charAt(at) != ',') {
                        throw new IllegalArgumentException("line " + lineNumber + ": bad labels in " + line);
                    }
                    at++;
                }
            }
            i = close + 1;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("line " + lineNumber + ": no value in " + line);
        }
        final String[] rest = line.substring(i + 1).split(" ");
        if (rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException("line " + lineNumber + ": expected value [timestamp] in " + line);
        }
        final double value;
        try {
            value = switch (rest[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest[0]);
            };
            if (rest.length == 2) {
                Long.parseLong(rest[1]);
            }
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": bad number in " + line, e);
        }
        return new Sample(name, labels, value);
    }

    private void checkHistograms() {
        for (final Map.Entry<String, String> type : types.entrySet()) {
            if (!"histogram".equals(type.getValue())) {
                continue;
            }
            final String family = type.getKey();
            double previous = 0;
            double previousBound = Double.NEGATIVE_INFINITY;
            double infBucket = Double.NaN;
            for (final Sample sample : samples) {
                if (!sample.name().equals(family + "_bucket")) {
                    continue;
                }
                final String le = sample.labels().get("le");
                if (le == null) {
                    throw new IllegalArgumentException(family + ": bucket without le");
                }
                final double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                if (bound <= previousBound || sample.value() < previous) {
                    throw new IllegalArgumentException(family + ": buckets not cumulative at le=" + le);
                }
                previousBound = bound;
                previous = sample.value();
                if (Double.isInfinite(bound)) {
                    infBucket = sample.value();
                }
            }
            final double count = value(family + "_count");
            if (Double.isNaN(infBucket) || infBucket != count || Double.isNaN(value(family + "_sum"))) {
                throw new IllegalArgumentException(family + ": +Inf bucket " + infBucket + " vs _count " + count);
            }
        }
    }
}
