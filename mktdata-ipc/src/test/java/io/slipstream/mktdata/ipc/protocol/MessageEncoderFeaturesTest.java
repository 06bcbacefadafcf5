package io.slipstream.mktdata.ipc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.BookChanges;
import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.event.EventEncoder;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.feature.FeatureCalculator;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.feature.TradeWindow;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import io.slipstream.mktdata.trade.AggressorSide;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code features} message as the engine thread encodes it: names, nil for NaN, and no allocation once warm. */
class MessageEncoderFeaturesTest {
    private static final long T_NS = 1_763_950_050_000_000_000L;

    private final InstrumentRegistry registry = new InstrumentRegistry(16);
    private final Instrument btcusdt = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
    private final Instrument btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
    private final MessageEncoder encoder = new MessageEncoder(registry);

    @Test
    void shouldNameEveryFieldOfTheContractAndWriteUndefinedValuesAsNil() {
        // Trades only in the last second: the 1 s window has them, and no counterpart book: no basis.
        final MarketEvent event = features(null);
        final Map<String, Object> data = map(decode(encode(event)).get("data"));

        assertThat(data.keySet()).containsExactlyInAnyOrder("venue", "symbol", "seq", "epoch", "exchange_ts_ns",
            "receive_ts_ns", "publish_ts_ns", "timestamp_us", "book_seq", "trade_seq", "mid", "spread_bps",
            "spread_velocity_bps_per_s", "imbalance_bps", "depth_imbalance", "visible_depth_bps", "mid_age_ms",
            "counterpart", "counterpart_book_seq", "basis_bps", "counterpart_mid_age_ms", "windows", "bands");
        assertThat(data.get("symbol")).isEqualTo("BTCUSDT");
        assertThat(data.get("seq")).isEqualTo(9L);
        assertThat(data.get("mid")).isEqualTo(97_000.05);
        assertThat(data.get("mid_age_ms")).isEqualTo(500.0);
        assertThat(data.get("counterpart")).isNull();
        assertThat(data.get("basis_bps")).as("NaN: no counterpart").isNull();
        assertThat(data.get("counterpart_mid_age_ms")).as("-1: no counterpart book").isNull();
        final List<?> windows = (List<?>) data.get("windows");
        assertThat(windows).hasSize(3);
        final Map<String, Object> first = map(windows.get(0));
        assertThat(first.keySet()).containsExactly("window_ms", "trade_count", "buy_volume", "sell_volume",
            "buy_notional", "sell_notional", "signed_notional", "toxicity", "aggressor_imbalance", "arrival_rate",
            "vwap", "vwap_deviation_bps");
        assertThat(first.get("window_ms")).isEqualTo(1_000L);
        final List<?> bands = (List<?>) data.get("bands");
        assertThat(bands).hasSize(5);
        assertThat(map(bands.get(0)).keySet()).containsExactly("band_bps", "bid_depth", "ask_depth");
        assertThat(map(bands.get(0)).get("band_bps")).isEqualTo(5.0);
    }

    @Test
    void shouldNameTheCounterpartAndCarryTheBasisWhenBothBooksAreKnown() {
        final Map<String, Object> data = map(decode(encode(features(book(btc, 96_990_00)))).get("data"));
        assertThat(data.get("counterpart")).isEqualTo("BTC");
        assertThat((Double) data.get("basis_bps")).isCloseTo(10_000.0 * (97_000.05 - 96_990.05) / 96_990.05,
            org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldNotAllocateOnceWarm() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final MarketEvent event = features(book(btc, 96_990_00));
        final MsgPackWriter out = new MsgPackWriter(64 * 1024);
        long bytes = 0;
        for (int i = 0; i < 20_000; i++) {
            encoder.features(out.reset(), event, -1);
            bytes += out.length();
        }
        int zeroRounds = 0;
        final List<Long> perRound = new ArrayList<>();
        for (int round = 0; round < 50 && zeroRounds < 3; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                encoder.features(out.reset(), event, -1);
                bytes += out.length();
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            perRound.add(allocated);
            zeroRounds = allocated == 0 ? zeroRounds + 1 : 0;
        }
        assertThat(zeroRounds).as("bytes allocated per round of 10,000 encodes: %s", perRound).isEqualTo(3);
        assertThat(bytes).isPositive();
    }

    /** BTCUSDT's features at T: a 50-level book updated 500 ms before, 20 trades in the last 10 s. */
    private MarketEvent features(final L2Book counterpartBook) {
        final FeatureConfig config = FeatureConfig.defaults();
        final TradeWindow trades = new TradeWindow(64);
        for (int i = 0; i < 20; i++) {
            trades.add(T_NS - (19 - i) * 500_000_000L, 97_000.0 + i * 0.1, 0.001 * (i + 1),
                i % 3 == 0 ? AggressorSide.SELL : AggressorSide.BUY, 60_000_000_000L);
        }
        final ByteBuffer buffer = ByteBuffer.allocate(config.eventLength()).order(ByteOrder.LITTLE_ENDIAN);
        new FeatureCalculator(config, 64).write(buffer, 0, btcusdt, book(btcusdt, 97_000_00), 42,
            T_NS - 500_000_000L, trades, 100, counterpartBook == null ? null : btc, counterpartBook, 7,
            counterpartBook == null ? 0 : T_NS - 200_000_000L, T_NS - 1_000_000L, T_NS, Double.NaN, 0);
        EventEncoder.stamp(buffer, 0, T_NS + 20_000, 9, 1_763_940_000_000_000L, 0);
        return new MarketEvent().wrap(buffer, 0, config.eventLength());
    }

    /** 50 levels a side, 0.10 apart, the best bid at {@code bestBidCents} / 100. */
    private static L2Book book(final Instrument instrument, final long bestBidCents) {
        final L2Book book = new L2Book(instrument.id(), instrument.priceScale(), 64);
        final LevelBuffer bids = new LevelBuffer(50);
        final LevelBuffer asks = new LevelBuffer(50);
        final long bestBid = bestBidCents / 10;
        for (int level = 0; level < 50; level++) {
            bids.add(bestBid - level, 1_000 + level);
            asks.add(bestBid + 1 + level, 2_000 + level);
        }
        book.applySnapshot(1, bids, asks, new BookChanges(64));
        return book;
    }

    private byte[] encode(final MarketEvent event) {
        final MsgPackWriter out = new MsgPackWriter(4096);
        encoder.features(out, event, -1);
        return out.toByteArray();
    }

    private static Map<String, Object> decode(final byte[] bytes) {
        return map(new MsgPackReader().wrap(bytes, 0, bytes.length).readValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object value) {
        return (Map<String, Object>) value;
    }
}
