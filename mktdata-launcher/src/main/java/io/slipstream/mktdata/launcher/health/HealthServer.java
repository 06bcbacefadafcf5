package io.slipstream.mktdata.launcher.health;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.server.IpcServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The daemon's HTTP side, on one port ({@code [health] metrics_port}, loopback by default): {@code /metrics} in the
 * Prometheus text format (content negotiation by the Prometheus client) and {@code /health} as JSON, per venue and per
 * stream (state and age of the last message), with HTTP 200 when every configured stream is live and the engine
 * answers, 503 otherwise.
 *
 * <p>{@code /health} never waits for the engine: it renders the {@link StreamHealth} snapshot the engine produced at
 * most a refresh interval ago, so it answers in well under a millisecond of work even when the engine is stalled (and
 * then says so). Two daemon threads serve requests, so a slow scrape cannot hold up a health check.
 */
public final class HealthServer implements AutoCloseable {
    /** How often the engine is asked for the state of every stream. */
    public static final long DEFAULT_REFRESH_MS = 250;
    /** An engine whose last answer is older than this counts as stalled. */
    public static final long DEFAULT_STALLED_AFTER_MS = 5_000;

    private static final JsonFactory JSON = new JsonFactory();
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final DaemonView view;
    private final StreamHealth streams;
    private final PrometheusRegistry registry;
    private final StatusSummary summary;
    private final HttpServer http;
    private final ExecutorService executor;

    private HealthServer(final DaemonView view, final StreamHealth streams, final PrometheusRegistry registry,
                         final HttpServer http, final ExecutorService executor) {
        this.view = view;
        this.streams = streams;
        this.registry = registry;
        this.summary = new StatusSummary(view, streams);
        this.http = http;
        this.executor = executor;
    }

    /**
     * Starts the server with the default refresh and stall limits.
     *
     * @param view        the components
     * @param bindAddress where to listen, e.g. "127.0.0.1"
     * @param port        the port; 0 picks a free one (see {@link #port()})
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static HealthServer start(final DaemonView view, final String bindAddress, final int port)
        throws IOException {
        return start(view, bindAddress, port, DEFAULT_REFRESH_MS, DEFAULT_STALLED_AFTER_MS);
    }

    /**
     * @param view              the components
     * @param bindAddress       where to listen, e.g. "127.0.0.1"
     * @param port              the port; 0 picks a free one (see {@link #port()})
     * @param refreshIntervalMs how often the engine is asked for stream states
     * @param stalledAfterMs    how old the engine's last answer may be before it counts as stalled
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static HealthServer start(final DaemonView view, final String bindAddress, final int port,
                                     final long refreshIntervalMs, final long stalledAfterMs) throws IOException {
        final StreamHealth streams = new StreamHealth(view, refreshIntervalMs, stalledAfterMs).start();
        final PrometheusRegistry registry = new PrometheusRegistry();
        final Histogram latency = DaemonMetrics.register(registry, view, streams);
        JvmMetrics.builder().register(registry);
        final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            final Thread t = new Thread(r, "mktdata-http");
            t.setDaemon(true);
            return t;
        });
        final HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 16);
        } catch (final IOException e) {
            streams.close();
            executor.shutdownNow();
            throw new IOException("cannot listen on " + bindAddress + ":" + port + " for metrics and health", e);
        }
        final HealthServer server = new HealthServer(view, streams, registry, http, executor);
        http.createContext("/metrics", new MetricsHandler(registry));
        http.createContext("/health", server::health);
        http.setExecutor(executor);
        http.start();
        final IpcServer ipc = view.ipc();
        if (ipc != null) {
            ipc.latencyListener(nanos -> latency.observe(nanos / 1e9));
        }
        return server;
    }

    /** @return the port listened on */
    public int port() {
        return http.getAddress().getPort();
    }

    /** @return the metrics registry (JVM and daemon metrics), e.g. to add more */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** @return the stream snapshot behind {@code /health} */
    public StreamHealth streams() {
        return streams;
    }

    /** @return true when the engine answers and every configured stream of every configured venue is live */
    public boolean allStreamsLive() {
        return streams.allStreamsLive();
    }

    /** @return one line for systemd's STATUS=: venues, books synced, clients, messages per second */
    public String statusLine() {
        return summary.line();
    }

    /** Stops serving and detaches from the IPC server. */
    @Override
    public void close() {
        final IpcServer ipc = view.ipc();
        if (ipc != null) {
            ipc.latencyListener(null);
        }
        http.stop(0);
        executor.shutdownNow();
        streams.close();
    }

    private void health(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final boolean healthy = streams.allStreamsLive();
            final byte[] body = renderHealth(healthy);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(healthy ? 200 : 503, -1);
                return;
            }
            exchange.sendResponseHeaders(healthy ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * @param healthy the verdict
     * @return the /health document
     * @throws IOException never, in practice (writes to memory)
     */
    byte[] renderHealth(final boolean healthy) throws IOException {
        final StreamHealth.Snapshot snapshot = streams.snapshot();
        final long nowNs = streams.nowEpochNs();
        final MarketDataEngine engine = view.engine();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("status", healthy ? "healthy" : "unhealthy");
            json.writeBooleanField("healthy", healthy);
            json.writeObjectFieldStart("engine");
            json.writeBooleanField("responsive", streams.engineResponsive());
            json.writeNumberField("snapshot_age_ms", streams.snapshotAgeMs());
            json.writeNumberField("epoch", engine.epoch());
            json.writeNumberField("events_published", engine.eventsPublished());
            json.writeNumberField("backlog_bytes", engine.backlogBytes());
            json.writeEndObject();
            final IpcServer ipc = view.ipc();
            if (ipc != null) {
                json.writeObjectFieldStart("ipc");
                json.writeNumberField("clients", ipc.connectedClients());
                json.writeNumberField("subscriptions", ipc.activeSubscriptions());
                json.writeEndObject();
            }
            json.writeObjectFieldStart("venues");
            for (final Venue venue : view.venues()) {
                final List<StreamHealth.Stream> venueStreams = snapshot.streams(venue);
                json.writeObjectFieldStart(venue.wireName());
                json.writeBooleanField("live", streams.venueLive(venue));
                json.writeNumberField("connections", connections(venue));
                json.writeNumberField("streams_total", venueStreams.size());
                json.writeNumberField("streams_live", venueStreams.stream().filter(StreamHealth.Stream::live).count());
                json.writeArrayFieldStart("streams");
                for (final StreamHealth.Stream stream : venueStreams) {
                    json.writeStartObject();
                    json.writeStringField("symbol", stream.symbol());
                    json.writeStringField("stream", stream.name());
                    json.writeStringField("state", stream.status() == null ? "unreported"
                            : stream.status().name().toLowerCase(Locale.ROOT));
                    json.writeBooleanField("live", stream.live());
                    if (stream.lastReceiveNs() > 0) {
                        json.writeNumberField("age_ms",
                            Math.max(0, (nowNs - stream.lastReceiveNs()) / NANOS_PER_MILLI));
                    } else {
                        json.writeNullField("age_ms");
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private int connections(final Venue venue) {
        if (venue == Venue.BINANCE_USDM) {
            return view.binance() == null ? 0 : view.binance().connectionCount();
        }
        return view.hyperliquid() == null ? 0 : view.hyperliquid().connectionCount();
    }
}
