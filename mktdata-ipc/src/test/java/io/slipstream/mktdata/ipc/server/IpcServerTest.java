package io.slipstream.mktdata.ipc.server;

import static io.slipstream.mktdata.ipc.server.RawClient.data;
import static io.slipstream.mktdata.ipc.server.RawClient.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.ipc.TestMarket;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server over a real Unix socket, fed by a real engine, spoken to by hand (protocol version 1). */
@Timeout(60)
class IpcServerTest {
    @TempDir
    Path directory;

    private InstrumentRegistry registry;
    private MarketDataEngine engine;
    private IpcServer server;
    private Instrument btcusdt;
    private Instrument btc;
    private Path socket;
    private TestMarket market;

    @BeforeEach
    void setUp() throws IOException {
        registry = new InstrumentRegistry(64);
        btcusdt = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        market = new TestMarket(engine);
        socket = directory.resolve("mktdata.sock");
        server = new IpcServer(IpcServerConfig.defaults(socket).withMaxClients(4).withHeartbeatIntervalMs(200)
            .withSharesEngineThread(sharesEngineThread()), engine).start();
    }

    /** @return where the server runs: the engine's thread (the default) here, its own in a subclass */
    boolean sharesEngineThread() {
        return true;
    }

    @AfterEach
    void tearDown() {
        server.close();
        engine.close();
    }

    @Test
    void shouldAnswerEveryRequestByItsIdAndKeepTheConnectionAfterBadOnes() throws Exception {
        try (RawClient client = new RawClient(socket)) {
            final Map<String, Object> hello = client.reply(client.send(Map.of("type", "hello", "protocol", 1L,
                "client", "test")));
            assertThat(data(hello)).containsEntry("protocol", 1L).containsEntry("epoch", engine.epoch());

            final Map<String, Object> symbols = client.reply(client.send(Map.of("type", "get_symbols")));
            assertThat(symbols.get("type")).isEqualTo("symbols");
            assertThat((List<?>) data(symbols).get("symbols")).hasSize(2);

            final Map<String, Object> unknown = client.reply(client.send(Map.of("type", "get_moon")));
            assertThat(unknown.get("type")).isEqualTo("error");
            assertThat(data(unknown)).containsEntry("code", "unknown_type");

            final Map<String, Object> missing = client.reply(client.send(Map.of("type", "get_orderbook",
                "venue", "binance")));
            assertThat(data(missing)).containsEntry("code", "bad_request");
            assertThat((String) data(missing).get("message")).contains("symbol");

            final Map<String, Object> noSuch = client.reply(client.send(Map.of("type", "get_orderbook",
                "venue", "binance", "symbol", "NOPEUSDT")));
            assertThat(data(noSuch)).containsEntry("code", "unknown_symbol");

            client.sendRaw(new MsgPackWriter(16).integer(42).toByteArray());
            final Map<String, Object> notAMap = client.next(type("error"), 5_000);
            assertThat(data(notAMap)).containsEntry("code", "bad_request");

            final Map<String, Object> pong = client.reply(client.send(Map.of("type", "ping")));
            assertThat(pong.get("type")).isEqualTo("pong");
            assertThat(client.next(type("heartbeat"), 2_000)).isNotNull();
        }
    }

    @Test
    void shouldStartATradeSubscriptionWithItsAckThenEveryTradeInSequence() throws Exception {
        try (RawClient client = new RawClient(socket)) {
            final Map<String, Object> ack = client.reply(client.send(Map.of("type", "subscribe_trades",
                "venue", "binance", "symbol", "btcusdt")));
            assertThat(ack.get("type")).isEqualTo("subscribed");
            market.awaitSubscribed();
            for (int i = 0; i < 100; i++) {
                market.trade(btcusdt, 6_500_000 + i, i % 2 == 0 ? AggressorSide.BUY : AggressorSide.SELL);
            }
            long previousSeq = -1;
            for (int i = 0; i < 100; i++) {
                final Map<String, Object> trade = data(client.next(type("trade"), 5_000));
                assertThat(trade).containsEntry("venue", "binance").containsEntry("symbol", "BTCUSDT")
                    .containsEntry("price", btcusdt.price(6_500_000 + i)).containsEntry("size", 0.001)
                    .containsEntry("side", i % 2 == 0 ? "buy" : "sell").containsEntry("backfilled", false);
                final long seq = (Long) trade.get("seq");
                if (previousSeq >= 0) {
                    assertThat(seq).isEqualTo(previousSeq + 1);
                }
                previousSeq = seq;
            }
        }
    }

