package io.slipstream.mktdata.ipc.client;

import io.slipstream.mktdata.agent.RealtimePriority;
import java.util.Objects;

/**
 * How a {@link MarketDataClient} connects and behaves. Start from {@link #defaults()} or {@link #builder()}.
 *
 * @param clientName          the name announced in the hello (shows in the server's logs), and the thread name
 * @param slowConsumerPolicy  what the server does when this client falls behind on a lossless stream
 * @param maxQueueBytes       the server-side outbound queue bound for this client (the server clamps it)
 * @param requestTimeoutMs    how long a synchronous request waits for its reply
 * @param reconnect           reconnect (and resubscribe) after the connection drops
 * @param reconnectDelayMs    first reconnect delay; doubles per failed attempt
 * @param maxReconnectDelayMs the largest reconnect delay
 * @param busyPoll            false: the reader thread blocks on the socket; true: it spins on a non-blocking
 *                            channel (lowest latency, burns a core)
 * @param silenceTimeoutMs    no bytes (not even a heartbeat) for this long means the connection is dead
 * @param realtimePriority    0: the reader thread runs at normal priority; 1..98: it runs {@code SCHED_FIFO} at this
 *                            priority, so it is woken without waiting for another thread's time slice (Linux,
 *                            needs CAP_SYS_NICE or RLIMIT_RTPRIO; see {@link RealtimePriority}); not with busyPoll
 */
public record ClientOptions(
    String clientName, SlowConsumerPolicy slowConsumerPolicy, long maxQueueBytes, long requestTimeoutMs,
    boolean reconnect, long reconnectDelayMs, long maxReconnectDelayMs, boolean busyPoll, long silenceTimeoutMs,
    int realtimePriority) {

    /** The server's default queue bound. */
    public static final long MAX_QUEUE_BYTES_DEFAULT = 8L * 1024 * 1024;
    /** Default request timeout. */
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = 5000;
    /** Default first reconnect delay. */
    public static final long RECONNECT_DELAY_MS_DEFAULT = 100;
    /** Default largest reconnect delay. */
    public static final long MAX_RECONNECT_DELAY_MS_DEFAULT = 5000;
    /** Five heartbeats missed: the server sends one a second. */
    public static final long SILENCE_TIMEOUT_MS_DEFAULT = 5000;

    /** Validates. */
    public ClientOptions {
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(slowConsumerPolicy, "slowConsumerPolicy");
        requirePositive(maxQueueBytes, "maxQueueBytes");
        requirePositive(requestTimeoutMs, "requestTimeoutMs");
        requirePositive(reconnectDelayMs, "reconnectDelayMs");
        requirePositive(silenceTimeoutMs, "silenceTimeoutMs");
        if (maxReconnectDelayMs < reconnectDelayMs) {
            throw new IllegalArgumentException("maxReconnectDelayMs must be >= reconnectDelayMs");
        }
        if (realtimePriority < 0 || realtimePriority > RealtimePriority.MAX_PRIORITY) {
            throw new IllegalArgumentException("realtimePriority must be 0 (off) or 1.." + RealtimePriority.MAX_PRIORITY
                + ", was " + realtimePriority);
        }
        if (busyPoll && realtimePriority > 0) {
            // A spinning reader that never blocks would hold its CPU against every normal thread.
            throw new IllegalArgumentException("busyPoll and realtimePriority exclude each other: a spinning "
                + "real-time thread would starve its CPU");
        }
    }

    /** @return the defaults: DROP, 8 MiB, 5 s timeout, reconnect 100 ms .. 5 s, blocking reader, 5 s silence */
    public static ClientOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        return new Builder().clientName(clientName).slowConsumerPolicy(slowConsumerPolicy)
            .maxQueueBytes(maxQueueBytes).requestTimeoutMs(requestTimeoutMs).reconnect(reconnect)
            .reconnectDelayMs(reconnectDelayMs).maxReconnectDelayMs(maxReconnectDelayMs).busyPoll(busyPoll)
            .silenceTimeoutMs(silenceTimeoutMs).realtimePriority(realtimePriority);
    }

    private static void requirePositive(final long value, final String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Builds {@link ClientOptions}; starts from the defaults. */
    public static final class Builder {
        private String clientName = "java-client";
        private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.DROP;
        private long maxQueueBytes = MAX_QUEUE_BYTES_DEFAULT;
        private long requestTimeoutMs = REQUEST_TIMEOUT_MS_DEFAULT;
        private boolean reconnect = true;
        private long reconnectDelayMs = RECONNECT_DELAY_MS_DEFAULT;
        private long maxReconnectDelayMs = MAX_RECONNECT_DELAY_MS_DEFAULT;
        private boolean busyPoll;
        private long silenceTimeoutMs = SILENCE_TIMEOUT_MS_DEFAULT;
        private int realtimePriority;

        private Builder() {
        }

        /** @param value the client's name @return this */
        public Builder clientName(final String value) {
            clientName = value;
            return this;
        }

        /** @param value the slow-consumer policy @return this */
        public Builder slowConsumerPolicy(final SlowConsumerPolicy value) {
            slowConsumerPolicy = value;
            return this;
        }

        /** @param value the server-side queue bound @return this */
        public Builder maxQueueBytes(final long value) {
            maxQueueBytes = value;
            return this;
        }

        /** @param value the request timeout @return this */
        public Builder requestTimeoutMs(final long value) {
            requestTimeoutMs = value;
            return this;
        }

        /** @param value whether to reconnect @return this */
        public Builder reconnect(final boolean value) {
            reconnect = value;
            return this;
        }

        /** @param value the first reconnect delay @return this */
        public Builder reconnectDelayMs(final long value) {
            reconnectDelayMs = value;
            return this;
        }

        /** @param value the largest reconnect delay @return this */
        public Builder maxReconnectDelayMs(final long value) {
            maxReconnectDelayMs = value;
            return this;
        }

        /** @param value whether the reader thread spins @return this */
        public Builder busyPoll(final boolean value) {
            busyPoll = value;
            return this;
        }

        /** @param value silence that means a dead connection @return this */
        public Builder silenceTimeoutMs(final long value) {
            silenceTimeoutMs = value;
            return this;
        }

        /** @param value 0 (normal) or the reader thread's SCHED_FIFO priority, 1..98 @return this */
        public Builder realtimePriority(final int value) {
            realtimePriority = value;
            return this;
        }

        /** @return the options */
        public ClientOptions build() {
            return new ClientOptions(clientName, slowConsumerPolicy, maxQueueBytes, requestTimeoutMs, reconnect,
                reconnectDelayMs, maxReconnectDelayMs, busyPoll, silenceTimeoutMs, realtimePriority);
        }
    }
}
