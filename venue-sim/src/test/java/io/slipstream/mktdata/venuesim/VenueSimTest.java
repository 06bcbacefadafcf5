package io.slipstream.mktdata.venuesim;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.replay.CaptureLine;
import io.slipstream.mktdata.venuesim.replay.CaptureReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The simulator as a whole: embedded in a test, driven from the command line, scripted over HTTP. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class VenueSimTest {
    private static final String BTC = "binance-usdm/hftbacktest/btcusdt_20240808.gz";
    private final HttpClient http = HttpClient.newHttpClient();

    private String post(final URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void shouldReplayABinanceCaptureOverTheWebSocketFrameForFrame() throws Exception {
        final Path capture = SharedData.require(BTC);
        final List<String> expected = new ArrayList<>();
        try (CaptureReader reader = new CaptureReader(List.of(capture))) {
            CaptureLine line;
            while ((line = reader.next()) != null) {
                if (!line.rest()) {
                    expected.add(line.text());
                }
            }
        }
        try (VenueSim sim = VenueSim.builder().replay(List.of(capture), 0, false).paused().start()) {
            final TextCollector client = TextCollector.connect(URI.create(sim.binance().webSocketUri()
                + "/public/stream?streams=btcusdt@depth@0ms/btcusdt@bookTicker/btcusdt@trade"));
            sim.startMarket();
            assertThat(client.awaitMessages(expected.size(), 60_000)).as("all %d frames", expected.size()).isTrue();
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(client.messages().get(i))) {
                    throw new AssertionError("frame " + i + " differs:\n captured " + expected.get(i)
                        + "\n received " + client.messages().get(i));
                }
            }
            client.close();
        }
    }

    @Test
    void shouldEndWithTheSimulatorsBookWhenAClientFollowsTheOfficialProcedureDuringAReplay() throws Exception {
        final Path capture = SharedData.require(BTC);
        try (VenueSim sim = VenueSim.builder().replay(List.of(capture), 40, false).paused().start()) {
            final TextCollector client = TextCollector.connect(URI.create(sim.binance().webSocketUri()
                + "/public/ws/btcusdt@depth@0ms"));
            sim.startMarket();
            assertThat(client.awaitMessages(50, 30_000)).isTrue();
            final String snapshot = http.send(HttpRequest.newBuilder(URI.create(sim.binance().restUri()
                + "/fapi/v1/depth?symbol=BTCUSDT&limit=1000")).build(), HttpResponse.BodyHandlers.ofString()).body();
            final long deadline = System.currentTimeMillis() + 60_000;
            while (!sim.replay().finished() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(client.awaitMessages(6_551, 10_000)).as("every captured diff").isTrue();

            final OfficialBookProcedure procedure = new OfficialBookProcedure();
            for (final String diff : client.messages()) {
                procedure.diff(diff);
            }
            procedure.snapshot(snapshot, 1000);
            final SimSymbol symbol = sim.market().binance("BTCUSDT");
            synchronized (symbol) {
                assertThat(procedure.assertEquals(symbol)).as("levels compared").isGreaterThan(1000);
            }
            client.close();
        }
    }

    @Test
    void shouldRenderAReplayedBinanceCaptureOnHyperliquidAndDeriveTheStreamsItLacks() throws Exception {
        final Path capture = SharedData.require(BTC);
        try (VenueSim sim = VenueSim.builder().replay(List.of(capture), 0, false).paused().start()) {
            final TextCollector aggTrades = TextCollector.connect(URI.create(sim.binance().webSocketUri()
                + "/market/ws/btcusdt@aggTrade"));
            final TextCollector hyperliquid = TextCollector.connect(URI.create(sim.hyperliquid().webSocketUri()
                + "/ws"));
            hyperliquid.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"trades\",\"coin\":\"BTC\"}}");
            hyperliquid.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\"}}");
            assertThat(hyperliquid.awaitMessages(2, 10_000)).isTrue();
            sim.startMarket();
            final long deadline = System.currentTimeMillis() + 60_000;
            while (!sim.replay().finished() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(aggTrades.awaitMessages(21_313, 20_000)).as("one aggTrade per captured trade").isTrue();
            assertThat(aggTrades.messages().get(0)).startsWith("{\"e\":\"aggTrade\"").contains("\"s\":\"BTCUSDT\"");
            Thread.sleep(500);
            final List<String> frames = hyperliquid.messages();
            assertThat(frames).anyMatch(f -> f.startsWith("{\"channel\":\"trades\"") && f.contains("\"px\":\"61"));
            assertThat(frames).anyMatch(f -> f.startsWith("{\"channel\":\"l2Book\"") && f.contains("\"px\":\"618"));
            aggTrades.close();
            hyperliquid.close();
        }
    }

    @Test
    void shouldLoopAReplayWhenAsked() throws Exception {
        final Path capture = SharedData.require("hyperliquid/hftbacktest/btcusd_20250126");
        try (VenueSim sim = VenueSim.builder().replay(List.of(capture), 0, true).start()) {
            final long deadline = System.currentTimeMillis() + 20_000;
            while (sim.replay().linesReplayed() < 3 * 55 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(sim.replay().linesReplayed()).isGreaterThanOrEqualTo(3 * 55);
            assertThat(sim.replay().finished()).isFalse();
        }
    }

    @Test
    void shouldScriptFaultsOverTheHttpControlEndpoint() throws Exception {
        try (VenueSim sim = VenueSim.builder().synthetic(3, 1, 1_000).start()) {
            final TextCollector client = TextCollector.connect(URI.create(sim.binance().webSocketUri()
                + "/public/ws/btcusdt@depth@100ms"));
            assertThat(client.awaitMessages(3, 10_000)).isTrue();

            final String status = http.send(HttpRequest.newBuilder(sim.controlUri().resolve("/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertThat(status).contains("\"venue\":\"binance\"", "/public/ws/btcusdt@depth@100ms");

            assertThat(post(sim.controlUri().resolve("/faults/disconnect?venue=binance&code=1001")))
                .contains("\"ok\":true", "\"affected\":1");
            assertThat(client.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1001);
            assertThat(post(sim.controlUri().resolve("/faults/disconnect?venue=binance")))
                .contains("\"ok\":false", "missing parameter 'code'");
        }
    }

    @Test
    void shouldStartFromTheCommandLineAndSayWhereToConnect() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = VenueSimMain.run(new String[] {"--synthetic", "3", "--rate", "500", "--seconds", "1",
            "--fault", "at=200ms,name=stall,venue=hyperliquid,ms=100"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("binance     websocket ws://127.0.0.1:",
            "hyperliquid websocket ws://127.0.0.1:", "/info", "control     http://127.0.0.1:",
            "BTCUSDT/BTC", "fault stall", "venue-sim: stopped");
    }

    @Test
    void shouldRefuseBadCommandLinesClearly() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(VenueSimMain.run(new String[] {"--frobnicate"}, System.out, errors)).isEqualTo(2);
        assertThat(VenueSimMain.run(new String[] {"--replay"}, System.out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--frobnicate'",
            "--replay needs at least one file or directory");
    }

    @Test
    void shouldListEverySyntheticSymbolOnBothVenues() {
        try (VenueSim sim = VenueSim.builder().synthetic(200, 3, 1_000).start()) {
            assertThat(sim.market().symbols()).hasSize(200);
            final SimSymbol pepe = sim.market().binance("1000PEPEUSDT");
            assertThat(pepe.hyperliquidCoin()).isEqualTo("kPEPE");
            assertThat(sim.market().hyperliquid("kPEPE")).isSameAs(pepe);
        }
    }
}
