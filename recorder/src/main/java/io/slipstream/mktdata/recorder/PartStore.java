package io.slipstream.mktdata.recorder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Parquet tree and how it changes safely. A flush writes every part as {@code .tmp}, forces it to disk, then
 * commits by atomically placing one small commit file ({@code _state/commit-<epoch>-<next position>.txt}) that lists
 * the parts and the journal position the recorder has consumed; only then are the parts renamed into place. After a
 * crash, {@link #recover()} finishes the renames of the newest commit and deletes every other {@code .tmp}: a part is
 * either complete and counted, or absent and re-read from the journal. The newest commit is the resume point.
 *
 * <p>Closed days are compacted the same way: the day file is written as {@code .tmp}, a compaction manifest naming
 * the parts it replaces is committed, the day file is renamed into place, then the parts are deleted.
 *
 * <p>Owned by the recorder thread.
 */
final class PartStore {
    private static final Logger LOG = LoggerFactory.getLogger(PartStore.class);
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    static final String STATE_DIR = "_state";
    static final String QUARANTINE_DIR = "_quarantine";

    /** Where reading the journal resumes. */
    record Resume(long epoch, long position) {
    }

    /** One part: where it is written and where it goes, relative to the root. */
    record Part(String tmp, String target) {
    }

    private final Path root;
    private final Path stateDir;
    private boolean committedButNotPlaced;

    PartStore(final Path root) {
        this.root = root;
        this.stateDir = root.resolve(STATE_DIR);
    }

    Path root() {
        return root;
    }

    /** @return the part name for a batch of journal positions [first, next) of one epoch */
    static String partName(final long epoch, final long first, final long next) {
        return String.format("part-%020d-%020d-%020d.parquet", epoch, first, next);
    }

    /**
     * Finishes the newest commit, removes what no commit covers, quarantines unreadable Parquet files and finishes
     * or abandons an interrupted compaction.
     *
     * @return where to resume reading the journal
     * @throws IOException if the tree cannot be repaired (e.g. read-only)
     */
    Resume recover() throws IOException {
        Files.createDirectories(stateDir);
        final List<Path> commits = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateDir)) {
            for (final Path entry : entries) {
                final String name = entry.getFileName().toString();
                if (name.endsWith(".tmp") && Files.isRegularFile(entry)) {
                    Files.deleteIfExists(entry);
                } else if (name.startsWith("commit-") && name.endsWith(".txt")) {
                    commits.add(entry);
                }
            }
        }
        Collections.sort(commits);
        Resume resume = new Resume(0, 0);
        if (!commits.isEmpty()) {
            final Path newest = commits.get(commits.size() - 1);
            final List<String> lines = Files.readAllLines(newest, StandardCharsets.UTF_8);
            long epoch = -1;
            long next = -1;
            for (final String line : lines) {
                final String[] fields = line.split("\t");
                switch (fields[0]) {
                    case "epoch" -> epoch = Long.parseLong(fields[1]);
                    case "next" -> next = Long.parseLong(fields[1]);
                    case "part" -> place(new Part(fields[1], fields[2]));
                    default -> throw new IOException("unreadable commit file " + newest + ": " + line);
                }
            }
            if (epoch < 0 || next < 0) {
                throw new IOException("incomplete commit file " + newest);
            }
            resume = new Resume(epoch, next);
            for (int i = 0; i < commits.size() - 1; i++) {
                Files.deleteIfExists(commits.get(i));
            }
        }
        deleteStaging();
        committedButNotPlaced = false;
        recoverCompactions();
        cleanTree();
        return resume;
    }

    private void place(final Part part) throws IOException {
        final Path tmp = root.resolve(part.tmp());
        final Path target = root.resolve(part.target());
        if (Files.exists(tmp)) {
            if (Files.exists(target)) {
                Files.delete(tmp);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private void recoverCompactions() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateDir, "compact-*.txt")) {
            for (final Path manifest : entries) {
                final List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
                final Path dayFile = root.resolve(lines.get(0));
                final Path dayTmp = root.resolve(lines.get(0) + ".tmp");
                if (Files.exists(dayTmp) && !Files.exists(dayFile)) {
                    Files.move(dayTmp, dayFile, StandardCopyOption.ATOMIC_MOVE);
                }
                for (final String part : lines.subList(1, lines.size())) {
                    Files.deleteIfExists(root.resolve(part));
                }
                deleteIfEmpty(root.resolve(lines.get(0).replace(".parquet", "")));
                Files.delete(manifest);
            }
        }
    }

    /** Deletes {@code .tmp} files no commit names and moves unreadable Parquet files aside. */
    private void cleanTree() throws IOException {
        final List<Path> tmps = new ArrayList<>();
        final List<Path> corrupt = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attrs) {
                final String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return dir.equals(root) || !name.startsWith("_") ? FileVisitResult.CONTINUE
                    : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
                final String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    tmps.add(file);
                } else if (name.endsWith(".parquet") && !looksLikeParquet(file)) {
                    corrupt.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (final Path tmp : tmps) {
            LOG.info("removing an uncommitted leftover {}", root.relativize(tmp));
            Files.deleteIfExists(tmp);
        }
        for (final Path bad : corrupt) {
            final Path quarantine = root.resolve(QUARANTINE_DIR);
            Files.createDirectories(quarantine);
            final Path to = quarantine.resolve(root.relativize(bad).toString().replace('/', '_'));
            Files.move(bad, to, StandardCopyOption.REPLACE_EXISTING);
            LOG.error("{} is not a readable Parquet file (truncated?): moved to {}; its rows are missing from the"
                + " tree until restored", root.relativize(bad), root.relativize(to));
        }
    }

    /** @return true if the file starts and ends with Parquet's magic and is long enough to hold a footer */
    static boolean looksLikeParquet(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size < 12) {
                return false;
            }
            final ByteBuffer head = ByteBuffer.allocate(4);
            final ByteBuffer tail = ByteBuffer.allocate(4);
            channel.read(head, 0);
            channel.read(tail, size - 4);
            return java.util.Arrays.equals(head.array(), MAGIC) && java.util.Arrays.equals(tail.array(), MAGIC);
        }
    }

    /**
     * Commits a flush: the parts (already written as {@code .tmp}) are forced to disk, the commit file is placed,
     * then the parts are renamed into place.
     *
     * @param epoch the batch's epoch
     * @param next  the journal position after the batch
     * @param parts the parts written
     * @throws IOException if any step fails; the caller retries the whole flush later
     */
    void commit(final long epoch, final long next, final List<Part> parts) throws IOException {
        for (final Part part : parts) {
            force(root.resolve(part.tmp()));
        }
        final StringBuilder text = new StringBuilder();
        text.append("epoch\t").append(epoch).append('\n').append("next\t").append(next).append('\n');
        for (final Part part : parts) {
            text.append("part\t").append(part.tmp()).append('\t').append(part.target()).append('\n');
        }
        final Path tmp = stateDir.resolve("commit.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        force(tmp);
        final Path commit = stateDir.resolve(String.format("commit-%020d-%020d.txt", epoch, next));
        Files.move(tmp, commit, StandardCopyOption.ATOMIC_MOVE);
        // From here the flush is committed: whatever fails below is finished by recover(), never undone.
        committedButNotPlaced = true;
        force(stateDir);
        for (final Part part : parts) {
            place(part);
        }
        for (final Part part : parts) {
            force(root.resolve(part.target()).getParent());
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateDir, "commit-*.txt")) {
            for (final Path old : entries) {
                if (!old.equals(commit)) {
                    Files.deleteIfExists(old);
                }
            }
        }
        deleteStaging();
        committedButNotPlaced = false;
    }

    /** @return true if the last commit was placed but its parts could not all be renamed: run recover() */
    boolean committedButNotPlaced() {
        return committedButNotPlaced;
    }

    /** Deletes what a flush that failed before its commit wrote. */
    void abandon(final List<Part> parts) {
        try {
            deleteStaging();
        } catch (final IOException e) {
            LOG.debug("could not delete staging files: {}", e.toString());
        }
    }

    /**
     * @param flush a number unique within this run
     * @return a fresh directory for the files of one flush (below {@code _state}: never read by the glob)
     */
    Path stagingDir(final long flush) {
        return stateDir.resolve("flush-" + flush);
    }

    /** @return the regular files below a directory, sorted; empty if it does not exist */
    static List<Path> filesIn(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Deletes every flush staging directory (what remains after the commit placed its parts is garbage). */
    void deleteStaging() throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateDir, "flush-*")) {
            for (final Path staging : entries) {
                try (Stream<Path> walk = Files.walk(staging)) {
                    for (final Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /**
     * Compacts the parts of every day before {@code firstOpenDay} into one file per day and group.
     *
     * @param connection   DuckDB
     * @param firstOpenDay days strictly before this (yyyy-mm-dd) are closed
     * @return day files written
     */
    int compactClosedDays(final Connection connection, final String firstOpenDay) throws IOException, SQLException {
        final List<Path> dayDirs = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attrs) {
                final String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(root) && name.startsWith("_")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (DAY.matcher(name).matches()) {
                    if (name.compareTo(firstOpenDay) < 0) {
                        dayDirs.add(dir);
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        int written = 0;
        for (final Path dir : dayDirs) {
            final Path dayFile = dir.resolveSibling(dir.getFileName() + ".parquet");
            if (Files.exists(dayFile)) {
                // Rows that arrived after their day was compacted stay as parts beside it: still read by the glob.
                continue;
            }
            final List<Path> parts;
            try (Stream<Path> files = Files.list(dir)) {
                parts = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
            }
            if (parts.isEmpty()) {
                deleteIfEmpty(dir);
                continue;
            }
            final Path dayTmp = dayFile.resolveSibling(dayFile.getFileName() + ".tmp");
            final StringBuilder list = new StringBuilder();
            for (final Path part : parts) {
                list.append(list.isEmpty() ? "" : ", ").append(quote(part.toString()));
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("COPY (SELECT * FROM read_parquet([" + list + "])) TO " + quote(dayTmp.toString())
                    + " (FORMAT parquet, COMPRESSION zstd)");
            }
            force(dayTmp);
            final StringBuilder manifest = new StringBuilder(root.relativize(dayFile).toString()).append('\n');
            for (final Path part : parts) {
                manifest.append(root.relativize(part)).append('\n');
            }
            final Path manifestTmp = stateDir.resolve("compact.tmp");
            Files.writeString(manifestTmp, manifest, StandardCharsets.UTF_8);
            force(manifestTmp);
            final Path manifestFile = stateDir.resolve("compact-" + System.nanoTime() + ".txt");
            Files.move(manifestTmp, manifestFile, StandardCopyOption.ATOMIC_MOVE);
            Files.move(dayTmp, dayFile, StandardCopyOption.ATOMIC_MOVE);
            force(dayFile.getParent());
            for (final Path part : parts) {
                Files.deleteIfExists(part);
            }
            deleteIfEmpty(dir);
            Files.delete(manifestFile);
            written++;
            LOG.info("compacted {} parts into {}", parts.size(), root.relativize(dayFile));
        }
        return written;
    }

    private static void deleteIfEmpty(final Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    static String quote(final String path) {
        return "'" + path.replace("'", "''") + "'";
    }

    static void force(final Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
