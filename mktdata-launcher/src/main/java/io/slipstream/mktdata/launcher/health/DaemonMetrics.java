package io.slipstream.mktdata.launcher.health;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidStats;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongBiFunction;

/**
 * The daemon's Prometheus metrics. Everything but the latency histogram is a callback that reads the counters the
 * components already keep, at scrape time: nothing is added to a hot path. The latency histogram is fed by
 * {@link IpcServer#latencyListener}, once per event on the IPC server thread.
 */
final class DaemonMetrics {
    /** Seconds: 10 µs to 2.5 s; the service aims at well under a millisecond from venue frame to client queue. */
    static final double[] LATENCY_BUCKETS_SECONDS = {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
        0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final String BINANCE = Venue.BINANCE_USDM.wireName();
    private static final String HYPERLIQUID = Venue.HYPERLIQUID.wireName();
    /** A scrape waits at most this long for the engine's basis; mktdata_engine_responsive reports a stall. */
    private static final long BASIS_QUERY_TIMEOUT_MS = 500;

    private DaemonMetrics() {
    }

    /**
     * Registers every metric.
     *
     * @param registry where
     * @param view     the components
     * @param streams  the stream snapshot (stale streams, venue state, readiness)
     * @return the IPC latency histogram, for the caller to connect to the IPC server
     */
    static Histogram register(final PrometheusRegistry registry, final DaemonView view, final StreamHealth streams) {
        registerVenues(registry, view, streams);
        registerEngine(registry, view.engine(), streams);
        registerFeatures(registry, view.engine());
        registerIpc(registry, view);
        return Histogram.builder().name("mktdata_ipc_latency_seconds")
            .help("Venue frame receive time to the event queued for IPC clients, once per event")
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS_SECONDS).withoutExemplars().register(registry);
    }

