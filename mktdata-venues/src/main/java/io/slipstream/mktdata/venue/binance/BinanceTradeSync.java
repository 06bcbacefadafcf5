package io.slipstream.mktdata.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;
import io.slipstream.mktdata.trade.TradeRing;
import io.slipstream.mktdata.venue.json.FrameJson;
import io.slipstream.mktdata.venue.rest.RestPriority;
import io.slipstream.mktdata.venue.rest.RestResponse;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One symbol's {@code aggTrade}s: never publishes an aggregate id at or below the last one published, and after a
 * reconnect (or a jump in {@code a}) fetches the missed trades from {@code GET /fapi/v1/aggTrades?fromId=} on the
 * control thread, publishing them flagged {@link TradeRing#FLAG_BACKFILLED} and in order before the live trades
 * that arrived meanwhile (held in a buffer). Only the last 24 h can be backfilled.
 */
final class BinanceTradeSync {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceTradeSync.class);
    private static final int PAGE = 1000;
    private static final int PAGE_WEIGHT = 20;
    private static final long BACKFILL_HORIZON_MS = 23 * 3_600_000L;
    private static final int MAX_HELD = 200_000;
    private static final int MAX_HOLE_RETRIES = 20;
    private static final long HOLE_RETRY_DELAY_MS = 100;

    private final BinanceRuntime runtime;
    private final Instrument instrument;
    private long lastId = -1;
    private long lastTradeTimeMs;
    private boolean backfilling;
    private boolean liveReported;
    private int holeRetries;
    private long generation;
    private long published;
    private long backfilled;
    private long duplicates;
    private long backfills;
    // held live trades while backfilling: parallel arrays
    private long[] heldIds = new long[64];
    private long[] heldPrices = new long[64];
    private long[] heldSizes = new long[64];
    private long[] heldTimesNs = new long[64];
    private long[] heldReceiveNs = new long[64];
    private byte[] heldSides = new byte[64];
    private int held;

    BinanceTradeSync(final BinanceRuntime runtime, final Instrument instrument) {
        this.runtime = runtime;
        this.instrument = instrument;
    }

    /** The market socket (re)opened: trades may have been missed while it was down. */
    synchronized void onSubscribed() {
        liveReported = false;
        if (lastId >= 0 && runtime.config.backfillTrades()) {
            startBackfill();
        }
    }

    /**
     * The market socket closed. A backfill in progress carries on: it reads REST, not the socket, and abandoning it
     * (publishing the held trades) would leave the trades it was fetching out for good, since the next backfill
     * starts after the last id published. Live trades after the reconnect are held behind it as usual.
     */
    synchronized void onDisconnected() {
    }

    /**
     * A live trade, on the read thread.
     *
     * @param tradeTimeMs trade time
     * @param receiveNs   receive time
     * @param price       price mantissa
     * @param size        size mantissa
     * @param buyerMaker  {@code m}
     * @param id          aggregate trade id
     */
    synchronized void onLive(final long tradeTimeMs, final long receiveNs, final long price, final long size,
                             final boolean buyerMaker, final long id) {
        if (backfilling) {
            hold(tradeTimeMs * 1_000_000L, receiveNs, price, size, buyerMaker, id);
            return;
        }
        if (id <= lastId) {
            duplicates++;
            return;
        }
        if (lastId >= 0 && id > lastId + 1 && runtime.config.backfillTrades()) {
            hold(tradeTimeMs * 1_000_000L, receiveNs, price, size, buyerMaker, id);
            startBackfill();
            return;
        }
        publish(tradeTimeMs * 1_000_000L, receiveNs, price, size, buyerMaker, id, 0);
        if (!liveReported) {
            // The first trade after a subscribe with nothing to backfill: the stream is live.
            liveReported = true;
            runtime.status(instrument.id(), StreamKind.TRADES, null, StreamStatus.LIVE, 0);
        }
    }

    private void publish(final long timeNs, final long receiveNs, final long price, final long size,
                         final boolean buyerMaker, final long id, final int flags) {
        final Rejection rejection = runtime.publisher.trade(instrument.id(), timeNs, receiveNs, price, size,
            AggressorSide.fromBinanceBuyerIsMaker(buyerMaker), id, flags);
        if (rejection != Rejection.NONE) {
            runtime.publishFailures.incrementAndGet();
        }
        lastId = id;
        lastTradeTimeMs = timeNs / 1_000_000L;
        published++;
        if (flags != 0) {
            backfilled++;
        }
    }

    private void hold(final long timeNs, final long receiveNs, final long price, final long size,
                      final boolean buyerMaker, final long id) {
        if (held == MAX_HELD) {
            return;
        }
        if (held == heldIds.length) {
            final int n = held * 2;
            heldIds = Arrays.copyOf(heldIds, n);
            heldPrices = Arrays.copyOf(heldPrices, n);
            heldSizes = Arrays.copyOf(heldSizes, n);
            heldTimesNs = Arrays.copyOf(heldTimesNs, n);
            heldReceiveNs = Arrays.copyOf(heldReceiveNs, n);
            heldSides = Arrays.copyOf(heldSides, n);
        }
        heldIds[held] = id;
        heldPrices[held] = price;
        heldSizes[held] = size;
        heldTimesNs[held] = timeNs;
        heldReceiveNs[held] = receiveNs;
        heldSides[held] = (byte) (buyerMaker ? 1 : 0);
        held++;
    }

    /** @return the smallest held id above {@code id}, or Long.MAX_VALUE when none is held */
    private long firstHeldAfter(final long id) {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < held; i++) {
            if (heldIds[i] > id && heldIds[i] < first) {
                first = heldIds[i];
            }
        }
        return first;
    }

    private void flushHeld() {
        for (int i = 0; i < held; i++) {
            if (heldIds[i] > lastId) {
                publish(heldTimesNs[i], heldReceiveNs[i], heldPrices[i], heldSizes[i], heldSides[i] == 1,
                    heldIds[i], 0);
            } else {
                duplicates++;
            }
        }
        held = 0;
    }

    private void startBackfill() {
        if (backfilling) {
            return;
        }
        if (runtime.nowMs() - lastTradeTimeMs > BACKFILL_HORIZON_MS) {
            runtime.status(instrument.id(), StreamKind.TRADES, null, StreamStatus.GAP, -1);
            return;
        }
        backfilling = true;
        backfills++;
        generation++;
        final long expected = generation;
        runtime.status(instrument.id(), StreamKind.TRADES, null, StreamStatus.SYNCING, 0);
        runtime.scheduleTradeBackfill(() -> backfill(expected), 0);
    }

    /** Control thread: page forward from the last published id until a short page. */
    private void backfill(final long expected) {
        int attempts = 0;
        while (!runtime.closed) {
            final long fromId;
            synchronized (this) {
                if (expected != generation || !backfilling) {
                    return;
                }
                fromId = lastId + 1;
            }
            final RestResponse response;
            try {
                response = runtime.get("/fapi/v1/aggTrades?symbol=" + instrument.symbol() + "&fromId=" + fromId
                    + "&limit=" + PAGE, PAGE_WEIGHT, RestPriority.BACKFILL);
            } catch (final IOException e) {
                if (++attempts >= 5) {
                    LOG.warn("{}: trade backfill gave up ({})", instrument, e.toString());
                    finish(expected, true);
                    return;
                }
                sleep(500L * attempts);
                continue;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            final int rows;
            try {
                rows = applyPage(expected, response.body());
            } catch (final IOException | RuntimeException e) {
                LOG.warn("{}: bad aggTrades page ({})", instrument, e.toString());
                finish(expected, true);
                return;
            }
            if (rows < 0) {
                return;
            }
            if (rows < PAGE) {
                finish(expected, false);
                return;
            }
        }
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int applyPage(final long expected, final String body) throws IOException {
        int rows = 0;
        try (JsonParser parser = runtime.json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not an array: " + body.substring(0, Math.min(100, body.length())));
            }
            synchronized (this) {
                if (expected != generation || !backfilling) {
                    return -1;
                }
                while (FrameJson.next(parser) == JsonToken.START_OBJECT) {
                    long id = -1;
                    long price = FixedPoint.INVALID;
                    long size = FixedPoint.INVALID;
                    long timeMs = 0;
                    boolean buyerMaker = false;
                    while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
                        final String name = parser.currentName();
                        FrameJson.next(parser);
                        switch (name) {
                            case "a" -> id = parser.getLongValue();
                            case "p" -> price = FixedPoint.parse(parser.getText(), instrument.priceScale());
                            case "q" -> size = FixedPoint.parse(parser.getText(), instrument.sizeScale());
                            case "T" -> timeMs = parser.getLongValue();
                            case "m" -> buyerMaker = parser.getBooleanValue();
                            default -> FrameJson.skipValue(parser);
                        }
                    }
                    rows++;
                    if (id > lastId && price != FixedPoint.INVALID && size != FixedPoint.INVALID) {
                        publish(timeMs * 1_000_000L, runtime.nowNs(), price, size, buyerMaker, id,
                            TradeRing.FLAG_BACKFILLED);
                    }
                }
            }
        }
        return rows;
    }

    private synchronized void finish(final long expected, final boolean failed) {
        if (expected != generation || !backfilling) {
            return;
        }
        final long firstHeld = firstHeldAfter(lastId);
        final long hole = !failed && firstHeld != Long.MAX_VALUE && firstHeld > lastId + 1 ? firstHeld - lastId - 1
            : 0;
        if (hole > 0 && holeRetries < MAX_HOLE_RETRIES) {
            // REST was asked before the new subscription streamed: trades in between are in neither. Page again
            // until the backfill meets the first held live trade.
            holeRetries++;
            runtime.scheduleTradeBackfill(() -> backfill(expected), HOLE_RETRY_DELAY_MS);
            return;
        }
        if (hole > 0) {
            LOG.warn("{}: trade backfill could not close a hole of {} trades before id {}", instrument, hole,
                firstHeld);
        }
        holeRetries = 0;
        backfilling = false;
        flushHeld();
        liveReported = !failed && hole == 0;
        runtime.status(instrument.id(), StreamKind.TRADES, null, failed || hole > 0 ? StreamStatus.GAP
            : StreamStatus.LIVE, failed ? -1 : hole);
    }

    synchronized long published() {
        return published;
    }

    synchronized long backfilled() {
        return backfilled;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long backfills() {
        return backfills;
    }

    synchronized boolean backfilling() {
        return backfilling;
    }
}
