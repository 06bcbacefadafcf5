package io.slipstream.mktdata.venue.rest;

import io.slipstream.mktdata.clock.EpochClock;
import io.slipstream.mktdata.venue.capture.RawCaptureWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * REST calls to one venue within its {@link WeightBudget}: every request waits for room first; a 429 or 418 pauses
 * every caller for {@code Retry-After} (or a minute if absent) and the request is retried once the pause ends;
 * 5xx and timeouts are retried a few times with a growing delay. Bodies can be copied to a raw capture.
 * Thread-safe; calls block the calling (control-plane) thread.
 */
public final class VenueRestClient {
    private static final Logger LOG = LoggerFactory.getLogger(VenueRestClient.class);
    private static final int MAX_ATTEMPTS = 5;

    private final String name;
    private final HttpClient http;
    private final WeightBudget budget;
    private final EpochClock clock;
    private final RawCaptureWriter capture;
    private final Duration timeout;
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param name    for logs
     * @param budget  the venue's shared weight budget
     * @param clock   receive timestamps
     * @param capture where to copy bodies, or null
     * @param timeout per-request timeout
     */
    public VenueRestClient(final String name, final WeightBudget budget, final EpochClock clock,
                           final RawCaptureWriter capture, final Duration timeout) {
        this.name = name;
        this.budget = budget;
        this.clock = clock;
        this.capture = capture;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * @param uri      the URL
     * @param weight   its weight
     * @param priority its place in the budget's queue
     * @return the answer (2xx or a final 4xx other than 429/418)
     * @throws IOException          if every attempt failed
     * @throws InterruptedException if interrupted while waiting
     */
    public RestResponse get(final URI uri, final long weight, final RestPriority priority)
        throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), weight, priority);
    }

    /**
     * @param uri    the URL
     * @param json   the JSON body
     * @param weight its weight
     * @return the answer
     * @throws IOException          if every attempt failed
     * @throws InterruptedException if interrupted while waiting
     */
    public RestResponse post(final URI uri, final String json, final long weight)
        throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), weight, RestPriority.RESYNC);
    }

    private RestResponse send(final HttpRequest request, final long weight, final RestPriority priority)
        throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            budget.acquire(weight, priority);
            final HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (final IOException e) {
                failures.incrementAndGet();
                last = e;
                LOG.warn("{}: {} failed ({}), attempt {}", name, request.uri().getPath(), e.toString(), attempt);
                Thread.sleep(200L * attempt);
                continue;
            }
            final long receiveTimeNs = clock.epochNanos();
            response.headers().firstValue("X-MBX-USED-WEIGHT-1M")
                .ifPresent(used -> budget.observeUsed(Long.parseLong(used.trim())));
            final int status = response.statusCode();
            if (status == 429 || status == 418) {
                rateLimited.incrementAndGet();
                final long retryAfterMs = response.headers().firstValue("Retry-After")
                    .map(seconds -> Long.parseLong(seconds.trim()) * 1000).orElse(60_000L);
                LOG.warn("{}: HTTP {} on {}, every request waits {} ms", name, status, request.uri().getPath(),
                    retryAfterMs);
                budget.pauseFor(retryAfterMs);
                continue;
            }
            if (status >= 500) {
                failures.incrementAndGet();
                last = new IOException(name + ": HTTP " + status + " on " + request.uri().getPath());
                Thread.sleep(200L * attempt);
                continue;
            }
            if (capture != null) {
                capture.writeRest(receiveTimeNs, request.uri().toString(), response.body());
            }
            return new RestResponse(status, response.body(), receiveTimeNs);
        }
        throw last != null ? last : new IOException(name + ": rate limited on every attempt");
    }

    /** @return 429/418 answers received */
    public long rateLimited() {
        return rateLimited.get();
    }

    /** @return failed attempts (I/O errors, timeouts, 5xx) */
    public long failures() {
        return failures.get();
    }

    /** @return the shared budget */
    public WeightBudget budget() {
        return budget;
    }
}
