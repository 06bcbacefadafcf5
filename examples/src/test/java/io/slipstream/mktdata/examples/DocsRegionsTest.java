package io.slipstream.mktdata.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Code shown in the docs comes from the compiled (and tested) examples: every fenced block right after an
 * {@code <!-- include: PATH#NAME -->} marker in README.md, docs/*.md and examples/README.md must equal the region
 * between {@code docs:start NAME} and {@code docs:end NAME} comment lines in PATH (relative to the repository root),
 * with the region's common indentation removed and other regions' marker lines left out.
 */
class DocsRegionsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern INCLUDE =
        Pattern.compile("<!-- include: ([^#\\s]+)#([\\w-]+) -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("^\\s*(//|#)\\s*docs:(start|end) ([\\w-]+)\\s*$");

    @Test
    void shouldShowInTheDocsExactlyTheMarkedRegionsOfTheExampleSources() throws IOException {
        final List<String> mismatches = new ArrayList<>();
        int includes = 0;
        for (final Path doc : docs()) {
            final Matcher m = INCLUDE.matcher(Files.readString(doc));
            while (m.find()) {
                includes++;
                final String expected = region(ROOT.resolve(m.group(1)), m.group(2));
                if (!expected.equals(m.group(3))) {
                    mismatches.add(ROOT.relativize(doc) + ": block " + m.group(1) + "#" + m.group(2)
                        + " differs from its source (python3 examples/sync-doc-code.py rewrites it); it should read:\n"
                        + expected);
                }
            }
        }
        assertThat(includes).as("include markers found").isGreaterThanOrEqualTo(8);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void shouldExtractARegionDedentedWithoutOtherMarkers() throws IOException {
        final Path source = Files.createTempFile("region", ".java");
        try {
            Files.writeString(source, """
                class A {
                    void f() {
                        // docs:start outer
                        int a = 1;
                        // docs:start inner
                        if (a > 0) {
                            a++;
                        }
                        // docs:end inner
                        // docs:end outer
                    }
                }
                """);
            assertThat(region(source, "outer")).isEqualTo("int a = 1;\nif (a > 0) {\n    a++;\n}\n");
            assertThat(region(source, "inner")).isEqualTo("if (a > 0) {\n    a++;\n}\n");
        } finally {
            Files.delete(source);
        }
    }

    private static List<Path> docs() throws IOException {
        final List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("examples/README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The lines between the markers of {@code name}, dedented, each ending in a newline. */
    static String region(final Path source, final String name) throws IOException {
        final List<String> lines = new ArrayList<>();
        boolean inside = false;
        boolean ended = false;
        for (final String line : Files.readAllLines(source)) {
            final Matcher marker = MARKER.matcher(line);
            if (marker.matches()) {
                if (marker.group(3).equals(name)) {
                    inside = marker.group(2).equals("start");
                    ended |= !inside;
                }
                continue;
            }
            if (inside) {
                lines.add(line);
            }
        }
        if (!ended || lines.isEmpty()) {
            throw new AssertionError("no region " + name + " (docs:start/docs:end) in " + source);
        }
        final int indent = lines.stream().filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        final StringBuilder text = new StringBuilder();
        for (final String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }
}
