package io.slipstream.mktdata.venuesim.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.zip.GZIPInputStream;

/**
 * Reads one or more capture files (plain or gzip, detected by content) as one session, in receive-time order: a
 * k-way merge, so both a session rotated into several files and several symbols recorded side by side replay as
 * one stream. Lines without a time keep their file order. Not thread-safe.
 */
public final class CaptureReader implements AutoCloseable {
    private final PriorityQueue<Source> sources = new PriorityQueue<>(
        Comparator.comparingLong((Source source) -> source.current.receiveTimeNs()).thenComparingInt(s -> s.order));

    /** One file, with its next line read ahead. */
    private static final class Source {
        final BufferedReader reader;
        final int order;
        CaptureLine current;

        Source(final BufferedReader reader, final int order) {
            this.reader = reader;
            this.order = order;
        }

        boolean advance() throws IOException {
            String line;
            while ((line = reader.readLine()) != null) {
                final CaptureLine parsed = CaptureFormat.parse(line);
                if (parsed != null) {
                    current = parsed;
                    return true;
                }
            }
            reader.close();
            return false;
        }
    }

    /**
     * @param files capture files, in the order to use for lines with equal (or no) times
     * @throws IOException if a file cannot be opened
     */
    public CaptureReader(final List<Path> files) throws IOException {
        int order = 0;
        for (final Path file : files) {
            final Source source = new Source(open(file), order++);
            if (source.advance()) {
                sources.add(source);
            }
        }
    }

    private static BufferedReader open(final Path file) throws IOException {
        final InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        final int magic = raw.read() | raw.read() << 8;
        raw.reset();
        final InputStream in = magic == GZIPInputStream.GZIP_MAGIC ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * @return the next line in receive-time order, or null at the end of every file
     * @throws UncheckedIOException if a file cannot be read
     */
    public CaptureLine next() {
        final Source source = sources.poll();
        if (source == null) {
            return null;
        }
        final CaptureLine line = source.current;
        try {
            if (source.advance()) {
                sources.add(source);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        for (final Source source : sources) {
            source.reader.close();
        }
        sources.clear();
    }

    /**
     * Expands arguments to capture files: a file stays; a directory gives its regular files, sorted by name.
     *
     * @param paths files or directories
     * @return the files
     * @throws IOException if a directory cannot be listed
     */
    public static List<Path> expand(final List<Path> paths) throws IOException {
        final List<Path> files = new ArrayList<>();
        for (final Path path : paths) {
            if (Files.isDirectory(path)) {
                try (var listing = Files.list(path)) {
                    listing.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("LICENSE"))
                        .sorted().forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }
}