    private static void registerVenues(final PrometheusRegistry registry, final DaemonView view,
                                       final StreamHealth streams) {
        final BinanceAdapter binance = view.binance();
        final HyperliquidAdapter hyperliquid = view.hyperliquid();
        CounterWithCallback.builder().name("mktdata_messages_received_total")
            .help("Market-data messages received and published, by venue and channel (trades include REST backfill;"
                + " Binance depth diffs have no counter yet)")
            .labelNames("venue", "channel").callback(cb -> {
                if (binance != null) {
                    cb.call(sum(binance, BinanceAdapter::tradesPublished), BINANCE, "trades");
                    cb.call(sum(binance, BinanceAdapter::quotes), BINANCE, "quotes");
                    cb.call(sum(binance, BinanceAdapter::liveCandles), BINANCE, "candles");
                    cb.call(binance.markPrices(), BINANCE, "mark");
                }
                if (hyperliquid != null) {
                    final HyperliquidStats s = hyperliquid.stats();
                    cb.call(s.bookSnapshots(), HYPERLIQUID, "book");
                    cb.call(s.trades(), HYPERLIQUID, "trades");
                    cb.call(s.quotes(), HYPERLIQUID, "quotes");
                    cb.call(s.candlePushes(), HYPERLIQUID, "candles");
                    cb.call(s.markPrices(), HYPERLIQUID, "mark");
                }
            }).register(registry);
        GaugeWithCallback.builder().name("mktdata_venue_connections")
            .help("WebSocket connections the venue adapter holds (open or reconnecting)")
            .labelNames("venue").callback(cb -> {
                if (binance != null) {
                    cb.call(binance.connectionCount(), BINANCE);
                }
                if (hyperliquid != null) {
                    cb.call(hyperliquid.connectionCount(), HYPERLIQUID);
                }
            }).register(registry);
        GaugeWithCallback.builder().name("mktdata_venue_up")
            .help("1 when the venue's adapter is subscribed and synced and every stream of it is live, else 0")
            .labelNames("venue").callback(cb -> {
                for (final Venue venue : view.venues()) {
                    cb.call(streams.venueLive(venue) ? 1 : 0, venue.wireName());
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_venue_connects_total")
            .help("WebSocket connection opens (Binance) or attempts (Hyperliquid), reconnects included")
            .labelNames("venue").callback(cb -> {
                if (binance != null) {
                    cb.call(binance.opens(), BINANCE);
                }
                if (hyperliquid != null) {
                    cb.call(hyperliquid.connects(), HYPERLIQUID);
                }
            }).register(registry);
        GaugeWithCallback.builder().name("mktdata_streams")
            .help("Configured streams by their last reported state")
            .labelNames("venue", "state").callback(cb -> {
                final StreamHealth.Snapshot snapshot = streams.snapshot();
                for (final Venue venue : view.venues()) {
                    final Map<StreamStatus, Integer> counts = new EnumMap<>(StreamStatus.class);
                    int unreported = 0;
                    for (final StreamHealth.Stream stream : snapshot.streams(venue)) {
                        if (stream.status() == null) {
                            unreported++;
                        } else {
                            counts.merge(stream.status(), 1, Integer::sum);
                        }
                    }
                    for (final StreamStatus status : StreamStatus.values()) {
                        cb.call(counts.getOrDefault(status, 0), venue.wireName(), lower(status.name()));
                    }
                    cb.call(unreported, venue.wireName(), "unreported");
                }
            }).register(registry);
        GaugeWithCallback.builder().name("mktdata_stale_streams")
            .help("Streams whose last reported state is STALE (silent past their cadence)")
            .labelNames("venue").callback(cb -> {
                final StreamHealth.Snapshot snapshot = streams.snapshot();
                for (final Venue venue : view.venues()) {
                    cb.call(snapshot.streams(venue).stream().filter(s -> s.status() == StreamStatus.STALE).count(),
                        venue.wireName());
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_book_gaps_total")
            .help("Order book sequence gaps detected (Binance depth pu breaks); each one triggers a resync")
            .labelNames("venue").callback(cb -> {
                if (binance != null) {
                    cb.call(sum(binance, BinanceAdapter::depthGaps), BINANCE);
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_book_resyncs_total")
            .help("Order book (re)synchronisations from a REST depth snapshot, the initial sync of each book included")
            .labelNames("venue").callback(cb -> {
                if (binance != null) {
                    cb.call(sum(binance, BinanceAdapter::depthSnapshots), BINANCE);
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_stream_stale_events_total")
            .help("Times a stream went silent past its cadence and was resubscribed")
            .labelNames("venue").callback(cb -> {
                if (hyperliquid != null) {
                    cb.call(hyperliquid.stats().staleStreams(), HYPERLIQUID);
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_venue_socket_recycles_total")
            .help("Sockets closed and reopened because a resubscribe did not bring data back")
            .labelNames("venue").callback(cb -> {
                if (hyperliquid != null) {
                    cb.call(hyperliquid.stats().socketRecycles(), HYPERLIQUID);
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_trades_backfilled_total")
            .help("Trades published from REST backfill after a (re)connect")
            .labelNames("venue").callback(cb -> {
                if (binance != null) {
                    cb.call(sum(binance, BinanceAdapter::tradesBackfilled), BINANCE);
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_candles_backfilled_total")
            .help("Candles published from REST backfill")
            .labelNames("venue").callback(cb -> {
                if (binance != null) {
                    cb.call(sum(binance, BinanceAdapter::backfilledCandles), BINANCE);
                }
                if (hyperliquid != null) {
                    cb.call(hyperliquid.stats().backfilledCandles(), HYPERLIQUID);
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_trade_duplicates_total")
            .help("Trades dropped as already published (replays on subscribe, backfill overlap)")
            .labelNames("venue").callback(cb -> {
                if (binance != null) {
                    cb.call(sum(binance, BinanceAdapter::tradeDuplicates), BINANCE);
                }
                if (hyperliquid != null) {
                    cb.call(hyperliquid.stats().duplicateTrades(), HYPERLIQUID);
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_venue_bad_frames_total")
            .help("Frames that were malformed, not JSON, or error frames from the venue")
            .labelNames("venue", "reason").callback(cb -> {
                if (binance != null) {
                    cb.call(binance.malformedFrames(), BINANCE, "malformed");
                    cb.call(binance.unknownFrames(), BINANCE, "unknown");
                    cb.call(binance.errorFrames(), BINANCE, "error");
                }
                if (hyperliquid != null) {
                    final HyperliquidStats s = hyperliquid.stats();
                    cb.call(s.malformedFrames() + s.nonJsonFrames(), HYPERLIQUID, "malformed");
                    cb.call(s.unknownChannelFrames() + s.unknownCoinFrames(), HYPERLIQUID, "unknown");
                    cb.call(s.errorFrames(), HYPERLIQUID, "error");
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_venue_publish_failures_total")
            .help("Events an adapter could not hand to the engine (ring full, refused)")
            .labelNames("venue").callback(cb -> {
                if (binance != null) {
                    cb.call(binance.publishFailures(), BINANCE);
                }
                if (hyperliquid != null) {
                    cb.call(hyperliquid.stats().publishRejections(), HYPERLIQUID);
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_venue_rest_rate_limited_total")
            .help("REST answers 429/418 (rate limited or banned)")
            .labelNames("venue").callback(cb -> {
                if (binance != null) {
                    cb.call(binance.restRateLimited(), BINANCE);
                }
            }).register(registry);
    }

    private static void registerEngine(final PrometheusRegistry registry, final MarketDataEngine engine,
                                       final StreamHealth streams) {
        CounterWithCallback.builder().name("mktdata_engine_events_published_total")
            .help("Events the engine published to listeners (each listener delivery counted)")
            .callback(cb -> cb.call(engine.eventsPublished())).register(registry);
        CounterWithCallback.builder().name("mktdata_engine_rejections_total")
            .help("Input the engine or its publisher refused, by reason")
            .labelNames("reason").callback(cb -> {
                // Every reason, zeros included, so rate() and alerts see the series before the first refusal.
                for (final Rejection reason : Rejection.values()) {
                    if (reason != Rejection.NONE) {
                        cb.call(engine.rejections().get(reason), lower(reason.name()));
                    }
                }
            }).register(registry);
        CounterWithCallback.builder().name("mktdata_engine_crossed_book_updates_total")
            .help("Book updates that left a book crossed (best bid at or above best ask)")
            .callback(cb -> cb.call(engine.crossedBookUpdates())).register(registry);
        GaugeWithCallback.builder().name("mktdata_engine_backlog_bytes")
            .help("Bytes waiting in the engine's event ring: how far the engine is behind the adapters")
            .callback(cb -> cb.call(engine.backlogBytes())).register(registry);
        GaugeWithCallback.builder().name("mktdata_engine_responsive")
            .help("1 while the engine loop answers queries in time, 0 when it looks stalled")
            .callback(cb -> cb.call(streams.engineResponsive() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("mktdata_ready")
            .help("1 when every configured stream is live (the READY condition), else 0")
            .callback(cb -> cb.call(streams.allStreamsLive() ? 1 : 0)).register(registry);
    }

    /**
     * The cross-venue basis of every instrument that has a counterpart, from its latest features: read by an engine
     * query at scrape time (the engine only keeps its latest features event; nothing is added to its event path). A
     * scrape that finds the engine stalled gets no basis series rather than waiting for it.
     */
    private static void registerFeatures(final PrometheusRegistry registry, final MarketDataEngine engine) {
        GaugeWithCallback.builder().name("mktdata_feature_basis_bps")
            .help("Latest features' basis: (mid - counterpart mid) / counterpart mid in bps, per instrument that has"
                + " a counterpart on the other venue")
            .labelNames("venue", "symbol", "counterpart").callback(cb -> {
                for (final BasisRow row : basis(engine)) {
                    cb.call(row.basisBps(), row.venue(), row.symbol(), row.counterpart());
                }
            }).register(registry);
        GaugeWithCallback.builder().name("mktdata_feature_basis_counterpart_age_seconds")
            .help("Age of the counterpart's mid when the latest basis was computed: a basis is only as fresh as its"
                + " older mid")
            .labelNames("venue", "symbol", "counterpart").callback(cb -> {
                for (final BasisRow row : basis(engine)) {
                    cb.call(row.counterpartAgeSeconds(), row.venue(), row.symbol(), row.counterpart());
                }
            }).register(registry);
    }

    /** One instrument's latest basis. */
    private record BasisRow(String venue, String symbol, String counterpart, double basisBps,
                            double counterpartAgeSeconds) {
    }

    private static List<BasisRow> basis(final MarketDataEngine engine) {
        try {
            return engine.query(state -> {
                final List<BasisRow> rows = new ArrayList<>();
                for (final Venue venue : Venue.values()) {
                    for (final Instrument instrument : engine.registry().instruments(venue)) {
                        final FeatureView features = state.features(instrument.id());
                        if (features == null || features.counterpartId() < 0 || Double.isNaN(features.basisBps())
                            || features.counterpartMidAgeNs() < 0) {
                            continue;
                        }
                        rows.add(new BasisRow(venue.wireName(), instrument.symbol(),
                            engine.registry().get(features.counterpartId()).symbol(), features.basisBps(),
                            features.counterpartMidAgeNs() / 1e9));
                    }
                }
                return rows;
            }).get(BASIS_QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (final ExecutionException | TimeoutException e) {
            return List.of();
        }
    }

    private static void registerIpc(final PrometheusRegistry registry, final DaemonView view) {
        final IpcServer ipc = view.ipc();
        if (ipc == null) {
            return;
        }
        GaugeWithCallback.builder().name("mktdata_ipc_clients").help("IPC clients connected now")
            .callback(cb -> cb.call(ipc.connectedClients())).register(registry);
        GaugeWithCallback.builder().name("mktdata_active_subscriptions").help("IPC client subscriptions held now")
            .callback(cb -> cb.call(ipc.activeSubscriptions())).register(registry);
        CounterWithCallback.builder().name("mktdata_ipc_messages_sent_total").help("Messages queued to IPC clients")
            .callback(cb -> cb.call(ipc.messagesSent())).register(registry);
        CounterWithCallback.builder().name("mktdata_ipc_bytes_sent_total").help("Bytes written to IPC clients")
            .callback(cb -> cb.call(ipc.bytesSent())).register(registry);
        CounterWithCallback.builder().name("mktdata_ipc_messages_dropped_total")
            .help("Lossless messages (trades, candles, status) dropped for slow clients under the drop policy")
            .callback(cb -> cb.call(ipc.messagesDropped())).register(registry);
        CounterWithCallback.builder().name("mktdata_ipc_slow_consumer_disconnects_total")
            .help("IPC clients disconnected as slow consumers")
            .callback(cb -> cb.call(ipc.slowConsumerDisconnects())).register(registry);
        CounterWithCallback.builder().name("mktdata_ipc_bad_requests_total").help("IPC requests answered with an error")
            .callback(cb -> cb.call(ipc.badRequests())).register(registry);
        CounterWithCallback.builder().name("mktdata_ipc_unframeable_closed_total")
            .help("IPC connections closed for sending bytes that could not be framed")
            .callback(cb -> cb.call(ipc.unframeableClosed())).register(registry);
        CounterWithCallback.builder().name("mktdata_ipc_handoff_overruns_total")
            .help("Times the engine found the IPC hand-off ring full (every client was resynchronised)")
            .callback(cb -> cb.call(ipc.handOffOverruns())).register(registry);
    }

    private static long sum(final BinanceAdapter binance, final ToLongBiFunction<BinanceAdapter, String> counter) {
        final List<String> symbols = binance.symbols();
        long total = 0;
        for (final String symbol : symbols) {
            total += counter.applyAsLong(binance, symbol);
        }
        return total;
    }

    private static String lower(final String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
