package io.slipstream.mktdata.agent;

/**
 * A duty-cycle component: one thread calls {@link #doWork()} in a loop and idles when it returns 0. Each piece of
 * state is owned by exactly one agent.
 */
public interface Agent {
    /**
     * Does a bounded amount of work.
     *
     * @return how much work was done; 0 lets the runner idle
     */
    int doWork();

    /** @return a short name for the thread and the logs */
    String roleName();

    /** Called on the agent's thread before its first {@link #doWork()}. */
    default void onStart() {
    }

    /** Called on the agent's thread after its last {@link #doWork()}. */
    default void onClose() {
    }
}
