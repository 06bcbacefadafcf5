package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.rejection.Rejection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The replay loop: a k-way merge of the table cursors by receive time (ties: table order, and within a table
 * venue, symbol, epoch, seq as sorted by DuckDB), paced by receive time at the chosen speed, each row handed to the
 * engine's publisher. A full engine ring is waited out, never dropped. At {@code --speed max} it also waits while
 * the IPC server has a large backlog or a client's queue is half full, so no lossless stream (trades, candles,
 * status) ever drops for a slow client: the replay goes at the pace of its slowest reader. At the end it publishes
 * {@link StreamStatus#REPLAY_FINISHED} for each venue replayed. Runs on its own thread; owns the cursors.
 */
final class Replayer {
    /** Pacing sleeps no shorter than this; later events catch up at once (no drift). */
    private static final long MIN_PARK_NS = 50_000;
    /** Rows between two back-pressure checks. */
    private static final int CHECK_EVERY_ROWS = 16;
    /** Room a client's queue needs before more rows go: 16 rows of the largest messages, with margin. */
    private static final int MIN_QUEUE_ROOM_BYTES = 32 * 1024;
    /**
     * An event of the engine's ring becomes up to this many times its bytes as a protocol message (a trade: ~80
     * bytes in the ring, ~250 as MessagePack), rounded up with margin.
     */
    private static final int MESSAGE_EXPANSION = 8;

    private final List<RowCursor> cursors;
    private final RowCursor[] open;
    private final MarketDataEngine engine;
    private final EventPublisher publisher;
    private final IpcServer server;
    private final double speed;
    private final Set<Venue> venues;
    private final long handOffLimitBytes;
    private final long engineBacklogLimitBytes;
    private volatile long eventsReplayed;
    private volatile long eventsRefused;
    private volatile long firstReceiveTimeNs;
    private volatile long lastReceiveTimeNs;

    Replayer(final List<RowCursor> cursors, final MarketDataEngine engine, final int engineRingBytes,
             final IpcServer server, final double speed, final Set<Venue> venues) {
        this.cursors = cursors;
        this.open = cursors.toArray(new RowCursor[0]);
        this.engine = engine;
        this.publisher = engine.publisher();
        this.server = server;
        this.speed = speed;
        this.venues = venues;
        this.engineBacklogLimitBytes = engineRingBytes / 2;
        this.handOffLimitBytes = server == null ? Long.MAX_VALUE : server.config().handOffRingBytes() / 4;
    }

    /**
     * Replays every row, then publishes the end-of-replay status.
     *
     * @throws SQLException if DuckDB fails mid-way
     */
    void run() throws SQLException {
        int count = open.length;
        long originWallNs = 0;
        long originEventNs = 0;
        long replayed = 0;
        long refused = 0;
        long last = 0;
        boolean first = true;
        final Thread self = Thread.currentThread();
        while (count > 0) {
            if (self.isInterrupted()) {
                // Stopped (Ctrl-C): no end-of-replay status, the replay did not finish.
                eventsReplayed = replayed;
                return;
            }
            int next = 0;
            for (int i = 1; i < count; i++) {
                if (open[i].before(open[next])) {
                    next = i;
                }
            }
            final RowCursor cursor = open[next];
            final long receiveTimeNs = cursor.receiveTimeNs;
            last = receiveTimeNs;
            if (first) {
                first = false;
                originWallNs = System.nanoTime();
                originEventNs = receiveTimeNs;
                firstReceiveTimeNs = receiveTimeNs;
            }
            if (speed > 0) {
                pace(originWallNs + (long) ((receiveTimeNs - originEventNs) / speed));
            }
            if ((replayed & (CHECK_EVERY_ROWS - 1)) == 0) {
                awaitReaders();
            }
            final Rejection result = publish(cursor);
            if (result == Rejection.NONE) {
                replayed++;
            } else {
                refused++;
            }
            if ((replayed & (CHECK_EVERY_ROWS - 1)) == 0) {
                eventsReplayed = replayed;
                eventsRefused = refused;
                lastReceiveTimeNs = receiveTimeNs;
            }
            if (!cursor.advance()) {
                cursor.close();
                open[next] = open[--count];
                open[count] = null;
            }
        }
        eventsReplayed = replayed;
        eventsRefused = refused;
        lastReceiveTimeNs = last;
        for (final Venue venue : venues) {
            // Through the ring like any event: every client sees it after the last replayed event.
            while (publisher.status(venue, -1, last, StreamKind.STATUS, null,
                StreamStatus.REPLAY_FINISHED, replayed) == Rejection.RING_FULL) {
                LockSupport.parkNanos(MIN_PARK_NS);
            }
        }
    }

    private Rejection publish(final RowCursor cursor) {
        Rejection result;
        while ((result = cursor.publish(publisher)) == Rejection.RING_FULL) {
            // The engine is behind: wait for it rather than drop (the rejection counter still counts the retry).
            Thread.onSpinWait();
            Thread.yield();
        }
        return result;
    }

    /** Sleeps until {@code dueNs} (System.nanoTime); an event already due goes at once. */
    private static void pace(final long dueNs) {
        long waitNs;
        while ((waitNs = dueNs - System.nanoTime()) >= MIN_PARK_NS && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(waitNs);
        }
    }

    /**
     * Waits while what is in flight (the engine's ring, the hand-off ring) could overflow the fullest client's
     * queue, or the server is far behind.
     */
    private void awaitReaders() {
        // Half the engine's ring: a full ring is waited out too, but each refusal is logged and counted as one.
        while (engine.backlogBytes() > engineBacklogLimitBytes && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(MIN_PARK_NS);
        }
        if (server == null) {
            return;
        }
        while (true) {
            final long inFlightBytes = engine.backlogBytes() + server.handOffBacklogBytes();
            final int roomBytes = server.leastClientQueueRoomBytes();
            if (inFlightBytes <= handOffLimitBytes && (roomBytes == Integer.MAX_VALUE
                || roomBytes >= MIN_QUEUE_ROOM_BYTES && inFlightBytes * MESSAGE_EXPANSION <= roomBytes)) {
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            LockSupport.parkNanos(MIN_PARK_NS);
        }
    }

    /** @return rows handed to the engine so far (updated every few hundred rows, and at the end) */
    long eventsReplayed() {
        return eventsReplayed;
    }

    /** @return rows the engine's publisher refused (counted by reason in the engine's rejections) */
    long eventsRefused() {
        return eventsRefused;
    }

    /** @return receive time of the first row, epoch ns (0 before it) */
    long firstReceiveTimeNs() {
        return firstReceiveTimeNs;
    }

    /** @return receive time of a recent row, epoch ns */
    long lastReceiveTimeNs() {
        return lastReceiveTimeNs;
    }

    /** Closes every cursor still open. */
    void close() {
        cursors.forEach(RowCursor::close);
    }
}
