package io.slipstream.mktdata.agent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in real-time scheduling ({@code SCHED_FIFO}) for the threads on the tick-to-client path: the venue sockets'
 * read threads, the engine thread, the IPC server thread, and a client's reader thread.
 *
 * <p>Why: on a small, busy machine the millisecond tail of that path is the scheduler, not our code. Under Linux's
 * fair scheduler a woken thread may wait for the running one's time slice (about 1-3 ms) before it runs; a FIFO
 * thread runs as soon as it is woken and keeps the CPU until it blocks again, which our hot-path threads do within
 * microseconds (docs/benchmarks.md, "IPC: tick to client"). The cost: a FIFO thread that never blocked would starve
 * normal threads of its CPU (the kernel still keeps 5 % for them), so only threads that hand work on and park get it.
 *
 * <p>Linux only. Needs {@code CAP_SYS_NICE} or an {@code RLIMIT_RTPRIO} at least the priority (systemd:
 * {@code LimitRTPRIO=}, and {@code RestrictRealtime=false}); without them the call fails, a warning says what to
 * grant, and the thread carries on at normal priority. Off (0) unless configured.
 *
 * <p>The hot-path priority is process-wide on purpose: scheduling is a property of how the process is deployed,
 * set once by the launcher (or an embedding application) before anything starts, and read by threads the venue
 * libraries create.
 */
public final class RealtimePriority {
    /** The highest priority we accept; the kernel allows 99, which belongs to its own watchdogs. */
    public static final int MAX_PRIORITY = 98;
    private static final Logger LOG = LoggerFactory.getLogger(RealtimePriority.class);
    private static final int SCHED_FIFO = 1;
    /** Threads this thread creates (executors' workers started from a hot-path thread) start at normal priority. */
    private static final int SCHED_RESET_ON_FORK = 0x4000_0000;
    private static volatile int hotPathPriority;
    private static volatile boolean warned;

    private RealtimePriority() {
    }

    /**
     * Sets the priority the hot-path threads take when they start; 0 leaves them at normal priority.
     *
     * @param priority 0 (off) or 1..{@value #MAX_PRIORITY}
     */
    public static void configureHotPath(final int priority) {
        validate(priority);
        hotPathPriority = priority;
    }

    /** @return the configured hot-path priority, 0 when off */
    public static int hotPathPriority() {
        return hotPathPriority;
    }

    /**
     * Called by a hot-path thread on itself when it starts: takes the configured priority, if any.
     *
     * @param role for the log, e.g. {@code mktdata-engine}
     * @return false only if a priority is configured and could not be set
     */
    public static boolean enterHotPath(final String role) {
        final int priority = hotPathPriority;
        return priority == 0 || applyToCurrentThread(priority, role);
    }

    /**
     * Makes the calling thread {@code SCHED_FIFO} at {@code priority}.
     *
     * @param priority 0 (nothing to do) or 1..{@value #MAX_PRIORITY}
     * @param role     for the log
     * @return true if the thread now runs at that priority (or priority is 0)
     */
    public static boolean applyToCurrentThread(final int priority, final String role) {
        validate(priority);
        if (priority == 0) {
            return true;
        }
        try {
            // pid 0: the calling thread (Linux schedules threads, not processes).
            LibC.INSTANCE.sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, new int[] {priority});
            LOG.info("{}: real-time priority SCHED_FIFO {}", role, priority);
            return true;
        } catch (final LastErrorException e) {
            warnOnce(role, priority, "sched_setscheduler failed with errno " + e.getErrorCode()
                + (e.getErrorCode() == 1 ? " (EPERM: grant CAP_SYS_NICE or LimitRTPRIO=" + priority
                + ", and RestrictRealtime=false under systemd)" : ""));
            return false;
        } catch (final UnsatisfiedLinkError | NoClassDefFoundError e) {
            warnOnce(role, priority, "not supported here (" + e + ")");
            return false;
        }
    }

    /** @return true if the calling thread runs under {@code SCHED_FIFO} */
    public static boolean currentThreadIsFifo() {
        try {
            return (LibC.INSTANCE.sched_getscheduler(0) & ~SCHED_RESET_ON_FORK) == SCHED_FIFO;
        } catch (final LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false;
        }
    }

    private static void validate(final int priority) {
        if (priority < 0 || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("real-time priority must be 0 (off) or 1.." + MAX_PRIORITY + ", was "
                + priority);
        }
    }

    private static void warnOnce(final String role, final int priority, final String why) {
        if (!warned) {
            warned = true;
            LOG.warn("{}: could not take real-time priority {}: {}; running at normal priority", role, priority, why);
        } else {
            LOG.debug("{}: could not take real-time priority {}: {}", role, priority, why);
        }
    }

    /** The two libc calls, bound by JNA. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;

        int sched_getscheduler(int pid) throws LastErrorException;
    }
}
