package io.slipstream.mktdata.launcher.health;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.MarketState;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of every stream, as the engine last reported it: a snapshot taken by a query on the engine thread every
 * refresh interval, so {@code /health}, the metrics and readiness read a finished, consistent picture in microseconds
 * and never wait for the engine. If the engine stops answering, the snapshot ages and the engine counts as stalled.
 *
 * <p>A stream is "configured" once its adapter has reported a status for it or data arrived on it; a stream is live
 * when its last status is LIVE or RESYNCED, or CONNECTED/unreported with data received (Binance reports book ticker
 * quotes only as CONNECTED: they need no sync). SYNCING, GAP, STALE and DISCONNECTED are not live.
 */
public final class StreamHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHealth.class);
    private static final StreamKind[] PLAIN_KINDS = {StreamKind.BOOK, StreamKind.TRADES, StreamKind.QUOTES,
        StreamKind.MARK};
    private static final CandleInterval[] INTERVALS = CandleInterval.values();

    /**
     * One stream.
     *
     * @param venue         its venue
     * @param symbol        the instrument as the venue spells it
     * @param kind          the stream kind
     * @param interval      for candles, the interval; else null
     * @param status        the last status reported, or null if none was
     * @param lastReceiveNs local receive time of its last event, epoch nanoseconds (0 before the first)
     */
    public record Stream(Venue venue, String symbol, StreamKind kind, CandleInterval interval, StreamStatus status,
                         long lastReceiveNs) {
        /** @return "book", "trades", "quotes", "mark" or "candles_15m" and the like */
        public String name() {
            final String kindName = kind.name().toLowerCase(java.util.Locale.ROOT);
            return interval == null ? kindName : kindName + "_" + interval.wireName();
        }

        /** @return true when its data can be trusted now */
        public boolean live() {
            if (status == null) {
                return lastReceiveNs > 0;
            }
            return switch (status) {
                case LIVE, RESYNCED -> true;
                case CONNECTED -> lastReceiveNs > 0;
                default -> false;
            };
        }
    }

    /**
     * What the engine reported at one moment.
     *
     * @param takenAtNanos {@link System#nanoTime()} when the engine answered
     * @param streams      every configured stream of every configured venue
     */
    public record Snapshot(long takenAtNanos, List<Stream> streams) {
        /** No answer from the engine yet. */
        static final Snapshot NONE = new Snapshot(0, List.of());

        /**
         * @param venue a venue
         * @return its configured streams
         */
        public List<Stream> streams(final Venue venue) {
            final List<Stream> out = new ArrayList<>();
            for (final Stream stream : streams) {
                if (stream.venue() == venue) {
                    out.add(stream);
                }
            }
            return out;
        }
    }

    private final DaemonView view;
    private final long refreshIntervalMs;
    private final long stalledAfterMs;
    private final SystemEpochClock clock = new SystemEpochClock();
    private final ScheduledExecutorService timer;
    private volatile Snapshot snapshot = Snapshot.NONE;
    private CompletableFuture<?> outstanding;

    /**
     * @param view              the components
     * @param refreshIntervalMs how often to ask the engine
     * @param stalledAfterMs    how old the last answer may grow before the engine counts as stalled
     */
    public StreamHealth(final DaemonView view, final long refreshIntervalMs, final long stalledAfterMs) {
        this.view = view;
        this.refreshIntervalMs = refreshIntervalMs;
        this.stalledAfterMs = stalledAfterMs;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "mktdata-health");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return this, refreshing */
    public StreamHealth start() {
        timer.scheduleWithFixedDelay(this::refresh, 0, refreshIntervalMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** @return the latest snapshot ({@code takenAtNanos} 0 before the engine first answered) */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** @return epoch nanoseconds now, on the same kind of clock the adapters stamp receive times with */
    public long nowEpochNs() {
        return clock.epochNanos();
    }

    /** @return milliseconds since the engine last answered, or -1 if it never did */
    public long snapshotAgeMs() {
        final Snapshot current = snapshot;
        return current.takenAtNanos() == 0 ? -1
            : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - current.takenAtNanos());
    }

    /** @return true while the engine answers queries within the stall limit */
    public boolean engineResponsive() {
        final long age = snapshotAgeMs();
        return age >= 0 && age <= stalledAfterMs;
    }

    /**
     * @param venue a configured venue
     * @return true when its adapter has everything subscribed and synced and every stream of it is live
     */
    public boolean venueLive(final Venue venue) {
        if (!adapterReady(venue)) {
            return false;
        }
        final List<Stream> streams = snapshot.streams(venue);
        if (streams.isEmpty()) {
            return false;
        }
        for (final Stream stream : streams) {
            if (!stream.live()) {
                return false;
            }
        }
        return true;
    }

    /** @return true when the engine answers and every configured venue is live: the daemon is ready and healthy */
    public boolean allStreamsLive() {
        if (!engineResponsive()) {
            return false;
        }
        final List<Venue> venues = view.venues();
        if (venues.isEmpty()) {
            return false;
        }
        for (final Venue venue : venues) {
            if (!venueLive(venue)) {
                return false;
            }
        }
        return true;
    }

    /** Stops refreshing. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    private boolean adapterReady(final Venue venue) {
        if (venue == Venue.BINANCE_USDM) {
            final BinanceAdapter binance = view.binance();
            if (binance == null) {
                return false;
            }
            final List<String> symbols = binance.symbols();
            for (final String symbol : symbols) {
                if (!binance.depthSynced(symbol)) {
                    return false;
                }
            }
            return !symbols.isEmpty();
        }
        final HyperliquidAdapter hyperliquid = view.hyperliquid();
        return hyperliquid != null && hyperliquid.allSubscribed();
    }

    private void refresh() {
        try {
            if (outstanding != null && !outstanding.isDone()) {
                return;
            }
            final List<Venue> venues = view.venues();
            outstanding = view.engine().query(state -> collect(state, venues)).thenAccept(streams -> {
                snapshot = new Snapshot(System.nanoTime(), streams);
            });
        } catch (final RuntimeException e) {
            // Keep refreshing: one failed round only ages the snapshot.
            LOG.warn("stream health refresh failed", e);
        }
    }

    /** Engine thread: copies the status and last receive time of every configured stream. */
    private static List<Stream> collect(final MarketState state, final List<Venue> venues) {
        final List<Stream> streams = new ArrayList<>();
        for (final Venue venue : venues) {
            for (final Instrument instrument : state.registry().instruments(venue)) {
                for (final StreamKind kind : PLAIN_KINDS) {
                    add(streams, state, instrument, kind, null);
                }
                for (final CandleInterval interval : INTERVALS) {
                    add(streams, state, instrument, StreamKind.CANDLES, interval);
                }
            }
        }
        return Collections.unmodifiableList(streams);
    }

    private static void add(final List<Stream> streams, final MarketState state, final Instrument instrument,
                            final StreamKind kind, final CandleInterval interval) {
        final StreamStatus status = state.streamStatus(instrument.id(), kind, interval);
        final long lastReceiveNs = state.lastReceiveTimeNs(instrument.id(), kind, interval);
        if (status != null || lastReceiveNs > 0) {
            streams.add(new Stream(instrument.venue(), instrument.symbol(), kind, interval, status, lastReceiveNs));
        }
    }
}
