package io.slipstream.mktdata.benchmarks.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One sample of a process from {@code /proc}: CPU time, resident memory, threads and open file descriptors.
 *
 * @param timeNs   when it was taken ({@link System#nanoTime()})
 * @param cpuNs    user plus system CPU time so far
 * @param rssKb    resident set size
 * @param threads  threads
 * @param fds      open file descriptors
 */
record ProcStats(long timeNs, long cpuNs, long rssKb, int threads, int fds) {
    /** Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms on every mainstream kernel. */
    private static final long NS_PER_TICK = 10_000_000L;

    /**
     * @param pid the process
     * @return its stats now
     * @throws IOException if the process is gone
     */
    static ProcStats sample(final long pid) throws IOException {
        final Path proc = Path.of("/proc", Long.toString(pid));
        final String stat = Files.readString(proc.resolve("stat"));
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        final long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        long rssKb = 0;
        int threads = 0;
        for (final String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        final int fds;
        try (Stream<Path> list = Files.list(proc.resolve("fd"))) {
            fds = (int) list.count();
        }
        return new ProcStats(System.nanoTime(), ticks * NS_PER_TICK, rssKb, threads, fds);
    }

    /**
     * @param pid the process
     * @return its threads' names (as the kernel keeps them: the first 15 characters)
     */
    static java.util.List<String> threadNames(final long pid) throws IOException {
        final java.util.List<String> names = new java.util.ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (final Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(Files.readString(task.resolve("comm")).trim());
                } catch (final IOException e) {
                    // The thread ended while we listed them.
                }
            }
        }
        java.util.Collections.sort(names);
        return names;
    }

    /** @return CPU time of the whole machine so far (all cores, all processes), from /proc/stat, in ns */
    static long machineBusyNs() throws IOException {
        final String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < cpu.length; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(cpu[i]);
            }
        }
        return busy * NS_PER_TICK;
    }
}
