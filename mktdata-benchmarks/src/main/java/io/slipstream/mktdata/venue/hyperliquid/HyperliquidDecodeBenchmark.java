package io.slipstream.mktdata.venue.hyperliquid;

import io.slipstream.mktdata.benchmarks.FrameDigits;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.venuesim.replay.CaptureLine;
import io.slipstream.mktdata.venuesim.replay.CaptureReader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;

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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decode-to-engine cost of the Hyperliquid adapter per message, on real frames of {@code ../shared/data/hyperliquid}
 * (system property {@code slipstream.shared.data} to point elsewhere): a frame's bytes through the socket's decoder
 * (the socket's one non-blocking jackson parser fed the frame, routing by channel and coin, decimal parsing, the dedup
 * and "older snapshot dropped" rules, candle bucket state), publication into the engine's ring, and the engine applying
 * it (its duty cycle runs after every frame). {@code parseOnly} is the same bytes fed to one reused non-blocking
 * parser, as the decoder does, every token visited, nothing done with them.
 *
 * <p>Frames: BTC {@code l2Book} (46 full 20x20 snapshots) and {@code trades} (hftbacktest; {@code trades} are the six
 * one-trade frames, {@code tradeBatch} the two live frames of 7 and 21 trades; the subscribe's 30-trade history batch
 * is left out); HYPE {@code bbo} and 1d {@code candle} (JKorf fixtures, compacted); MOODENG {@code activeAssetCtx}
 * (tardis-node). Frames cycle; so that the decoder keeps accepting them, block times ({@code time} of l2Book and
 * bbo) and trade ids ({@code tid}) are rewritten in place, in their original width, before each frame (included).
 * The candle re-pushes its open bucket, as the venue does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HyperliquidDecodeBenchmark {
    private static final String HFTBACKTEST = "hyperliquid/hftbacktest/btcusd_20250126";
    private static final String TARDIS = "hyperliquid/tardis-node/hyperliquid_messages_from_mappers_test.jsonl";
    private static final String JKORF_BBO = "hyperliquid/jkorf-fixtures/BookTicker.txt";
    private static final String JKORF_CANDLE = "hyperliquid/jkorf-fixtures/Klines.txt";
    /** Rewritten block times start here (13 digits, after every captured time). */
    private static final long BASE_TIME_MS = 1_800_000_000_000L;

    @Param({"l2Book", "bbo", "trades", "tradeBatch", "candle", "activeAssetCtx"})
    private String stream;

    private final JsonFactory json = new JsonFactory();
    private byte[][] frames;
    /** Per frame: the offsets and widths of the digits to rewrite, and what they are (time or tid). */
    private int[][] rewriteAt;
    private int[][] rewriteWidth;
    private boolean rewriteIsTime;
    private ByteBuffer[] buffers;
    private int next;
    private long counter;
    private MarketDataEngine engine;
    private HyperliquidStats stats;
    private HyperliquidDecoder decoder;
    private JsonParser parser;
    private ByteArrayFeeder feeder;

    /** Loads the frames and builds the decoder over an engine that is driven by hand. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final Path data = Path.of(System.getProperty("slipstream.shared.data", "../shared/data"));
        final List<String> loaded = switch (stream) {
            case "l2Book" -> captured(data, "{\"channel\":\"l2Book\"", 1, Integer.MAX_VALUE);
            case "trades" -> captured(data, "{\"channel\":\"trades\"", 1, 1);
            case "tradeBatch" -> captured(data, "{\"channel\":\"trades\"", 2, 29);
            case "bbo" -> List.of(fixture(data.resolve(JKORF_BBO), "\"channel\":\"bbo\""));
            case "candle" -> List.of(fixture(data.resolve(JKORF_CANDLE), "\"channel\":\"candle\""));
            default -> jsonl(data.resolve(TARDIS), "{\"channel\":\"activeAssetCtx\",\"data\":{\"coin\":\"MOODENG\"");
        };
        if (loaded.isEmpty()) {
            throw new IllegalStateException("no " + stream + " frame in " + data.toAbsolutePath());
        }
        rewriteIsTime = "l2Book".equals(stream) || "bbo".equals(stream);
        final String field = rewriteIsTime ? "\"time\":" : stream.startsWith("trade") ? "\"tid\":" : null;
        frames = new byte[loaded.size()][];
        rewriteAt = new int[loaded.size()][];
        rewriteWidth = new int[loaded.size()][];
        buffers = new ByteBuffer[loaded.size()];
        for (int i = 0; i < frames.length; i++) {
            final String text = loaded.get(i);
            final List<int[]> at = new ArrayList<>();
            for (int from = field == null ? -1 : text.indexOf(field); from >= 0; from = text.indexOf(field, from)) {
                final int start = from + field.length();
                int end = start;
                while (Character.isDigit(text.charAt(end))) {
                    end++;
                }
                at.add(new int[] {start, end - start});
                from = end;
            }
            rewriteAt[i] = at.stream().mapToInt(a -> a[0]).toArray();
            rewriteWidth[i] = at.stream().mapToInt(a -> a[1]).toArray();
            frames[i] = text.getBytes(StandardCharsets.UTF_8);
            buffers[i] = ByteBuffer.wrap(frames[i]);
        }
        final InstrumentRegistry registry = new InstrumentRegistry(8);
        final HyperliquidCoin btc = new HyperliquidCoin("BTC", registry.register(InstrumentSpec.hyperliquid("BTC", 5)),
            List.of());
        final HyperliquidCoin hype = new HyperliquidCoin("HYPE",
            registry.register(InstrumentSpec.hyperliquid("HYPE", 2)), List.of(CandleInterval.D1));
        final HyperliquidCoin moodeng = new HyperliquidCoin("MOODENG",
            registry.register(InstrumentSpec.hyperliquid("MOODENG", 0)), List.of());
        engine = new MarketDataEngine(new EngineContext().registry(registry));
        parser = json.createNonBlockingByteArrayParser();
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        stats = new HyperliquidStats();
        decoder = new HyperliquidDecoder(json, engine.publisher(), stats, new HyperliquidDecoder.Listener() {
            @Override
            public void onAck(final String type, final String coin, final String interval) {
                // no subscriptions here
            }

            @Override
            public void onPong() {
                // no pings here
            }

            @Override
            public void onData(final HyperliquidCoin coin, final HyperliquidAdapterConfig.Channel channel,
                               final CandleInterval interval, final long receiveTimeNs) {
                // the adapter's staleness bookkeeping, not measured
            }
        }, new HyperliquidCoin[] {btc, hype, moodeng});
    }

    /** Frames of the hftbacktest capture with the given prefix and a trade count within bounds (any for books). */
    private static List<String> captured(final Path data, final String prefix, final int minTrades, final int maxTrades)
        throws IOException {
        final Path file = require(data.resolve(HFTBACKTEST));
        final List<String> out = new ArrayList<>();
        try (CaptureReader reader = new CaptureReader(List.of(file))) {
            CaptureLine line;
            boolean firstTrades = true;
            while ((line = reader.next()) != null) {
                final String text = line.text();
                if (!text.startsWith(prefix)) {
                    continue;
                }
                if (prefix.contains("trades")) {
                    final boolean history = firstTrades;
                    firstTrades = false;
                    // the first trades frame is the subscribe's replay of past trades: history, not a live message
                    final int trades = text.split("\"tid\":", -1).length - 1;
                    if (history || trades < minTrades || trades > maxTrades) {
                        continue;
                    }
                }
                out.add(text);
            }
        }
        return out;
    }

    /** The server data ({@code = } block) of a JKorf script holding the marker, compacted to one line. */
    private static String fixture(final Path file, final String marker) throws IOException {
        final String script = Files.readString(require(file));
        final int data = script.indexOf("= ");
        final int end = script.indexOf("\n> ", data);
        final String block = script.substring(data + 2, end < 0 ? script.length() : end);
        // the fixture's values hold no whitespace, so every whitespace character is layout
        final String compact = block.replaceAll("\\s+", "");
        if (!compact.contains(marker)) {
            throw new IllegalStateException(marker + " not in " + file);
        }
        return compact;
    }

    private static List<String> jsonl(final Path file, final String prefix) throws IOException {
        return Files.readAllLines(require(file)).stream().filter(l -> l.startsWith(prefix)).toList();
    }

    private static Path require(final Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException("real captures not found at " + file.toAbsolutePath()
                + "; run from the repository root or set -Dslipstream.shared.data=...");
        }
        return file;
    }

    /** Rewrites the next frame's block time or trade ids so the decoder's rules accept it again. */
    private ByteBuffer nextFrame() {
        final int i = next;
        next = next + 1 == frames.length ? 0 : next + 1;
        final long k = counter++;
        final int[] at = rewriteAt[i];
        for (int j = 0; j < at.length; j++) {
            final int width = rewriteWidth[i][j];
            if (rewriteIsTime) {
                FrameDigits.write(frames[i], at[j], width, BASE_TIME_MS + k);
            } else {
                // trade ids keep their width: 10^(width-1) plus a counter unique per trade
                FrameDigits.write(frames[i], at[j], width, pow10(width - 1) + k * 32 + j);
            }
        }
        buffers[i].clear();
        return buffers[i];
    }

    private static long pow10(final int exponent) {
        long value = 1;
        for (int e = 0; e < exponent; e++) {
            value *= 10;
        }
        return value;
    }

    /**
     * @return work done by the engine (consumed so the JIT keeps it)
     */
    @Benchmark
    public int decodeToEngine() {
        final ByteBuffer frame = nextFrame();
        decoder.decode(frame, System.nanoTime());
        return engine.doWork() + frame.limit();
    }

    /**
     * @return tokens read
     * @throws IOException on a parser error
     */
    @Benchmark
    public int parseOnly() throws IOException {
        final ByteBuffer frame = nextFrame();
        int tokens = 0;
        feeder.feedInput(frame.array(), 0, frame.limit());
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.NOT_AVAILABLE && token != null) {
            tokens++;
            if (token == JsonToken.VALUE_STRING) {
                tokens += parser.getTextLength();
            }
        }
        return tokens;
    }

    /** Stops the engine; fails the run if the decoder refused a frame (the rewriting would be wrong). */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        engine.close();
        parser.close();
        final long refused = stats.staleBookSnapshotsDropped() + stats.duplicateTrades() + stats.staleCandlePushes()
            + stats.malformedFrames() + stats.invalidDecimals() + stats.publishRejections()
            + stats.unknownCoinFrames() + stats.unknownChannelFrames();
        if (refused != 0) {
            throw new IllegalStateException(stream + ": " + refused + " frames refused of " + stats.frames()
                + " (stale books " + stats.staleBookSnapshotsDropped() + ", duplicate trades "
                + stats.duplicateTrades() + ", stale candles " + stats.staleCandlePushes() + ", malformed "
                + stats.malformedFrames() + ", invalid decimals " + stats.invalidDecimals() + ", rejected "
                + stats.publishRejections() + ")");
        }
    }
}
