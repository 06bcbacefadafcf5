package io.slipstream.mktdata.ipc.client;

/**
 * The client saw a lossless stream's {@code seq} jump: {@code lostCount} events never arrived.
 *
 * @param venue       the venue
 * @param symbol      the symbol
 * @param stream      {@code trades}, {@code candles} or {@code book} (delta mode)
 * @param interval    the candle interval, or null
 * @param expectedSeq the seq that should have come next
 * @param receivedSeq the seq that came
 * @param lostCount   {@code receivedSeq - expectedSeq}
 */
public record GapEvent(
    String venue, String symbol, String stream, String interval, long expectedSeq, long receivedSeq,
    long lostCount) {
}
