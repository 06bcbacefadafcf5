package io.slipstream.mktdata.agent;

/**
 * The threads on the tick-to-client path (each venue socket's read thread, the engine thread, the IPC server thread
 * when it has its own) call {@link #enter} on themselves as they start, and take whatever the deployment configured
 * for them: a real-time priority ({@link RealtimePriority}) and a CPU set ({@link CpuAffinity}).
 */
public final class HotPath {
    private HotPath() {
    }

    /**
     * Takes the configured real-time priority and CPU set, if any, for the calling thread.
     *
     * @param role for the log, e.g. {@code mktdata-engine}
     * @return false if something configured could not be applied (each failure is logged)
     */
    public static boolean enter(final String role) {
        final boolean prioritySet = RealtimePriority.enterHotPath(role);
        final boolean pinned = CpuAffinity.enterHotPath(role);
        return prioritySet && pinned;
    }
}
