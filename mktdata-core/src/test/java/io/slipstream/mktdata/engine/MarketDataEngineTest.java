package io.slipstream.mktdata.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.clock.ManualEpochClock;
import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The engine driven on the test thread (deterministic), through its public publisher, subscriptions and queries. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MarketDataEngineTest {
    private static final long T0_MS = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
    private static final long T0_NS = T0_MS * 1_000_000L;

    private final InstrumentRegistry registry = new InstrumentRegistry(16);
    private final Instrument btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
    private final Instrument btcusdt = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
    private final ManualEpochClock clock = new ManualEpochClock(T0_NS);
    private final MarketDataEngine engine = new MarketDataEngine(new EngineContext()
        .registry(registry).clock(clock).epoch(77).ringCapacityBytes(1 << 20)
        .candlesFromTrades(CandleInterval.M15));
    private final EventPublisher publisher = engine.publisher();

    /** What a listener saw, copied out of the flyweight. */
    record Seen(EventType type, int instrumentId, long sequence, long epoch, boolean snapshot, long a, long b) {
    }

    private final List<Seen> seen = new ArrayList<>();
    private final MarketDataListener recorder = (event, state) -> seen.add(new Seen(event.type(),
        event.instrumentId(), event.streamSequence(), event.epoch(), event.isSnapshot(), first(event),
        second(event)));

    private static long first(final MarketEvent event) {
        return switch (event.type()) {
            case TRADE -> event.tradePrice();
            case QUOTE -> event.quoteBidPrice();
            case CANDLE -> event.candleOpenTimeMs();
            case STATUS -> event.status().ordinal();
            case MARK_PRICE -> event.markPrice();
            case FEATURES -> event.featureWindowCount();
            case BOOK_SNAPSHOT, BOOK_DELTA -> event.bidCount();
        };
    }

    private static long second(final MarketEvent event) {
        return switch (event.type()) {
            case TRADE -> event.tradeId();
            case QUOTE -> event.quoteAskPrice();
            case CANDLE -> event.candleClose();
            case STATUS -> event.statusDetail();
            case MARK_PRICE -> event.markFundingRateE10();
            case FEATURES -> event.featureBandCount();
            case BOOK_SNAPSHOT, BOOK_DELTA -> event.askCount();
        };
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void drain() {
        while (engine.doWork() > 0) {
            clock.advance(1_000);
        }
    }

    private static LevelBuffer levels(final long... pricesAndSizes) {
        final LevelBuffer buffer = new LevelBuffer(4);
        for (int i = 0; i < pricesAndSizes.length; i += 2) {
            buffer.add(pricesAndSizes[i], pricesAndSizes[i + 1]);
        }
        return buffer;
    }

    private Rejection trade(final long price, final long size, final long id, final long timeMs) {
        return publisher.trade(btc.id(), timeMs * 1_000_000L, timeMs * 1_000_000L + 5, price, size,
            AggressorSide.BUY, id, 0);
    }

    @Test
    void shouldSendSnapshotFirstThenLiveEventsWithContiguousSequences() {
        for (int i = 1; i <= 5; i++) {
            trade(1_000_000 + i, 10, i, T0_MS + i);
        }
        drain();
        engine.subscribe(StreamKey.trades(btc), 2, recorder);
        drain();
        trade(1_000_010, 10, 6, T0_MS + 6);
        trade(1_000_011, 10, 7, T0_MS + 7);
        drain();

        assertThat(seen).containsExactly(
            new Seen(EventType.TRADE, btc.id(), 5, 77, true, 1_000_004, 4),
            new Seen(EventType.TRADE, btc.id(), 5, 77, true, 1_000_005, 5),
            new Seen(EventType.TRADE, btc.id(), 6, 77, false, 1_000_010, 6),
            new Seen(EventType.TRADE, btc.id(), 7, 77, false, 1_000_011, 7));
    }

    @Test
    void shouldTurnSnapshotsIntoDerivedDeltasAndSendBookSnapshotToNewSubscribers() {
        publisher.bookSnapshot(btc.id(), T0_NS, T0_NS, 1, false, levels(1000, 5, 999, 5), levels(1001, 5));
        drain();
        engine.subscribe(StreamKey.book(btc), 0, recorder);
        drain();
        publisher.bookSnapshot(btc.id(), T0_NS, T0_NS, 2, false, levels(1000, 6, 999, 5), levels(1001, 5));
        publisher.bookSnapshot(btc.id(), T0_NS, T0_NS, 3, false, levels(1000, 6, 999, 5), levels(1001, 5));
        publisher.bookDelta(btc.id(), T0_NS, T0_NS, 4, levels(), levels(1002, 1, 1001, 0));
        drain();

        assertThat(seen).containsExactly(
            new Seen(EventType.BOOK_SNAPSHOT, btc.id(), 1, 77, true, 2, 1),
            new Seen(EventType.BOOK_DELTA, btc.id(), 2, 77, false, 1, 0),
            new Seen(EventType.BOOK_DELTA, btc.id(), 3, 77, false, 0, 2));
        assertThat(await(engine.queryBook(btc.id(), 1)).askPrices()).containsExactly(1002);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldLetSubscriberJoinMidStreamAndMirrorTheBookExactlyWhileEngineRunsOnItsOwnThread() throws Exception {
        engine.start();
        final long[] lastSequence = {-1};
        final long[] seams = {0};
        final java.util.TreeMap<Long, Long> mirrorBids = new java.util.TreeMap<>();
        final java.util.TreeMap<Long, Long> mirrorAsks = new java.util.TreeMap<>();
        final MarketDataListener mirror = (event, state) -> {
            if (event.type() == EventType.BOOK_SNAPSHOT) {
                mirrorBids.clear();
                mirrorAsks.clear();
            } else if (event.streamSequence() != lastSequence[0] + 1) {
                seams[0]++;
            }
            lastSequence[0] = event.streamSequence();
            for (int i = 0; i < event.bidCount(); i++) {
                put(mirrorBids, event.bidPrice(i), event.bidSize(i));
            }
            for (int i = 0; i < event.askCount(); i++) {
                put(mirrorAsks, event.askPrice(i), event.askSize(i));
            }
        };
        final Thread producer = new Thread(() -> {
            final java.util.Random random = new java.util.Random(3);
            final LevelBuffer bids = new LevelBuffer(8);
            final LevelBuffer asks = new LevelBuffer(8);
            for (long sequence = 1; sequence <= 50_000; sequence++) {
                bids.clear().add(1_000 - random.nextInt(50), random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(99));
                asks.clear().add(1_001 + random.nextInt(50), random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(99));
                while (publisher.bookDelta(btcusdt.id(), 0, 0, sequence, bids, asks) == Rejection.RING_FULL) {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        Thread.sleep(5);
        final Subscription subscription = engine.subscribe(StreamKey.book(btcusdt), 0, mirror);
        subscription.started().get(10, TimeUnit.SECONDS);
        producer.join();
        BookView finalBook = engine.queryBook(btcusdt.id(), 0).get(10, TimeUnit.SECONDS);
        while (finalBook.venueSequence() < 50_000) {
            finalBook = engine.queryBook(btcusdt.id(), 0).get(10, TimeUnit.SECONDS);
        }

        assertThat(seams[0]).isZero();
        assertThat(lastSequence[0]).isEqualTo(finalBook.streamSequence());
        assertThat(finalBook.venueSequence()).isEqualTo(50_000);
        assertThat(mirrorBids.descendingMap().keySet()).containsExactly(
            java.util.Arrays.stream(finalBook.bidPrices()).boxed().toArray(Long[]::new));
        for (int i = 0; i < finalBook.bidPrices().length; i++) {
            assertThat(mirrorBids.get(finalBook.bidPrices()[i])).isEqualTo(finalBook.bidSizes()[i]);
        }
        assertThat(mirrorAsks.keySet()).containsExactly(
            java.util.Arrays.stream(finalBook.askPrices()).boxed().toArray(Long[]::new));
    }

    private static void put(final java.util.Map<Long, Long> side, final long price, final long size) {
        if (size == 0) {
            side.remove(price);
        } else {
            side.put(price, size);
        }
    }

    @Test
    void shouldAnswerQueriesForCandlesOfManyInstrumentsTradesAndQuotes() {
        publisher.candle(btc.id(), 0, 1, CandleInterval.H4, T0_MS, 100, 110, 90, 105, 7, 3, true,
            CandleSource.BACKFILL);
        publisher.candle(btcusdt.id(), 0, 1, CandleInterval.H4, T0_MS, 200, 210, 190, 205, 7, 3, false,
            CandleSource.LIVE);
        publisher.quote(btc.id(), T0_NS, T0_NS, 1000, 2, QuoteRing.NO_PRICE, 0);
        trade(1_000_001, 10, 1, T0_MS);
        drain();
        final var candles = engine.queryCandles(new int[] {btc.id(), btcusdt.id(), 99}, CandleInterval.H4, 10);
        final var trades = engine.queryTrades(btc.id(), 10);
        final var quote = engine.queryQuote(btc.id());
        drain();

        final Map<Integer, CandleView> byId = candles.join();
        assertThat(byId).containsOnlyKeys(btc.id(), btcusdt.id());
        assertThat(byId.get(btc.id()).close()).containsExactly(105);
        assertThat(byId.get(btc.id()).source()).containsExactly(CandleSource.BACKFILL);
        assertThat(byId.get(btcusdt.id()).closed()).containsExactly(false);
        assertThat(trades.join().tradeIds()).containsExactly(1);
        assertThat(trades.join().sides()).containsExactly(AggressorSide.BUY);
        assertThat(quote.join().askPrice()).isEqualTo(QuoteRing.NO_PRICE);
        assertThat(quote.join().bidSize()).isEqualTo(2);
    }

    @Test
    void shouldBuildCandlesFromTradesCarryingTheCloseThroughSilentBuckets() {
        engine.subscribe(StreamKey.candles(btc, CandleInterval.M15), 0, recorder);
        final long min15 = CandleInterval.M15.nominalDurationMs();
        trade(1_000_000, 10, 1, T0_MS);
        trade(1_000_100, 10, 2, T0_MS + 2 * min15);
        drain();

        assertThat(seen).containsExactly(
            new Seen(EventType.CANDLE, btc.id(), 1, 77, false, T0_MS, 1_000_000),
            new Seen(EventType.CANDLE, btc.id(), 2, 77, false, T0_MS, 1_000_000),
            new Seen(EventType.CANDLE, btc.id(), 3, 77, false, T0_MS + min15, 1_000_000),
            new Seen(EventType.CANDLE, btc.id(), 4, 77, false, T0_MS + 2 * min15, 1_000_100));
        final CandleView candles = await(engine.queryCandles(new int[] {btc.id()}, CandleInterval.M15, 5))
            .get(btc.id());
        assertThat(candles.closed()).containsExactly(true, true, false);
        assertThat(candles.volume()).containsExactly(10, 0, 10);
        assertThat(candles.source()).containsOnly(CandleSource.TRADES);
    }

    @Test
    void shouldReportSkippedVenueCandleBucketsAsGapAndKeepThemVisible() {
        engine.subscribe(StreamKey.status(Venue.HYPERLIQUID), 0, recorder);
        final long hour = CandleInterval.H1.nominalDurationMs();
        publisher.candle(btc.id(), 0, 1, CandleInterval.H1, T0_MS, 100, 100, 100, 100, 1, 1, true,
            CandleSource.LIVE);
        publisher.candle(btc.id(), 0, 1, CandleInterval.H1, T0_MS + 3 * hour, 100, 100, 100, 100, 1, 1, false,
            CandleSource.LIVE);
        drain();

        assertThat(seen).containsExactly(
            new Seen(EventType.STATUS, btc.id(), 1, 77, false, StreamStatus.GAP.ordinal(), 2));
        final CandleView candles = await(engine.queryCandles(new int[] {btc.id()}, CandleInterval.H1, 10))
            .get(btc.id());
        assertThat(candles.source()).containsExactly(
            CandleSource.LIVE, CandleSource.MISSING, CandleSource.MISSING, CandleSource.LIVE);
        final StreamStatus status = await(engine.query(state -> state.streamStatus(btc.id(), StreamKind.CANDLES,
            CandleInterval.H1)));
        assertThat(status).isEqualTo(StreamStatus.GAP);
    }

    private <T> T await(final java.util.concurrent.CompletableFuture<T> future) {
        drain();
        return future.join();
    }

    @Test
    void shouldPublishStatusEventsOnTheVenueStatusStreamAndRememberTheStreamStatus() {
        engine.subscribe(StreamKey.status(Venue.BINANCE_USDM), 0, recorder);
        drain();
        publisher.status(Venue.BINANCE_USDM, btcusdt.id(), T0_NS, StreamKind.BOOK, null, StreamStatus.GAP, 12);
        publisher.status(Venue.BINANCE_USDM, -1, T0_NS, StreamKind.STATUS, null, StreamStatus.DISCONNECTED, 0);
        publisher.status(Venue.HYPERLIQUID, -1, T0_NS, StreamKind.STATUS, null, StreamStatus.CONNECTED, 0);
        drain();

        assertThat(seen).containsExactly(
            new Seen(EventType.STATUS, btcusdt.id(), 1, 77, false, StreamStatus.GAP.ordinal(), 12),
            new Seen(EventType.STATUS, -1, 2, 77, false, StreamStatus.DISCONNECTED.ordinal(), 0));
        final StreamStatus status = await(engine.query(state -> state.streamStatus(btcusdt.id(), StreamKind.BOOK,
            null)));
        assertThat(status).isEqualTo(StreamStatus.GAP);
    }

    @Test
    void shouldDeliverWildcardSubscriptionsForEveryInstrumentOfTheVenueOnly() {
        final Instrument eth = registry.register(InstrumentSpec.hyperliquid("ETH", 4));
        engine.subscribe(StreamKey.all(StreamKind.TRADES, Venue.HYPERLIQUID, null), 0, recorder);
        drain();
        trade(1_000_000, 1, 1, T0_MS);
        publisher.trade(eth.id(), T0_NS, T0_NS, 30_000, 1, AggressorSide.SELL, 9, 0);
        publisher.trade(btcusdt.id(), T0_NS, T0_NS, 900_000, 1, AggressorSide.SELL, 9, 0);
        drain();
        assertThat(seen).extracting(Seen::instrumentId).containsExactly(btc.id(), eth.id());
    }

    @Test
    void shouldCountAndDropBadInputWithoutChangingState() {
        trade(1_000_000, 10, 1, T0_MS);
        publisher.bookSnapshot(btc.id(), T0_NS, T0_NS, 5, false, levels(1000, 5), levels(1001, 5));
        drain();

        assertThat(trade(1_000_000, -1, 2, T0_MS)).isEqualTo(Rejection.NONE);
        trade(FixedPoint.fromDouble(Double.NaN, btc.priceScale()), 1, 3, T0_MS);
        trade(0, 1, 4, T0_MS);
        assertThat(publisher.trade(999, 0, 0, 1, 1, AggressorSide.BUY, 1, 0))
            .isEqualTo(Rejection.UNKNOWN_INSTRUMENT);
        publisher.bookDelta(btc.id(), T0_NS, T0_NS, 4, levels(1000, 1), levels());
        publisher.bookDelta(btc.id(), T0_NS, T0_NS, 6, levels(1000, -3), levels());
        publisher.quote(btc.id(), T0_NS, T0_NS, -5, 1, 1001, 1);
        publisher.candle(btc.id(), T0_NS, T0_NS, CandleInterval.H1, T0_MS + 1, 1, 1, 1, 1, 1, 1, false,
            CandleSource.LIVE);
        final int raw = engine.ring().tryClaim(EventType.TRADE.code(), 12);
        engine.ring().buffer().putShort(raw, (short) EventType.TRADE.code());
        engine.ring().commit(raw);
        drain();

        assertThat(engine.rejections().get(Rejection.INVALID_SIZE)).isEqualTo(2);
        assertThat(engine.rejections().get(Rejection.INVALID_DECIMAL)).isEqualTo(1);
        assertThat(engine.rejections().get(Rejection.INVALID_PRICE)).isEqualTo(2);
        assertThat(engine.rejections().get(Rejection.UNKNOWN_INSTRUMENT)).isEqualTo(1);
        assertThat(engine.rejections().get(Rejection.SEQUENCE_REGRESSION)).isEqualTo(1);
        assertThat(engine.rejections().get(Rejection.CANDLE_MISALIGNED)).isEqualTo(1);
        assertThat(engine.rejections().get(Rejection.MALFORMED_EVENT)).isEqualTo(1);
        final BookView view = await(engine.queryBook(btc.id(), 0));
        assertThat(view.bidSizes()).containsExactly(5);
        assertThat(view.venueSequence()).isEqualTo(5);
        assertThat(await(engine.queryTrades(btc.id(), 10)).tradeIds()).containsExactly(1);
    }

    @Test
    void shouldPublishMarkPriceAndFundingAndServeTheLatestToNewSubscribersAndQueries() {
        final long funding = FixedPoint.parse("0.00038167", EventLayout.FUNDING_RATE_SCALE);
        publisher.markPrice(btcusdt.id(), T0_NS, T0_NS, 970_001, 969_990, funding, T0_MS + 3_600_000);
        drain();
        engine.subscribe(StreamKey.mark(btcusdt), 0, recorder);
        drain();
        publisher.markPrice(btcusdt.id(), T0_NS, T0_NS, 970_002, 969_991, funding, T0_MS + 3_600_000);
        publisher.markPrice(btcusdt.id(), T0_NS, T0_NS, -1, 0, funding, 0);
        drain();

        assertThat(seen).containsExactly(
            new Seen(EventType.MARK_PRICE, btcusdt.id(), 1, 77, true, 970_001, funding),
            new Seen(EventType.MARK_PRICE, btcusdt.id(), 2, 77, false, 970_002, funding));
        final MarkView mark = await(engine.queryMark(btcusdt.id()));
        assertThat(mark.markPrice()).isEqualTo(970_002);
        assertThat(mark.fundingRate()).isEqualTo(0.00038167);
        assertThat(engine.rejections().get(Rejection.INVALID_PRICE)).isEqualTo(1);
    }

    @Test
    void shouldKeepDeliveringWhenAListenerThrows() {
        engine.subscribe(StreamKey.trades(btc), 0, (event, state) -> {
            throw new IllegalStateException("strategy bug");
        });
        engine.subscribe(StreamKey.trades(btc), 0, recorder);
        drain();
        trade(1_000_000, 1, 1, T0_MS);
        trade(1_000_000, 1, 2, T0_MS);
        drain();
        assertThat(seen).hasSize(2);
        assertThat(engine.rejections().get(Rejection.LISTENER_ERROR)).isEqualTo(2);
    }

    @Test
    void shouldStopDeliveringAfterUnsubscribe() {
        final Subscription subscription = engine.subscribe(StreamKey.trades(btc), 0, recorder);
        drain();
        trade(1_000_000, 1, 1, T0_MS);
        drain();
        subscription.close();
        drain();
        trade(1_000_000, 1, 2, T0_MS);
        drain();
        assertThat(seen).hasSize(1);
    }

    @Test
    void shouldRefuseSubscriptionToUnknownInstrument() {
        assertThatThrownBy(() -> engine.subscribe(new StreamKey(StreamKind.TRADES, Venue.BINANCE_USDM, btc.id(),
            null), 0, recorder)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamKey.candles(btc, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectSnapshotLargerThanTheRingAccepts() {
        final LevelBuffer huge = new LevelBuffer(1);
        for (int i = 0; i < 10_000; i++) {
            huge.add(1_000_000 - i, 1);
        }
        assertThat(publisher.bookSnapshot(btc.id(), 0, 0, 1, false, huge, levels()))
            .isEqualTo(Rejection.EVENT_TOO_LARGE);
        assertThat(EventLayout.bookLength(10_000, 0)).isGreaterThan(engine.ring().maxPayloadLength());
    }
}
