package io.slipstream.mktdata.agent;

/** Never gives up the core: lowest latency, one core fully used. Only for hosts with cores to spare. */
public final class BusySpinIdleStrategy implements IdleStrategy {
    @Override
    public void idle(final int workCount) {
        Thread.onSpinWait();
    }
}
