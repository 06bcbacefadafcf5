package io.slipstream.mktdata.venue.rest;

/**
 * A REST answer.
 *
 * @param status        HTTP status
 * @param body          the body text
 * @param receiveTimeNs when it arrived, epoch nanoseconds
 */
public record RestResponse(int status, String body, long receiveTimeNs) {
    /** @return true for 2xx */
    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
