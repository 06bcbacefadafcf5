package io.slipstream.mktdata.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.BookView;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** A simulator, an engine and the adapter wired together over loopback, with recorders for trades and statuses. */
final class BinanceSimHarness implements AutoCloseable {
    /** One trade as the engine delivered it. */
    record Trade(int instrumentId, long id, int flags, int side) {
    }

    /** One status event. */
    record Status(int instrumentId, StreamKind kind, StreamStatus status) {
    }

    private static final java.util.concurrent.atomic.AtomicReference<BinanceAdapter> CURRENT =
        new java.util.concurrent.atomic.AtomicReference<>();

    final VenueSim sim;
    final InstrumentRegistry registry = new InstrumentRegistry(256);
    final MarketDataEngine engine;
    final BinanceAdapter adapter;
    final List<Trade> trades = new ArrayList<>();
    final List<Status> statuses = new ArrayList<>();
    final List<long[]> marks = new ArrayList<>();

    BinanceSimHarness(final VenueSim sim, final UnaryOperator<BinanceAdapterConfig> tweak) throws Exception {
        this.sim = sim;
        this.engine = new MarketDataEngine(new EngineContext().registry(registry)).start();
        final URI ws = sim.binance().webSocketUri();
        final BinanceAdapterConfig config = tweak.apply(BinanceAdapterConfig.defaults(sim.binance().restUri(),
                URI.create(ws + "/public"), URI.create(ws + "/market"))
            .withReconnectDelays(100, 1_000)
            .withCandles(List.of(CandleInterval.M15, CandleInterval.H1, CandleInterval.H4), i -> 300));
        engine.subscribe(StreamKey.all(StreamKind.TRADES, Venue.BINANCE_USDM, null), 0, (event, state) -> {
            synchronized (trades) {
                trades.add(new Trade(event.instrumentId(), event.tradeId(), event.tradeFlags(),
                    event.tradeSide().ordinal()));
            }
        });
        engine.subscribe(StreamKey.all(StreamKind.MARK, Venue.BINANCE_USDM, null), 0, (event, state) -> {
            synchronized (marks) {
                marks.add(new long[] {event.instrumentId(), event.markPrice(), event.markIndexPrice(),
                    event.markFundingRateE10(), event.markNextFundingTimeMs()});
            }
        });
        engine.subscribe(StreamKey.status(Venue.BINANCE_USDM), 0, (event, state) -> {
            synchronized (statuses) {
                statuses.add(new Status(event.instrumentId(), event.statusStreamKind(), event.status()));
            }
        });
        this.adapter = new BinanceAdapter(config, engine.publisher(), registry, new SystemEpochClock());
        CURRENT.set(adapter);
        adapter.start();
    }

    Instrument instrument(final String symbol) {
        return registry.find(Venue.BINANCE_USDM, symbol);
    }

    List<Trade> trades(final int instrumentId) {
        synchronized (trades) {
            return trades.stream().filter(t -> t.instrumentId() == instrumentId).toList();
        }
    }

    List<Status> statuses(final int instrumentId, final StreamKind kind) {
        synchronized (statuses) {
            return statuses.stream().filter(s -> s.instrumentId() == instrumentId && s.kind() == kind).toList();
        }
    }

    static void await(final BooleanSupplier condition, final long timeoutMs, final String what)
        throws InterruptedException {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + (CURRENT.get() == null ? ""
                    : "\n" + CURRENT.get().describe()));
            }
            Thread.sleep(20);
        }
    }

    void awaitAllSynced(final long timeoutMs) throws InterruptedException {
        await(() -> adapter.symbols().stream().allMatch(adapter::depthSynced), timeoutMs, "all books synced");
    }

    /** @return null if the engine's book equals the simulator's level for level, else a description */
    String bookDifference(final String symbol) throws Exception {
        final Instrument instrument = instrument(symbol);
        final BookView view = engine.queryBook(instrument.id(), 0).get();
        final SimSymbol simSymbol = sim.market().binance(symbol);
        final long[][] expected;
        synchronized (simSymbol) {
            final L2Book book = simSymbol.book();
            final LevelBuffer bids = new LevelBuffer(Math.max(1, book.bidDepth()));
            final LevelBuffer asks = new LevelBuffer(Math.max(1, book.askDepth()));
            book.topN(Math.max(book.bidDepth(), book.askDepth()), bids, asks);
            expected = new long[][] {prices(bids, true), prices(bids, false), prices(asks, true),
                prices(asks, false)};
        }
        if (!Arrays.equals(expected[0], view.bidPrices()) || !Arrays.equals(expected[1], view.bidSizes())
            || !Arrays.equals(expected[2], view.askPrices()) || !Arrays.equals(expected[3], view.askSizes())) {
            return symbol + ": sim " + expected[0].length + "x" + expected[2].length + " levels, engine "
                + view.bidPrices().length + "x" + view.askPrices().length + "; best sim "
                + (expected[0].length > 0 ? expected[0][0] : -1) + "/" + (expected[2].length > 0 ? expected[2][0] : -1)
                + " engine " + (view.bidPrices().length > 0 ? view.bidPrices()[0] : -1) + "/"
                + (view.askPrices().length > 0 ? view.askPrices()[0] : -1);
        }
        return null;
    }

    private static long[] prices(final LevelBuffer levels, final boolean price) {
        final long[] out = new long[levels.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = price ? levels.price(i) : levels.size(i);
        }
        return out;
    }

    /** Stops the market, then waits until every book matches (the adapter drained). */
    void stopMarketAndAssertBooksEqual(final long timeoutMs) throws Exception {
        sim.stopMarket();
        // The market thread is stopped: move the clock past every window so the last coalesced diffs flush, and
        // trade once (it leaves the book alone) so the venue sees the new clock.
        sim.market().advanceTo(Math.max(System.currentTimeMillis(), sim.market().nowMs()) + 1_000);
        final SimSymbol btc = sim.market().binance("BTCUSDT");
        final long bestBid;
        synchronized (btc) {
            bestBid = btc.book().bestBidPrice();
        }
        sim.market().trade(btc, bestBid, btc.lotMantissa(), true, 1);
        final long deadline = System.currentTimeMillis() + timeoutMs;
        for (final String symbol : adapter.symbols()) {
            String difference = bookDifference(symbol);
            while (difference != null && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
                difference = bookDifference(symbol);
            }
            assertThat(difference).as("book of " + symbol).isNull();
        }
    }

    /** Asserts each symbol's trades have strictly increasing ids, with no gap, and the simulator's sides. */
    void assertTradesMatchSimulator(final String symbol) {
        final Instrument instrument = instrument(symbol);
        final List<Trade> got = trades(instrument.id());
        assertThat(got).as("trades of " + symbol).isNotEmpty();
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i).id()).as(symbol + " trade id after " + got.get(i - 1).id())
                .isEqualTo(got.get(i - 1).id() + 1);
        }
        final SimSymbol simSymbol = sim.market().binance(symbol);
        final var simTrades = simSymbol.trades(got.get(0).id(), -1, -1, got.size());
        assertThat(simTrades).hasSize(got.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(simTrades.get(i).aggregateId()).isEqualTo(got.get(i).id());
            final int expectedSide = io.slipstream.mktdata.trade.AggressorSide
                .fromBinanceBuyerIsMaker(simTrades.get(i).buyerIsMaker()).ordinal();
            assertThat(got.get(i).side()).as("side of trade " + got.get(i).id()).isEqualTo(expectedSide);
        }
    }

    @Override
    public void close() {
        adapter.close();
        engine.close();
        sim.close();
    }
}
