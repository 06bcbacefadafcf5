package io.slipstream.mktdata.venuesim.fault;

/**
 * A fault the next REST requests of a venue meet.
 *
 * @param kind         what happens
 * @param pathContains only requests whose path contains this text (e.g. {@code /depth}), or null for all
 * @param delayMs      for {@link Kind#SLOW}: extra latency; for {@link Kind#TIMEOUT}: how long to hang before
 *                     dropping the connection; for 429/418: the {@code Retry-After} in ms (rounded up to seconds)
 */
public record RestFault(Kind kind, String pathContains, long delayMs) {
    /** Kinds of REST fault. */
    public enum Kind {
        /** HTTP 429 with Retry-After. */
        TOO_MANY_REQUESTS,
        /** HTTP 418 (IP banned) with Retry-After. */
        BANNED,
        /** HTTP 500. */
        SERVER_ERROR,
        /** HTTP 503. */
        UNAVAILABLE,
        /** No answer: the request hangs, then the connection is dropped. */
        TIMEOUT,
        /** The normal answer, late. */
        SLOW
    }

    /**
     * @param path a request path
     * @return true if this fault applies to it
     */
    public boolean appliesTo(final String path) {
        return pathContains == null || path.contains(pathContains);
    }
}
