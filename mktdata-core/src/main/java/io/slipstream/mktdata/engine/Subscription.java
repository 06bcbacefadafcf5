package io.slipstream.mktdata.engine;

import java.util.concurrent.CompletableFuture;

/**
 * A listener's registration for one {@link StreamKey}. {@link #started()} completes once the snapshot has been
 * delivered and live events follow; {@link #close()} unsubscribes. Thread-safe.
 */
public final class Subscription implements AutoCloseable {
    private final MarketDataEngine engine;
    private final long id;
    private final StreamKey key;
    private final int snapshotCount;
    private final MarketDataListener listener;
    private final CompletableFuture<Subscription> started = new CompletableFuture<>();

    Subscription(
        final MarketDataEngine engine, final long id, final StreamKey key, final int snapshotCount,
        final MarketDataListener listener) {
        this.engine = engine;
        this.id = id;
        this.key = key;
        this.snapshotCount = snapshotCount;
        this.listener = listener;
    }

    /** @return a number unique within the engine */
    public long id() {
        return id;
    }

    /** @return what this subscription covers */
    public StreamKey key() {
        return key;
    }

    int snapshotCount() {
        return snapshotCount;
    }

    MarketDataListener listener() {
        return listener;
    }

    /** @return completes, on the engine thread, after the snapshot was delivered */
    public CompletableFuture<Subscription> started() {
        return started;
    }

    /** Stops delivery; events already being delivered may still arrive until the engine processes this. */
    @Override
    public void close() {
        engine.unsubscribe(this);
    }
}
