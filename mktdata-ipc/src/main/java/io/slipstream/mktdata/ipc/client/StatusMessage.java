package io.slipstream.mktdata.ipc.client;

/**
 * A stream status change, including the server's {@code gap} reports (events dropped for this client).
 *
 * @param header   common fields (symbol null for a venue-wide status)
 * @param stream   {@code book}, {@code trades}, {@code quotes}, {@code candles}, {@code mark}, {@code status},
 *                 {@code ipc}
 * @param interval the candle interval concerned, or null
 * @param status   {@code connected}, {@code syncing}, {@code live}, {@code gap}, {@code stale}, {@code resynced},
 *                 {@code disconnected}
 * @param detail   for {@code gap}: events lost (-1 if unknown)
 */
public record StatusMessage(MessageHeader header, String stream, String interval, String status, long detail)
    implements StreamMessage {

    /** @return true for the server's report of lost events */
    public boolean isGap() {
        return "gap".equals(status);
    }
}
