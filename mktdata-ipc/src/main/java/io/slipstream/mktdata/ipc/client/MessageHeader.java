package io.slipstream.mktdata.ipc.client;

/**
 * The fields every stream message carries.
 *
 * @param venue          {@code hyperliquid} or {@code binance}
 * @param symbol         the venue's symbol (null for a venue-wide status)
 * @param seq            the stream's sequence number (+1 per engine event of that instrument and stream)
 * @param epoch          the engine's epoch (changes when the daemon restarts)
 * @param exchangeTimeNs venue time, epoch ns, 0 if unknown
 * @param receiveTimeNs  local receive time, epoch ns, 0 if unknown
 * @param publishTimeNs  engine publish time, epoch ns, 0 if unknown
 */
public record MessageHeader(
    String venue, String symbol, long seq, long epoch, long exchangeTimeNs, long receiveTimeNs, long publishTimeNs) {
}
