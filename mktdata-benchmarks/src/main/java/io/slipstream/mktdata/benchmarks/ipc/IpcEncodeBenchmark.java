package io.slipstream.mktdata.benchmarks.ipc;

import io.slipstream.mktdata.book.BookChanges;
import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.event.EventEncoder;
import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.feature.FeatureCalculator;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.feature.TradeWindow;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import io.slipstream.mktdata.ipc.protocol.MessageEncoder;
import io.slipstream.mktdata.trade.AggressorSide;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the engine thread pays per event to serve IPC clients: one protocol message encoded (once, whatever the number
 * of clients), and what the server thread pays to find where a client's request ends. Run with {@code -prof gc}: the
 * encoders must allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class IpcEncodeBenchmark {
    private final MsgPackWriter out = new MsgPackWriter(64 * 1024);
    private final MarketEvent trade = new MarketEvent();
    private final MarketEvent features = new MarketEvent();
    private MessageEncoder encoder;
    private Instrument instrument;
    private L2Book book;
    private byte[] request;
    private final long[] stack = new long[33];

    /** A BTCUSDT trade event, a 50-level book, and BTCUSDT's features against Hyperliquid BTC (default config). */
    @Setup
    public void setUp() {
        final InstrumentRegistry registry = new InstrumentRegistry(16);
        instrument = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        encoder = new MessageEncoder(registry);
        final ByteBuffer event = ByteBuffer.allocate(EventLayout.TRADE_LENGTH);
        EventEncoder.trade(event, 0, instrument.venue(), instrument.id(), 1_763_950_000_000_000_000L,
            1_763_950_000_000_100_000L, 97_000_10, 1_234, AggressorSide.SELL, 5_123_456_789L, 0);
        EventEncoder.stamp(event, 0, 1_763_950_000_000_120_000L, 42, 1_763_940_000_000_000L, 0);
        trade.wrap(event, 0, EventLayout.TRADE_LENGTH);
        book = new L2Book(instrument.id(), instrument.priceScale(), 64);
        final LevelBuffer bids = new LevelBuffer(50);
        final LevelBuffer asks = new LevelBuffer(50);
        for (int level = 0; level < 50; level++) {
            bids.add(97_000_00 - level * 10, 1_000 + level);
            asks.add(97_000_10 + level * 10, 2_000 + level);
        }
        book.applySnapshot(1, bids, asks, new BookChanges(64));
        final Instrument btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        final L2Book btcBook = new L2Book(btc.id(), btc.priceScale(), 64);
        btcBook.applySnapshot(1, bids, asks, new BookChanges(64));
        final TradeWindow trades = new TradeWindow(256);
        for (int i = 0; i < 100; i++) {
            trades.add(1_763_950_000_000_000_000L + i * 500_000_000L, 97_000.1 + i, 0.01 * (i % 7 + 1),
                i % 3 == 0 ? AggressorSide.SELL : AggressorSide.BUY, 60_000_000_000L);
        }
        final FeatureConfig config = FeatureConfig.defaults();
        final ByteBuffer featureEvent = ByteBuffer.allocate(config.eventLength()).order(ByteOrder.LITTLE_ENDIAN);
        new FeatureCalculator(config, 64).write(featureEvent, 0, instrument, book, 42, 1_763_950_049_000_000_000L,
            trades, 100, btc, btcBook, 7, 1_763_950_049_500_000_000L, 1_763_950_049_900_000_000L,
            1_763_950_050_000_000_000L, 1.0, 1_763_950_049_000_000_000L);
        EventEncoder.stamp(featureEvent, 0, 1_763_950_050_000_020_000L, 9, 1_763_940_000_000_000L, 0);
        features.wrap(featureEvent, 0, config.eventLength());
        request = new MsgPackWriter(128).value(java.util.Map.of("type", "subscribe_orderbook", "id", 7L,
            "venue", "binance", "symbol", "BTCUSDT", "depth", 10L)).toByteArray();
    }

    /** @return bytes written: a trade message */
    @Benchmark
    public int encodeTrade() {
        encoder.trade(out.reset(), trade);
        return out.length();
    }

    /** @return bytes written: the top 10 levels a side of a book, as an orderbook_update */
    @Benchmark
    public int encodeBookTop10() {
        encoder.bookTop(out.reset(), instrument.id(), book, 10, false, 42, 1L, 0, 1L, 1L, -1);
        return out.length();
    }

    /** @return bytes written: a features message (3 windows, 5 bands, a basis) from the engine's event */
    @Benchmark
    public int encodeFeatures() {
        encoder.features(out.reset(), features, -1);
        return out.length();
    }

    /** @return the length of a request found in untrusted bytes */
    @Benchmark
    public int frameRequest() {
        return MsgPackReader.frameLength(request, 0, request.length, stack);
    }
}
