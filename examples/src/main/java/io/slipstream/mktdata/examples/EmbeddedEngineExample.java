package io.slipstream.mktdata.examples;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.engine.BookView;
import io.slipstream.mktdata.engine.CandleView;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.trade.AggressorSide;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java strategy embedding the engine in its own JVM: it registers instruments, feeds the engine a book, trades
 * and candles (as a venue adapter would), listens to book updates on the engine thread, and reads books and candles
 * back with queries. Run: {@code java -cp ... io.slipstream.mktdata.examples.EmbeddedEngineExample}.
 */
public final class EmbeddedEngineExample {
    private EmbeddedEngineExample() {
    }

    /** @param args unused */
    public static void main(final String[] args) throws Exception {
        System.out.println(run());
    }

    /**
     * @return a short report of what the strategy saw
     * @throws Exception if the engine does not answer within a second
     */
    public static String run() throws Exception {
        // docs:start embed
        final InstrumentRegistry registry = new InstrumentRegistry(1024);
        final Instrument btc = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
        final Instrument btcusdt = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));

        try (MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)).start()) {
            final StringBuilder seen = new StringBuilder();
            // Called on the engine thread: first a snapshot of the book, then every change, in sequence.
            engine.subscribe(StreamKey.book(btcusdt), 5, (event, state) -> seen.append(String.format(
                "%s seq=%d bid=%s%n", event.type(), event.streamSequence(),
                FixedPoint.toString(state.book(btcusdt.id()).bestBidPrice(), btcusdt.priceScale()))))
                .started().get(1, TimeUnit.SECONDS);

            // What a venue adapter does, from its own thread: decimal strings in, exact mantissas through.
            final EventPublisher publisher = engine.publisher();
            final long nowNs = System.currentTimeMillis() * 1_000_000L;
            final LevelBuffer bids = new LevelBuffer(8);
            final LevelBuffer asks = new LevelBuffer(8);
            bids.add(btcusdt.parsePrice("97000.10"), btcusdt.parseSize("1.500"));
            bids.add(btcusdt.parsePrice("96999.90"), btcusdt.parseSize("0.250"));
            asks.add(btcusdt.parsePrice("97000.20"), btcusdt.parseSize("2.000"));
            publisher.bookSnapshot(btcusdt.id(), nowNs, nowNs, 1_000, false, bids, asks);
            bids.clear().add(btcusdt.parsePrice("97000.10"), 0);
            publisher.bookDelta(btcusdt.id(), nowNs, nowNs, 1_001, bids, asks.clear());
            publisher.trade(btc.id(), nowNs, nowNs, btc.parsePrice("97010"), btc.parseSize("0.01"),
                AggressorSide.SELL, 1, 0);
            final long openTimeMs = CandleInterval.H4.bucketStartMs(Instant.now().toEpochMilli());
            publisher.candle(btc.id(), nowNs, nowNs, CandleInterval.H4, openTimeMs, btc.parsePrice("96500"),
                btc.parsePrice("97200"), btc.parsePrice("96400"), btc.parsePrice("97010"), btc.parseSize("812.5"),
                51_234, false, CandleSource.LIVE);

            // Queries run on the engine thread between two events: never a half-applied update.
            BookView book = engine.queryBook(btcusdt.id(), 10).get(1, TimeUnit.SECONDS);
            while (book.venueSequence() < 1_001) {
                book = engine.queryBook(btcusdt.id(), 10).get(1, TimeUnit.SECONDS);
            }
            final Map<Integer, CandleView> candles = engine.queryCandles(new int[] {btc.id(), btcusdt.id()},
                CandleInterval.H4, 100).get(1, TimeUnit.SECONDS);
            // docs:end embed
            return seen + String.format("book %s: best bid %s x %s, best ask %s, mid %.2f%n", btcusdt.symbol(),
                FixedPoint.toString(book.bidPrices()[0], btcusdt.priceScale()),
                FixedPoint.toString(book.bidSizes()[0], btcusdt.sizeScale()),
                FixedPoint.toString(book.askPrices()[0], btcusdt.priceScale()), book.mid())
                + String.format("candles 4h: %s has %d, close %s; %s has %d%n", btc.symbol(),
                candles.get(btc.id()).count(),
                FixedPoint.toString(candles.get(btc.id()).close()[0], btc.priceScale()), btcusdt.symbol(),
                candles.get(btcusdt.id()).count());
        }
    }
}
