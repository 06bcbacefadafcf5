package io.slipstream.mktdata.ipc.client;

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
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.ipc.server.IpcServerConfig;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against the real IpcServer fed by a real engine. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class MarketDataClientServerTest {
    private static final long WAIT_MS = 5000;
    private static final long MINUTE_MS = 60_000;

    @TempDir
    Path dir;

    private MarketDataEngine engine;
    private IpcServer server;
    private MarketDataClient client;
    private Instrument btcusdt;
    private Instrument btc;
    private Path socket;
    private TestMarket market;

    @BeforeEach
    void setUp() throws IOException {
        final InstrumentRegistry registry = new InstrumentRegistry(64);
        btcusdt = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        market = new TestMarket(engine);
        socket = dir.resolve("mktdata.sock");
        server = startServer();
    }

    private IpcServer startServer() throws IOException {
        return new IpcServer(IpcServerConfig.defaults(socket).withHeartbeatIntervalMs(200), engine).start();
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.close();
        engine.close();
    }

    private MarketDataClient connect() {
        client = MarketDataClient.connect(socket, ClientOptions.builder().clientName("it").reconnectDelayMs(20)
            .maxReconnectDelayMs(200).build());
        return client;
    }

    @Test
    void requestsReturnWhatWasPublished() throws Exception {
        market.book(btc, new long[] {100_0, 99_0, 98_0}, new long[] {101_0, 102_0, 103_0});
        publishQuote(btcusdt, 65_000_0, 2_000, 65_000_5, 1_500);
        for (int minute = 0; minute < 3; minute++) {
            publishCandle(btcusdt, minute * MINUTE_MS, 65_000_0 + minute, 7 + minute, minute < 2);
        }
        publishCandle(btc, 0, 90_000_0, 3, false);
        final long lastTradeId = market.trade(btcusdt, 65_001_0, AggressorSide.SELL);
        market.awaitEngine();
        connect();

        assertThat(client.serverInfo().epoch()).isEqualTo(engine.epoch());
        assertThat(client.getSymbols(null)).containsExactlyInAnyOrder(new InstrumentInfo("binance", "BTCUSDT", 1, 3),
            new InstrumentInfo("hyperliquid", "BTC", 1, 5));
        assertThat(client.getSymbols("binance")).hasSize(1);

        final OrderBookSnapshot book = client.getOrderbook("hyperliquid", "BTC", 2);
        assertThat(book.symbol()).isEqualTo("BTC");
        assertThat(book.bids().prices()).containsExactly(100.0, 99.0);
        assertThat(book.asks().prices()).containsExactly(101.0, 102.0);
        assertThat(book.bids().sizes()).containsExactly(1.0, 1.0);
        assertThat(book.epoch()).isEqualTo(engine.epoch());

        final QuoteMessage quote = client.getQuote("binance", "btcusdt");
        assertThat(quote.bidPrice()).isEqualTo(65_000.0);
        assertThat(quote.bidSize()).isEqualTo(2.0);
        assertThat(quote.askPrice()).isEqualTo(65_000.5);
        assertThat(quote.askSize()).isEqualTo(1.5);
        assertThat(client.getQuote("hyperliquid", "BTC")).isNull();

        final List<TradeMessage> trades = client.getTrades("binance", "BTCUSDT", 10);
        assertThat(trades).singleElement().satisfies(trade -> {
            assertThat(trade.price()).isEqualTo(65_001.0);
            assertThat(trade.side()).isEqualTo(TradeSide.SELL);
            assertThat(trade.tradeId()).isEqualTo(lastTradeId);
        });

        final List<Candle> candles = client.getCandles("binance", "BTCUSDT", "1m", 10);
        assertThat(candles).extracting(Candle::openTimeMs).containsExactly(0L, MINUTE_MS, 2 * MINUTE_MS);
        assertThat(candles.get(2).close()).isEqualTo(btcusdt.price(65_000_0 + 2));
        assertThat(candles.get(2).trades()).isEqualTo(9);

        final CandleBatch batch = client.getCandlesBatch("binance", null, "1m", 10);
        assertThat(batch.symbols()).containsExactly("BTCUSDT");
        final CandleColumns columns = batch.columns("BTCUSDT");
        assertThat(columns.openTimeMs()).containsExactly(0L, MINUTE_MS, 2 * MINUTE_MS);
        assertThat(columns.close()).containsExactly(btcusdt.price(65_000_0), btcusdt.price(65_000_1),
            btcusdt.price(65_000_2));
        assertThat(columns.trades()).containsExactly(7, 8, 9);
        assertThat(columns.closed()).containsExactly(true, true, false);
        assertThat(client.getCandlesBatch("hyperliquid", List.of("BTC"), "1m", 5).columns("BTC").count())
            .isEqualTo(1);

        assertThat(client.getStatus(null)).isNotNull();
        assertThat(client.ping()).isPositive();
        assertThatThrownBy(() -> client.getOrderbook("binance", "NOPEUSDT", 5))
            .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.code()).isEqualTo("unknown_symbol"));
    }

    @Test
    void streamsArriveWithTheirValuesInSequence() throws Exception {
        market.book(btc, new long[] {100_0, 99_0, 98_0}, new long[] {101_0, 102_0, 103_0});
        market.awaitEngine();
        connect();
        final RecordingListener trades = new RecordingListener();
        final RecordingListener top = new RecordingListener();
        final RecordingListener delta = new RecordingListener();
        final RecordingListener quotes = new RecordingListener();
        final RecordingListener candles = new RecordingListener();
        client.subscribeTrades("binance", "btcusdt", trades);
        client.subscribeOrderbook("hyperliquid", "BTC", 2, BookMode.TOP, top);
        client.subscribeOrderbook("hyperliquid", "BTC", 10, BookMode.DELTA, delta);
        client.subscribeQuote("binance", "BTCUSDT", quotes);
        client.subscribeCandles("binance", "BTCUSDT", "1m", candles);
        market.awaitSubscribed();

        final OrderBookMessage topSnapshot = top.next(OrderBookMessage.class, WAIT_MS);
        assertThat(topSnapshot.kind()).isEqualTo(OrderBookMessage.Kind.SNAPSHOT);
        assertThat(topSnapshot.bids().prices()).containsExactly(100.0, 99.0);
        final OrderBookMessage deltaSnapshot = delta.next(OrderBookMessage.class, WAIT_MS);
        assertThat(deltaSnapshot.kind()).isEqualTo(OrderBookMessage.Kind.SNAPSHOT);
        assertThat(deltaSnapshot.bids().count()).isEqualTo(3);

        final int count = 200;
        for (int i = 0; i < count; i++) {
            market.trade(btcusdt, 65_000_0 + i, i % 2 == 0 ? AggressorSide.BUY : AggressorSide.SELL);
        }
        long previousSeq = -1;
        for (int i = 0; i < count; i++) {
            final TradeMessage trade = trades.next(TradeMessage.class, WAIT_MS);
            assertThat(trade.venue()).isEqualTo("binance");
            assertThat(trade.symbol()).isEqualTo("BTCUSDT");
            assertThat(trade.price()).isEqualTo(btcusdt.price(65_000_0 + i));
            assertThat(trade.size()).isEqualTo(0.001);
            assertThat(trade.side()).isEqualTo(i % 2 == 0 ? TradeSide.BUY : TradeSide.SELL);
            assertThat(trade.epoch()).isEqualTo(engine.epoch());
            assertThat(trade.receiveTimeNs()).isPositive();
            if (previousSeq >= 0) {
                assertThat(trade.seq()).isEqualTo(previousSeq + 1);
            }
            previousSeq = trade.seq();
        }

        market.book(btc, new long[] {100_5, 100_0, 99_0}, new long[] {101_0, 102_0, 103_0});
        final OrderBookMessage update = top.next(OrderBookMessage.class, WAIT_MS);
        assertThat(update.kind()).isEqualTo(OrderBookMessage.Kind.UPDATE);
        assertThat(update.bids().prices()).containsExactly(100.5, 100.0);
        assertThat(update.seq()).isGreaterThan(topSnapshot.seq());
        final OrderBookMessage change = delta.next(OrderBookMessage.class, WAIT_MS);
        assertThat(change.kind()).isEqualTo(OrderBookMessage.Kind.DELTA);
        assertThat(change.seq()).isEqualTo(deltaSnapshot.seq() + 1);
        assertThat(change.bids().prices()).contains(100.5);

        publishQuote(btcusdt, 65_000_0, 2_000, 65_000_5, 1_500);
        final QuoteMessage quote = quotes.nextOf(QuoteMessage.class, WAIT_MS);
        assertThat(quote.bidPrice()).isEqualTo(65_000.0);
        assertThat(quote.askSize()).isEqualTo(1.5);

        publishCandle(btcusdt, 5 * MINUTE_MS, 64_000_0, 11, false);
        publishCandle(btcusdt, 5 * MINUTE_MS, 64_000_5, 12, true);
        final CandleMessage open = candles.nextOf(CandleMessage.class, WAIT_MS);
        assertThat(open.interval()).isEqualTo("1m");
        assertThat(open.candle().openTimeMs()).isEqualTo(5 * MINUTE_MS);
        assertThat(open.candle().close()).isEqualTo(64_000.0);
        final CandleMessage closed = candles.next(CandleMessage.class, WAIT_MS);
        assertThat(closed.candle().closed()).isTrue();
        assertThat(closed.candle().trades()).isEqualTo(12);
        assertThat(closed.seq()).isEqualTo(open.seq() + 1);

        for (final RecordingListener listener : List.of(trades, top, delta, candles)) {
            Object event;
            while ((event = listener.poll(0)) != null) {
                assertThat(event).isNotInstanceOf(GapEvent.class);
            }
        }
        // The server beats every 200 ms here.
        waitFor(() -> client.lastHeartbeatNs() > 0);
    }

    @Test
    void subscriptionsSurviveAServerRestart() throws Exception {
        connect();
        final RecordingListener trades = new RecordingListener();
        final RecordingListener connection = new RecordingListener();
        client.addConnectionListener(connection);
        final ClientSubscription subscription = client.subscribeTrades("binance", "BTCUSDT", trades);
        market.awaitSubscribed();
        market.trade(btcusdt, 65_000_0, AggressorSide.BUY);
        final TradeMessage first = trades.next(TradeMessage.class, WAIT_MS);

        server.close();
        assertThat(connection.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(trades.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.DISCONNECTED);
        // Published while no server runs: the client cannot get it, and says so once the stream resumes.
        market.trade(btcusdt, 65_000_1, AggressorSide.BUY);
        market.awaitEngine();

        server = startServer();
        assertThat(connection.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.RECONNECTED);
        assertThat(trades.next(RecordingListener.StateChange.class, WAIT_MS).state())
            .isEqualTo(ConnectionState.RECONNECTED);
        waitFor(() -> subscription.serverId() > 0 && server.activeSubscriptions() == 1);
        market.awaitSubscribed();

        market.trade(btcusdt, 65_000_2, AggressorSide.SELL);
        market.trade(btcusdt, 65_000_3, AggressorSide.SELL);
        final GapEvent gap = trades.next(GapEvent.class, WAIT_MS);
        assertThat(gap).isEqualTo(new GapEvent("binance", "BTCUSDT", "trades", null, first.seq() + 1,
            first.seq() + 2, 1));
        assertThat(trades.next(TradeMessage.class, WAIT_MS).price()).isEqualTo(btcusdt.price(65_000_2));
        assertThat(trades.next(TradeMessage.class, WAIT_MS).seq()).isEqualTo(first.seq() + 3);
        assertThat(client.ping()).isPositive();

        subscription.close();
        waitFor(() -> server.activeSubscriptions() == 0);
    }


    private void publishQuote(final Instrument instrument, final long bidPrice, final long bidSize,
                              final long askPrice, final long askSize) {
        final long now = System.currentTimeMillis() * 1_000_000L;
        assertThat(engine.publisher().quote(instrument.id(), now, now, bidPrice, bidSize, askPrice, askSize))
            .isEqualTo(Rejection.NONE);
    }

    private void publishCandle(final Instrument instrument, final long openTimeMs, final long close,
                               final long tradeCount, final boolean closed) {
        final long now = System.currentTimeMillis() * 1_000_000L;
        assertThat(engine.publisher().candle(instrument.id(), now, now, CandleInterval.M1, openTimeMs, close, close,
            close, close, 1_000, tradeCount, closed, CandleSource.LIVE)).isEqualTo(Rejection.NONE);
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
