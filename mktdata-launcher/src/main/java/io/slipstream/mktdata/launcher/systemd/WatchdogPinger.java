package io.slipstream.mktdata.launcher.systemd;

import io.slipstream.mktdata.engine.MarketDataEngine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@code WATCHDOG=1} only as proof that the engine's own loop is running: every interval it submits a tiny
 * command to the engine ({@link MarketDataEngine#query}), and the ping goes out when the engine thread has executed
 * it. A timer thread pinging by itself would keep a daemon whose engine is wedged (a listener stuck, a deadlock) alive
 * forever; this way such a daemon misses its pings and systemd restarts it ({@code WatchdogSec=}).
 *
 * <p>At most one command is outstanding: while the engine has not answered, no more are queued, so a stalled engine
 * does not collect a pile of them. Uses one daemon thread.
 */
public final class WatchdogPinger implements AutoCloseable {
    private final MarketDataEngine engine;
    private final SystemdNotifier notifier;
    private final long intervalMs;
    private final ScheduledExecutorService timer;
    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private volatile long lastPingNanos;
    private CompletableFuture<?> outstanding;

    /**
     * @param engine     the engine whose loop must prove itself
     * @param notifier   where pings go
     * @param intervalMs how often to ask the engine; use {@link SystemdNotifier#watchdogIntervalMs()}, or less
     */
    public WatchdogPinger(final MarketDataEngine engine, final SystemdNotifier notifier, final long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("watchdog interval must be positive: " + intervalMs);
        }
        this.engine = engine;
        this.notifier = notifier;
        this.intervalMs = intervalMs;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "mktdata-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param engine   the engine
     * @param notifier the notifier, whose {@link SystemdNotifier#watchdogIntervalMs()} sets the pace
     * @return a started pinger, or null when systemd expects no watchdog pings
     */
    public static WatchdogPinger startIfEnabled(final MarketDataEngine engine, final SystemdNotifier notifier) {
        final long intervalMs = notifier.watchdogIntervalMs();
        return notifier.enabled() && intervalMs > 0 ? new WatchdogPinger(engine, notifier, intervalMs).start() : null;
    }

    /** @return this, pinging every interval (the first at once) */
    public WatchdogPinger start() {
        timer.scheduleWithFixedDelay(this::tick, 0, intervalMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** @return the interval in milliseconds */
    public long intervalMs() {
        return intervalMs;
    }

    /** @return pings sent */
    public long pings() {
        return pings.get();
    }

    /** @return ticks skipped because the engine had not answered the previous command yet */
    public long missed() {
        return missed.get();
    }

    /** @return {@link System#nanoTime()} of the last ping, 0 before the first */
    public long lastPingNanos() {
        return lastPingNanos;
    }

    /** Stops pinging. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void tick() {
        if (outstanding != null && !outstanding.isDone()) {
            missed.incrementAndGet();
            return;
        }
        // The ping is sent by the completion, which runs on the engine thread right after the command: nothing but
        // the engine loop executing commands can produce it.
        outstanding = engine.query(state -> Boolean.TRUE).thenRun(this::ping);
    }

    private void ping() {
        notifier.watchdog();
        pings.incrementAndGet();
        lastPingNanos = System.nanoTime();
    }
}
