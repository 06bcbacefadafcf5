package io.slipstream.mktdata.launcher.demo;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.BookView;
import io.slipstream.mktdata.engine.CandleView;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.engine.TradeView;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.instrument.Venue;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code slipstream-mktdata demo}: the engine fed by a synthetic market for both venues, a cross-venue basis
 * "strategy" listening inside the engine, and a summary printed every second from engine queries. Needs no network.
 */
public final class EngineDemo {
    private static final long EVENTS_PER_SECOND = 20_000;

    private EngineDemo() {
    }

    /**
     * @param seconds how long to run; 0 runs until the JVM is interrupted (Ctrl-C)
     * @param out     where the summary goes
     * @return exit status
     */
    public static int run(final long seconds, final PrintStream out) {
        final InstrumentRegistry registry = new InstrumentRegistry(64);
        final List<Instrument> instruments = List.of(
            registry.register(InstrumentSpec.hyperliquid("BTC", 5)),
            registry.register(InstrumentSpec.hyperliquid("ETH", 4)),
            registry.register(InstrumentSpec.hyperliquid("kPEPE", 0)),
            registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001")),
            registry.register(InstrumentSpec.binance("ETHUSDT", "0.01", "0.001")),
            registry.register(InstrumentSpec.binance("1000PEPEUSDT", "0.0000001", "1")));
        final double[] startPrices = {97_000, 3_400, 0.0157, 97_010, 3_401, 0.01571};

        final SystemEpochClock clock = new SystemEpochClock();
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry).clock(clock)
            .candlesFromTrades(CandleInterval.M1).candlesFromTrades(CandleInterval.M15)
            .candlesFromTrades(CandleInterval.H1).candlesFromTrades(CandleInterval.H4)).start();
        final BasisWatcher basis = new BasisWatcher(instruments.get(0), instruments.get(3));
        engine.subscribe(StreamKey.book(instruments.get(0)), 1, basis);
        engine.subscribe(StreamKey.book(instruments.get(3)), 1, basis);

        final SyntheticMarket market = new SyntheticMarket(instruments, startPrices, engine.publisher(), clock, 42,
            EVENTS_PER_SECOND);
        final Thread feed = new Thread(market, "synthetic-market");
        feed.setDaemon(true);
        feed.start();

        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread shutdownHook = new Thread(() -> {
            market.stop();
            engine.close();
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        out.printf("slipstream-mktdata demo: engine epoch %d, %d instruments on %s, synthetic feed of ~%,d events/s%n",
            engine.epoch(), instruments.size(), List.of(Venue.HYPERLIQUID.wireName(), Venue.BINANCE_USDM.wireName()),
            EVENTS_PER_SECOND);
        out.println("press Ctrl-C to stop" + (seconds > 0 ? " (stops by itself after " + seconds + " s)" : ""));
        long lastPublished = 0;
        try {
            for (long second = 1; seconds == 0 || second <= seconds; second++) {
                if (stopped.await(1, TimeUnit.SECONDS)) {
                    break;
                }
                final long published = engine.eventsPublished();
                printSummary(out, engine, instruments, basis, published - lastPublished, second);
                lastPublished = published;
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            out.println("engine did not answer a query: " + e);
            return 1;
        } finally {
            market.stop();
            engine.close();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (final IllegalStateException alreadyShuttingDown) {
                // the hook is running: it stops the same things
            }
        }
        out.printf("stopped: %,d events fed, %,d published to listeners, %,d refused, %,d back-pressured%n",
            market.published(), engine.eventsPublished(), engine.rejections().total(), market.backPressured());
        return 0;
    }

    private static void printSummary(
        final PrintStream out, final MarketDataEngine engine, final List<Instrument> instruments,
        final BasisWatcher basis, final long eventsLastSecond, final long second)
        throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        final int[] ids = instruments.stream().mapToInt(Instrument::id).toArray();
        final Map<Integer, CandleView> candles =
            engine.queryCandles(ids, CandleInterval.M1, 1).get(1, TimeUnit.SECONDS);
        out.printf("%n[%3ds] %,d events/s published, backlog %d B, refused %d, crossed book updates %d%n", second,
            eventsLastSecond, engine.backlogBytes(), engine.rejections().total(), engine.crossedBookUpdates());
        out.printf("  %-26s %14s %14s %8s %14s %6s %-38s%n", "instrument", "bid", "ask", "spr bps", "last trade",
            "side", "1m candle (o/h/l/c, trades)");
        for (final Instrument instrument : instruments) {
            final BookView book = engine.queryBook(instrument.id(), 1).get(1, TimeUnit.SECONDS);
            final TradeView trades = engine.queryTrades(instrument.id(), 1).get(1, TimeUnit.SECONDS);
            final CandleView candle = candles.get(instrument.id());
            out.printf("  %-26s %14s %14s %8.2f %14s %6s %-38s%n", instrument.venue().wireName() + ":"
                    + instrument.symbol(), price(instrument, book.bidPrices()), price(instrument, book.askPrices()),
                (book.bestAsk() - book.bestBid()) / book.mid() * 10_000,
                trades.count() == 0 ? "-" : FixedPoint.toString(trades.prices()[0], instrument.priceScale()),
                trades.count() == 0 ? "-" : trades.sides()[0], candle(instrument, candle));
        }
        out.printf("  basis BTC (hyperliquid) vs BTCUSDT (binance): %s bps, from %,d book updates seen in-engine%n",
            Double.isNaN(basis.basisBps()) ? "-" : String.format("%+.2f", basis.basisBps()), basis.updates());
    }

    private static String price(final Instrument instrument, final long[] prices) {
        return prices.length == 0 ? "-" : FixedPoint.toString(prices[0], instrument.priceScale());
    }

    private static String candle(final Instrument instrument, final CandleView candle) {
        if (candle == null || candle.count() == 0) {
            return "-";
        }
        final int scale = instrument.priceScale();
        return FixedPoint.toString(candle.open()[0], scale) + "/" + FixedPoint.toString(candle.high()[0], scale)
            + "/" + FixedPoint.toString(candle.low()[0], scale) + "/" + FixedPoint.toString(candle.close()[0], scale)
            + ", " + candle.tradeCount()[0];
    }
}
