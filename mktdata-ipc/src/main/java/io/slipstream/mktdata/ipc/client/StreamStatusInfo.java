package io.slipstream.mktdata.ipc.client;

/**
 * One row of {@link MarketDataClient#getStatus}.
 *
 * @param venue         the venue
 * @param symbol        the symbol, or null for a venue-wide stream
 * @param stream        the stream kind
 * @param interval      the candle interval, or null
 * @param status        the status name
 * @param lastReceiveNs last receive time, epoch ns
 * @param ageMs         time since then
 */
public record StreamStatusInfo(
    String venue, String symbol, String stream, String interval, String status, long lastReceiveNs, long ageMs) {
}
