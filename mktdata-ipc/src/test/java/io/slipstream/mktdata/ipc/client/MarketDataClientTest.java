package io.slipstream.mktdata.ipc.client;

import static io.slipstream.mktdata.ipc.client.FakeServer.EPOCH;
import static io.slipstream.mktdata.ipc.client.FakeServer.common;
import static io.slipstream.mktdata.ipc.client.FakeServer.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against a fake server on a real Unix socket. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class MarketDataClientTest {
    private static final long WAIT_MS = 5000;

    @TempDir
    Path dir;

    private FakeServer server;
    private final List<MarketDataClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeServer(dir.resolve("mktdata.sock"));
        server.answerSubscribes();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(MarketDataClient::close);
        server.close();
    }

    private MarketDataClient connect(final ClientOptions.Builder options) {
        final MarketDataClient client = MarketDataClient.connect(server.path(), options.build());
        clients.add(client);
        return client;
    }

    private MarketDataClient connect() {
        return connect(ClientOptions.builder().clientName("test").reconnectDelayMs(20).maxReconnectDelayMs(200));
    }

    private static Map<String, Object> trade(final String symbol, final long seq, final long epoch) {
        return common("binance", symbol, seq, epoch, "price", 100.0 + seq, "size", 1.5, "side", "buy",
            "trade_id", 1000 + seq, "backfilled", false);
    }

    @Test
    void helloAnnouncesTheOptions() throws Exception {
        final MarketDataClient client = connect(ClientOptions.builder().clientName("brawler-7")
            .slowConsumerPolicy(SlowConsumerPolicy.DISCONNECT).maxQueueBytes(65_536));
        final Map<String, Object> hello = server.nextRequest("hello", WAIT_MS);
        assertThat(hello).containsEntry("protocol", 1L).containsEntry("client", "brawler-7")
            .containsEntry("slow_consumer", "disconnect").containsEntry("max_queue_bytes", 65_536L)
            .containsKey("id");
        assertThat(client.serverInfo()).isEqualTo(new ServerInfo(1, "fake 0.0.1", EPOCH, 1_048_576, 1000));
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void repliesAreMatchedByIdAmidStreamMessages() throws Exception {
        server.on("get_symbols", (s, request) -> {
            for (long seq = 1; seq <= 3; seq++) {
                s.stream("trade", trade("BTCUSDT", seq, EPOCH));
            }
            s.reply(request, "symbols", map("symbols", List.of(
                map("venue", "binance", "symbol", "BTCUSDT", "price_scale", 1L, "size_scale", 3L),
                map("venue", "hyperliquid", "symbol", "kPEPE", "price_scale", 6L, "size_scale", 0L))));
        });
        // get_orderbook is answered only after get_status, so the replies come back in the other order.
        final AtomicReference<Map<String, Object>> heldBook = new AtomicReference<>();
        server.on("get_orderbook", (s, request) -> heldBook.set(request));
        server.on("get_status", (s, request) -> {
            s.reply(request, "status_report", map("streams", List.of(map("venue", "binance", "symbol", "BTCUSDT",
                "stream", "book", "interval", null, "status", "live", "last_receive_ns", 5L, "age_ms", 1L))));
            s.stream("trade", trade("BTCUSDT", 4, EPOCH));
            s.reply(heldBook.get(), "orderbook_snapshot", common("binance", "BTCUSDT", 77, EPOCH,
                "bids", List.of(List.of(99.9, 1.0)), "asks", List.of(List.of(100.1, 2.0)), "depth", 5L,
                "price_scale", 1L, "size_scale", 3L));
        });
        final MarketDataClient client = connect();
        final RecordingListener listener = new RecordingListener();
        final ClientSubscription subscription = client.subscribeTrades("binance", "btcusdt", listener);
        assertThat(subscription.serverId()).isPositive();
        final Map<String, Object> subscribe = server.nextRequest("subscribe_trades", WAIT_MS);
        assertThat(subscribe).containsEntry("venue", "binance").containsEntry("symbol", "btcusdt");

        assertThat(client.getSymbols(null)).containsExactly(new InstrumentInfo("binance", "BTCUSDT", 1, 3),
            new InstrumentInfo("hyperliquid", "kPEPE", 6, 0));
        for (long seq = 1; seq <= 3; seq++) {
            final TradeMessage trade = listener.next(TradeMessage.class, WAIT_MS);
            assertThat(trade.seq()).isEqualTo(seq);
            assertThat(trade.price()).isEqualTo(100.0 + seq);
            assertThat(trade.tradeId()).isEqualTo(1000 + seq);
        }

        final CompletableFuture<OrderBookSnapshot> book =
            CompletableFuture.supplyAsync(() -> client.getOrderbook("binance", "BTCUSDT", 5));
        assertThat(server.nextRequest("get_orderbook", WAIT_MS)).containsEntry("depth", 5L);
        final List<StreamStatusInfo> status = client.getStatus(null);
        assertThat(status).singleElement().satisfies(row -> assertThat(row.status()).isEqualTo("live"));
        final OrderBookSnapshot snapshot = book.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(snapshot.seq()).isEqualTo(77);
        assertThat(snapshot.bids().price(0)).isEqualTo(99.9);
        assertThat(snapshot.asks().size(0)).isEqualTo(2.0);
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(4);
        assertThat(listener.threads()).allMatch(name -> name.equals("mktdata-client-test"));
    }

    @Test
    void aRequestWithoutReplyTimesOutAndTheConnectionCarriesOn() throws Exception {
        server.on("get_quote", null);
        final MarketDataClient client = connect(ClientOptions.builder().clientName("timeout").requestTimeoutMs(300));
        final long startNs = System.nanoTime();
        assertThatThrownBy(() -> client.getQuote("binance", "BTCUSDT")).isInstanceOf(RequestTimeoutException.class)
            .hasMessageContaining("get_quote");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isBetween(250L, 3000L);
        // The late reply is dropped quietly.
        final Map<String, Object> request = server.nextRequest("get_quote", WAIT_MS);
        server.reply(request, "quote", null);
        assertThat(client.ping()).isPositive();
        server.on("get_quote", (s, r) -> s.reply(r, "quote", null));
        assertThat(client.getQuote("binance", "BTCUSDT")).isNull();
    }

    @Test
    void aServerErrorBecomesServerErrorException() throws Exception {
        server.on("get_orderbook", (s, request) -> s.reply(request, "error",
            map("code", "unknown_symbol", "message", "no FOO on binance")));
        server.on("subscribe_trades", (s, request) -> s.reply(request, "error",
            map("code", "too_many_subscriptions", "message", "limit 1")));
        final MarketDataClient client = connect();
        assertThatThrownBy(() -> client.getOrderbook("binance", "FOO", 10))
            .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                assertThat(e.code()).isEqualTo("unknown_symbol");
                assertThat(e.serverMessage()).isEqualTo("no FOO on binance");
            });
        assertThatThrownBy(() -> client.subscribeTrades("binance", "BTCUSDT", new RecordingListener()))
            .isInstanceOf(ServerErrorException.class);
        assertThat(client.subscriptions()).isEmpty();
        // A connection-level error (no id) does not end the connection.
        server.stream("error", map("code", "internal", "message", "oops"));
        assertThat(client.ping()).isPositive();
    }

    @Test
    void gapsOnLosslessStreamsAreDetected() throws Exception {
        final MarketDataClient client = connect();
        final RecordingListener listener = new RecordingListener();
        client.subscribeTrades("binance", "BTCUSDT", listener);
        server.stream("trade", trade("BTCUSDT", 1, EPOCH));
        server.stream("trade", trade("BTCUSDT", 2, EPOCH));
        server.stream("trade", trade("BTCUSDT", 5, EPOCH));
        server.stream("trade", trade("BTCUSDT", 5, EPOCH));
        server.stream("status", common("binance", "BTCUSDT", 9, EPOCH, "stream", "trades", "status", "gap",
            "detail", 2L));
        server.stream("trade", trade("BTCUSDT", 100, EPOCH + 1));
        server.stream("trade", trade("ETHUSDT", 1, EPOCH));
        server.stream("trade", trade("BTCUSDT", 101, EPOCH + 1));

        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(1);
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(2);
        assertThat(listener.next(GapEvent.class, WAIT_MS))
            .isEqualTo(new GapEvent("binance", "BTCUSDT", "trades", null, 3, 5, 2));
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(5);
        // The duplicate 5 is dropped; the server's own gap report goes to onStatus.
        final StatusMessage status = listener.next(StatusMessage.class, WAIT_MS);
        assertThat(status.isGap()).isTrue();
        assertThat(status.detail()).isEqualTo(2);
        // A new epoch starts the count again: no gap.
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(100);
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(101);
        assertThat(listener.poll(100)).isNull();
    }

    @Test
    void deltaBooksAndCandlesAreGapChecked() throws Exception {
        final MarketDataClient client = connect();
        final RecordingListener books = new RecordingListener();
        final RecordingListener candles = new RecordingListener();
        client.subscribeOrderbook("binance", "BTCUSDT", 20, BookMode.DELTA, books);
        assertThat(server.nextRequest("subscribe_orderbook", WAIT_MS)).containsEntry("depth", 20L)
            .containsEntry("mode", "delta");
        client.subscribeCandles("binance", "BTCUSDT", "1m", 3, candles);
        assertThat(server.nextRequest("subscribe_candles", WAIT_MS)).containsEntry("count", 3L)
            .containsEntry("interval", "1m");

        server.stream("orderbook_snapshot", common("binance", "BTCUSDT", 10, EPOCH, "bids", List.of(), "asks",
            List.of(), "depth", 20L));
        server.stream("orderbook_delta", common("binance", "BTCUSDT", 11, EPOCH, "bid_changes",
            List.of(List.of(1.0, 2.0)), "ask_changes", List.of()));
        server.stream("orderbook_delta", common("binance", "BTCUSDT", 13, EPOCH, "bid_changes", List.of(),
            "ask_changes", List.of()));
        server.stream("orderbook_snapshot", common("binance", "BTCUSDT", 20, EPOCH, "bids", List.of(), "asks",
            List.of(), "depth", 20L));
        server.stream("orderbook_delta", common("binance", "BTCUSDT", 21, EPOCH, "bid_changes", List.of(),
            "ask_changes", List.of()));
        // History candles share the stream's seq.
        for (long minute = 1; minute <= 3; minute++) {
            server.stream("candle", candle(50, minute * 60_000));
        }
        server.stream("candle", candle(51, 180_000));
        server.stream("candle", candle(53, 180_000));
        server.stream("candle", common("binance", "BTCUSDT", 54, EPOCH, "interval", "5m", "open_time_ms", 0L));

        assertThat(books.next(OrderBookMessage.class, WAIT_MS).kind()).isEqualTo(OrderBookMessage.Kind.SNAPSHOT);
        final OrderBookMessage delta = books.next(OrderBookMessage.class, WAIT_MS);
        assertThat(delta.kind()).isEqualTo(OrderBookMessage.Kind.DELTA);
        assertThat(delta.bids().price(0)).isEqualTo(1.0);
        assertThat(books.next(GapEvent.class, WAIT_MS)).isEqualTo(
            new GapEvent("binance", "BTCUSDT", "book", null, 12, 13, 1));
        assertThat(books.next(OrderBookMessage.class, WAIT_MS).seq()).isEqualTo(13);
        assertThat(books.next(OrderBookMessage.class, WAIT_MS).seq()).isEqualTo(20);
        assertThat(books.next(OrderBookMessage.class, WAIT_MS).seq()).isEqualTo(21);

        for (long minute = 1; minute <= 3; minute++) {
            assertThat(candles.next(CandleMessage.class, WAIT_MS).candle().openTimeMs()).isEqualTo(minute * 60_000);
        }
        assertThat(candles.next(CandleMessage.class, WAIT_MS).seq()).isEqualTo(51);
        assertThat(candles.next(GapEvent.class, WAIT_MS))
            .isEqualTo(new GapEvent("binance", "BTCUSDT", "candles", "1m", 52, 53, 1));
        assertThat(candles.next(CandleMessage.class, WAIT_MS).seq()).isEqualTo(53);
        // The 5m candle belongs to no subscription.
        assertThat(candles.poll(100)).isNull();
        assertThat(books.poll(0)).isNull();
    }

    @Test
    void topAndDeltaBooksOnOneInstrumentGetTheirOwnMessages() throws Exception {
        final MarketDataClient client = connect();
        final RecordingListener top = new RecordingListener();
        final RecordingListener delta = new RecordingListener();
        client.subscribeOrderbook("hyperliquid", "BTC", 5, BookMode.TOP, top);
        client.subscribeOrderbook("hyperliquid", "BTC", 10, BookMode.DELTA, delta);
        // As the server streams them: a top-5 snapshot, an every-level snapshot (depth 0) for the delta stream.
        server.stream("orderbook_snapshot", common("hyperliquid", "BTC", 3, EPOCH, "depth", 5L));
        server.stream("orderbook_snapshot", common("hyperliquid", "BTC", 3, EPOCH, "depth", 0L));
        server.stream("orderbook_update", common("hyperliquid", "BTC", 4, EPOCH, "depth", 5L));
        server.stream("orderbook_delta", common("hyperliquid", "BTC", 4, EPOCH));

        final OrderBookMessage topSnapshot = top.next(OrderBookMessage.class, WAIT_MS);
        assertThat(topSnapshot.kind()).isEqualTo(OrderBookMessage.Kind.SNAPSHOT);
        assertThat(topSnapshot.depth()).isEqualTo(5);
        assertThat(top.next(OrderBookMessage.class, WAIT_MS).kind()).isEqualTo(OrderBookMessage.Kind.UPDATE);
        final OrderBookMessage deltaSnapshot = delta.next(OrderBookMessage.class, WAIT_MS);
        assertThat(deltaSnapshot.kind()).isEqualTo(OrderBookMessage.Kind.SNAPSHOT);
        assertThat(deltaSnapshot.depth()).isZero();
        assertThat(delta.next(OrderBookMessage.class, WAIT_MS).kind()).isEqualTo(OrderBookMessage.Kind.DELTA);
        assertThat(top.poll(100)).isNull();
        assertThat(delta.poll(0)).isNull();
    }

    @Test
    void oneListenerOnOverlappingSubscriptionsGetsEachTradeOnce() throws Exception {
        final MarketDataClient client = connect();
        final RecordingListener listener = new RecordingListener();
        client.subscribeTrades("binance", "BTCUSDT", listener);
        client.subscribeAllTrades("binance", listener);
        // Whether the server sends a trade once or once per subscription, it arrives once.
        server.stream("trade", trade("BTCUSDT", 1, EPOCH));
        server.stream("trade", trade("BTCUSDT", 1, EPOCH));
        server.stream("trade", trade("BTCUSDT", 2, EPOCH));
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(1);
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(2);
        assertThat(listener.poll(100)).isNull();
    }

    private static Map<String, Object> candle(final long seq, final long openTimeMs) {
        return common("binance", "BTCUSDT", seq, EPOCH, "interval", "1m", "open_time_ms", openTimeMs,
            "open", 1.0, "high", 2.0, "low", 0.5, "close", 1.5, "volume", 3.0, "num_trades", 4L, "closed", false,
            "source", "live");
    }

    @Test
    void streamsAreRoutedToTheirSubscriptions() throws Exception {
        final MarketDataClient client = connect();
        final RecordingListener quotes = new RecordingListener();
        final RecordingListener all = new RecordingListener();
        final RecordingListener status = new RecordingListener();
        client.subscribeQuote("hyperliquid", "kPEPE", quotes);
        client.subscribeAllTrades("hyperliquid", all);
        client.subscribeAllCandles("hyperliquid", "1h", all);
        client.subscribeStatus(null, status);
        server.stream("quote", common("hyperliquid", "KPEPE", 1, EPOCH, "bid_price", 1.0));
        server.stream("quote", common("hyperliquid", "kPEPE", 2, EPOCH, "bid_price", 2.0, "ask_price", 3.0));
        server.stream("trade", common("hyperliquid", "BTC", 7, EPOCH, "price", 5.0));
        server.stream("trade", common("binance", "BTCUSDT", 7, EPOCH, "price", 6.0));
        server.stream("candle", common("hyperliquid", "ETH", 3, EPOCH, "interval", "1h", "open_time_ms", 0L));
        server.stream("status", common("binance", null, 4, EPOCH, "stream", "book", "status", "stale"));
        server.stream("mark_price", common("binance", "BTCUSDT", 1, EPOCH, "mark", 1.0));

        // Hyperliquid symbols are case-sensitive: KPEPE is another instrument.
        assertThat(quotes.next(QuoteMessage.class, WAIT_MS).bidPrice()).isEqualTo(2.0);
        assertThat(all.next(TradeMessage.class, WAIT_MS).symbol()).isEqualTo("BTC");
        assertThat(all.next(CandleMessage.class, WAIT_MS).symbol()).isEqualTo("ETH");
        final StatusMessage stale = status.next(StatusMessage.class, WAIT_MS);
        assertThat(stale.status()).isEqualTo("stale");
        assertThat(stale.symbol()).isNull();
        assertThat(quotes.poll(100)).isNull();
        assertThat(all.poll(0)).isNull();
    }

    @Test
    void reconnectsResubscribesAndFailsPendingRequests() throws Exception {
        server.on("get_trades", null);
        final MarketDataClient client = connect();
        final RecordingListener listener = new RecordingListener();
        final RecordingListener connection = new RecordingListener();
        client.addConnectionListener(connection);
        final ClientSubscription trades = client.subscribeTrades("binance", "BTCUSDT", listener);
        final ClientSubscription candles = client.subscribeCandles("binance", "BTCUSDT", "1m", 10, listener);
        final long firstId = trades.serverId();
        server.stream("trade", trade("BTCUSDT", 1, EPOCH));
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(1);

        final CompletableFuture<List<TradeMessage>> pending =
            CompletableFuture.supplyAsync(() -> client.getTrades("binance", "BTCUSDT", 10));
        assertThat(server.nextRequest("get_trades", WAIT_MS)).isNotNull();
        server.dropConnection();

        assertThatThrownBy(() -> pending.get(WAIT_MS, TimeUnit.MILLISECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(ConnectionLostException.class);
        assertThat(listener.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(connection.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.DISCONNECTED);

        assertThat(server.awaitConnections(2, WAIT_MS)).isTrue();
        assertThat(server.nextRequest("hello", WAIT_MS)).isNotNull();
        assertThat(server.nextRequest("subscribe_trades", WAIT_MS)).containsEntry("symbol", "BTCUSDT");
        assertThat(server.nextRequest("subscribe_candles", WAIT_MS)).containsEntry("count", 1L);
        assertThat(listener.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.RECONNECTED);
        assertThat(connection.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.RECONNECTED);
        waitFor(() -> trades.serverId() > 0 && trades.serverId() != firstId && candles.serverId() > 0);
        assertThat(trades.serverId()).isNotEqualTo(candles.serverId());

        server.stream("trade", trade("BTCUSDT", 2, EPOCH));
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(2);
        assertThat(client.ping()).isPositive();

        trades.close();
        assertThat(server.nextRequest("unsubscribe", WAIT_MS)).containsEntry("subscription", trades.serverId());
        assertThat(trades.isClosed()).isTrue();
        assertThat(client.subscriptions()).containsExactly(candles);
    }

    @Test
    void aFailingListenerDoesNotStopTheStreamAndMayCloseItsSubscription() throws Exception {
        final MarketDataClient client = connect();
        final AtomicReference<ClientSubscription> handle = new AtomicReference<>();
        final AtomicReference<Throwable> requestFromListener = new AtomicReference<>();
        final RecordingListener after = new RecordingListener();
        final ClientSubscription subscription = client.subscribeTrades("binance", "BTCUSDT", new MarketDataListener() {
            @Override
            public void onTrade(final TradeMessage message) {
                if (message.seq() == 1) {
                    throw new IllegalStateException("a listener bug");
                }
                try {
                    client.ping();
                } catch (MarketDataException e) {
                    requestFromListener.set(e);
                }
                handle.get().close();
            }
        });
        handle.set(subscription);
        client.subscribeTrades("binance", "ETHUSDT", after);
        server.stream("trade", trade("BTCUSDT", 1, EPOCH));
        server.stream("trade", trade("BTCUSDT", 2, EPOCH));
        server.stream("trade", trade("ETHUSDT", 1, EPOCH));
        assertThat(after.next(TradeMessage.class, WAIT_MS).symbol()).isEqualTo("ETHUSDT");
        assertThat(requestFromListener.get()).isInstanceOf(MarketDataException.class)
            .hasMessageContaining("reader thread");
        assertThat(subscription.isClosed()).isTrue();
        assertThat(server.nextRequest("unsubscribe", WAIT_MS)).containsEntry("subscription",
            subscription.serverId());
        assertThat(client.ping()).isPositive();
    }

    @Test
    void silenceMeansADeadConnection() throws Exception {
        final MarketDataClient client = connect(ClientOptions.builder().clientName("silence").silenceTimeoutMs(400)
            .reconnectDelayMs(20).maxReconnectDelayMs(100));
        assertThat(client.lastHeartbeatNs()).isZero();
        final long beforeNs = System.nanoTime();
        server.stream("heartbeat", map("server_time_ns", 1L, "timestamp_us", 1L));
        waitFor(() -> client.lastHeartbeatNs() >= beforeNs);
        // Nothing more: the client gives up on this connection and comes back.
        assertThat(server.awaitConnections(2, WAIT_MS)).isTrue();
    }

    @Test
    void framesSplitAcrossReadsAndPackedTogether() throws Exception {
        final MarketDataClient client = connect();
        final RecordingListener listener = new RecordingListener();
        client.subscribeTrades("binance", "BTCUSDT", listener);
        final MsgPackWriter writer = new MsgPackWriter(256);
        for (long seq = 1; seq <= 3; seq++) {
            writer.value(map("type", "trade", "data", trade("BTCUSDT", seq, EPOCH)));
        }
        final byte[] bytes = writer.toByteArray();
        server.sendRaw(Arrays.copyOfRange(bytes, 0, 10));
        Thread.sleep(50);
        server.sendRaw(Arrays.copyOfRange(bytes, 10, bytes.length - 5));
        Thread.sleep(50);
        server.sendRaw(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length));
        for (long seq = 1; seq <= 3; seq++) {
            assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(seq);
        }
    }

    @Test
    void aReplyLargerThanTheReceiveBuffer() throws Exception {
        final int count = 20_000;
        server.on("get_trades", (s, request) -> {
            final List<Object> trades = new ArrayList<>(count);
            for (long seq = 1; seq <= count; seq++) {
                trades.add(trade("BTCUSDT", seq, EPOCH));
            }
            s.reply(request, "trades", map("venue", "binance", "symbol", "BTCUSDT", "trades", trades));
        });
        final MarketDataClient client = connect();
        final List<TradeMessage> trades = client.getTrades("binance", "BTCUSDT", count);
        assertThat(trades).hasSize(count);
        assertThat(trades.get(count - 1).seq()).isEqualTo(count);
        assertThat(client.ping()).isPositive();
    }

    @Test
    void candlesBatchAsksForColumns() throws Exception {
        server.on("get_candles_batch", (s, request) -> {
            final MsgPackWriter writer = new MsgPackWriter(512);
            writer.mapHeader(3).string("type").string("candles_batch").string("id")
                .integer((Long) request.get("id")).string("data");
            writer.mapHeader(12).string("venue").string("binance").string("interval").string("1m")
                .string("symbols").arrayHeader(1).string("BTCUSDT").string("counts").arrayHeader(1).integer(2);
            for (final String column : List.of("open_time_ms", "open", "high", "low", "close", "volume", "trades")) {
                writer.string(column).binHeader(16);
                final boolean longs = column.equals("open_time_ms") || column.equals("trades");
                writer.rawLongLittleEndian(longs ? 60_000 : Double.doubleToLongBits(1.25));
                writer.rawLongLittleEndian(longs ? 120_000 : Double.doubleToLongBits(2.25));
            }
            writer.string("closed").binHeader(2).rawByte(1).rawByte(0);
            s.sendRaw(writer.toByteArray());
        });
        final MarketDataClient client = connect();
        final CandleBatch batch = client.getCandlesBatch("binance", List.of("BTCUSDT"), "1m", 2);
        final Map<String, Object> request = server.nextRequest("get_candles_batch", WAIT_MS);
        assertThat(request).containsEntry("format", "columns").containsEntry("symbols", List.of("BTCUSDT"))
            .containsEntry("count", 2L).containsEntry("interval", "1m");
        final CandleColumns columns = batch.columns("BTCUSDT");
        assertThat(columns.openTimeMs()).containsExactly(60_000, 120_000);
        assertThat(columns.trades()).containsExactly(60_000, 120_000);
        assertThat(columns.close()).containsExactly(1.25, 2.25);
        assertThat(columns.closed()).containsExactly(true, false);
    }

    @Test
    void busyPollModeWorksToo() throws Exception {
        final MarketDataClient client = connect(ClientOptions.builder().clientName("busy").busyPoll(true));
        final RecordingListener listener = new RecordingListener();
        client.subscribeTrades("binance", "BTCUSDT", listener);
        server.stream("trade", trade("BTCUSDT", 1, EPOCH));
        assertThat(listener.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(1);
        assertThat(client.ping()).isPositive();
        client.close();
        waitFor(() -> !clientThreadAlive("mktdata-client-busy"));
    }

    @Test
    void closeLeavesNoThreadsAndFailsLaterCalls() throws Exception {
        final MarketDataClient client = connect(ClientOptions.builder().clientName("closing"));
        final RecordingListener listener = new RecordingListener();
        client.subscribeTrades("binance", "BTCUSDT", listener);
        assertThat(clientThreadAlive("mktdata-client-closing")).isTrue();
        client.close();
        client.close();
        assertThat(clientThreadAlive("mktdata-client-closing")).isFalse();
        assertThat(listener.nextOf(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.CLOSED);
        assertThatThrownBy(client::ping).isInstanceOf(ConnectionLostException.class);
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void closeWhileReconnectingStopsTheThread() throws Exception {
        final MarketDataClient client = connect(ClientOptions.builder().clientName("orphan").reconnectDelayMs(50)
            .maxReconnectDelayMs(200));
        server.close();
        Thread.sleep(300);
        assertThatThrownBy(client::ping).isInstanceOf(ConnectionLostException.class);
        assertThat(clientThreadAlive("mktdata-client-orphan")).isTrue();
        client.close();
        assertThat(clientThreadAlive("mktdata-client-orphan")).isFalse();
    }

    @Test
    void withoutReconnectTheClientCloses() throws Exception {
        final MarketDataClient client = connect(ClientOptions.builder().clientName("once").reconnect(false));
        final RecordingListener connection = new RecordingListener();
        client.addConnectionListener(connection);
        server.dropConnection();
        assertThat(connection.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(connection.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.CLOSED);
        waitFor(() -> !clientThreadAlive("mktdata-client-once"));
        assertThatThrownBy(client::ping).isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void connectingToNothingFails() {
        assertThatThrownBy(() -> MarketDataClient.connect(dir.resolve("absent.sock")))
            .isInstanceOf(ConnectionLostException.class).hasMessageContaining("absent.sock");
    }

    private static boolean clientThreadAlive(final String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static void waitFor(final BooleanSupplier condition) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("condition not met within " + WAIT_MS + " ms");
            }
            Thread.sleep(5);
        }
    }
}
