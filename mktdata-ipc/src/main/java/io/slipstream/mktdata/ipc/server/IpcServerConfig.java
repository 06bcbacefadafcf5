package io.slipstream.mktdata.ipc.server;

import java.nio.file.Path;

/**
 * Settings of the IPC server. Build with {@link #defaults(Path)} and the {@code with...} methods.
 *
 * @param socketPath                 the Unix socket's path
 * @param fileMode                   the socket file's permissions, as {@code rw-rw----}
 * @param group                      the socket file's group, or null to leave it
 * @param maxClients                 connections served at once
 * @param maxMessageBytes            largest client message accepted
 * @param defaultMaxQueueBytes       a client's outbound bound unless its hello asks otherwise
 * @param maxSubscriptionsPerClient  subscriptions one connection may hold
 * @param heartbeatIntervalMs        heartbeat period on every connection
 * @param handOffRingBytes           the engine-to-server ring (a power of two)
 * @param conflateAboveBytes         pending bytes above which a client's books and quotes are conflated
 * @param sharesEngineThread         true to serve on the engine's thread (one wake-up less from venue to client,
 *                                   the default); false for a server thread of its own
 */
public record IpcServerConfig(
    Path socketPath,
    String fileMode,
    String group,
    int maxClients,
    int maxMessageBytes,
    int defaultMaxQueueBytes,
    int maxSubscriptionsPerClient,
    long heartbeatIntervalMs,
    int handOffRingBytes,
    int conflateAboveBytes,
    boolean sharesEngineThread) {

    /** Smallest outbound bound a client may ask for. */
    public static final int MIN_QUEUE_BYTES = 64 * 1024;
    /** Largest outbound bound a client may ask for. */
    public static final int MAX_QUEUE_BYTES = 256 * 1024 * 1024;

    /** Validates. */
    public IpcServerConfig {
        if (socketPath == null) {
            throw new IllegalArgumentException("socketPath is required");
        }
        if (fileMode == null || !fileMode.matches("[r-][w-][x-][r-][w-][x-][r-][w-][x-]")) {
            throw new IllegalArgumentException("fileMode must look like rw-rw----: " + fileMode);
        }
        if (maxClients < 1 || maxMessageBytes < 1024 || maxSubscriptionsPerClient < 1 || heartbeatIntervalMs < 10) {
            throw new IllegalArgumentException("maxClients, maxSubscriptionsPerClient >= 1, maxMessageBytes >= 1024 "
                + "and heartbeatIntervalMs >= 10 required");
        }
        if (defaultMaxQueueBytes < MIN_QUEUE_BYTES || defaultMaxQueueBytes > MAX_QUEUE_BYTES) {
            throw new IllegalArgumentException("defaultMaxQueueBytes must be in 64 KiB .. 256 MiB");
        }
        if (handOffRingBytes < 1 << 20 || Integer.bitCount(handOffRingBytes) != 1) {
            throw new IllegalArgumentException("handOffRingBytes must be a power of two >= 1 MiB");
        }
        if (conflateAboveBytes < 1024) {
            throw new IllegalArgumentException("conflateAboveBytes must be >= 1024");
        }
    }

    /**
     * @param socketPath the Unix socket's path
     * @return the documented defaults (0660, 64 clients, 1 MiB messages, 8 MiB queues, heartbeat 1 s, on the
     *     engine's thread)
     */
    public static IpcServerConfig defaults(final Path socketPath) {
        return new IpcServerConfig(socketPath, "rw-rw----", null, 64, 1 << 20, 8 << 20, 10_000, 1_000, 64 << 20,
            64 << 10, true);
    }

    /** @param shares true to serve on the engine's thread, false for a thread of its own @return a copy */
    public IpcServerConfig withSharesEngineThread(final boolean shares) {
        return new IpcServerConfig(socketPath, fileMode, group, maxClients, maxMessageBytes, defaultMaxQueueBytes,
            maxSubscriptionsPerClient, heartbeatIntervalMs, handOffRingBytes, conflateAboveBytes, shares);
    }

    /** @param mode permissions like rw-rw---- @param owningGroup group or null @return a copy */
    public IpcServerConfig withPermissions(final String mode, final String owningGroup) {
        return new IpcServerConfig(socketPath, mode, owningGroup, maxClients, maxMessageBytes, defaultMaxQueueBytes,
            maxSubscriptionsPerClient, heartbeatIntervalMs, handOffRingBytes, conflateAboveBytes,
            sharesEngineThread);
    }

    /** @param clients connections served at once @return a copy */
    public IpcServerConfig withMaxClients(final int clients) {
        return new IpcServerConfig(socketPath, fileMode, group, clients, maxMessageBytes, defaultMaxQueueBytes,
            maxSubscriptionsPerClient, heartbeatIntervalMs, handOffRingBytes, conflateAboveBytes,
            sharesEngineThread);
    }

    /** @param bytes largest client message @return a copy */
    public IpcServerConfig withMaxMessageBytes(final int bytes) {
        return new IpcServerConfig(socketPath, fileMode, group, maxClients, bytes, defaultMaxQueueBytes,
            maxSubscriptionsPerClient, heartbeatIntervalMs, handOffRingBytes, conflateAboveBytes,
            sharesEngineThread);
    }

    /** @param bytes default outbound bound per client @return a copy */
    public IpcServerConfig withDefaultMaxQueueBytes(final int bytes) {
        return new IpcServerConfig(socketPath, fileMode, group, maxClients, maxMessageBytes, bytes,
            maxSubscriptionsPerClient, heartbeatIntervalMs, handOffRingBytes, conflateAboveBytes,
            sharesEngineThread);
    }

    /** @param subscriptions per connection @return a copy */
    public IpcServerConfig withMaxSubscriptionsPerClient(final int subscriptions) {
        return new IpcServerConfig(socketPath, fileMode, group, maxClients, maxMessageBytes, defaultMaxQueueBytes,
            subscriptions, heartbeatIntervalMs, handOffRingBytes, conflateAboveBytes,
            sharesEngineThread);
    }

    /** @param intervalMs heartbeat period @return a copy */
    public IpcServerConfig withHeartbeatIntervalMs(final long intervalMs) {
        return new IpcServerConfig(socketPath, fileMode, group, maxClients, maxMessageBytes, defaultMaxQueueBytes,
            maxSubscriptionsPerClient, intervalMs, handOffRingBytes, conflateAboveBytes, sharesEngineThread);
    }
}
