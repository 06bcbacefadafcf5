package io.slipstream.mktdata.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.engine.TradeView;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.trade.AggressorSide;
import io.slipstream.mktdata.venue.rest.VenueRestClient;
import io.slipstream.mktdata.venue.rest.WeightBudget;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frames fed straight to one connection's decoder (no socket): routing, control frames and garbage. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BinanceDecoderTest {
    private final InstrumentRegistry registry = new InstrumentRegistry(8);
    private final List<long[]> marks = new ArrayList<>();
    private MarketDataEngine engine;
    private ScheduledExecutorService executor;
    private BinanceConnection connection;
    private Instrument btc;

    @BeforeEach
    void setUp() {
        btc = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
        engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        engine.subscribe(StreamKey.all(StreamKind.MARK, Venue.BINANCE_USDM, null), 0, (event, state) -> {
            synchronized (marks) {
                marks.add(new long[] {event.markPrice(), event.markIndexPrice(), event.markFundingRateE10(),
                    event.markNextFundingTimeMs()});
            }
        });
        executor = Executors.newSingleThreadScheduledExecutor();
        final BinanceAdapterConfig config = BinanceAdapterConfig.defaults(URI.create("http://127.0.0.1:1"),
            URI.create("ws://127.0.0.1:1/public"), URI.create("ws://127.0.0.1:1/market"));
        final SystemEpochClock clock = new SystemEpochClock();
        final VenueRestClient rest = new VenueRestClient("test", new WeightBudget(2400, 0.8,
            System::currentTimeMillis), clock, null, Duration.ofSeconds(1));
        final BinanceRuntime runtime = new BinanceRuntime(config, engine.publisher(), clock, executor, executor,
            rest);
        final BinanceSymbol symbol = new BinanceSymbol(runtime, btc);
        final BinanceStreamTable table = new BinanceStreamTable();
        final List<BinanceStreamTable.Entry> entries = List.of(
            new BinanceStreamTable.Entry("btcusdt@aggTrade", BinanceStreamTable.Kind.AGG_TRADE, symbol, null),
            new BinanceStreamTable.Entry("btcusdt@kline_1h", BinanceStreamTable.Kind.KLINE, symbol,
                CandleInterval.H1),
            new BinanceStreamTable.Entry("btcusdt@markPrice@1s", BinanceStreamTable.Kind.MARK_PRICE, symbol, null));
        entries.forEach(table::add);
        connection = new BinanceConnection("test", URI.create("ws://127.0.0.1:1/market"), false, entries, table,
            runtime, executor);
    }

    @AfterEach
    void tearDown() {
        engine.close();
        executor.shutdownNow();
    }

    private void feed(final String text) {
        connection.onFrame(connection.socket(), ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)),
            System.nanoTime());
    }

    private static String aggTrade(final long id, final boolean buyerMaker) {
        return "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1787195046120,\"s\":\"BTCUSDT\","
            + "\"a\":" + id + ",\"p\":\"60276.3\",\"q\":\"0.029\",\"nq\":\"0.029\",\"f\":5129698194,\"l\":5129698195,"
            + "\"T\":1787195046105,\"m\":" + buyerMaker + ",\"newField\":{\"x\":[1,{\"y\":2}]}}}";
    }

    @Test
    void shouldCountGarbageAndKeepDecodingAfterIt() throws Exception {
        feed(aggTrade(100, true));
        feed("\u0000garbage, not JSON }{");
        feed("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":17");
        feed("{\"result\":null,\"id\":1} trailing");
        feed("not json at all");
        feed(aggTrade(101, false));
        feed("{\"stream\":\"ethusdt@aggTrade\",\"data\":{\"a\":1}}");
        feed("{\"data\":{\"a\":1},\"stream\":\"btcusdt@aggTrade\"}");
        feed("{\"result\":null,\"id\":7}");
        feed("{\"code\":2,\"msg\":\"Invalid request\",\"id\":8}");
        feed(aggTrade(101, false));
        feed(aggTrade(102, true));

        assertThat(connection.malformed()).isEqualTo(4);
        assertThat(connection.unknown()).isEqualTo(2);
        assertThat(connection.acks()).isEqualTo(2); // the ack followed by trailing garbage still counts
        assertThat(connection.errors()).isEqualTo(1);
        Thread.sleep(100);
        final TradeView trades = engine.queryTrades(btc.id(), 10).get();
        assertThat(trades.tradeIds()).containsExactly(100, 101, 102);
        assertThat(trades.sides()).containsExactly(AggressorSide.SELL, AggressorSide.BUY, AggressorSide.SELL);
        assertThat(trades.prices()[0]).isEqualTo(602763);
        assertThat(trades.sizes()[0]).isEqualTo(29);
    }

    @Test
    void shouldRoundMarkAndIndexPricesToTheTickScaleAndKeepFundingAtScale10() throws Exception {
        feed("{\"stream\":\"btcusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":1562305380000,"
            + "\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\",\"P\":\"11784.25641265\","
            + "\"r\":\"-0.00038167\",\"T\":1562306400000,\"ap\":\"11790.02\"}}");
        Thread.sleep(100);
        synchronized (marks) {
            assertThat(marks).hasSize(1);
            assertThat(marks.get(0)).containsExactly(117942, 117846, -3_816_700, 1562306400000L);
        }
        assertThat(connection.malformed()).isZero();
    }
}
