package io.slipstream.mktdata.venue.binance;

import com.fasterxml.jackson.core.JsonFactory;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.EpochClock;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venue.rest.RestPriority;
import io.slipstream.mktdata.venue.rest.RestResponse;
import io.slipstream.mktdata.venue.rest.VenueRestClient;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the adapter's parts share: settings, the publisher, the control thread pool and the REST client. */
final class BinanceRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceRuntime.class);

    final BinanceAdapterConfig config;
    final EventPublisher publisher;
    final EpochClock clock;
    final ScheduledExecutorService control;
    private final ScheduledExecutorService tradeBackfill;
    final ScheduledExecutorService backfill;
    final VenueRestClient rest;
    final Semaphore resyncPermits;
    final JsonFactory json = new JsonFactory();
    final AtomicLong publishFailures = new AtomicLong();
    final AtomicLong markPrices = new AtomicLong();
    volatile boolean closed;

    BinanceRuntime(final BinanceAdapterConfig config, final EventPublisher publisher, final EpochClock clock,
                   final ScheduledExecutorService control, final ScheduledExecutorService backfill,
                   final VenueRestClient rest) {
        this(config, publisher, clock, control, control, backfill, rest);
    }

    /**
     * @param control       depth snapshots (book resyncs)
     * @param tradeBackfill trade backfills: not on the control pool, whose threads would otherwise wait in the REST
     *                      budget for backfills while a book resync queues behind them
     * @param backfill      candle backfills
     */
    BinanceRuntime(final BinanceAdapterConfig config, final EventPublisher publisher, final EpochClock clock,
                   final ScheduledExecutorService control, final ScheduledExecutorService tradeBackfill,
                   final ScheduledExecutorService backfill, final VenueRestClient rest) {
        this.tradeBackfill = tradeBackfill;
        this.config = config;
        this.publisher = publisher;
        this.clock = clock;
        this.control = control;
        this.backfill = backfill;
        this.rest = rest;
        this.resyncPermits = new Semaphore(config.maxConcurrentResyncs());
    }

    long nowNs() {
        return clock.epochNanos();
    }

    long nowMs() {
        return clock.epochNanos() / 1_000_000L;
    }

    /**
     * @param pathAndQuery e.g. {@code /fapi/v1/depth?symbol=BTCUSDT&limit=1000}
     * @param weight       its request weight
     * @return the answer
     * @throws IOException          if every attempt failed or the answer is not 2xx
     * @throws InterruptedException if interrupted
     */
    RestResponse get(final String pathAndQuery, final long weight) throws IOException, InterruptedException {
        return get(pathAndQuery, weight, RestPriority.RESYNC);
    }

    /**
     * @param pathAndQuery e.g. {@code /fapi/v1/aggTrades?symbol=BTCUSDT&fromId=1&limit=1000}
     * @param weight       its request weight
     * @param priority     its place in the budget's queue
     * @return the answer
     * @throws IOException          if every attempt failed or the answer is not 2xx
     * @throws InterruptedException if interrupted
     */
    RestResponse get(final String pathAndQuery, final long weight, final RestPriority priority)
        throws IOException, InterruptedException {
        final String base = config.restBaseUri().toString();
        final URI uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + pathAndQuery
            : base + pathAndQuery);
        final RestResponse response = rest.get(uri, weight, priority);
        if (!response.ok()) {
            throw new IOException("HTTP " + response.status() + " on " + pathAndQuery + ": " + response.body());
        }
        return response;
    }

    void status(final int instrumentId, final StreamKind kind, final CandleInterval interval,
                final StreamStatus status, final long detail) {
        if (publisher.status(Venue.BINANCE_USDM, instrumentId, nowNs(), kind, interval, status, detail)
            != io.slipstream.mktdata.rejection.Rejection.NONE) {
            publishFailures.incrementAndGet();
        }
    }

    /**
     * Mark price and funding.
     *
     * @param instrumentId      instrument
     * @param exchangeTimeNs    event time
     * @param receiveTimeNs     receive time
     * @param markPrice         mark price mantissa (price scale)
     * @param indexPrice        index price mantissa (price scale)
     * @param fundingRateE10    funding rate at scale 10
     * @param nextFundingTimeMs next funding time
     */
    void markPrice(final int instrumentId, final long exchangeTimeNs, final long receiveTimeNs, final long markPrice,
                   final long indexPrice, final long fundingRateE10, final long nextFundingTimeMs) {
        markPrices.incrementAndGet();
        if (publisher.markPrice(instrumentId, exchangeTimeNs, receiveTimeNs, markPrice, indexPrice, fundingRateE10,
            nextFundingTimeMs) != io.slipstream.mktdata.rejection.Rejection.NONE) {
            publishFailures.incrementAndGet();
        }
    }

    /** Depth snapshots: the control pool. */
    void schedule(final Runnable task, final long delayMs) {
        schedule(control, task, delayMs);
    }

    /** Trade backfills: their own thread, so a book resync never waits behind one. */
    void scheduleTradeBackfill(final Runnable task, final long delayMs) {
        schedule(tradeBackfill, task, delayMs);
    }

    /** Candle backfills: their own thread, so they never hold up a book resync. */
    void scheduleBackfill(final Runnable task) {
        schedule(backfill, task, 0);
    }

    private void schedule(final ScheduledExecutorService executor, final Runnable task, final long delayMs) {
        if (closed) {
            return;
        }
        try {
            executor.schedule(() -> {
                try {
                    task.run();
                } catch (final RuntimeException e) {
                    LOG.warn("binance: control task failed", e);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (final java.util.concurrent.RejectedExecutionException shuttingDown) {
            // closing: nothing more to do
            LOG.debug("binance: task rejected while closing");
        }
    }
}
