package io.slipstream.mktdata.agent;

/** What an {@link AgentRunner} does between duty cycles that found no work. */
public interface IdleStrategy {
    /**
     * @param workCount what the last duty cycle returned; 0 means idle, anything else resets the back-off
     */
    void idle(int workCount);
}
