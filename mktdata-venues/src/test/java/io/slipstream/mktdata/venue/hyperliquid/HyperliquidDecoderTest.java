package io.slipstream.mktdata.venue.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.engine.BookView;
import io.slipstream.mktdata.engine.CandleView;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarkView;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.QuoteView;
import io.slipstream.mktdata.engine.TradeView;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.trade.AggressorSide;
import io.slipstream.mktdata.trade.TradeRing;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig.Channel;
import io.slipstream.mktdata.venuesim.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HyperliquidDecoderTest {
    private static final long NOW_NS = 1_737_918_843_000_000_000L;
    private static final long T0 = 1_737_918_780_000L;

    private final List<String> acks = new ArrayList<>();
    private final List<Channel> data = new ArrayList<>();
    private InstrumentRegistry registry;
    private MarketDataEngine engine;
    private HyperliquidStats stats;
    private HyperliquidCoin btc;
    private HyperliquidDecoder decoder;

    @BeforeEach
    void setUp() {
        registry = new InstrumentRegistry(16);
        final Instrument instrument = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        final Instrument kpepe = registry.register(InstrumentSpec.hyperliquid("kPEPE", 0));
        engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        stats = new HyperliquidStats();
        btc = new HyperliquidCoin("BTC", instrument, List.of(CandleInterval.M1));
        final HyperliquidCoin pepe = new HyperliquidCoin("kPEPE", kpepe, List.of());
        decoder = new HyperliquidDecoder(new JsonFactory(), engine.publisher(), stats, listener(),
            new HyperliquidCoin[] {btc, pepe});
    }

    private HyperliquidDecoder.Listener listener() {
        return new HyperliquidDecoder.Listener() {
            @Override
            public void onAck(final String type, final String coin, final String interval) {
                acks.add(type + "/" + coin + "/" + interval);
            }

            @Override
            public void onPong() {
                acks.add("pong");
            }

            @Override
            public void onData(final HyperliquidCoin coin, final Channel channel, final CandleInterval interval,
                               final long receiveTimeNs) {
                data.add(channel);
            }
        };
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private void feed(final String frame) {
        decoder.decode(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)), NOW_NS);
    }

    private BookView book() throws Exception {
        return engine.queryBook(btc.instrument.id(), 0).get(5, TimeUnit.SECONDS);
    }

    private static void await(final Check check) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                check.run();
                return;
            } catch (final AssertionError e) {
                last = e;
                Thread.sleep(10);
            }
        }
        throw last;
    }

    /** An assertion that may need the engine to catch up. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    @Test
    void shouldPublishEachL2BookAsFullSnapshotAndDropOlderOnes() throws Exception {
        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":1000,\"levels\":[[{\"px\":\"100.0\","
            + "\"sz\":\"1.5\",\"n\":1},{\"px\":\"99.5\",\"sz\":\"2\",\"n\":2}],[{\"px\":\"100.5\",\"sz\":\"0.00001\","
            + "\"n\":1}]]}}");
        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":2000,\"levels\":[[{\"px\":\"100.0\","
            + "\"sz\":\"1\",\"n\":1}],[]],\"spread\":\"0.5\",\"fast\":true}}");
        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":1500,\"levels\":[[{\"px\":\"1.0\","
            + "\"sz\":\"1\",\"n\":1}],[{\"px\":\"2.0\",\"sz\":\"1\",\"n\":1}]]}}");

        await(() -> {
            final BookView view = book();
            assertThat(view.bidPrices()).containsExactly(1000L);
            assertThat(view.bidSizes()).containsExactly(100_000L);
            assertThat(view.askPrices()).isEmpty();
            assertThat(view.venueSequence()).isEqualTo(2000L);
        });
        assertThat(stats.bookSnapshots()).isEqualTo(2);
        assertThat(stats.staleBookSnapshotsDropped()).isEqualTo(1);
        assertThat(data).containsExactly(Channel.L2_BOOK, Channel.L2_BOOK);
    }

    @Test
    void shouldPublishBboWithNullSideAsNoPrice() throws Exception {
        feed("{\"channel\":\"bbo\",\"data\":{\"coin\":\"BTC\",\"time\":1787195068169,\"bbo\":[null,"
            + "{\"px\":\"69173.0\",\"sz\":\"9.07775\",\"n\":32}]}}");
        await(() -> {
            final QuoteView quote = engine.queryQuote(btc.instrument.id()).get(5, TimeUnit.SECONDS);
            assertThat(quote).isNotNull();
            assertThat(quote.bidPrice()).isEqualTo(QuoteRing.NO_PRICE);
            assertThat(quote.bidSize()).isZero();
            assertThat(quote.askPrice()).isEqualTo(691_730L);
            assertThat(quote.askSize()).isEqualTo(907_775L);
            assertThat(quote.exchangeTimeNs()).isEqualTo(1_787_195_068_169_000_000L);
        });
    }

    @Test
    void shouldDedupeReplayedTradesAndMapSides() throws Exception {
        final String batch = "{\"channel\":\"trades\",\"data\":["
            + "{\"coin\":\"BTC\",\"side\":\"B\",\"px\":\"100.0\",\"sz\":\"0.5\",\"time\":10,\"hash\":\"0x0\","
            + "\"tid\":1125899906842623,\"users\":[\"a\",\"b\"]},"
            + "{\"coin\":\"BTC\",\"side\":\"A\",\"px\":\"99.0\",\"sz\":\"0.25\",\"time\":11,\"hash\":\"0x0\","
            + "\"tid\":7}]}";
        feed(batch);
        feed(batch);
        // Same tid at another block time is another trade (tid alone is not a key).
        feed("{\"channel\":\"trades\",\"data\":[{\"coin\":\"BTC\",\"side\":\"A\",\"px\":\"98.0\",\"sz\":\"1\","
            + "\"time\":12,\"tid\":7}]}");
        feed("{\"channel\":\"trades\",\"data\":[]}");

        await(() -> {
            final TradeView trades = engine.queryTrades(btc.instrument.id(), 10).get(5, TimeUnit.SECONDS);
            assertThat(trades.count()).isEqualTo(3);
            assertThat(trades.tradeIds()).containsExactly(1125899906842623L, 7L, 7L);
            assertThat(trades.sides()).containsExactly(AggressorSide.BUY, AggressorSide.SELL, AggressorSide.SELL);
            assertThat(trades.prices()).containsExactly(1000L, 990L, 980L);
            assertThat(trades.sizes()).containsExactly(50_000L, 25_000L, 100_000L);
            // the first batch after a subscribe is the venue's replay: history, flagged as backfilled
            assertThat(trades.flags()).containsExactly(TradeRing.FLAG_BACKFILLED, TradeRing.FLAG_BACKFILLED, 0);
        });
        assertThat(stats.duplicateTrades()).isEqualTo(2);
    }

    @Test
    void shouldCloseCandleBucketWhenNextStartsOrClockPasses() throws Exception {
        feed(candle(T0, "100.0", "101.0", 3));
        feed(candle(T0, "100.0", "102.0", 5));
        feed(candle(T0 + 60_000, "102.0", "102.0", 1));
        feed(candle(T0, "1.0", "1.0", 1)); // older than the live bucket: dropped
        await(() -> {
            final CandleView view = candles();
            assertThat(view.count()).isEqualTo(2);
            assertThat(view.openTimeMs()).containsExactly(T0, T0 + 60_000);
            assertThat(view.closed()).containsExactly(true, false);
            assertThat(view.high()).containsExactly(1020L, 1020L);
            assertThat(view.tradeCount()).containsExactly(5L, 1L);
            assertThat(view.source()).containsOnly(CandleSource.LIVE);
        });
        assertThat(stats.staleCandlePushes()).isEqualTo(1);

        final HyperliquidCoin.CandleState state = btc.candle(CandleInterval.M1);
        assertThat(state.closeIfExpired(engine.publisher(), T0 + 120_000, 2_000, NOW_NS)).isFalse();
        assertThat(state.closeIfExpired(engine.publisher(), T0 + 122_000, 2_000, NOW_NS)).isTrue();
        await(() -> assertThat(candles().closed()).containsExactly(true, true));
    }

    @Test
    void shouldCorrectAndCloseTheLastLiveBucketFromABackfillAfterReconnect() throws Exception {
        feed(candle(T0, "100.0", "101.0", 3));
        await(() -> assertThat(candles().closed()).containsExactly(false));
        // reconnected a minute later: the final push of T0 was lost; candleSnapshot has it, and the new open bucket
        final HyperliquidCoin.CandleState state = btc.candle(CandleInterval.M1);
        final long current = T0 + 60_000;
        assertThat(state.backfillRow(engine.publisher(), NOW_NS, T0, 1000, 1050, 990, 1040, 500_000, 9, current))
            .isTrue();
        assertThat(state.backfillRow(engine.publisher(), NOW_NS, current, 1040, 1040, 1040, 1040, 1, 1, current))
            .isTrue();
        feed(candle(current, "104.0", "104.5", 2));
        await(() -> {
            final CandleView view = candles();
            assertThat(view.openTimeMs()).containsExactly(T0, current);
            assertThat(view.closed()).containsExactly(true, false);
            assertThat(view.high()).containsExactly(1050L, 1045L);
            assertThat(view.tradeCount()).containsExactly(9L, 2L);
            assertThat(view.source()).containsExactly(CandleSource.BACKFILL, CandleSource.LIVE);
        });
        // the open bucket is the live stream's: a later backfill row for it is ignored
        assertThat(state.backfillRow(engine.publisher(), NOW_NS, current, 1, 1, 1, 1, 1, 1, current)).isFalse();
    }

    private CandleView candles() throws Exception {
        return engine.queryCandles(new int[] {btc.instrument.id()}, CandleInterval.M1, 10).get(5, TimeUnit.SECONDS)
            .get(btc.instrument.id());
    }

    private static String candle(final long t, final String open, final String high, final int n) {
        return "{\"channel\":\"candle\",\"data\":{\"t\":" + t + ",\"T\":" + (t + 59_999) + ",\"s\":\"BTC\","
            + "\"i\":\"1m\",\"o\":\"" + open + "\",\"c\":\"" + high + "\",\"h\":\"" + high + "\",\"l\":\"" + open
            + "\",\"v\":\"0.80052\",\"n\":" + n + "}}";
    }

    @Test
    void shouldRoundDecimalsFinerThanTheScale() {
        assertThat(HyperliquidDecoder.parseRounded("3495670.8399999999", 2)).isEqualTo(349_567_084L);
        assertThat(HyperliquidDecoder.parseRounded("1.005", 2)).isEqualTo(101L);
        assertThat(HyperliquidDecoder.parseRounded("-0.00015", 4)).isEqualTo(-2L);
        assertThat(HyperliquidDecoder.parseRounded("-0.00013", 4)).isEqualTo(-1L);
        assertThat(HyperliquidDecoder.parseRounded("12", 2)).isEqualTo(1_200L);
        assertThat(HyperliquidDecoder.parseRounded("1.5", 0)).isEqualTo(2L);
        assertThat(HyperliquidDecoder.parseRounded("abc", 2)).isEqualTo(FixedPoint.INVALID);
    }

    @Test
    void shouldPublishMarkPriceFromActiveAssetCtx() throws Exception {
        feed("{\"channel\":\"activeAssetCtx\",\"data\":{\"coin\":\"BTC\",\"ctx\":{\"funding\":\"0.0000125\","
            + "\"openInterest\":\"34524.51\",\"prevDayPx\":\"64319.0\",\"dayNtlVlm\":\"5691036987.81\","
            + "\"premium\":\"-0.00013\",\"oraclePx\":\"69182.234\",\"markPx\":\"69172.0\",\"midPx\":\"69172.5\","
            + "\"impactPxs\":[\"69172.0\",\"69173.0\"],\"dayBaseVlm\":\"84496.56\"}}}");
        await(() -> {
            final MarkView mark = engine.query(market -> market.mark(btc.instrument.id())).get(5, TimeUnit.SECONDS);
            assertThat(mark).isNotNull();
            assertThat(mark.markPrice()).isEqualTo(691_720L);
            assertThat(mark.indexPrice()).isEqualTo(691_822L);
            assertThat(mark.fundingRateE10()).isEqualTo(125_000L);
            assertThat(mark.nextFundingTimeMs()).isEqualTo((NOW_NS / 1_000_000 / 3_600_000 + 1) * 3_600_000);
        });
    }

    @Test
    void shouldCountErrorNonJsonAndMalformedFramesWithoutFailing() throws Exception {
        feed("Websocket connection established.");
        feed("\u0000garbage, not JSON }{");
        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":17");
        feed("{\"channel\":\"error\",\"data\":\"Already subscribed: "
            + "{\\\"type\\\":\\\"trades\\\",\\\"coin\\\":\\\"BTC\\\"}\"}");
        feed("{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"subscribe\",\"subscription\":"
            + "{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":null,\"mantissa\":null,\"fast\":false}}}");
        feed("{\"channel\":\"pong\"}");
        feed("{\"channel\":\"allMids\",\"data\":{\"mids\":{\"BTC\":\"1\"}}}");
        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"DOGE\",\"time\":1,\"levels\":[[],[]]}}");
        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"btc\",\"time\":1,\"levels\":[[],[]]}}");

        assertThat(stats.nonJsonFrames()).isEqualTo(2);
        assertThat(stats.malformedFrames()).isEqualTo(1);
        assertThat(stats.errorFrames()).isEqualTo(1);
        assertThat(stats.lastErrorFrame()).isEqualTo("Already subscribed: {\"type\":\"trades\",\"coin\":\"BTC\"}");
        assertThat(stats.unknownChannelFrames()).isEqualTo(1);
        assertThat(stats.unknownCoinFrames()).isEqualTo(2);
        assertThat(acks).containsExactly("l2Book/BTC/null", "pong");

        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":5,\"levels\":[[{\"px\":\"1.0\","
            + "\"sz\":\"1\",\"n\":1}],[{\"px\":\"2.0\",\"sz\":\"1\",\"n\":1}]]}}");
        await(() -> assertThat(book().bidPrices()).containsExactly(10L));
    }

    @Test
    void shouldCountATruncatedFrameAndDecodeTheNextOneOnTheReusedParser() throws Exception {
        // cut inside the levels, inside a string, and right after the root's last value
        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":3,\"levels\":[[{\"px\":\"1.0\"");
        feed("{\"channel\":\"trades\",\"data\":[{\"coin\":\"BT");
        feed("{\"channel\":\"pong\"");
        assertThat(stats.malformedFrames()).isEqualTo(3);
        assertThat(acks).isEmpty();

        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":5,\"levels\":[[{\"px\":\"1.0\","
            + "\"sz\":\"1\",\"n\":1}],[{\"px\":\"2.0\",\"sz\":\"1\",\"n\":1}]]}}");
        feed("{\"channel\":\"pong\"}");
        await(() -> assertThat(book().bidPrices()).containsExactly(10L));
        assertThat(stats.malformedFrames()).isEqualTo(3);
        assertThat(stats.bookSnapshots()).isEqualTo(1);
        assertThat(acks).containsExactly("pong");
    }

    @Test
    void shouldCountTrailingGarbageAsMalformedButAcceptTrailingWhitespace() throws Exception {
        feed("{\"channel\":\"pong\"} \r\n\t");
        feed("{\"channel\":\"pong\"}x");
        feed("{\"channel\":\"pong\"}{\"channel\":\"pong\"}");
        feed("{\"channel\":\"pong\"}  ]");
        assertThat(stats.malformedFrames()).isEqualTo(3);
        assertThat(stats.nonJsonFrames()).isZero();

        // the parser was replaced after each: the next frames decode
        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":5,\"levels\":[[{\"px\":\"1.0\","
            + "\"sz\":\"1\",\"n\":1}],[{\"px\":\"2.0\",\"sz\":\"1\",\"n\":1}]]}}\n");
        feed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":6,\"levels\":[[{\"px\":\"3.0\","
            + "\"sz\":\"1\",\"n\":1}],[{\"px\":\"4.0\",\"sz\":\"1\",\"n\":1}]]}}");
        await(() -> assertThat(book().bidPrices()).containsExactly(30L));
        assertThat(stats.malformedFrames()).isEqualTo(3);
        assertThat(stats.bookSnapshots()).isEqualTo(2);
        // the pong before each garbage was read whole, as before
        assertThat(acks).containsExactly("pong", "pong", "pong", "pong");
    }

    @Test
    void shouldDecodeFramesFromADirectBufferAndAfterAnOddlyShapedOne() throws Exception {
        // data's array ends the root loop inside the array: the rest of the frame is read before the next frame
        feed("{\"channel\":\"trades\",\"data\":[5,{\"coin\":\"BTC\"}],\"x\":{\"y\":[1]}}");
        final byte[] frame = ("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"time\":5,\"levels\":[[{"
            + "\"px\":\"1.0\",\"sz\":\"1\",\"n\":1}],[{\"px\":\"2.0\",\"sz\":\"1\",\"n\":1}]]}}")
            .getBytes(StandardCharsets.UTF_8);
        final ByteBuffer direct = ByteBuffer.allocateDirect(frame.length + 3);
        direct.put(new byte[] {'x', 'y', 'z'}).put(frame).flip().position(3);
        decoder.decode(direct, NOW_NS);
        assertThat(direct.position()).isEqualTo(3);
        await(() -> assertThat(book().bidPrices()).containsExactly(10L));
        assertThat(stats.malformedFrames()).isZero();
        assertThat(stats.bookSnapshots()).isEqualTo(1);
    }

    @Test
    void shouldDecodeJkorfFixtureShapesIncludingPrettyPrintedFramesAndReorderedAcks() throws Exception {
        final Path directory = SharedData.require("hyperliquid/jkorf-fixtures");
        final Instrument hypeInstrument = registry.register(InstrumentSpec.hyperliquid("HYPE", 2));
        final HyperliquidCoin hype = new HyperliquidCoin("HYPE", hypeInstrument,
            List.of(CandleInterval.D1, CandleInterval.H1));
        decoder = new HyperliquidDecoder(new JsonFactory(), engine.publisher(), stats, listener(),
            new HyperliquidCoin[] {hype});
        for (final String name : List.of("BookTicker.txt", "OrderBook.txt", "Trades.txt", "Klines.txt")) {
            for (final String frame : fixtureFrames(directory.resolve(name))) {
                feed(frame);
            }
        }
        assertThat(stats.malformedFrames()).isZero();
        assertThat(stats.invalidDecimals()).isZero();
        assertThat(acks).contains("bbo/HYPE/null", "l2Book/HYPE/null", "trades/HYPE/null", "candle/HYPE/1d");
        assertThat(data).contains(Channel.BBO, Channel.L2_BOOK, Channel.TRADES, Channel.CANDLE);
        await(() -> {
            final BookView view = engine.queryBook(hypeInstrument.id(), 0).get(5, TimeUnit.SECONDS);
            assertThat(view.bidPrices()).containsExactly(349_670L, 349_620L);
            assertThat(view.askPrices()).containsExactly(349_690L, 349_700L);
            assertThat(view.askSizes()).containsExactly(147_306L, 154_451L);
            final QuoteView quote = engine.queryQuote(hypeInstrument.id()).get(5, TimeUnit.SECONDS);
            assertThat(quote.bidPrice()).isEqualTo(237_570L);
            assertThat(quote.askSize()).isEqualTo(10_026L);
            final TradeView trades = engine.queryTrades(hypeInstrument.id(), 10).get(5, TimeUnit.SECONDS);
            assertThat(trades.count()).isPositive();
            assertThat(trades.sides()[0]).isEqualTo(AggressorSide.BUY);
            final CandleView day = engine.queryCandles(new int[] {hypeInstrument.id()}, CandleInterval.D1, 5)
                .get(5, TimeUnit.SECONDS).get(hypeInstrument.id());
            assertThat(day.openTimeMs()).contains(1_764_806_400_000L);
            assertThat(day.volume()[day.count() - 1]).isEqualTo(349_567_084L);
        });
    }

    /** CryptoExchange.Net test scripts: "< ack" lines, and "= " data frames pretty-printed over several lines. */
    private static List<String> fixtureFrames(final Path file) throws Exception {
        final List<String> frames = new ArrayList<>();
        StringBuilder current = null;
        for (final String line : Files.readAllLines(file)) {
            final boolean marker = line.startsWith(">") || line.startsWith("<") || line.startsWith("=");
            if (marker && current != null) {
                frames.add(current.toString());
                current = null;
            }
            if (line.startsWith("<")) {
                frames.add(line.substring(line.indexOf(' ') + 1));
            } else if (line.startsWith("=")) {
                current = new StringBuilder(line.indexOf(' ') < 0 ? "" : line.substring(line.indexOf(' ') + 1));
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        if (current != null) {
            frames.add(current.toString());
        }
        return frames;
    }

    @Test
    void shouldRebuildRecordedBookAndTradesFromHftbacktestCapture() throws Exception {
        final Path file = SharedData.require("hyperliquid/hftbacktest/btcusd_20250126");
        String lastBook = null;
        final Set<String> tradeKeys = new HashSet<>();
        for (final String line : Files.readAllLines(file)) {
            final int space = line.indexOf(' ');
            final long receiveNs = Long.parseLong(line.substring(0, space));
            final String frame = line.substring(space + 1);
            decoder.decode(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)), receiveNs);
            if (frame.startsWith("{\"channel\":\"l2Book\"")) {
                lastBook = frame;
            } else {
                for (final String part : frame.split("\\{\"coin\"")) {
                    final int tid = part.indexOf("\"tid\":");
                    final int time = part.indexOf("\"time\":");
                    if (tid > 0 && time > 0) {
                        tradeKeys.add(part.substring(tid, part.indexOf(',', tid)) + part.substring(time,
                            part.indexOf(',', time)));
                    }
                }
            }
        }
        assertThat(lastBook).isNotNull();
        final HyperliquidTestSupport.Levels expected = HyperliquidTestSupport.levels(lastBook, btc.instrument);
        assertThat(stats.malformedFrames()).isZero();
        assertThat(stats.invalidDecimals()).isZero();
        await(() -> {
            final BookView view = book();
            assertThat(view.bidPrices()).containsExactly(expected.bidPrices());
            assertThat(view.bidSizes()).containsExactly(expected.bidSizes());
            assertThat(view.askPrices()).containsExactly(expected.askPrices());
            assertThat(view.askSizes()).containsExactly(expected.askSizes());
            final TradeView trades = engine.queryTrades(btc.instrument.id(), 1000).get(5, TimeUnit.SECONDS);
            assertThat(trades.count()).isEqualTo(tradeKeys.size());
        });
    }
}
