package io.slipstream.mktdata.venue.binance;

import io.slipstream.mktdata.benchmarks.FrameDigits;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.venue.rest.VenueRestClient;
import io.slipstream.mktdata.venue.rest.WeightBudget;
import io.slipstream.mktdata.venuesim.replay.CaptureLine;
import io.slipstream.mktdata.venuesim.replay.CaptureReader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.sun.net.httpserver.HttpServer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Decode-to-engine cost of the Binance adapter per message, on the real frames of the captures in
 * {@code ../shared/data} (system property {@code slipstream.shared.data} to point elsewhere): a frame's bytes through
 * the connection's reused jackson non-blocking parser, routing, decimal parsing, the book procedure or the trade
 * de-duplication, publication into the engine's ring, and the engine applying it (its duty cycle runs after every
 * frame). {@code parseOnly} is the baseline the issue compares depth against: the same bytes through a reused
 * parser, every token visited, nothing done with them.
 *
 * <p>Frames cycle; to keep the book procedure and the trade ids valid forever, the update ids ({@code U u pu}) and
 * aggregate ids ({@code a}) are rewritten in place, in their original width, before each frame (a few ns, included).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BinanceDecodeBenchmark {
    private static final String BTC = "binance-usdm/hftbacktest/btcusdt_20240808.gz";
    private static final String SAND = "binance-usdm/cryptofeed/2021-04-05/BINANCE_FUTURES-1125a2.0";
    private static final String MARK = "binance-usdm/crypto-msg-parser/binance_usdm_linear_swap_messages.jsonl";
    /** Rewritten ids have this many digits: Binance update ids have 13; frames with other widths are left out. */
    private static final int ID_WIDTH = 13;

    @Param({"bookTicker", "aggTrade", "depth", "markPrice"})
    private String stream;

    /** Best levels the engine keeps per book side (the engine's default, and an unbounded book for comparison). */
    @Param({"2000"})
    private int bookMaxLevels;

    private final JsonFactory json = new JsonFactory();
    private byte[][] frames;
    private int[][] idOffsets;
    private ByteBuffer[] buffers;
    private int next;
    private long counter;
    private MarketDataEngine engine;
    private BinanceConnection connection;
    private BinanceSymbol symbol;
    private ScheduledExecutorService executor;
    private HttpServer rest;
    private JsonParser parser;
    private ByteArrayFeeder feeder;

    /** Loads the frames, builds the decoder and, for depth, brings the book procedure to its synced state. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        final Path data = Path.of(System.getProperty("slipstream.shared.data", "../shared/data"));
        final String file = switch (stream) {
            case "aggTrade" -> SAND;
            case "markPrice" -> MARK;
            default -> BTC;
        };
        final String streamSuffix = switch (stream) {
            case "depth" -> "@depth@0ms";
            case "bookTicker" -> "@bookTicker";
            case "aggTrade" -> "@aggTrade";
            default -> "@markPrice";
        };
        final List<byte[]> loaded = new ArrayList<>();
        String snapshot = null;
        final Path capture = data.resolve(file);
        if (!Files.exists(capture)) {
            throw new IllegalStateException("real captures not found at " + capture.toAbsolutePath()
                + "; run from the repository root or set -Dslipstream.shared.data=...");
        }
        String name = null;
        try (CaptureReader reader = new CaptureReader(List.of(capture))) {
            CaptureLine line;
            while ((line = reader.next()) != null) {
                if (line.rest() && snapshot == null) {
                    snapshot = line.text();
                }
                final int at = line.text().indexOf(streamSuffix + "\"");
                if (!line.rest() && at > 0 && (name == null || line.text().startsWith("{\"stream\":\"" + name))) {
                    name = line.text().substring(11, at + streamSuffix.length());
                    // 2021 aggregate ids had 7 digits; widen them to today's 13 so rewriting never changes lengths.
                    final String text = "@aggTrade".equals(streamSuffix)
                        ? line.text().replaceFirst("\"a\":\\d+", "\"a\":" + baseId()) : line.text();
                    loaded.add(text.getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        final String[] idFields = "depth".equals(stream) ? new String[] {"\"U\":", "\"u\":", "\"pu\":"}
            : "aggTrade".equals(stream) ? new String[] {"\"a\":"} : new String[0];
        // Keep the frames whose ids all have the usual width, so rewritten ids never change a frame's length.
        final List<byte[]> kept = new ArrayList<>();
        final List<int[]> offsets = new ArrayList<>();
        for (final byte[] frame : loaded) {
            final String text = new String(frame, StandardCharsets.US_ASCII);
            final int[] at = new int[idFields.length];
            boolean usual = true;
            for (int f = 0; f < idFields.length; f++) {
                final int start = text.indexOf(idFields[f]) + idFields[f].length();
                int end = start;
                while (Character.isDigit(text.charAt(end))) {
                    end++;
                }
                at[f] = start;
                usual &= end - start == ID_WIDTH;
            }
            if (usual) {
                kept.add(frame);
                offsets.add(at);
            }
        }
        frames = kept.toArray(byte[][]::new);
        idOffsets = offsets.toArray(int[][]::new);
        buffers = new ByteBuffer[frames.length];
        for (int i = 0; i < frames.length; i++) {
            buffers[i] = ByteBuffer.wrap(frames[i]);
        }
        final String symbolName = name.substring(0, name.indexOf('@')).toUpperCase(java.util.Locale.ROOT);
        final InstrumentRegistry registry = new InstrumentRegistry(4);
        final Instrument instrument = registry.register("SANDUSDT".equals(symbolName)
            ? InstrumentSpec.binance(symbolName, "0.00001", "1") : InstrumentSpec.binance(symbolName, "0.10", "0.001"));
        engine = new MarketDataEngine(new EngineContext().registry(registry).bookMaxLevels(bookMaxLevels));
        executor = Executors.newScheduledThreadPool(2);
        rest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        final String body = snapshot == null ? "{\"lastUpdateId\":0,\"bids\":[],\"asks\":[]}" : snapshot;
        rest.createContext("/fapi/v1/depth", exchange -> {
            final String answer = body.replaceFirst("\"lastUpdateId\":\\d+", "\"lastUpdateId\":" + (baseId() + 1));
            final byte[] bytes = answer.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        rest.start();
        final URI restUri = URI.create("http://127.0.0.1:" + rest.getAddress().getPort());
        final BinanceAdapterConfig config = BinanceAdapterConfig.defaults(restUri,
            URI.create("ws://127.0.0.1:1/public"), URI.create("ws://127.0.0.1:1/market"));
        final SystemEpochClock clock = new SystemEpochClock();
        final VenueRestClient client = new VenueRestClient("bench", new WeightBudget(2400, 0.8,
            System::currentTimeMillis), clock, null, Duration.ofSeconds(5));
        final BinanceRuntime runtime =
            new BinanceRuntime(config, engine.publisher(), clock, executor, executor, client);
        symbol = new BinanceSymbol(runtime, instrument);
        final BinanceStreamTable.Kind kind = switch (stream) {
            case "depth" -> BinanceStreamTable.Kind.DEPTH;
            case "bookTicker" -> BinanceStreamTable.Kind.BOOK_TICKER;
            case "aggTrade" -> BinanceStreamTable.Kind.AGG_TRADE;
            default -> BinanceStreamTable.Kind.MARK_PRICE;
        };
        final BinanceStreamTable table = new BinanceStreamTable();
        final List<BinanceStreamTable.Entry> entries = List.of(new BinanceStreamTable.Entry(name, kind, symbol, null));
        entries.forEach(table::add);
        connection = new BinanceConnection("bench", URI.create("ws://127.0.0.1:1/" + ("depth".equals(stream)
            || "bookTicker".equals(stream) ? "public" : "market")), "depth".equals(stream)
            || "bookTicker".equals(stream), entries, table, runtime, executor);
        if ("depth".equals(stream)) {
            symbol.depth.onSubscribed();
            final long deadline = System.currentTimeMillis() + 10_000;
            while (!"SYNCED".equals(symbol.depth.state().name()) && System.currentTimeMillis() < deadline) {
                decodeToEngine();
                Thread.sleep(1);
            }
            if (!"SYNCED".equals(symbol.depth.state().name())) {
                throw new IllegalStateException("book procedure did not sync: " + symbol.depth.state());
            }
        }
        parser = json.createNonBlockingByteArrayParser();
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    /**
     * A trial state outside JMH, for {@link BinanceDecodeCpuCheck}: call {@link #setUp()} next.
     *
     * @param stream        as the JMH parameter
     * @param bookMaxLevels as the JMH parameter
     * @return the unset-up benchmark
     */
    static BinanceDecodeBenchmark of(final String stream, final int bookMaxLevels) {
        final BinanceDecodeBenchmark benchmark = new BinanceDecodeBenchmark();
        benchmark.stream = stream;
        benchmark.bookMaxLevels = bookMaxLevels;
        return benchmark;
    }

    private long baseId() {
        return 2_000_000_000_000L;
    }

    /** Rewrites the ids of the next frame so the book procedure and trade ids stay valid forever. */
    private byte[] nextFrame() {
        final int i = next;
        next = next + 1 == frames.length ? 0 : next + 1;
        final byte[] frame = frames[i];
        final long k = counter++;
        if (idOffsets[i].length == 3) {
            FrameDigits.write(frame, idOffsets[i][0], ID_WIDTH, baseId() + 2 * k);
            FrameDigits.write(frame, idOffsets[i][1], ID_WIDTH, baseId() + 2 * k + 1);
            FrameDigits.write(frame, idOffsets[i][2], ID_WIDTH, baseId() + 2 * k - 1);
        } else if (idOffsets[i].length == 1) {
            FrameDigits.write(frame, idOffsets[i][0], ID_WIDTH, baseId() + k);
        }
        buffers[i].clear();
        return frame;
    }

    /**
     * @return work done by the engine (consumed so the JIT keeps it)
     */
    @Benchmark
    public int decodeToEngine() {
        final byte[] frame = nextFrame();
        connection.onFrame(connection.socket(), buffers[next == 0 ? frames.length - 1 : next - 1],
            System.nanoTime());
        return engine.doWork() + frame.length;
    }

    /**
     * @return tokens read
     * @throws IOException on a parser error
     */
    @Benchmark
    public int parseOnly() throws IOException {
        final byte[] frame = nextFrame();
        feeder.feedInput(frame, 0, frame.length);
        int tokens = 0;
        JsonToken token;
        int depth = 0;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            tokens++;
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                if (--depth == 0) {
                    break;
                }
            } else if (token == JsonToken.VALUE_STRING) {
                tokens += parser.getTextLength();
            }
        }
        return tokens;
    }

    /** Stops the engine, the executor and the stand-in REST server. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        executor.shutdownNow();
        rest.stop(0);
    }
}