    @Test
    void shouldStartABookSubscriptionWithASnapshotAndContinueWithNoSeam() throws Exception {
        market.book(btc, new long[] {100_0, 99_0, 98_0}, new long[] {101_0, 102_0, 103_0});
        market.awaitEngine();
        try (RawClient top = new RawClient(socket); RawClient delta = new RawClient(socket)) {
            top.reply(top.send(Map.of("type", "subscribe_orderbook", "venue", "hyperliquid", "symbol", "BTC",
                "depth", 2L)));
            delta.reply(delta.send(Map.of("type", "subscribe_orderbook", "venue", "hyperliquid", "symbol", "BTC",
                "mode", "delta")));
            final Map<String, Object> topSnapshot = data(top.next(type("orderbook_snapshot"), 5_000));
            final Map<String, Object> deltaSnapshot = data(delta.next(type("orderbook_snapshot"), 5_000));
            assertThat(topSnapshot.get("bids")).isEqualTo(List.of(List.of(100.0, 1.0), List.of(99.0, 1.0)));
            assertThat((List<?>) deltaSnapshot.get("bids")).hasSize(3);
            final long snapshotSeq = (Long) topSnapshot.get("seq");

            market.book(btc, new long[] {100_5, 100_0, 99_0}, new long[] {101_0, 102_0, 103_0});
            final Map<String, Object> update = data(top.next(type("orderbook_update"), 5_000));
            assertThat(update.get("seq")).isEqualTo(snapshotSeq + 1);
            assertThat(update.get("bids")).isEqualTo(List.of(List.of(100.5, 1.0), List.of(100.0, 1.0)));
            final Map<String, Object> change = data(delta.next(type("orderbook_delta"), 5_000));
            assertThat(change.get("seq")).isEqualTo((Long) deltaSnapshot.get("seq") + 1);
            assertThat(change.get("bid_changes")).isEqualTo(List.of(List.of(100.5, 1.0), List.of(98.0, 0.0)));

            final Map<String, Object> book = top.reply(top.send(Map.of("type", "get_orderbook",
                "venue", "hyperliquid", "symbol", "BTC", "depth", 1L)));
            assertThat(book.get("type")).isEqualTo("orderbook_snapshot");
            assertThat(data(book).get("asks")).isEqualTo(List.of(List.of(101.0, 1.0)));
        }
    }

    @Test
    void shouldCloseOnlyTheConnectionThatSendsBytesThatAreNotMessagePack() throws Exception {
        try (RawClient bad = new RawClient(socket); RawClient good = new RawClient(socket)) {
            good.reply(good.send(Map.of("type", "ping")));
            bad.sendRaw(new byte[] {(byte) 0xc1, 1, 2, 3});
            assertThat(data(bad.next(type("error"), 5_000))).containsEntry("code", "unframeable");
            awaitTrue(() -> bad.endOfStream, "the bad connection closed");
            assertThat(good.reply(good.send(Map.of("type", "ping"))).get("type")).isEqualTo("pong");
            assertThat(server.unframeableClosed()).isEqualTo(1);
        }
    }

    @Test
    void shouldNotLetAStuckClientDelayOthersAndTellItWhatItLostWhenItReadsAgain() throws Exception {
        try (RawClient stuck = new RawClient(socket); RawClient healthy = new RawClient(socket)) {
            stuck.reply(stuck.send(Map.of("type", "hello", "slow_consumer", "drop", "max_queue_bytes", 65_536L)));
            for (final RawClient client : List.of(stuck, healthy)) {
                client.reply(client.send(Map.of("type", "subscribe_trades", "venue", "binance",
                    "symbol", "BTCUSDT")));
            }
            market.awaitSubscribed();
            stuck.pauseReading(true);
            final int trades = 20_000;
            for (int i = 0; i < trades; i++) {
                market.trade(btcusdt, 6_500_000 + i % 1000, AggressorSide.BUY);
            }
            long previous = -1;
            long firstSeq = -1;
            for (int i = 0; i < trades; i++) {
                final long seq = (Long) data(healthy.next(type("trade"), 5_000)).get("seq");
                if (previous >= 0) {
                    assertThat(seq).as("healthy client's trade %d", i).isEqualTo(previous + 1);
                } else {
                    firstSeq = seq;
                }
                previous = seq;
            }
            assertThat(server.messagesDropped()).isPositive();

            stuck.pauseReading(false);
            long received = 0;
            long lost = 0;
            long lastSeq = -1;
            long seqJumps = 0;
            // Every jump in seq is announced by a gap status before it; a loss at the very end has no trade after it.
            while (received + lost < trades) {
                final Map<String, Object> message = stuck.next(m -> "trade".equals(m.get("type"))
                    || "status".equals(m.get("type")), 5_000);
                if ("status".equals(message.get("type"))) {
                    assertThat(data(message)).containsEntry("status", "gap").containsEntry("stream", "trades");
                    lost += (Long) data(message).get("detail");
                    continue;
                }
                final long seq = (Long) data(message).get("seq");
                if (lastSeq >= 0) {
                    seqJumps += seq - lastSeq - 1;
                } else {
                    assertThat(seq).as("nothing is lost before the queue first fills").isEqualTo(firstSeq);
                }
                assertThat(seqJumps).as("losses announced before the jump").isLessThanOrEqualTo(lost);
                lastSeq = seq;
                received++;
            }
            assertThat(lost).isPositive().isEqualTo(previous - firstSeq + 1 - received);
            assertThat(received + lost).isEqualTo(trades);
        }
    }

