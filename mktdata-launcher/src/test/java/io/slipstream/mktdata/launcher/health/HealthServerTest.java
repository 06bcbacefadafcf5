package io.slipstream.mktdata.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.ipc.server.IpcServerConfig;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.binance.BinanceAdapterConfig;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The whole daemon on loopback (venue-sim, the real adapters, engine, IPC server) behind the health server. The tests
 * run in order on one daemon: before the adapters start, then live, then with the engine wedged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthServerTest {
    private static final List<CandleInterval> CANDLES = List.of(CandleInterval.M15, CandleInterval.H1);
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path directory;
    private VenueSim sim;
    private InstrumentRegistry registry;
    private MarketDataEngine engine;
    private BinanceAdapter binance;
    private HyperliquidAdapter hyperliquid;
    private IpcServer ipc;
    private HealthServer health;

    @BeforeAll
    void startDaemonWithAdaptersNotYetStarted() throws Exception {
        directory = Files.createTempDirectory("health-test");
        sim = VenueSim.builder().synthetic(3, 42, 2_000).start();
        registry = new InstrumentRegistry(1024);
        engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        final URI binanceWs = sim.binance().webSocketUri();
        binance = new BinanceAdapter(BinanceAdapterConfig.defaults(sim.binance().restUri(),
                URI.create(binanceWs + "/public"), URI.create(binanceWs + "/market"))
            .withCandles(CANDLES, interval -> 50).withReconnectDelays(200, 5_000), engine.publisher(), registry,
            new SystemEpochClock());
        hyperliquid = new HyperliquidAdapter(HyperliquidAdapterConfig.builder(
                URI.create(sim.hyperliquid().webSocketUri() + "/ws"), URI.create(sim.hyperliquid().restUri() + "/info"))
            .candleIntervals(CANDLES).backfillBuckets(50).reconnectDelay(200, 5_000).build(), engine.publisher(),
            registry, new SystemEpochClock());
        ipc = new IpcServer(IpcServerConfig.defaults(directory.resolve("mktdata.sock")), engine).start();
        health = HealthServer.start(DaemonView.of(engine, binance, hyperliquid, ipc), "127.0.0.1", 0, 50, 1_000);
    }

    @AfterAll
    void stopDaemon() throws IOException {
        if (health != null) {
            health.close();
        }
        if (ipc != null) {
            ipc.close();
        }
        binance.close();
        hyperliquid.close();
        engine.close();
        sim.close();
        Files.deleteIfExists(directory.resolve("mktdata.sock"));
        Files.deleteIfExists(directory);
    }

    @Test
    @Order(1)
    void healthIs503UntilEveryStreamIsLiveThen200WithEveryStreamAndItsAge() throws Exception {
        final HttpResponse<String> before = get("/health");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(before.body())).containsEntry("healthy", false).containsEntry("status", "unhealthy");
        assertThat(health.allStreamsLive()).isFalse();

        binance.start();
        hyperliquid.start();
        HttpResponse<String> after = get("/health");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (after.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = get("/health");
        }
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        final Map<String, Object> document = json(after.body());
        assertThat(document).containsEntry("healthy", true);
        assertThat(map(document.get("engine"))).containsEntry("responsive", true);
        final Map<String, Object> venues = map(document.get("venues"));
        assertThat(venues.keySet()).containsExactly("binance", "hyperliquid");
        for (final Object venue : venues.values()) {
            final Map<String, Object> v = map(venue);
            assertThat(v).containsEntry("live", true);
            final List<Object> streams = list(v.get("streams"));
            assertThat(streams).isNotEmpty();
            final List<Object> names = new ArrayList<>();
            for (final Object s : streams) {
                final Map<String, Object> stream = map(s);
                assertThat(stream.keySet()).contains("symbol", "stream", "state", "live", "age_ms");
                assertThat(stream).containsEntry("live", true);
                names.add(stream.get("stream"));
            }
            assertThat(names).contains("book", "trades", "candles_15m", "candles_1h");
        }
        assertThat(health.statusLine()).contains("binance 3/3 books live", "hyperliquid 3/3 books live",
            "IPC 0 clients");
    }

    @Test
    @Order(2)
    void healthAnswersInUnderTenMilliseconds() throws Exception {
        for (int i = 0; i < 20; i++) {
            get("/health");
        }
        final long[] micros = new long[20];
        for (int i = 0; i < micros.length; i++) {
            final long start = System.nanoTime();
            final HttpResponse<String> response = get("/health");
            micros[i] = (System.nanoTime() - start) / 1_000;
            assertThat(response.statusCode()).isEqualTo(200);
        }
        Arrays.sort(micros);
        assertThat(micros[micros.length / 2]).as("median /health round trip, µs: %s", Arrays.toString(micros))
            .isLessThan(10_000);
    }

    @Test
    @Order(3)
    void metricsParseStrictlyAndCarryEveryMetricTheRunbookUses() throws Exception {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(directory.resolve("mktdata.sock")));
            client.write(ByteBuffer.wrap(new MsgPackWriter(256).value(Map.of("type", "subscribe_trades", "id", 1L,
                "venue", "binance", "symbol", "BTCUSDT")).toByteArray()));
            client.write(ByteBuffer.wrap(new MsgPackWriter(256).value(Map.of("type", "subscribe_orderbook", "id", 2L,
                "venue", "hyperliquid", "symbol", "BTC", "depth", 5L)).toByteArray()));
            PrometheusText metrics = PrometheusText.parse(get("/metrics").body());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(metrics.value("mktdata_ipc_latency_seconds_count") > 0
                && metrics.value("mktdata_active_subscriptions") == 2
                && !Double.isNaN(basis(metrics, "hyperliquid", "BTC", "BTCUSDT"))
                && !Double.isNaN(basis(metrics, "binance", "BTCUSDT", "BTC"))) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                drain(client);
                metrics = PrometheusText.parse(get("/metrics").body());
            }
            assertThat(metrics.types()).containsKeys("mktdata_messages_received_total", "mktdata_active_subscriptions",
                "mktdata_ipc_clients", "mktdata_ipc_latency_seconds", "mktdata_venue_connections", "mktdata_venue_up",
                "mktdata_venue_connects_total", "mktdata_book_resyncs_total", "mktdata_book_gaps_total",
                "mktdata_streams", "mktdata_stale_streams", "mktdata_ipc_messages_dropped_total",
                "mktdata_ipc_slow_consumer_disconnects_total", "mktdata_trades_backfilled_total",
                "mktdata_candles_backfilled_total", "mktdata_engine_events_published_total",
                "mktdata_engine_rejections_total", "mktdata_engine_backlog_bytes", "mktdata_engine_responsive",
                "mktdata_ready", "jvm_memory_used_bytes");
            assertThat(metrics.types()).containsEntry("mktdata_ipc_latency_seconds", "histogram")
                .containsEntry("mktdata_messages_received_total", "counter")
                .containsEntry("mktdata_active_subscriptions", "gauge");
            assertThat(metrics.value("mktdata_ipc_latency_seconds_count")).isPositive();
            assertThat(metrics.value("mktdata_ipc_clients")).isEqualTo(1);
            assertThat(metrics.value("mktdata_active_subscriptions")).isEqualTo(2);
            for (final String venue : List.of("binance", "hyperliquid")) {
                assertThat(metrics.value("mktdata_messages_received_total", "venue", venue, "channel", "trades"))
                    .isPositive();
                assertThat(metrics.value("mktdata_venue_up", "venue", venue)).isEqualTo(1);
                assertThat(metrics.value("mktdata_venue_connections", "venue", venue)).isPositive();
                assertThat(metrics.value("mktdata_candles_backfilled_total", "venue", venue)).isPositive();
            }
            assertThat(metrics.value("mktdata_messages_received_total", "venue", "hyperliquid", "channel", "book"))
                .isPositive();
            assertThat(metrics.value("mktdata_book_resyncs_total", "venue", "binance")).isGreaterThanOrEqualTo(3);
            assertThat(metrics.value("mktdata_ready")).isEqualTo(1);
            assertThat(metrics.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
            // The simulated venues quote BTC close to each other: the basis is small both ways. (Not checked: opposite
            // signs. The two are computed at different times, so a basis near zero may have one sign in both.)
            assertThat(Math.abs(basis(metrics, "hyperliquid", "BTC", "BTCUSDT"))).as("hyperliquid BTC basis, bps")
                .isLessThan(500);
            assertThat(Math.abs(basis(metrics, "binance", "BTCUSDT", "BTC"))).as("binance BTCUSDT basis, bps")
                .isLessThan(500);
            assertThat(metrics.types()).containsEntry("mktdata_feature_basis_bps", "gauge")
                .containsEntry("mktdata_feature_basis_counterpart_age_seconds", "gauge");
            assertThat(metrics.value("mktdata_feature_basis_counterpart_age_seconds", "venue", "hyperliquid",
                "symbol", "BTC", "counterpart", "BTCUSDT")).isBetween(0.0, 60.0);

            // The dashboard and the runbook name only metrics that exist.
            for (final String document : List.of("deploy/grafana/slipstream-mktdata.json", "docs/deployment.md")) {
                final Matcher names = Pattern.compile("\\b(mktdata_[a-z_]+)").matcher(
                    Files.readString(repository().resolve(document)));
                while (names.find()) {
                    final String name = names.group(1).replaceAll("_(bucket|sum|count)$", "");
                    assertThat(metrics.types()).as("%s in %s", name, document).containsKey(name);
                }
            }
        }
    }

    private static double basis(final PrometheusText metrics, final String venue, final String symbol,
                                final String counterpart) {
        return metrics.value("mktdata_feature_basis_bps", "venue", venue, "symbol", symbol, "counterpart",
            counterpart);
    }

    private static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/grafana"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root").isNotNull();
        return dir;
    }

    @Test
    @Order(4)
    void theStrictReaderRejectsWhatPromtoolWould() {
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x counter\n# HELP x y\nx 1\n"))
            .hasMessageContaining("_total");
        assertThatThrownBy(() -> PrometheusText.parse("x_total 1\n")).hasMessageContaining("TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# HELP g h\n# TYPE g gauge\ng{a=\"1\" 1\n"))
            .hasMessageContaining("labels");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE g gauge\ng 1\n")).hasMessageContaining("HELP");
    }

    @Test
    @Order(5)
    void aWedgedEngineTurnsHealthTo503QuicklyWithoutWaitingForIt() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final Instrument btc = registry.find(Venue.HYPERLIQUID, "BTC");
        engine.subscribe(StreamKey.trades(btc), 0, (event, state) -> {
            if (!event.isSnapshot()) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            HttpResponse<String> response = get("/health");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (response.statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                response = get("/health");
            }
            final long start = System.nanoTime();
            response = get("/health");
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(map(json(response.body()).get("engine"))).containsEntry("responsive", false);
            assertThat(elapsedMs).isLessThan(1_000);
            assertThat(health.statusLine()).contains("ENGINE NOT ANSWERING");
        } finally {
            release.countDown();
        }
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void drain(final SocketChannel client) throws IOException {
        client.configureBlocking(false);
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        while (client.read(buffer) > 0) {
            buffer.clear();
        }
        client.configureBlocking(true);
    }

    /** A JSON document as maps, lists, strings, numbers, booleans and nulls, through jackson-core's parser. */
    private static Map<String, Object> json(final String text) throws IOException {
        try (JsonParser parser = JSON.createParser(text)) {
            final Object value = read(parser, parser.nextToken());
            assertThat(parser.nextToken()).isNull();
            return map(value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(final Object value) {
        return (List<Object>) value;
    }

    private static Object read(final JsonParser parser, final JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                final Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> {
                final List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(parser, next));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + token);
        };
    }
}
