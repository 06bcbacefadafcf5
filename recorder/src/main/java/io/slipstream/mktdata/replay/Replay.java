package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.ipc.server.IpcServerConfig;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A historical replay served like the live daemon: a {@link MarketDataEngine} fed from the recorder's Parquet tree
 * instead of venue adapters, behind the same {@link IpcServer}, so every client works unchanged. {@link #open}
 * reads what is there (and fails with a {@link ReplayException} if nothing is), {@link #start()} serves and plays,
 * {@link #close()} stops everything. Thread-safe.
 */
public final class Replay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    /** With {@code --wait-clients}, play starts once the subscriptions have not changed for this long. */
    private static final long SUBSCRIPTIONS_SETTLED_MS = 500;

    private final ReplayOptions options;
    private final ReplayData data;
    private final MarketDataEngine engine;
    private final IpcServer server;
    private final Replayer replayer;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile long startNs;
    private volatile long elapsedNs;

    private Replay(final ReplayOptions options, final ReplayData data, final MarketDataEngine engine,
                   final IpcServer server, final Replayer replayer) {
        this.options = options;
        this.data = data;
        this.engine = engine;
        this.server = server;
        this.replayer = replayer;
        this.thread = new Thread(this::play, "mktdata-replay");
    }

    /**
     * Finds the data and its instruments, builds the engine, runs the sorted queries and binds the socket (0660,
     * like the daemon's), without serving yet.
     *
     * @param options what to replay
     * @return the replay, ready to {@link #start()}
     * @throws ReplayException if there is nothing to replay
     * @throws SQLException    if DuckDB fails
     * @throws IOException     if the socket cannot be bound
     */
    public static Replay open(final ReplayOptions options) throws ReplayException, SQLException, IOException {
        final ReplayData data = ReplayData.open(options);
        MarketDataEngine engine = null;
        IpcServer server = null;
        List<RowCursor> cursors = null;
        try {
            final InstrumentRegistry registry = new InstrumentRegistry(
                Math.max(EngineContext.MAX_INSTRUMENTS_DEFAULT, data.instrumentCount()));
            final double[][] multipliers = data.register(registry);
            cursors = data.openCursors(multipliers);
            final EngineContext context = new EngineContext().registry(registry);
            engine = new MarketDataEngine(context);
            // A replay is about throughput (speed max), so the server keeps a thread of its own: on the engine's
            // thread the fan-out would share one core with the engine (docs/benchmarks.md, fan-out throughput).
            server = new IpcServer(IpcServerConfig.defaults(options.socketPath()).withSharesEngineThread(false),
                engine);
            final Replayer replayer = new Replayer(cursors, engine, context.ringCapacityBytes(), server,
                options.speed(), data.venues());
            return new Replay(options, data, engine, server, replayer);
        } catch (final SQLException | IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (cursors != null) {
                cursors.forEach(RowCursor::close);
            }
            data.close();
            throw e;
        }
    }

    /**
     * Starts the engine and the IPC server, then plays on a thread of its own (after {@code --wait-clients}).
     *
     * @return this
     */
    public synchronized Replay start() {
        engine.start();
        server.start();
        thread.start();
        return this;
    }

    private void play() {
        try {
            awaitClients();
            startNs = System.nanoTime();
            replayer.run();
            awaitDelivered();
            elapsedNs = System.nanoTime() - startNs;
        } catch (final SQLException | RuntimeException | Error e) {
            // Recorded, so the command reports it (exit 1) instead of a replay of 0 events.
            failure = e;
            LOG.error("replay failed", e);
        } finally {
            replayer.close();
            data.close();
            finished.countDown();
        }
    }

    private void awaitClients() {
        if (options.waitClients() <= 0) {
            return;
        }
        LOG.info("waiting for {} client(s) to connect and subscribe", options.waitClients());
        int subscriptions = -1;
        long stableSinceMs = 0;
        while (!Thread.currentThread().isInterrupted()) {
            final long nowMs = System.currentTimeMillis();
            if (server.activeSubscriptions() != subscriptions) {
                subscriptions = server.activeSubscriptions();
                stableSinceMs = nowMs;
            } else if (server.connectedClients() >= options.waitClients() && subscriptions > 0
                && nowMs - stableSinceMs >= SUBSCRIPTIONS_SETTLED_MS) {
                return;
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }

    /** Until the engine has applied everything and the server has fanned it out. */
    private void awaitDelivered() {
        while ((engine.backlogBytes() > 0 || server.handOffBacklogBytes() > 0)
            && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(100_000);
        }
    }

    /**
     * @param timeoutMs how long to wait
     * @return true once every event is replayed and handed to the clients' queues (or the replay failed)
     * @throws InterruptedException if interrupted
     */
    public boolean awaitFinished(final long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** @return why the replay stopped early, or null */
    public Throwable failure() {
        return failure;
    }

    /** @return rows replayed so far */
    public long eventsReplayed() {
        return replayer.eventsReplayed();
    }

    /** @return rows the engine refused (the engine's rejections say why) */
    public long eventsRefused() {
        return replayer.eventsRefused();
    }

    /** @return wall time from the first event to everything delivered, ns (0 until finished) */
    public long elapsedNs() {
        return elapsedNs;
    }

    /** @return receive time of the first event replayed, epoch ns (0 before it) */
    public long firstReceiveTimeNs() {
        return replayer.firstReceiveTimeNs();
    }

    /** @return receive-time span replayed, ns */
    public long spanNs() {
        return replayer.lastReceiveTimeNs() - replayer.firstReceiveTimeNs();
    }

    /** @return instruments registered from the data */
    public int instrumentCount() {
        return data.instrumentCount();
    }

    /** @return the tables read, by directory name */
    public List<String> tables() {
        return data.tables().stream().map(t -> t.dirName).toList();
    }

    /** @return the engine (for its counters) */
    public MarketDataEngine engine() {
        return engine;
    }

    /** @return the IPC server */
    public IpcServer server() {
        return server;
    }

    /** Stops playing, then the IPC server (clients told, socket removed), then the engine. Idempotent. */
    @Override
    public synchronized void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        engine.close();
        if (!thread.isAlive()) {
            replayer.close();
            data.close();
        }
    }
}
