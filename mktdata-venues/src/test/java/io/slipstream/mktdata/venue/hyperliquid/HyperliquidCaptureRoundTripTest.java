package io.slipstream.mktdata.venue.hyperliquid;

import static io.slipstream.mktdata.venue.hyperliquid.HyperliquidTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.SystemEpochClock;
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
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.trade.TradeRing;
import io.slipstream.mktdata.venue.capture.RawCaptureWriter;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidConfig;
import io.slipstream.mktdata.venuesim.replay.CaptureReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Raw capture mode end to end: a session against the synthetic Hyperliquid, captured by the adapter, replayed
 * verbatim through venue-sim into a second adapter and engine, ends with the same books (level for level, same block
 * time), the same trades (ids, times, prices, sizes, aggressor sides, history flags), the same candles, quote and
 * mark as the first engine had.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HyperliquidCaptureRoundTripTest {
    private static final List<CandleInterval> INTERVALS = List.of(CandleInterval.M1, CandleInterval.M5);

    @TempDir
    Path directory;

    @Test
    void shouldRebuildTheSameBooksTradesAndCandlesWhenACapturedSessionIsReplayedThroughTheSimulator()
        throws Exception {
        final Map<String, List<String>> live = new LinkedHashMap<>();
        final List<Long> liveCounts;
        try (RawCaptureWriter capture = new RawCaptureWriter(directory, "hyperliquid", 64L << 20);
             VenueSim sim = VenueSim.builder().synthetic(3, 5, 1_000).hyperliquid(fastSim()).start();
             Session s = new Session(sim, b -> b.capture(capture))) {
            await(10_000, () -> assertThat(s.adapter.allSubscribed()).isTrue());
            await(20_000, () -> {
                assertThat(s.adapter.stats().trades()).isGreaterThan(100);
                assertThat(s.adapter.stats().bookSnapshots()).isGreaterThan(30);
                assertThat(s.adapter.stats().candlePushes()).isGreaterThan(10);
                assertThat(s.adapter.stats().quotes()).isGreaterThan(10);
                assertThat(s.adapter.stats().markPrices()).isGreaterThan(3);
            });
            sim.stopMarket();
            s.awaitQuiet();
            for (final String coin : s.adapter.coins()) {
                live.put(coin, s.state(coin));
            }
            liveCounts = s.dataCounts();
            assertThat(s.engine.rejections().total()).isZero();
            capture.flush();
        }
        assertThat(live).hasSize(3);
        for (final List<String> state : live.values()) {
            assertThat(state).anyMatch(line -> line.startsWith("b "));
            assertThat(state).anyMatch(line -> line.startsWith("a "));
            assertThat(state).anyMatch(line -> line.startsWith("t ") && line.endsWith(" history"));
            assertThat(state).anyMatch(line -> line.startsWith("t ") && line.endsWith(" live"));
            assertThat(state).anyMatch(line -> line.startsWith("c 1m "));
            assertThat(state).anyMatch(line -> line.startsWith("c 5m "));
        }

        final List<Path> files = CaptureReader.expand(List.of(directory));
        assertThat(files).isNotEmpty();
        try (VenueSim replay = VenueSim.builder().replay(files, 0, false).verbatimHyperliquid().hyperliquid(fastSim())
                .paused().start();
             Session s = new Session(replay, b -> b)) {
            // The replay sends nothing on subscribe: every captured frame must find its subscription in place.
            await(10_000, () -> assertThat(s.adapter.allSubscribed()).isTrue());
            replay.startMarket();
            await(30_000, () -> assertThat(replay.replay().finished()).isTrue());
            for (final Map.Entry<String, List<String>> coin : live.entrySet()) {
                await(10_000, () -> assertThat(s.state(coin.getKey())).as(coin.getKey() + " rebuilt from the capture")
                    .containsExactlyElementsOf(coin.getValue()));
            }
            assertThat(s.dataCounts()).as("frames decoded, snapshots, trades, duplicates, quotes, candles, marks")
                .isEqualTo(liveCounts);
            assertThat(s.adapter.stats().malformedFrames()).isZero();
            assertThat(s.adapter.stats().invalidDecimals()).isZero();
            assertThat(s.engine.rejections().total()).isZero();
        }
    }

    private static HyperliquidConfig fastSim() {
        return HyperliquidConfig.defaults().withBookCadence(200, 50).withIdleTimeout(60_000);
    }

    /** An engine and an adapter following every coin of a simulator. */
    private static final class Session implements AutoCloseable {
        final InstrumentRegistry registry = new InstrumentRegistry(64);
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        final HyperliquidAdapter adapter;

        Session(final VenueSim sim, final UnaryOperator<HyperliquidAdapterConfig.Builder> tweak) throws Exception {
            // No REST candle backfill (the replay answers from its own model, not from the capture); buckets are
            // closed only by the data (a later bucket), never by the wall clock, which differs between the runs;
            // no staleness watchdog, since the finished replay is silent.
            final HyperliquidAdapterConfig.Builder builder = HyperliquidAdapterConfig.builder(
                    URI.create(sim.hyperliquid().webSocketUri() + "/ws"),
                    URI.create(sim.hyperliquid().restUri() + "/info"))
                .candleIntervals(INTERVALS)
                .backfillBuckets(0)
                .candleCloseGraceMs(3_600_000)
                .bookStaleMs(0)
                .bboStaleMs(0)
                .assetCtxStaleMs(0)
                .reconnectDelay(100, 1_000);
            adapter = new HyperliquidAdapter(tweak.apply(builder).build(), engine.publisher(), registry,
                new SystemEpochClock());
            adapter.start();
        }

        /** Waits until no frame has arrived for half a second, then lets the engine drain its ring. */
        void awaitQuiet() throws InterruptedException {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long frames = -1;
            while (adapter.stats().frames() != frames && System.nanoTime() < deadline) {
                frames = adapter.stats().frames();
                Thread.sleep(500);
            }
            assertThat(adapter.stats().frames()).as("quiet after the market stopped").isEqualTo(frames);
            Thread.sleep(300);
        }

        /** @return what the data frames did, comparable between the live run and its replay */
        List<Long> dataCounts() {
            final HyperliquidStats st = adapter.stats();
            return List.of(st.bookSnapshots(), st.staleBookSnapshotsDropped(), st.trades(), st.duplicateTrades(),
                st.quotes(), st.candlePushes(), st.staleCandlePushes(), st.markPrices());
        }

        /** The engine's state of a coin as decimal text (scales may differ: the replay infers them). */
        List<String> state(final String coin) throws Exception {
            final Instrument instrument = registry.find(Venue.HYPERLIQUID, coin);
            assertThat(instrument).as(coin).isNotNull();
            final int id = instrument.id();
            final int px = instrument.priceScale();
            final int sz = instrument.sizeScale();
            final List<String> out = new ArrayList<>();
            final BookView book = engine.queryBook(id, 0).get(5, TimeUnit.SECONDS);
            out.add("book time " + book.venueSequence());
            for (int i = 0; i < book.bidPrices().length; i++) {
                out.add("b " + plain(book.bidPrices()[i], px) + " " + plain(book.bidSizes()[i], sz));
            }
            for (int i = 0; i < book.askPrices().length; i++) {
                out.add("a " + plain(book.askPrices()[i], px) + " " + plain(book.askSizes()[i], sz));
            }
            final TradeView trades = engine.queryTrades(id, 100_000)
                .get(5, TimeUnit.SECONDS);
            for (int i = 0; i < trades.count(); i++) {
                out.add("t " + trades.tradeIds()[i] + " " + trades.exchangeTimeNs()[i] + " "
                    + plain(trades.prices()[i], px) + " " + plain(trades.sizes()[i], sz) + " " + trades.sides()[i]
                    + ((trades.flags()[i] & TradeRing.FLAG_BACKFILLED) != 0 ? " history" : " live"));
            }
            for (final CandleInterval interval : INTERVALS) {
                final CandleView candles = engine.queryCandles(new int[] {id}, interval, 10_000)
                    .get(5, TimeUnit.SECONDS).get(id);
                for (int i = 0; candles != null && i < candles.count(); i++) {
                    out.add("c " + interval.wireName() + " " + candles.openTimeMs()[i] + " "
                        + plain(candles.open()[i], px) + " " + plain(candles.high()[i], px) + " "
                        + plain(candles.low()[i], px) + " " + plain(candles.close()[i], px) + " "
                        + plain(candles.volume()[i], sz) + " " + candles.tradeCount()[i] + " " + candles.closed()[i]
                        + " " + candles.source()[i]);
                }
            }
            final QuoteView quote = engine.queryQuote(id).get(5, TimeUnit.SECONDS);
            if (quote != null) {
                out.add("q " + plain(quote.bidPrice(), px) + " " + plain(quote.bidSize(), sz) + " "
                    + plain(quote.askPrice(), px) + " " + plain(quote.askSize(), sz) + " " + quote.exchangeTimeNs());
            }
            final MarkView mark = engine.queryMark(id).get(5, TimeUnit.SECONDS);
            if (mark != null) {
                // activeAssetCtx carries no time: the mark is stamped on receipt, which differs between the runs
                out.add("m " + plain(mark.markPrice(), px) + " " + plain(mark.indexPrice(), px) + " "
                    + mark.fundingRateE10());
            }
            return out;
        }

        @Override
        public void close() {
            adapter.close();
            engine.close();
        }
    }

    private static String plain(final long mantissa, final int scale) {
        return new BigDecimal(FixedPoint.toString(mantissa, scale)).stripTrailingZeros().toPlainString();
    }
}
