package io.slipstream.mktdata.venue.hyperliquid;

import static io.slipstream.mktdata.venue.hyperliquid.HyperliquidTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.CandleView;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Candle backfill against a stand-in {@code /info} that answers at most 500 rows per call (the generic info rule;
 * the simulator answers up to 5000 at once), so paging is exercised. No websocket is reachable: backfill does not
 * wait for one.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HyperliquidBackfillTest {
    private static final long BUCKET_MS = 900_000L;
    private static final int PAGE = 500;
    private static final Pattern START = Pattern.compile("\"startTime\":(\\d+)");
    private static final Pattern END = Pattern.compile("\"endTime\":(\\d+)");

    private final List<Long> startTimes = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private MarketDataEngine engine;
    private HyperliquidAdapter adapter;

    @AfterEach
    void tearDown() {
        if (adapter != null) {
            adapter.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/info", exchange -> {
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            final String answer;
            if (body.contains("\"type\":\"meta\"")) {
                answer = "{\"universe\":[{\"name\":\"BTC\",\"szDecimals\":5,\"maxLeverage\":50},"
                    + "{\"name\":\"LOOM\",\"szDecimals\":1,\"maxLeverage\":3,\"onlyIsolated\":true,"
                    + "\"isDelisted\":true},{\"name\":\"kPEPE\",\"szDecimals\":0,\"maxLeverage\":10}],"
                    + "\"marginTables\":[]}";
            } else {
                answer = candles(body);
            }
            final byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Buckets overlapping [startTime, endTime], the one holding startTime included; 500 at most; newest 5000. */
    private String candles(final String body) {
        final long start = group(START.matcher(body));
        final long end = group(END.matcher(body));
        startTimes.add(start);
        final long newest = Math.floorDiv(end, BUCKET_MS) * BUCKET_MS;
        final long first = Math.max(Math.floorDiv(start, BUCKET_MS) * BUCKET_MS, newest - 4_999 * BUCKET_MS);
        final StringBuilder out = new StringBuilder("[");
        for (long t = first; t <= newest && t < first + PAGE * BUCKET_MS; t += BUCKET_MS) {
            if (out.length() > 1) {
                out.append(',');
            }
            final long price = 100_000 + (t / BUCKET_MS) % 1_000;
            out.append("{\"T\":").append(t + BUCKET_MS - 1).append(",\"c\":\"").append(price).append(".0\",\"h\":\"")
                .append(price + 5).append(".0\",\"i\":\"15m\",\"l\":\"").append(price - 5).append(".0\",\"n\":7,")
                .append("\"o\":\"").append(price).append(".0\",\"s\":\"BTC\",\"t\":").append(t)
                .append(",\"v\":\"3.0\"}");
        }
        return out.append(']').toString();
    }

    private static long group(final Matcher matcher) {
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void shouldPageCandleSnapshotForwardByLastOpenTimeAndSkipDelistedPerps() throws Exception {
        startServer();
        final InstrumentRegistry registry = new InstrumentRegistry(16);
        engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        final HyperliquidAdapterConfig config = HyperliquidAdapterConfig.builder(URI.create("ws://127.0.0.1:1/ws"),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/info"))
            .channels(EnumSet.of(Channel.CANDLE))
            .candleIntervals(List.of(CandleInterval.M15))
            .backfillBuckets(2_000)
            .reconnectDelay(1_000, 5_000)
            .build();
        adapter = new HyperliquidAdapter(config, engine.publisher(), registry, new SystemEpochClock());
        adapter.start();

        assertThat(adapter.coins()).containsExactly("BTC", "kPEPE");
        assertThat(registry.find(Venue.HYPERLIQUID, "LOOM")).isNull();
        final Instrument pepe = registry.find(Venue.HYPERLIQUID, "kPEPE");
        assertThat(pepe.sizeScale()).isZero();
        assertThat(pepe.priceScale()).isEqualTo(6);

        final Instrument btc = registry.find(Venue.HYPERLIQUID, "BTC");
        await(10_000, () -> {
            final CandleView view = engine.queryCandles(new int[] {btc.id()}, CandleInterval.M15, 5_000)
                .get(5, TimeUnit.SECONDS).get(btc.id());
            assertThat(view.count()).isEqualTo(2_000);
            for (int i = 1; i < view.count(); i++) {
                assertThat(view.openTimeMs()[i] - view.openTimeMs()[i - 1]).isEqualTo(BUCKET_MS);
                assertThat(view.closed()[i - 1]).isTrue();
            }
            assertThat(view.closed()[view.count() - 1]).isFalse();
            assertThat(view.source()).containsOnly(CandleSource.BACKFILL);
            assertThat(view.high()[0]).isEqualTo(view.open()[0] + 50);
            assertThat(view.volume()[0]).isEqualTo(300_000L);
            assertThat(view.tradeCount()[0]).isEqualTo(7L);
        });
        // BTC then kPEPE: four pages each, every page starting one bucket after the previous page's last
        await(5_000, () -> assertThat(startTimes).hasSize(8));
        for (int i = 1; i < 4; i++) {
            assertThat(startTimes.get(i) - startTimes.get(i - 1)).isEqualTo(PAGE * BUCKET_MS);
        }
        assertThat(adapter.stats().backfillRequests()).isEqualTo(8);
        await(5_000, () -> assertThat(adapter.stats().backfilledCandles()).isEqualTo(4_000));
        assertThat(adapter.rest().budget().used()).isLessThanOrEqualTo(20 + 8 * (20 + 34));
    }
}
