package io.slipstream.mktdata.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the daemon journals what it publishes.
 *
 * @param directory       the journal directory; one sub-directory per epoch
 * @param segmentBytes    size of each preallocated segment file
 * @param forceIntervalMs how often written data is forced to disk (durability bound)
 * @param retentionMs     segments older than this are deleted (0: keep by age forever)
 * @param retentionBytes  oldest segments are deleted while the journal is larger than this (0: no bound)
 */
public record JournalConfig(Path directory, int segmentBytes, long forceIntervalMs, long retentionMs,
                            long retentionBytes) {
    /** Default segment size: a few seconds of a busy market, small enough to preallocate quickly. */
    public static final int SEGMENT_BYTES_DEFAULT = 64 * 1024 * 1024;
    /** Default force interval: well inside the one-second durability promise. */
    public static final long FORCE_INTERVAL_MS_DEFAULT = 200;
    /** Default retention by age: two days, enough for a recorder to be down over a weekend night. */
    public static final long RETENTION_MS_DEFAULT = 48L * 3600 * 1000;
    /** Default retention by size: 20 GiB. */
    public static final long RETENTION_BYTES_DEFAULT = 20L * 1024 * 1024 * 1024;
    /** Smallest segment accepted. */
    public static final int SEGMENT_BYTES_MIN = 1024 * 1024;

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public JournalConfig {
        Objects.requireNonNull(directory, "directory");
        if (segmentBytes < SEGMENT_BYTES_MIN) {
            throw new IllegalArgumentException("segmentBytes must be at least " + SEGMENT_BYTES_MIN);
        }
        if (forceIntervalMs <= 0 || forceIntervalMs > 1000) {
            throw new IllegalArgumentException("forceIntervalMs must be in 1..1000");
        }
        if (retentionMs < 0 || retentionBytes < 0) {
            throw new IllegalArgumentException("retentionMs and retentionBytes must be >= 0");
        }
    }

    /** @param directory the journal directory @return the defaults for it */
    public static JournalConfig defaults(final Path directory) {
        return new JournalConfig(directory, SEGMENT_BYTES_DEFAULT, FORCE_INTERVAL_MS_DEFAULT, RETENTION_MS_DEFAULT,
            RETENTION_BYTES_DEFAULT);
    }

    /** @param bytes segment size @return a copy with it */
    public JournalConfig withSegmentBytes(final int bytes) {
        return new JournalConfig(directory, bytes, forceIntervalMs, retentionMs, retentionBytes);
    }

    /**
     * @param ageMs  retention by age (0: none)
     * @param bytes  retention by size (0: none)
     * @return a copy with them
     */
    public JournalConfig withRetention(final long ageMs, final long bytes) {
        return new JournalConfig(directory, segmentBytes, forceIntervalMs, ageMs, bytes);
    }
}
