package io.slipstream.mktdata.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.venue.rest.VenueRestClient;
import io.slipstream.mktdata.venue.rest.WeightBudget;
import io.slipstream.mktdata.venuesim.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The depth fast path against a naive reference (jackson's blocking parser, field by field): on every depth frame of
 * a real capture, on random frames, and on mangled ones. Whenever the fast path answers, its diff must equal the
 * reference's; when a frame is anything but the plain shape, it must step aside (null) so the general path decides.
 */
class BinanceDepthScannerTest {
    private static final String STREAM = "btcusdt@depth@0ms";

    private final InstrumentRegistry registry = new InstrumentRegistry(8);
    private final JsonFactory json = new JsonFactory();
    private final BinanceDepthScanner scanner = new BinanceDepthScanner();
    private final BinanceStreamTable table = new BinanceStreamTable();
    private MarketDataEngine engine;
    private ScheduledExecutorService executor;
    private Instrument btc;

    @BeforeEach
    void setUp() {
        btc = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        engine = new MarketDataEngine(new EngineContext().registry(registry));
        executor = Executors.newSingleThreadScheduledExecutor();
        final BinanceAdapterConfig config = BinanceAdapterConfig.defaults(URI.create("http://127.0.0.1:1"),
            URI.create("ws://127.0.0.1:1/public"), URI.create("ws://127.0.0.1:1/market"));
        final SystemEpochClock clock = new SystemEpochClock();
        final BinanceRuntime runtime = new BinanceRuntime(config, engine.publisher(), clock, executor, executor,
            new VenueRestClient("test", new WeightBudget(2400, 0.8, System::currentTimeMillis), clock, null,
                Duration.ofSeconds(1)));
        table.add(new BinanceStreamTable.Entry(STREAM, BinanceStreamTable.Kind.DEPTH,
            new BinanceSymbol(runtime, btc), null));
        table.add(new BinanceStreamTable.Entry("btcusdt@bookTicker", BinanceStreamTable.Kind.BOOK_TICKER,
            new BinanceSymbol(runtime, btc), null));
    }

    @AfterEach
    void tearDown() {
        engine.close();
        executor.shutdownNow();
    }

    @Test
    void shouldReadEveryDepthFrameOfARealCaptureExactlyAsTheReference() throws IOException {
        final Path capture = SharedData.require("binance-usdm/hftbacktest/btcusdt_20240808.gz");
        int frames = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(capture)), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                final String frame = line.substring(line.indexOf(' ') + 1);
                if (frame.contains("\"stream\":\"" + STREAM + "\"")) {
                    final byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
                    final BinanceDepthDiff scanned = new BinanceDepthDiff();
                    assertThat(scanner.scan(bytes, 0, bytes.length, table, scanned)).as(frame).isNotNull();
                    assertSame(scanned, reference(bytes), frame);
                    frames++;
                }
            }
        }
        assertThat(frames).isGreaterThan(1_000);
    }

    @Test
    void shouldAgreeWithTheReferenceOnRandomFramesAndStepAsideOnMangledOnes() throws IOException {
        final Random random = new Random(20261124);
        int accepted = 0;
        int declined = 0;
        for (int round = 0; round < 20_000; round++) {
            String frame = randomFrame(random);
            final int mangle = random.nextInt(8);
            if (mangle == 1) {
                frame = frame.substring(0, random.nextInt(frame.length()));
            } else if (mangle == 2) {
                final int at = random.nextInt(frame.length());
                frame = frame.substring(0, at) + " " + frame.substring(at);
            } else if (mangle == 3) {
                frame = frame.replace("\"s\":\"BTCUSDT\"", "\"s\":\"BTC\\u0055SDT\"");
            } else if (mangle == 4) {
                frame = frame.replace("\"U\":", "\"X\":1,\"U\":");
            } else if (mangle == 5) {
                frame = frame + "x";
            } else if (mangle == 6) {
                frame = frame.replace(STREAM, "btcusdt@bookTicker");
            }
            final byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
            final BinanceDepthDiff scanned = new BinanceDepthDiff();
            if (scanner.scan(bytes, 0, bytes.length, table, scanned) != null) {
                final BinanceDepthDiff expected = reference(bytes);
                assertThat(validLevels(expected)).as("accepted only with valid levels: " + frame).isTrue();
                assertSame(scanned, expected, frame);
                accepted++;
            } else {
                if (mangle == 0 || mangle == 7) {
                    // A plain frame steps aside only when a level is not a valid decimal at the instrument's scale.
                    assertThat(validLevels(reference(bytes))).as("declined a valid plain frame: " + frame).isFalse();
                }
                declined++;
            }
        }
        assertThat(accepted).isGreaterThan(2_500);
        assertThat(declined).isGreaterThan(10_000);
    }

    private String randomFrame(final Random random) {
        final List<String> fields = new ArrayList<>(List.of(
            "\"e\":\"depthUpdate\"", "\"E\":" + (1_723_161_256_299L + random.nextInt(1000)),
            "\"T\":" + (1_723_161_256_298L + random.nextInt(1000)), "\"s\":\"BTCUSDT\"",
            "\"U\":" + (5_123_107_832_006L + random.nextInt(1000)), "\"u\":" + (5_123_107_837_557L
                + random.nextInt(1000)), "\"pu\":" + (5_123_107_831_937L + random.nextInt(1000)),
            "\"b\":" + levels(random), "\"a\":" + levels(random)));
        if (random.nextInt(4) == 0) {
            java.util.Collections.shuffle(fields, random);
        }
        return "{\"stream\":\"" + STREAM + "\",\"data\":{" + String.join(",", fields) + "}}";
    }

    private static String levels(final Random random) {
        final StringBuilder out = new StringBuilder("[");
        final int count = random.nextInt(4) == 0 ? 0 : random.nextInt(80);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            final int kind = random.nextInt(400);
            final String price = kind == 0 ? "1e5" : kind == 1 ? "60000.123" : (50_000 + random.nextInt(20_000)) + "."
                + random.nextInt(10) + (random.nextBoolean() ? "0" : "");
            final String size = kind == 2 ? "-1" : random.nextInt(5) == 0 ? "0.000" : random.nextInt(50) + "."
                + String.format("%03d", random.nextInt(1000));
            out.append("[\"").append(price).append("\",\"").append(size).append("\"]");
        }
        return out.append(']').toString();
    }

    /** The plain reading: jackson's blocking parser, the same rules as the connection's general path. */
    private BinanceDepthDiff reference(final byte[] bytes) throws IOException {
        final BinanceDepthDiff diff = new BinanceDepthDiff().clear();
        long eventMs = 0;
        long transactMs = 0;
        try (JsonParser parser = json.createParser(bytes)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                parser.nextToken();
                if (!"data".equals(field)) {
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String key = parser.currentName();
                    parser.nextToken();
                    switch (key) {
                        case "E" -> eventMs = parser.getLongValue();
                        case "T" -> transactMs = parser.getLongValue();
                        case "U" -> diff.firstUpdateId = parser.getLongValue();
                        case "u" -> diff.lastUpdateId = parser.getLongValue();
                        case "pu" -> diff.previousUpdateId = parser.getLongValue();
                        case "b", "a" -> {
                            while (parser.nextToken() == JsonToken.START_ARRAY) {
                                parser.nextToken();
                                final long price = FixedPoint.parse(parser.getText(), btc.priceScale());
                                parser.nextToken();
                                final long size = FixedPoint.parse(parser.getText(), btc.sizeScale());
                                parser.nextToken();
                                ("b".equals(key) ? diff.bids : diff.asks).add(price, size);
                            }
                        }
                        default -> parser.skipChildren();
                    }
                }
            }
        }
        diff.exchangeTimeNs = (transactMs > 0 ? transactMs : eventMs) * 1_000_000L;
        return diff;
    }

    private static boolean validLevels(final BinanceDepthDiff diff) {
        for (final io.slipstream.mktdata.book.LevelBuffer side : List.of(diff.bids, diff.asks)) {
            for (int i = 0; i < side.count(); i++) {
                if (side.price(i) == FixedPoint.INVALID || side.size(i) == FixedPoint.INVALID || side.price(i) <= 0
                    || side.size(i) < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void assertSame(final BinanceDepthDiff scanned, final BinanceDepthDiff expected,
                                   final String frame) {
        assertThat(scanned.firstUpdateId).as(frame).isEqualTo(expected.firstUpdateId);
        assertThat(scanned.lastUpdateId).as(frame).isEqualTo(expected.lastUpdateId);
        assertThat(scanned.previousUpdateId).as(frame).isEqualTo(expected.previousUpdateId);
        assertThat(scanned.exchangeTimeNs).as(frame).isEqualTo(expected.exchangeTimeNs);
        assertThat(scanned.bids.count()).as(frame).isEqualTo(expected.bids.count());
        assertThat(scanned.asks.count()).as(frame).isEqualTo(expected.asks.count());
        for (int i = 0; i < expected.bids.count(); i++) {
            assertThat(scanned.bids.price(i)).as(frame).isEqualTo(expected.bids.price(i));
            assertThat(scanned.bids.size(i)).as(frame).isEqualTo(expected.bids.size(i));
        }
        for (int i = 0; i < expected.asks.count(); i++) {
            assertThat(scanned.asks.price(i)).as(frame).isEqualTo(expected.asks.price(i));
            assertThat(scanned.asks.size(i)).as(frame).isEqualTo(expected.asks.size(i));
        }
    }
}
