package io.slipstream.mktdata.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.venue.json.FrameJson;
import io.slipstream.mktdata.venue.rest.RestResponse;
import io.slipstream.mktdata.venue.rest.WeightBudget;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one symbol's book in step with Binance by the official procedure (venues.md B.5): buffer diffs from the
 * subscription on; after the first diff, fetch a snapshot on the control thread (diffs keep being buffered
 * meanwhile); drop diffs with {@code u < lastUpdateId}; the first applied diff must straddle it
 * ({@code U <= L <= u}; if the snapshot predates every buffered diff, fetch again); then require {@code pu} to equal
 * the previous {@code u}. A break publishes GAP and restarts from the snapshot without dropping the stream; the new
 * snapshot goes out with {@code reset}, then the buffered diffs, then RESYNCED and LIVE.
 *
 * <p>Snapshots have 1000 levels (weight 20) while the minute's REST budget has room, and 500 (weight 10) once only
 * the reserve that pays a 500-level snapshot for every book is left: a resync of every book after a venue cut then
 * fits one minute instead of waiting for the next.
 *
 * <p>Diffs arrive on the socket's read thread and snapshots on a control thread; both take this object's lock, so
 * the book events of one symbol are published in order.
 */
final class BinanceDepthSync {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceDepthSync.class);
    private static final int SNAPSHOT_LIMIT = 1000;
    private static final int SNAPSHOT_WEIGHT = 20;
    /** When the budget is short: half the depth for half the weight. */
    static final int REDUCED_SNAPSHOT_LIMIT = 500;
    static final int REDUCED_SNAPSHOT_WEIGHT = 10;
    private static final int MAX_BUFFERED = 100_000;
    private static final long RETRY_DELAY_MS = 500;

    /** Where the symbol's book stands. */
    enum State {
        /** Not subscribed (socket down). */
        IDLE,
        /** Subscribed; waiting for the first diff before fetching the snapshot. */
        WAITING,
        /** Snapshot requested or held; diffs are buffered. */
        FETCHING,
        /** Diffs are applied as they arrive. */
        SYNCED
    }

    private final BinanceRuntime runtime;
    private final Instrument instrument;
    private final ArrayDeque<BinanceDepthDiff> buffer = new ArrayDeque<>();
    private final ArrayDeque<BinanceDepthDiff> pool = new ArrayDeque<>();
    private final LevelBuffer snapshotBids = new LevelBuffer(SNAPSHOT_LIMIT);
    private final LevelBuffer snapshotAsks = new LevelBuffer(SNAPSHOT_LIMIT);
    private State state = State.IDLE;
    private long previousU;
    private long snapshotLastUpdateId = Long.MIN_VALUE;
    private long snapshotExchangeTimeNs;
    private long snapshotReceiveTimeNs;
    private int snapshotLimit = SNAPSHOT_LIMIT;
    private boolean haveSnapshot;
    private boolean recovering;
    private long generation;
    private long gaps;
    private long snapshots;
    private long applied;
    private volatile long lastDiffNs;
    private long reachBid = Long.MIN_VALUE;
    private long reachAsk = Long.MIN_VALUE;

    BinanceDepthSync(final BinanceRuntime runtime, final Instrument instrument) {
        this.runtime = runtime;
        this.instrument = instrument;
    }

    /** The stream was (re)subscribed: start over and wait for its first diff. */
    synchronized void onSubscribed() {
        resetBuffer();
        generation++;
        state = State.WAITING;
        lastDiffNs = runtime.nowNs();
        runtime.status(instrument.id(), StreamKind.BOOK, null, StreamStatus.SYNCING, 0);
    }

    /** The socket closed: nothing arrives until it is back. */
    synchronized void onDisconnected() {
        resetBuffer();
        generation++;
        if (state != State.IDLE) {
            state = State.IDLE;
            runtime.status(instrument.id(), StreamKind.BOOK, null, StreamStatus.DISCONNECTED, 0);
        }
    }

    /**
     * A diff from the socket's read thread.
     *
     * @param diff the decoded diff (reused by the caller: copied if kept)
     */
    synchronized void onDiff(final BinanceDepthDiff diff) {
        lastDiffNs = diff.receiveTimeNs;
        switch (state) {
            case SYNCED -> {
                if (diff.previousUpdateId == previousU) {
                    if (!publishDelta(diff)) {
                        gap(diff, -1);
                    }
                } else {
                    gap(diff, diff.previousUpdateId - previousU);
                }
            }
            case WAITING, IDLE -> {
                keep(diff);
                state = State.FETCHING;
                requestSnapshot(0);
            }
            case FETCHING -> {
                keep(diff);
                if (haveSnapshot) {
                    tryApplySnapshot();
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void gap(final BinanceDepthDiff diff, final long detail) {
        gaps++;
        LOG.info("{}: depth gap (pu {} after u {}), resyncing", instrument, diff.previousUpdateId, previousU);
        runtime.status(instrument.id(), StreamKind.BOOK, null, StreamStatus.GAP, detail);
        recovering = true;
        haveSnapshot = false;
        final BinanceDepthDiff copy = pool.isEmpty() ? new BinanceDepthDiff() : pool.poll();
        buffer.addFirst(copy.copyFrom(diff));
        state = State.FETCHING;
        generation++;
        requestSnapshot(0);
    }

    private void keep(final BinanceDepthDiff diff) {
        if (buffer.size() >= MAX_BUFFERED) {
            LOG.warn("{}: {} diffs buffered without a usable snapshot; starting over", instrument, buffer.size());
            resetBuffer();
        }
        final BinanceDepthDiff copy = pool.isEmpty() ? new BinanceDepthDiff() : pool.poll();
        buffer.addLast(copy.copyFrom(diff));
    }

    private void resetBuffer() {
        while (!buffer.isEmpty()) {
            pool.addLast(buffer.pollFirst());
        }
        haveSnapshot = false;
    }

    private void requestSnapshot(final long delayMs) {
        final long expected = generation;
        runtime.schedule(() -> fetchSnapshot(expected), delayMs);
    }

    /** Control thread: fetch, then apply under the lock if nothing restarted meanwhile. */
    private void fetchSnapshot(final long expected) {
        synchronized (this) {
            if (expected != generation || state != State.FETCHING || runtime.closed) {
                return;
            }
        }
        final RestResponse response;
        final int limit;
        try {
            runtime.resyncPermits.acquire();
            try {
                // Full depth only while the rest of the minute still pays a reduced snapshot for every other book
                // (the budget's resync reserve): gaps arrive one book at a time, so the storm cannot be counted.
                final WeightBudget budget = runtime.rest.budget();
                final boolean full = budget.remaining() - SNAPSHOT_WEIGHT
                    >= budget.resyncReserve() - REDUCED_SNAPSHOT_WEIGHT;
                limit = full ? SNAPSHOT_LIMIT : REDUCED_SNAPSHOT_LIMIT;
                response = runtime.get("/fapi/v1/depth?symbol=" + instrument.symbol() + "&limit=" + limit,
                    full ? SNAPSHOT_WEIGHT : REDUCED_SNAPSHOT_WEIGHT);
            } finally {
                runtime.resyncPermits.release();
            }
        } catch (final IOException e) {
            LOG.warn("{}: depth snapshot failed ({}); retrying", instrument, e.toString());
            retry(expected);
            return;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (expected != generation || state != State.FETCHING) {
                return;
            }
            try {
                parseSnapshot(response.body());
            } catch (final IOException | RuntimeException e) {
                LOG.warn("{}: bad depth snapshot ({}); retrying", instrument, e.toString());
                retry(expected);
                return;
            }
            snapshotReceiveTimeNs = response.receiveTimeNs();
            snapshotLimit = limit;
            snapshots++;
            haveSnapshot = true;
            tryApplySnapshot();
        }
    }

    private synchronized void retry(final long expected) {
        if (expected == generation && state == State.FETCHING) {
            generation++;
            requestSnapshot(RETRY_DELAY_MS);
        }
    }

    private void parseSnapshot(final String body) throws IOException {
        snapshotBids.clear();
        snapshotAsks.clear();
        snapshotLastUpdateId = Long.MIN_VALUE;
        snapshotExchangeTimeNs = 0;
        try (JsonParser parser = runtime.json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
                final String name = parser.currentName();
                FrameJson.next(parser);
                switch (name) {
                    case "lastUpdateId" -> snapshotLastUpdateId = parser.getLongValue();
                    case "E" -> snapshotExchangeTimeNs = parser.getLongValue() * 1_000_000L;
                    case "bids" -> levels(parser, snapshotBids);
                    case "asks" -> levels(parser, snapshotAsks);
                    default -> FrameJson.skipValue(parser);
                }
            }
        }
        if (snapshotLastUpdateId == Long.MIN_VALUE) {
            throw new IOException("no lastUpdateId");
        }
    }

    private void levels(final JsonParser parser, final LevelBuffer out) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("levels are not an array");
        }
        while (FrameJson.next(parser) == JsonToken.START_ARRAY) {
            FrameJson.next(parser);
            final long price = FixedPoint.parse(parser.getText(), instrument.priceScale());
            FrameJson.next(parser);
            final long size = FixedPoint.parse(parser.getText(), instrument.sizeScale());
            while (FrameJson.next(parser) != JsonToken.END_ARRAY) {
                FrameJson.skipValue(parser);
            }
            if (price == FixedPoint.INVALID || size == FixedPoint.INVALID) {
                throw new IOException("bad level");
            }
            if (size > 0) {
                out.add(price, size);
            }
        }
    }

    /** Lock held; a snapshot is held and state is FETCHING. */
    private void tryApplySnapshot() {
        final long lastUpdateId = snapshotLastUpdateId;
        while (!buffer.isEmpty() && buffer.peekFirst().lastUpdateId < lastUpdateId) {
            pool.addLast(buffer.pollFirst());
        }
        if (buffer.isEmpty()) {
            return;
        }
        if (buffer.peekFirst().firstUpdateId > lastUpdateId) {
            haveSnapshot = false;
            generation++;
            requestSnapshot(0);
            return;
        }
        final Rejection rejection = runtime.publisher.bookSnapshot(instrument.id(),
            snapshotExchangeTimeNs, snapshotReceiveTimeNs, lastUpdateId, true, snapshotBids, snapshotAsks);
        if (rejection != Rejection.NONE) {
            runtime.publishFailures.incrementAndGet();
            haveSnapshot = false;
            generation++;
            requestSnapshot(RETRY_DELAY_MS);
            return;
        }
        haveSnapshot = false;
        reachBid = snapshotBids.count() >= snapshotLimit ? snapshotBids.price(snapshotBids.count() - 1)
            : Long.MIN_VALUE;
        reachAsk = snapshotAsks.count() >= snapshotLimit ? snapshotAsks.price(snapshotAsks.count() - 1)
            : Long.MIN_VALUE;
        previousU = lastUpdateId;
        boolean first = true;
        while (!buffer.isEmpty()) {
            final BinanceDepthDiff diff = buffer.pollFirst();
            try {
                if (!first && diff.previousUpdateId != previousU) {
                    state = State.SYNCED;
                    gap(diff, diff.previousUpdateId - previousU);
                    return;
                }
                first = false;
                if (diff.lastUpdateId > lastUpdateId) {
                    if (!publishDelta(diff)) {
                        state = State.SYNCED;
                        gap(diff, -1);
                        return;
                    }
                } else {
                    previousU = diff.lastUpdateId;
                }
            } finally {
                pool.addLast(diff);
            }
        }
        state = State.SYNCED;
        if (recovering) {
            recovering = false;
            runtime.status(instrument.id(), StreamKind.BOOK, null, StreamStatus.RESYNCED, 0);
        }
        runtime.status(instrument.id(), StreamKind.BOOK, null, StreamStatus.LIVE, 0);
    }

    private boolean publishDelta(final BinanceDepthDiff diff) {
        final Rejection rejection = runtime.publisher.bookDelta(instrument.id(), diff.exchangeTimeNs,
            diff.receiveTimeNs, diff.lastUpdateId, diff.bids, diff.asks);
        previousU = diff.lastUpdateId;
        if (rejection != Rejection.NONE) {
            runtime.publishFailures.incrementAndGet();
            return false;
        }
        applied++;
        return true;
    }

    synchronized State state() {
        return state;
    }

    /**
     * How deep the last applied snapshot reached (venues.md C-BN-3): levels beyond a full side's worst price that
     * no later diff touched are unknown to any client.
     *
     * @return {worst bid, worst ask} of the snapshot, each Long.MIN_VALUE when that side was not full
     */
    synchronized long[] snapshotReach() {
        return new long[] {reachBid, reachAsk};
    }

    synchronized long gaps() {
        return gaps;
    }

    synchronized long snapshots() {
        return snapshots;
    }

    synchronized long applied() {
        return applied;
    }

    long lastDiffNs() {
        return lastDiffNs;
    }
}
