package io.slipstream.mktdata.launcher.systemd;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds {@code READY=1} back until every configured stream is live (books synced, trades and candles backfilled), not
 * merely until the process has started: with {@code Type=notify}, {@code systemctl start} and every unit ordered
 * {@code After=} the daemon then wait for data a strategy can trust. Polls the condition and sends {@code READY=1}
 * exactly once, the first time it holds; meanwhile, and afterwards, sends a one-line {@code STATUS=} every few
 * seconds for {@code systemctl status}. Readiness is never withdrawn: later trouble shows in the status line, in
 * {@code /health} and in the metrics. Uses one daemon thread.
 */
public final class ReadinessGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessGate.class);

    private final SystemdNotifier notifier;
    private final BooleanSupplier allStreamsLive;
    private final Supplier<String> statusLine;
    private final long pollIntervalMs;
    private final long statusIntervalMs;
    private final ScheduledExecutorService timer;
    private volatile boolean ready;
    private long lastStatusNanos;

    /**
     * @param notifier         where READY and STATUS go
     * @param allStreamsLive   true once every configured stream is live; called on the gate's thread
     * @param statusLine       the one-line summary (venues, books synced, clients, msgs/s)
     * @param pollIntervalMs   how often to test readiness
     * @param statusIntervalMs how often to send STATUS
     */
    public ReadinessGate(final SystemdNotifier notifier, final BooleanSupplier allStreamsLive,
                         final Supplier<String> statusLine, final long pollIntervalMs, final long statusIntervalMs) {
        if (pollIntervalMs <= 0 || statusIntervalMs <= 0) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        this.notifier = notifier;
        this.allStreamsLive = allStreamsLive;
        this.statusLine = statusLine;
        this.pollIntervalMs = pollIntervalMs;
        this.statusIntervalMs = statusIntervalMs;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "mktdata-readiness");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return this, polling */
    public ReadinessGate start() {
        timer.scheduleWithFixedDelay(this::poll, 0, pollIntervalMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** @return true once READY=1 was sent */
    public boolean isReady() {
        return ready;
    }

    /** Stops polling (does not send STOPPING; the daemon does, first thing on shutdown). */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void poll() {
        try {
            final long now = System.nanoTime();
            if (!ready && allStreamsLive.getAsBoolean()) {
                ready = true;
                lastStatusNanos = now;
                final String line = statusLine.get();
                notifier.ready(line);
                LOG.info("every configured stream is live; told systemd READY=1 ({})", line);
                return;
            }
            if (lastStatusNanos == 0 || now - lastStatusNanos >= TimeUnit.MILLISECONDS.toNanos(statusIntervalMs)) {
                lastStatusNanos = now;
                notifier.status((ready ? "" : "starting: ") + statusLine.get());
            }
        } catch (final RuntimeException e) {
            // A failing probe must not kill the timer: the next poll tries again.
            LOG.warn("readiness probe failed", e);
        }
    }
}
