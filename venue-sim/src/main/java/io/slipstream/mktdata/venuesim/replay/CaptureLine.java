package io.slipstream.mktdata.venuesim.replay;

/**
 * One line of a capture: what was received, when, and whether it was a websocket frame or a REST body.
 *
 * @param receiveTimeNs local receive time, epoch nanoseconds (0 when the format has none)
 * @param restUrl       for a REST body, the URL it came from if the format says (else null)
 * @param text          the frame or body, exactly as captured
 * @param rest          true for a REST body (recognised by format or content, e.g. a depth snapshot)
 */
public record CaptureLine(long receiveTimeNs, String restUrl, String text, boolean rest) {
}
