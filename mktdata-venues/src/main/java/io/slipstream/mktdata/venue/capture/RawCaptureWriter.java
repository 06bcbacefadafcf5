package io.slipstream.mktdata.venue.capture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.GZIPOutputStream;

/**
 * Raw capture mode: every frame received (and every REST body) as a {@code <receive time ns> <text>} line, gzip
 * compressed, in files rotated by size and at UTC midnight ({@code <prefix>.<yyyyMMdd-HHmmss>.log.gz}), which
 * venue-sim replays as one session. Off the hot path's critical section: it allocates, and callers only use it when
 * the operator asked for a capture. Thread-safe.
 */
public final class RawCaptureWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawCaptureWriter.class);
    private static final DateTimeFormatter FILE_TIME =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final String prefix;
    private final long maxBytesPerFile;
    private Writer writer;
    private Path current;
    private long bytesInFile;
    private long currentDay = Long.MIN_VALUE;
    private long lines;

    /**
     * @param directory       where capture files go (created if missing)
     * @param prefix          file name prefix, e.g. {@code binance}
     * @param maxBytesPerFile rotate after this many uncompressed bytes
     */
    public RawCaptureWriter(final Path directory, final String prefix, final long maxBytesPerFile) {
        this.directory = directory;
        this.prefix = prefix;
        this.maxBytesPerFile = maxBytesPerFile;
    }

    /**
     * @param receiveTimeNs receive time, epoch nanoseconds
     * @param payload       a frame's UTF-8 bytes between position and limit (not consumed)
     */
    public void writeFrame(final long receiveTimeNs, final ByteBuffer payload) {
        write(receiveTimeNs, StandardCharsets.UTF_8.decode(payload.duplicate()));
    }

    /**
     * @param receiveTimeNs receive time, epoch nanoseconds
     * @param url           the request (kept in the log, not in the line: a REST body line is recognised by content)
     * @param body          the body
     */
    public void writeRest(final long receiveTimeNs, final String url, final String body) {
        write(receiveTimeNs, body);
    }

    /**
     * @param receiveTimeNs receive time, epoch nanoseconds
     * @param text          the frame or body; newlines are not expected in venue JSON and are replaced
     */
    public synchronized void write(final long receiveTimeNs, final CharSequence text) {
        try {
            rotateIfNeeded(receiveTimeNs);
            final String line = receiveTimeNs + " " + text.toString().replace('\n', ' ') + "\n";
            writer.write(line);
            bytesInFile += line.length();
            lines++;
        } catch (final IOException e) {
            throw new UncheckedIOException("capture " + current, e);
        }
    }

    private void rotateIfNeeded(final long receiveTimeNs) throws IOException {
        final long day = Math.floorDiv(receiveTimeNs, 86_400_000_000_000L);
        if (writer != null && bytesInFile < maxBytesPerFile && day == currentDay) {
            return;
        }
        closeFile();
        Files.createDirectories(directory);
        current = directory.resolve(prefix + "." + FILE_TIME.format(Instant.ofEpochSecond(0, receiveTimeNs))
            + "-" + lines + ".log.gz");
        writer = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(current)),
            StandardCharsets.UTF_8), 1 << 16);
        bytesInFile = 0;
        currentDay = day;
        LOG.info("raw capture to {}", current);
    }

    /** Flushes what is buffered (a crash loses at most what was written since). */
    public synchronized void flush() {
        try {
            if (writer != null) {
                writer.flush();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return lines written */
    public synchronized long lines() {
        return lines;
    }

    private void closeFile() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeFile();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