    @Test
    void shouldDisconnectASlowConsumerThatAskedForItAndNoOneElse() throws Exception {
        try (RawClient slow = new RawClient(socket); RawClient healthy = new RawClient(socket)) {
            slow.reply(slow.send(Map.of("type", "hello", "slow_consumer", "disconnect",
                "max_queue_bytes", 65_536L)));
            for (final RawClient client : List.of(slow, healthy)) {
                client.reply(client.send(Map.of("type", "subscribe_trades", "venue", "binance",
                    "symbol", "BTCUSDT")));
            }
            market.awaitSubscribed();
            slow.pauseReading(true);
            for (int i = 0; i < 20_000; i++) {
                market.trade(btcusdt, 6_500_000, AggressorSide.SELL);
            }
            awaitTrue(() -> server.slowConsumerDisconnects() == 1, "the slow consumer disconnected");
            assertThat(healthy.reply(healthy.send(Map.of("type", "ping"))).get("type")).isEqualTo("pong");
            assertThat(server.connectedClients()).isEqualTo(1);
        }
    }

    @Test
    void shouldServeCandleBatchesAsColumns() throws Exception {
        final long hourMs = 3_600_000L;
        final long start = 1_763_942_400_000L;
        for (int i = 0; i < 5; i++) {
            for (final Instrument instrument : List.of(btcusdt)) {
                assertThat(engine.publisher().candle(instrument.id(), (start + i * hourMs) * 1_000_000L, 1,
                    CandleInterval.H1, start + i * hourMs, 100_0 + i, 110_0 + i, 90_0 + i, 105_0 + i, 1_000 * (i + 1),
                    10 + i, true, CandleSource.BACKFILL)).isEqualTo(Rejection.NONE);
            }
        }
        market.awaitEngine();
        try (RawClient client = new RawClient(socket)) {
            final Map<String, Object> batch = data(client.reply(client.send(Map.of("type", "get_candles_batch",
                "venue", "binance", "symbols", List.of("BTCUSDT"), "interval", "1h", "count", 3L,
                "format", "columns"))));
            assertThat(batch.get("symbols")).isEqualTo(List.of("BTCUSDT"));
            assertThat(batch.get("counts")).isEqualTo(List.of(3L));
            final ByteBuffer times = ByteBuffer.wrap((byte[]) batch.get("open_time_ms")).order(ByteOrder.LITTLE_ENDIAN);
            final ByteBuffer closes = ByteBuffer.wrap((byte[]) batch.get("close")).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 3; i++) {
                assertThat(times.getLong()).isEqualTo(start + (i + 2) * hourMs);
                assertThat(closes.getDouble()).isEqualTo(btcusdt.price(105_0 + i + 2));
            }
            final Map<String, Object> rows = data(client.reply(client.send(Map.of("type", "get_candles",
                "venue", "binance", "symbol", "BTCUSDT", "interval", "1h", "count", 2L))));
            assertThat((List<?>) rows.get("candles")).hasSize(2);
        }
    }

    @Test
    void shouldRefuseClientsBeyondTheMaximumAndKeepTheSocketGroupOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        final List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                final RawClient client = new RawClient(socket);
                client.reply(client.send(Map.of("type", "ping")));
                clients.add(client);
            }
            try (RawClient extra = new RawClient(socket)) {
                assertThat(data(extra.next(type("error"), 5_000))).containsEntry("code", "too_many_clients");
            }
        } finally {
            for (final RawClient client : clients) {
                client.close();
            }
        }
        assertThatThrownBy(() -> new IpcServer(IpcServerConfig.defaults(socket), engine))
            .isInstanceOf(IOException.class).hasMessageContaining("already listening");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------




    private static void awaitTrue(final java.util.function.BooleanSupplier condition, final String what)
        throws InterruptedException {
        final long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
