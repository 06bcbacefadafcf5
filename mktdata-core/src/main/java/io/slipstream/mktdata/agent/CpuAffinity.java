package io.slipstream.mktdata.agent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in CPU affinity for the threads on the tick-to-client path (the venue sockets' read threads, the engine
 * thread, the IPC server thread): they run only on the configured CPUs, every other thread keeps the whole machine.
 *
 * <p>Why: a venue read thread hands every event to the engine thread. When the engine waits on another, idle vCPU,
 * the hand-off wakes that vCPU, which on a virtual machine costs tens of microseconds (an inter-processor interrupt
 * and a VM exit); with both threads on one CPU the wake-up is local and the engine runs as soon as the read thread
 * blocks again. Measured on this project's 2-vCPU VMs: the hand-off's p99 fell from 130-200 µs to 76-87 µs and
 * the tick-to-client p99 of 10 Java clients from 0.28-0.73 ms to 0.20-0.27 ms (docs/benchmarks.md, "IPC: tick to
 * client"). The cost: the daemon's hot path can use only those CPUs, so a burst from many sockets is parsed on fewer
 * CPUs and the peak event rate it absorbs is lower.
 *
 * <p>Linux keeps a thread's CPU set for the threads it starts, and a hot-path thread may start some (a venue
 * library's timer, a pool's worker); {@link #releaseInherited()} gives those back the process's CPUs, and the daemon
 * runs it every few seconds. It tells them apart by their CPU set alone, so an application that embeds the engine,
 * configures a hot path and runs the sweep must not pin threads of its own to exactly the hot path's CPUs. Linux only;
 * without support one warning and no pinning. Off unless configured.
 */
public final class CpuAffinity {
    /** Room for 1,024 CPUs, the kernel's default {@code cpu_set_t}. */
    private static final int MASK_LONGS = 16;
    /** The highest CPU number a CPU set here can hold. */
    public static final int MAX_CPU = MASK_LONGS * Long.SIZE - 1;
    private static final Logger LOG = LoggerFactory.getLogger(CpuAffinity.class);
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Hot-path threads by Linux thread id: the sweep leaves them pinned while they live. */
    private static final Map<Integer, Thread> HOT_PATH_THREADS = new ConcurrentHashMap<>();
    /** The hot path's CPUs; empty when off. */
    private static volatile BitSet hotPathCpus = new BitSet();
    /** The CPUs the process had when the hot path was configured: what every other thread keeps. */
    private static volatile BitSet processCpus = new BitSet();
    private static volatile boolean warned;

    private CpuAffinity() {
    }

    /**
     * Sets the CPUs the hot-path threads run on from when they start; an empty set turns pinning off. Call it from a
     * thread that has the process's full CPU set (the launcher's main thread), before any hot-path thread starts.
     *
     * @param cpus CPU numbers, each one the process may run on
     * @throws IllegalArgumentException if a CPU is not available to this process
     */
    public static void configureHotPath(final BitSet cpus) {
        if (cpus.isEmpty()) {
            hotPathCpus = new BitSet();
            return;
        }
        final BitSet allowed = currentThreadCpus();
        if (allowed.isEmpty()) {
            warnOnce("the hot path", "not supported here (sched_getaffinity failed)");
            return;
        }
        final BitSet outside = (BitSet) cpus.clone();
        outside.andNot(allowed);
        if (!outside.isEmpty()) {
            throw new IllegalArgumentException("hot-path CPUs " + outside + " are not available to this process "
                + "(it may run on " + allowed + ")");
        }
        processCpus = allowed;
        hotPathCpus = (BitSet) cpus.clone();
    }

    /** @return the configured hot-path CPUs, empty when off */
    public static BitSet hotPathCpus() {
        return (BitSet) hotPathCpus.clone();
    }

    /**
     * Called by a hot-path thread on itself when it starts: runs from now on only on the configured CPUs, if any.
     *
     * @param role for the log, e.g. {@code mktdata-engine}
     * @return false only if CPUs are configured and the thread could not be pinned
     */
    public static boolean enterHotPath(final String role) {
        final BitSet cpus = hotPathCpus;
        if (cpus.isEmpty()) {
            return true;
        }
        if (!applyToCurrentThread(cpus, role)) {
            return false;
        }
        final int threadId = currentThreadId();
        if (threadId > 0) {
            HOT_PATH_THREADS.put(threadId, Thread.currentThread());
        }
        return true;
    }

    /**
     * Lets the calling thread run only on {@code cpus}.
     *
     * @param cpus CPU numbers, not empty
     * @param role for the log
     * @return true if the thread is now pinned
     */
    public static boolean applyToCurrentThread(final BitSet cpus, final String role) {
        try {
            // pid 0: the calling thread (Linux schedules threads, not processes).
            LibC.INSTANCE.sched_setaffinity(0, MASK_LONGS * Long.BYTES, mask(cpus));
            LOG.info("{}: runs on CPUs {}", role, cpus);
            return true;
        } catch (final LastErrorException e) {
            warnOnce(role, "sched_setaffinity failed with errno " + e.getErrorCode());
            return false;
        } catch (final UnsatisfiedLinkError | NoClassDefFoundError e) {
            warnOnce(role, "not supported here (" + e + ")");
            return false;
        }
    }

    /** @return the CPUs the calling thread may run on, empty if that cannot be read */
    public static BitSet currentThreadCpus() {
        return cpusOf(0);
    }

    /**
     * Gives every thread that is not on the hot path but runs only on the hot path's CPUs (it inherited them from
     * the hot-path thread that started it) the process's CPUs back.
     *
     * @return how many threads were released
     */
    public static int releaseInherited() {
        final BitSet cpus = hotPathCpus;
        if (cpus.isEmpty() || cpus.equals(processCpus)) {
            return 0;
        }
        HOT_PATH_THREADS.values().removeIf(thread -> !thread.isAlive());
        int released = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (final Path task : tasks) {
                final int threadId = Integer.parseInt(task.getFileName().toString());
                if (HOT_PATH_THREADS.containsKey(threadId) || !cpus.equals(cpusOf(threadId))) {
                    continue;
                }
                try {
                    LibC.INSTANCE.sched_setaffinity(threadId, MASK_LONGS * Long.BYTES, mask(processCpus));
                    released++;
                    LOG.info("thread {} ({}) inherited the hot path's CPUs {} from the thread that started it; it "
                        + "runs on {} again", threadId, name(task), cpus, processCpus);
                } catch (final LastErrorException e) {
                    // The thread ended meanwhile (ESRCH): nothing to release.
                    LOG.debug("releasing thread {}: errno {}", threadId, e.getErrorCode());
                }
            }
        } catch (final IOException | RuntimeException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            LOG.debug("could not sweep the process's threads: {}", e.toString());
        }
        return released;
    }

    /** @return the calling thread's Linux thread id, from {@code /proc/thread-self}, or -1 */
    private static int currentThreadId() {
        try {
            final Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Integer.parseInt(link.getFileName().toString());
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
    }

    private static BitSet cpusOf(final int threadId) {
        final long[] mask = new long[MASK_LONGS];
        try {
            LibC.INSTANCE.sched_getaffinity(threadId, MASK_LONGS * Long.BYTES, mask);
            return BitSet.valueOf(mask);
        } catch (final LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            return new BitSet();
        }
    }

    private static long[] mask(final BitSet cpus) {
        final long[] words = cpus.toLongArray();
        final long[] mask = new long[MASK_LONGS];
        System.arraycopy(words, 0, mask, 0, Math.min(words.length, MASK_LONGS));
        return mask;
    }

    private static String name(final Path task) {
        try {
            return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
        } catch (final IOException e) {
            return "?";
        }
    }

    private static void warnOnce(final String role, final String why) {
        if (!warned) {
            warned = true;
            LOG.warn("{}: could not pin to the hot-path CPUs: {}; running on any CPU", role, why);
        } else {
            LOG.debug("{}: could not pin to the hot-path CPUs: {}", role, why);
        }
    }

    /** The two libc calls, bound by JNA. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int sched_setaffinity(int pid, int cpusetsize, long[] mask) throws LastErrorException;

        int sched_getaffinity(int pid, int cpusetsize, long[] mask) throws LastErrorException;
    }
}
