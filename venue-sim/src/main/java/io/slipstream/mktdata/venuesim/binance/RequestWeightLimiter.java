package io.slipstream.mktdata.venuesim.binance;

/**
 * Binance's REST weight budget for one IP (the simulator serves one: loopback). Weight is counted in whole-minute
 * buckets of the wall clock, as {@code X-MBX-USED-WEIGHT-1M} reports it. A request that would exceed the budget is
 * refused with 429 (its weight is not counted); a client that keeps sending after a 429 in the same minute
 * ({@link #IGNORED_429_BEFORE_BAN} more refused requests) is banned: 418 for every request until the ban ends.
 * Thread-safe.
 */
final class RequestWeightLimiter {
    /** Refused requests after a 429, in the same minute, that turn into a ban. */
    static final int IGNORED_429_BEFORE_BAN = 3;
    private static final long MINUTE_MS = 60_000;

    /** What happens to a request. */
    enum Outcome {
        /** Served. */
        ALLOWED,
        /** 429: over the budget. */
        TOO_MANY_REQUESTS,
        /** 418: banned. */
        BANNED
    }

    /**
     * @param outcome      what happens
     * @param usedWeight   the weight used in the current minute, after this request
     * @param retryAfterMs for 429: until the next minute; for 418: until the ban ends; else 0
     * @param bannedUntilMs for 418: when the ban ends, else 0
     */
    record Decision(Outcome outcome, int usedWeight, long retryAfterMs, long bannedUntilMs) {
    }

    private final int limit;
    private final long banMs;
    private long minute = Long.MIN_VALUE;
    private int used;
    private int refusedThisMinute;
    private long bannedUntilMs;

    /**
     * @param limit weight per minute
     * @param banMs how long a ban lasts
     */
    RequestWeightLimiter(final int limit, final long banMs) {
        this.limit = limit;
        this.banMs = banMs;
    }

    /**
     * @param weight the request's weight
     * @param nowMs  wall clock
     * @return whether to serve it
     */
    synchronized Decision admit(final int weight, final long nowMs) {
        roll(nowMs);
        if (nowMs < bannedUntilMs) {
            return new Decision(Outcome.BANNED, used, bannedUntilMs - nowMs, bannedUntilMs);
        }
        if (used + weight <= limit) {
            used += weight;
            return new Decision(Outcome.ALLOWED, used, 0, 0);
        }
        refusedThisMinute++;
        if (refusedThisMinute > IGNORED_429_BEFORE_BAN) {
            bannedUntilMs = nowMs + banMs;
            return new Decision(Outcome.BANNED, used, banMs, bannedUntilMs);
        }
        return new Decision(Outcome.TOO_MANY_REQUESTS, used, (minute + 1) * MINUTE_MS - nowMs, 0);
    }

    /**
     * @param nowMs wall clock
     * @return the weight used in the current minute
     */
    synchronized int used(final long nowMs) {
        roll(nowMs);
        return used;
    }

    private void roll(final long nowMs) {
        final long current = Math.floorDiv(nowMs, MINUTE_MS);
        if (current != minute) {
            minute = current;
            used = 0;
            refusedThisMinute = 0;
        }
    }
}
