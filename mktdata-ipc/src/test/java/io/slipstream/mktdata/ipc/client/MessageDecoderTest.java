package io.slipstream.mktdata.ipc.client;

import static io.slipstream.mktdata.ipc.client.FakeServer.common;
import static io.slipstream.mktdata.ipc.client.FakeServer.map;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import io.slipstream.mktdata.ipc.msgpack.MsgPackException;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding of every message type, as the protocol document shapes them, from bytes written by MsgPackWriter. */
final class MessageDecoderTest {
    private final MessageDecoder decoder = new MessageDecoder();

    private Object decode(final Object message) {
        final byte[] bytes = new MsgPackWriter(256).value(message).toByteArray();
        // Decode from the middle of a larger array, as the receive buffer has it.
        final byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 5, bytes.length);
        assertThat(decoder.decode(padded, 5, bytes.length)).isTrue();
        return decoder.value();
    }

    @Test
    void orderbookSnapshotUpdateAndDelta() {
        final Map<String, Object> data = common("binance", "BTCUSDT", 7, 99,
            "bids", List.of(List.of(100.5, 1.25), List.of(100.4, 2.0)), "asks", List.of(List.of(100.6, 0.5)),
            "depth", 10L, "price_scale", 1L, "size_scale", 3L);
        final OrderBookMessage snapshot = (OrderBookMessage) decode(map("type", "orderbook_snapshot", "data", data));
        assertThat(snapshot.kind()).isEqualTo(OrderBookMessage.Kind.SNAPSHOT);
        assertThat(snapshot.venue()).isEqualTo("binance");
        assertThat(snapshot.symbol()).isEqualTo("BTCUSDT");
        assertThat(snapshot.seq()).isEqualTo(7);
        assertThat(snapshot.epoch()).isEqualTo(99);
        assertThat(snapshot.exchangeTimeNs()).isEqualTo(1_000_000_007L);
        assertThat(snapshot.receiveTimeNs()).isEqualTo(2_000_000_007L);
        assertThat(snapshot.publishTimeNs()).isEqualTo(3_000_000_007L);
        assertThat(snapshot.bids().prices()).containsExactly(100.5, 100.4);
        assertThat(snapshot.bids().sizes()).containsExactly(1.25, 2.0);
        assertThat(snapshot.asks().count()).isEqualTo(1);
        assertThat(snapshot.asks().price(0)).isEqualTo(100.6);
        assertThat(snapshot.depth()).isEqualTo(10);
        assertThat(snapshot.priceScale()).isEqualTo(1);
        assertThat(snapshot.sizeScale()).isEqualTo(3);
        assertThat(decoder.type()).isEqualTo("orderbook_snapshot");
        assertThat(decoder.hasId()).isFalse();

        final OrderBookMessage update = (OrderBookMessage) decode(map("type", "orderbook_update", "data", data));
        assertThat(update.kind()).isEqualTo(OrderBookMessage.Kind.UPDATE);
        assertThat(update.bids().count()).isEqualTo(2);

        final OrderBookMessage delta = (OrderBookMessage) decode(map("type", "orderbook_delta", "data",
            common("binance", "BTCUSDT", 8, 99, "bid_changes", List.of(List.of(100.5, 0.0)), "ask_changes",
                List.of())));
        assertThat(delta.kind()).isEqualTo(OrderBookMessage.Kind.DELTA);
        assertThat(delta.bids().prices()).containsExactly(100.5);
        assertThat(delta.bids().sizes()).containsExactly(0.0);
        assertThat(delta.asks().count()).isZero();
        assertThat(delta.seq()).isEqualTo(8);
    }

    @Test
    void quoteWithAnEmptySide() {
        final QuoteMessage quote = (QuoteMessage) decode(map("type", "quote", "data", common("hyperliquid", "kPEPE",
            3, 5, "bid_price", 0.012345, "bid_size", 1000.0, "ask_price", null, "ask_size", null)));
        assertThat(quote.symbol()).isEqualTo("kPEPE");
        assertThat(quote.bidPrice()).isEqualTo(0.012345);
        assertThat(quote.bidSize()).isEqualTo(1000.0);
        assertThat(quote.hasBid()).isTrue();
        assertThat(quote.hasAsk()).isFalse();
        assertThat(quote.askPrice()).isNaN();
    }

    @Test
    void tradeCandleAndStatus() {
        final TradeMessage trade = (TradeMessage) decode(map("type", "trade", "data", common("binance", "ETHUSDT",
            11, 5, "price", 3000.25, "size", 0.5, "side", "sell", "trade_id", 123_456_789_012L, "backfilled", true)));
        assertThat(trade.price()).isEqualTo(3000.25);
        assertThat(trade.size()).isEqualTo(0.5);
        assertThat(trade.side()).isEqualTo(TradeSide.SELL);
        assertThat(trade.tradeId()).isEqualTo(123_456_789_012L);
        assertThat(trade.backfilled()).isTrue();
        assertThat(trade.seq()).isEqualTo(11);

        final CandleMessage candle = (CandleMessage) decode(map("type", "candle", "data", common("binance",
            "ETHUSDT", 12, 5, "interval", "1m", "open_time_ms", 1_700_000_040_000L, "timestamp", 1_700_000_040L,
            "open", 1.0, "high", 2.0, "low", 0.5, "close", 1.5, "volume", 10.0, "num_trades", 7L, "closed", false,
            "source", "live")));
        assertThat(candle.interval()).isEqualTo("1m");
        assertThat(candle.source()).isEqualTo("live");
        assertThat(candle.candle()).isEqualTo(new Candle(1_700_000_040_000L, 1.0, 2.0, 0.5, 1.5, 10.0, 7, false));

        final StatusMessage status = (StatusMessage) decode(map("type", "status", "data", common("binance",
            "ETHUSDT", 13, 5, "stream", "trades", "interval", null, "status", "gap", "detail", 4L)));
        assertThat(status.isGap()).isTrue();
        assertThat(status.stream()).isEqualTo("trades");
        assertThat(status.interval()).isNull();
        assertThat(status.detail()).isEqualTo(4);
    }

    @Test
    void repliesWithIds() {
        final Object hello = decode(map("type", "hello", "id", 1L, "data", map("protocol", 1L, "server",
            "slipstream-mktdata 0.1.0", "epoch", 1_763_950_000_123_456L, "max_message_bytes", 1_048_576L,
            "heartbeat_ms", 1000L)));
        assertThat(decoder.hasId()).isTrue();
        assertThat(decoder.id()).isEqualTo(1);
        assertThat(hello).isEqualTo(new ServerInfo(1, "slipstream-mktdata 0.1.0", 1_763_950_000_123_456L,
            1_048_576L, 1000));

        assertThat(decode(map("type", "pong", "id", 2L, "data", map("server_time_ns", 55L)))).isEqualTo(55L);
        assertThat(decode(map("type", "subscribed", "id", 3L, "data", map("subscription", 9L, "stream", "x"))))
            .isEqualTo(9L);
        assertThat(decode(map("type", "symbols", "id", 4L, "data", map("symbols", List.of(
            map("venue", "binance", "symbol", "BTCUSDT", "price_scale", 1L, "size_scale", 3L))))))
            .isEqualTo(List.of(new InstrumentInfo("binance", "BTCUSDT", 1, 3)));
        final Object error = decode(map("type", "error", "id", 5L, "data",
            map("code", "unknown_symbol", "message", "no FOO on binance")));
        assertThat(error).isInstanceOfSatisfying(ServerErrorException.class, e -> {
            assertThat(e.code()).isEqualTo("unknown_symbol");
            assertThat(e.serverMessage()).isEqualTo("no FOO on binance");
        });
        assertThat(decode(map("type", "quote", "id", 6L, "data", null))).isNull();
        assertThat(decoder.id()).isEqualTo(6);
        final Object report = decode(map("type", "status_report", "id", 7L, "data", map("streams", List.of(
            map("venue", "binance", "symbol", null, "stream", "book", "interval", null, "status", "live",
                "last_receive_ns", 17L, "age_ms", 3L)))));
        assertThat(report).isEqualTo(List.of(new StreamStatusInfo("binance", null, "book", null, "live", 17, 3)));
    }

    @Test
    void nilListsReadAsEmptyAndLeaveTheFieldsAfterThemIntact() {
        final java.util.Map<String, Object> nilSymbols = new java.util.LinkedHashMap<>();
        nilSymbols.put("symbols", null);
        nilSymbols.put("later", "kept in step");
        assertThat(decode(map("type", "symbols", "id", 8L, "data", nilSymbols))).isEqualTo(List.of());
        final java.util.Map<String, Object> nilStreams = new java.util.LinkedHashMap<>();
        nilStreams.put("streams", null);
        nilStreams.put("later", 1L);
        assertThat(decode(map("type", "status_report", "id", 9L, "data", nilStreams))).isEqualTo(List.of());
        final java.util.Map<String, Object> nilColumn = new java.util.LinkedHashMap<>();
        nilColumn.put("venue", "binance");
        nilColumn.put("open", null);
        nilColumn.put("interval", "4h");
        nilColumn.put("symbols", List.of());
        nilColumn.put("counts", List.of());
        assertThat(decode(map("type", "candles_batch", "id", 10L, "data", nilColumn)))
            .isInstanceOfSatisfying(CandleBatch.class, batch -> assertThat(batch.interval()).isEqualTo("4h"));
    }

    @Test
    void tradeAndCandleListsTakeTheInstrumentFromTheReply() {
        final Object trades = decode(map("type", "trades", "id", 1L, "data", map("venue", "binance", "symbol",
            "BTCUSDT", "trades", List.of(map("seq", 1L, "epoch", 2L, "price", 1.5, "size", 2.5, "side", "buy",
                "trade_id", 3L, "backfilled", false)))));
        assertThat(trades).asInstanceOf(LIST).singleElement()
            .isInstanceOfSatisfying(TradeMessage.class, trade -> {
                assertThat(trade.venue()).isEqualTo("binance");
                assertThat(trade.symbol()).isEqualTo("BTCUSDT");
                assertThat(trade.side()).isEqualTo(TradeSide.BUY);
                assertThat(trade.price()).isEqualTo(1.5);
            });
        final Object candles = decode(map("type", "candles", "id", 2L, "data", map("candles", List.of(
            map("open_time_ms", 60_000L, "open", 1.0, "high", 1.0, "low", 1.0, "close", 1.0, "volume", 0.0,
                "num_trades", 0L, "closed", true)), "venue", "hyperliquid", "symbol", "BTC", "interval", "1h")));
        assertThat(candles).asInstanceOf(LIST).singleElement()
            .isInstanceOfSatisfying(CandleMessage.class, candle -> {
                assertThat(candle.venue()).isEqualTo("hyperliquid");
                assertThat(candle.symbol()).isEqualTo("BTC");
                assertThat(candle.interval()).isEqualTo("1h");
                assertThat(candle.candle().closed()).isTrue();
            });
    }

    @Test
    void unknownKeysAndTypesAreIgnored() {
        final Map<String, Object> data = common("binance", "BTCUSDT", 1, 1, "price", 2.0, "size", 3.0,
            "future_field", map("nested", List.of(1L, "x", map())), "side", "buy", "another", new byte[] {1, 2});
        final TradeMessage trade = (TradeMessage) decode(map("type", "trade", "extra", List.of(1L, 2L), "data",
            data, "trailer", "x"));
        assertThat(trade.price()).isEqualTo(2.0);
        assertThat(trade.size()).isEqualTo(3.0);
        assertThat(trade.side()).isEqualTo(TradeSide.BUY);

        assertThat(decode(map("type", "mark_price", "data", map("venue", "binance", "mark", 1.0)))).isNull();
        assertThat(decoder.type()).isEqualTo("mark_price");

        // Not a map, or no type: not a message.
        final byte[] array = new MsgPackWriter(16).value(List.of(1L)).toByteArray();
        assertThat(decoder.decode(array, 0, array.length)).isFalse();
        final byte[] untyped = new MsgPackWriter(16).value(map("data", map())).toByteArray();
        assertThat(decoder.decode(untyped, 0, untyped.length)).isFalse();
    }

    @Test
    void typeAfterData() {
        final Object value = decode(map("data", common("binance", "BTCUSDT", 4, 1, "price", 9.0), "id", null,
            "type", "trade"));
        assertThat(value).isInstanceOfSatisfying(TradeMessage.class, t -> assertThat(t.price()).isEqualTo(9.0));
        assertThat(decoder.hasId()).isFalse();
    }

    @Test
    void aMistypedFieldThrows() {
        final byte[] bytes = new MsgPackWriter(64).value(map("type", "trade", "id", 3L, "data",
            map("price", "not a number"))).toByteArray();
        assertThatThrownBy(() -> decoder.decode(bytes, 0, bytes.length)).isInstanceOf(MsgPackException.class);
        assertThat(decoder.hasId()).isTrue();
        assertThat(decoder.id()).isEqualTo(3);
    }

    @Test
    void columnarCandleBatch() {
        final MsgPackWriter writer = new MsgPackWriter(1024);
        final long[] openTimes = {60_000, 120_000, 60_000, 120_000, 180_000};
        final double[] closes = {1.5, 2.5, 10.5, 11.5, 12.5};
        final long[] trades = {1, 2, 3, 4, 5};
        writer.mapHeader(4).string("type").string("candles_batch").string("id").integer(8).string("unknown")
            .integer(1).string("data");
        writer.mapHeader(14).string("venue").string("binance").string("interval").string("1m");
        writer.string("symbols").arrayHeader(2).string("BTCUSDT").string("ETHUSDT");
        writer.string("counts").arrayHeader(2).integer(2).integer(3);
        longColumn(writer, "open_time_ms", openTimes);
        doubleColumn(writer, "open", new double[] {1, 2, 10, 11, 12});
        doubleColumn(writer, "high", new double[] {2, 3, 11, 12, 13});
        doubleColumn(writer, "low", new double[] {0.5, 1.5, 9.5, 10.5, 11.5});
        doubleColumn(writer, "close", closes);
        doubleColumn(writer, "volume", new double[] {100, 200, 300, 400, 500});
        longColumn(writer, "trades", trades);
        writer.string("closed").binHeader(5);
        for (final int closed : new int[] {1, 0, 1, 1, 0}) {
            writer.rawByte(closed);
        }
        writer.string("format_note").string("ignored");
        writer.string("more").nil();
        final byte[] bytes = writer.toByteArray();
        assertThat(decoder.decode(bytes, 0, bytes.length)).isTrue();
        final CandleBatch batch = (CandleBatch) decoder.value();
        assertThat(batch.venue()).isEqualTo("binance");
        assertThat(batch.interval()).isEqualTo("1m");
        assertThat(batch.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
        final CandleColumns btc = batch.columns("BTCUSDT");
        assertThat(btc.count()).isEqualTo(2);
        assertThat(btc.openTimeMs()).containsExactly(60_000, 120_000);
        assertThat(btc.close()).containsExactly(1.5, 2.5);
        assertThat(btc.closed()).containsExactly(true, false);
        final CandleColumns eth = batch.columns("ETHUSDT");
        assertThat(eth.openTimeMs()).containsExactly(60_000, 120_000, 180_000);
        assertThat(eth.open()).containsExactly(10, 11, 12);
        assertThat(eth.high()).containsExactly(11, 12, 13);
        assertThat(eth.low()).containsExactly(9.5, 10.5, 11.5);
        assertThat(eth.volume()).containsExactly(300, 400, 500);
        assertThat(eth.trades()).containsExactly(3, 4, 5);
        assertThat(eth.closed()).containsExactly(true, true, false);
        assertThat(eth.candle(2)).isEqualTo(new Candle(180_000, 12, 13, 11.5, 12.5, 500, 5, false));
    }

    @Test
    void emptyCandleBatchAndAColumnOfTheWrongLength() {
        assertThat(decode(map("type", "candles_batch", "id", 1L, "data", map("venue", "binance", "interval", "1m",
            "symbols", List.of(), "counts", List.of(), "open_time_ms", new byte[0]))))
            .isInstanceOfSatisfying(CandleBatch.class, batch -> assertThat(batch.symbols()).isEmpty());
        final byte[] bytes = new MsgPackWriter(64).value(map("type", "candles_batch", "id", 1L, "data", map(
            "symbols", List.of("A"), "counts", List.of(1L), "open_time_ms", new byte[7]))).toByteArray();
        assertThatThrownBy(() -> decoder.decode(bytes, 0, bytes.length)).isInstanceOf(MsgPackException.class)
            .hasMessageContaining("open_time_ms");
    }

    @Test
    void stringCacheReturnsTheSameInstance() {
        final StringCache cache = new StringCache(8);
        final byte[] bytes = "xxBTCUSDTyy".getBytes(UTF_8);
        final String first = cache.lookup(bytes, 2, 7);
        assertThat(first).isEqualTo("BTCUSDT");
        assertThat(cache.lookup(Arrays.copyOfRange(bytes, 2, 9), 0, 7)).isSameAs(first);
        for (int i = 0; i < 100; i++) {
            final byte[] other = ("S" + i).getBytes(UTF_8);
            assertThat(cache.lookup(other, 0, other.length)).isEqualTo("S" + i);
        }
        final byte[] longText = "x".repeat(100).getBytes(UTF_8);
        assertThat(cache.lookup(longText, 0, longText.length)).hasSize(100);
    }

    private static void longColumn(final MsgPackWriter writer, final String name, final long[] values) {
        writer.string(name).binHeader(values.length * 8);
        for (final long value : values) {
            writer.rawLongLittleEndian(value);
        }
    }

    private static void doubleColumn(final MsgPackWriter writer, final String name, final double[] values) {
        writer.string(name).binHeader(values.length * 8);
        for (final double value : values) {
            writer.rawLongLittleEndian(Double.doubleToLongBits(value));
        }
    }
}
