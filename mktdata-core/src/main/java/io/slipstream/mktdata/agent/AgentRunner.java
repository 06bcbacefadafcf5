package io.slipstream.mktdata.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link Agent} on its own thread until closed. An exception from a duty cycle is counted and logged once
 * per exception class, and the loop goes on. Thread-safe start and close.
 */
public final class AgentRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    private final Agent agent;
    private final IdleStrategy idleStrategy;
    private final Thread thread;
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running = true;
    private volatile Class<?> lastLoggedError;

    /**
     * @param agent        the agent
     * @param idleStrategy what to do when a duty cycle finds no work
     */
    public AgentRunner(final Agent agent, final IdleStrategy idleStrategy) {
        this.agent = agent;
        this.idleStrategy = idleStrategy;
        this.thread = new Thread(this::run, agent.roleName());
        this.thread.setDaemon(true);
    }

    /** @return this, with its thread started */
    public AgentRunner start() {
        thread.start();
        return this;
    }

    /** @return the agent's thread */
    public Thread thread() {
        return thread;
    }

    /** @return exceptions thrown by duty cycles so far */
    public long errorCount() {
        return errors.get();
    }

    private void run() {
        try {
            agent.onStart();
            while (running) {
                int work;
                try {
                    work = agent.doWork();
                } catch (final VirtualMachineError fatal) {
                    throw fatal;
                } catch (final RuntimeException | Error e) {
                    errors.incrementAndGet();
                    if (lastLoggedError != e.getClass()) {
                        lastLoggedError = e.getClass();
                        LOG.error("{}: duty cycle failed; counting further failures of this kind", agent.roleName(),
                            e);
                    }
                    work = 0;
                }
                idleStrategy.idle(work);
            }
        } finally {
            agent.onClose();
        }
    }

    /** Stops the loop and waits up to 5 s for the thread to end. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within 5 s", agent.roleName());
            }
        }
    }
}
