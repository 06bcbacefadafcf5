package io.slipstream.mktdata.rejection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts refusals by reason, from any thread, and logs the first of each reason once (with its context) so that a
 * flood of bad input costs a counter increment, not a log line per event.
 *
 * <p>Thread-safe; {@link #increment} does not allocate.
 */
public final class RejectionCounters {
    private static final Logger LOG = LoggerFactory.getLogger(RejectionCounters.class);
    private static final Rejection[] REASONS = Rejection.values();

    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

    /**
     * Counts one refusal.
     *
     * @param reason why
     * @return {@code reason}, for {@code return counters.increment(X)} chains
     */
    public Rejection increment(final Rejection reason) {
        if (reason != Rejection.NONE && counts.getAndIncrement(reason.ordinal()) == 0) {
            LOG.warn("first rejection of its kind: {} (further ones are only counted)", reason.description());
        }
        return reason;
    }

    /**
     * Counts one refusal and, if it is the first of its kind, logs {@code context}.
     *
     * @param reason  why
     * @param context what was refused, for the log
     * @return {@code reason}
     */
    public Rejection increment(final Rejection reason, final Object context) {
        if (reason != Rejection.NONE && counts.getAndIncrement(reason.ordinal()) == 0) {
            LOG.warn("first rejection of its kind: {}: {} (further ones are only counted)",
                reason.description(), context);
        }
        return reason;
    }

    /**
     * @param reason a reason
     * @return how many refusals of that reason so far
     */
    public long get(final Rejection reason) {
        return counts.get(reason.ordinal());
    }

    /** @return the total of all refusals */
    public long total() {
        long total = 0;
        for (int i = 1; i < REASONS.length; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** @return the non-zero counts (a copy, for status pages and metrics) */
    public Map<Rejection, Long> snapshot() {
        final Map<Rejection, Long> result = new EnumMap<>(Rejection.class);
        for (int i = 1; i < REASONS.length; i++) {
            final long count = counts.get(i);
            if (count != 0) {
                result.put(REASONS[i], count);
            }
        }
        return result;
    }
}
