package io.slipstream.mktdata.venue.websocket;

import java.util.Random;

/**
 * Exponential back-off with jitter between reconnect attempts ({@code reconnect_delay_ms} doubling up to
 * {@code max_reconnect_delay_ms}); each delay is drawn between half and all of the current step, so a fleet of
 * sockets dropped together does not reconnect in lock step. Not thread-safe: one per connection.
 */
public final class ReconnectBackoff {
    private final long initialDelayMs;
    private final long maxDelayMs;
    private final Random random;
    private int attempt;

    /**
     * @param initialDelayMs first delay
     * @param maxDelayMs     the delay never exceeds this
     * @param random         jitter source (seed it in tests)
     */
    public ReconnectBackoff(final long initialDelayMs, final long maxDelayMs, final Random random) {
        if (initialDelayMs <= 0 || maxDelayMs < initialDelayMs) {
            throw new IllegalArgumentException("need 0 < reconnect_delay_ms <= max_reconnect_delay_ms, was "
                + initialDelayMs + " and " + maxDelayMs);
        }
        this.initialDelayMs = initialDelayMs;
        this.maxDelayMs = maxDelayMs;
        this.random = random;
    }

    /** @return how long to wait before the next attempt; grows with every call until {@link #reset()} */
    public long nextDelayMs() {
        final long step = Math.min(maxDelayMs, initialDelayMs << Math.min(attempt, 30));
        attempt++;
        return step / 2 + (long) (random.nextDouble() * (step - step / 2));
    }

    /** Back to the initial delay, after a connection succeeded. */
    public void reset() {
        attempt = 0;
    }

    /** @return attempts since the last reset */
    public int attempts() {
        return attempt;
    }
}
