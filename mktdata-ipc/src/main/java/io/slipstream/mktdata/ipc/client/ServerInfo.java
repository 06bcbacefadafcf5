package io.slipstream.mktdata.ipc.client;

/**
 * The server's hello reply.
 *
 * @param protocol        the protocol version in use
 * @param server          the server's name and version
 * @param epoch           the engine's epoch
 * @param maxMessageBytes the largest client message accepted
 * @param heartbeatMs     the heartbeat period
 */
public record ServerInfo(int protocol, String server, long epoch, long maxMessageBytes, long heartbeatMs) {
}
