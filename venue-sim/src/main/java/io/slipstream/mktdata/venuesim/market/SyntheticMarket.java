package io.slipstream.mktdata.venuesim.market;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.fixedpoint.FixedPoint;

import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * A seeded synthetic market for any number of symbols: books with a one-tick spread around a random-walk fair
 * price, updates concentrated near the touch, trades that take liquidity from the touch (and show in the book),
 * busier symbols first (the first symbols get most of the flow). Candle history comes from each symbol's
 * {@link PricePath}, which the live walk continues.
 *
 * <p>Runs on the market thread ({@link #run()}); {@link #stop()} from any thread. The same seed and rate give the
 * same sequence of events (wall-clock timing aside).
 */
public final class SyntheticMarket implements Runnable {
    /** Well-known assets first, then generated ones: Binance symbol, Hyperliquid coin, tick, lot, price. */
    private static final Object[][] KNOWN = {
        {"BTCUSDT", "BTC", "0.10", "0.001", 97_000.0},
        {"ETHUSDT", "ETH", "0.01", "0.001", 3_400.0},
        {"SOLUSDT", "SOL", "0.010", "1", 180.0},
        {"1000PEPEUSDT", "kPEPE", "0.0000001", "1", 0.0157},
        {"DOGEUSDT", "DOGE", "0.00001", "1", 0.35},
        {"XRPUSDT", "XRP", "0.0001", "0.1", 2.2},
        {"AVAXUSDT", "AVAX", "0.001", "1", 38.0},
        {"LINKUSDT", "LINK", "0.001", "0.01", 21.0},
    };
    private static final double SIGMA_PER_MINUTE = 0.0006;
    /** Market-clock spacing of events when generating as fast as possible: as if 100,000 per second. */
    private static final long UNPACED_SCHEDULE_RATE = 100_000;

    private final SimMarket market;
    private final SimSymbol[] symbols;
    private final double[] fairPrice;
    private final long[] lastMoveMs;
    private final Random random;
    private final int bookLevels;
    private volatile long eventsPerSecond;
    private volatile boolean paused;
    private volatile boolean running = true;
    private volatile long eventsGenerated;

    /**
     * Builds the symbols and their books; call {@link #run()} on the market thread to start trading.
     *
     * @param market          the market to fill (empty)
     * @param symbolCount     how many symbols (both venues list each)
     * @param seed            random seed
     * @param eventsPerSecond book updates plus trades per second, all symbols; 0 for as fast as possible
     * @param bookLevels      levels per side to start each book with
     */
    public SyntheticMarket(final SimMarket market, final int symbolCount, final long seed,
                           final long eventsPerSecond, final int bookLevels) {
        this.market = market;
        this.eventsPerSecond = eventsPerSecond;
        this.random = new Random(seed);
        this.bookLevels = bookLevels;
        this.symbols = new SimSymbol[symbolCount];
        this.fairPrice = new double[symbolCount];
        this.lastMoveMs = new long[symbolCount];
        final long nowMs = market.nowMs();
        for (int i = 0; i < symbolCount; i++) {
            final Object[] known = i < KNOWN.length ? KNOWN[i] : generated(i);
            final String tick = (String) known[2];
            final String lot = (String) known[3];
            final int priceScale = FixedPoint.scaleOf(tick);
            final int sizeScale = FixedPoint.scaleOf(lot);
            final double price = (Double) known[4];
            final PricePath path = new PricePath(seed * 31 + i, price, nowMs, SIGMA_PER_MINUTE);
            symbols[i] = market.add(new SimSymbol(i, (String) known[0], (String) known[1], priceScale, sizeScale,
                FixedPoint.parse(tick, priceScale), FixedPoint.parse(lot, sizeScale), path, 20_000, 5_000,
                1_000_000_000L * (i + 1)));
            fairPrice[i] = price;
        }
    }

    private Object[] generated(final int i) {
        final double price = Math.pow(10, random.nextInt(6) - 2) * (1 + random.nextInt(9));
        final int priceDecimals = Math.max(0, 5 - (int) Math.floor(Math.log10(price)) - 1);
        final String tick = priceDecimals == 0 ? "1" : "0." + "0".repeat(priceDecimals - 1) + "1";
        final String lot = price > 100 ? "0.001" : price > 1 ? "0.1" : "1";
        final String name = String.format("SYM%03d", i);
        return new Object[] {name + "USDT", name, tick, lot, price};
    }

    /** @return the symbols this market trades */
    public SimSymbol[] symbols() {
        return symbols.clone();
    }

    /** @return book updates and trades generated so far */
    public long eventsGenerated() {
        return eventsGenerated;
    }

    /**
     * Changes the offered rate from the next event on (a load test raising the rate step by step).
     *
     * @param value book updates plus trades per second, all symbols; 0 for as fast as possible
     */
    public void eventsPerSecond(final long value) {
        eventsPerSecond = value;
    }

    /**
     * Stops generating events, the clock running on, until {@link #resume()}: the books hold still, so a test can
     * compare its clients' books with the simulator's at a checkpoint in the middle of a run.
     */
    public void pause() {
        paused = true;
    }

    /** Generates events again, at the offered rate from now on (the pause is not made up in a burst). */
    public void resume() {
        paused = false;
    }

    /** Stops the market after the current event. */
    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        final long startMs = market.nowMs();
        java.util.Arrays.fill(lastMoveMs, startMs);
        for (int i = 0; i < symbols.length; i++) {
            seedBook(i);
        }
        // Event k after a (re)start of the schedule happens at scheduleMs + k / rate on the market clock, whatever
        // the wall clock does, so the same seed and rate give the same market; the wall clock only paces the loop.
        // A new rate or a pause restarts the schedule at the present, so neither makes a burst.
        long pacedRate = eventsPerSecond;
        boolean held = false;
        long scheduleNs = System.nanoTime();
        long scheduleMs = startMs;
        long scheduleStart = 0;
        long generated = 0;
        while (running) {
            final long rate = eventsPerSecond;
            final boolean holding = paused;
            if (rate != pacedRate || holding != held) {
                pacedRate = rate;
                held = holding;
                scheduleMs = market.nowMs();
                scheduleNs = System.nanoTime();
                scheduleStart = generated;
            }
            final long scheduleRate = rate > 0 ? rate : UNPACED_SCHEDULE_RATE;
            final long elapsedNs = System.nanoTime() - scheduleNs;
            final long due = holding ? generated
                : rate <= 0 ? generated + 256 : scheduleStart + elapsedNs * rate / 1_000_000_000L;
            if (due <= generated) {
                market.advanceTo(scheduleMs + elapsedNs / 1_000_000L);
                LockSupport.parkNanos(500_000);
                continue;
            }
            final long batchEnd = Math.min(due, generated + 1_000);
            while (generated < batchEnd && running && !paused) {
                market.advanceTo(scheduleMs + (generated - scheduleStart) * 1000 / scheduleRate);
                step(pickSymbol());
                generated++;
            }
            eventsGenerated = generated;
        }
    }

    /** Busier symbols first: roughly Zipf-distributed activity. */
    private int pickSymbol() {
        final double u = random.nextDouble();
        return Math.min(symbols.length - 1, (int) (symbols.length * u * u * u));
    }

    private void seedBook(final int i) {
        final SimSymbol symbol = symbols[i];
        final long tick = symbol.tickMantissa();
        final long bestBid = symbol.roundToTick(fairPrice[i]) - tick;
        final LevelChanges update = market.beginUpdate();
        for (int level = 0; level < bookLevels; level++) {
            update.bids.add(bestBid - level * tick, randomSize(symbol, level));
            update.asks.add(bestBid + (level + 1) * tick, randomSize(symbol, level));
        }
        market.applyUpdate(symbol, 1);
    }

    private long randomSize(final SimSymbol symbol, final int level) {
        final double lots = Math.exp(random.nextGaussian() * 0.8 + 2.5 + Math.min(level, 20) * 0.05);
        return Math.max(1, (long) lots) * symbol.lotMantissa();
    }

    private void step(final int i) {
        if (random.nextInt(4) == 0) {
            trade(i);
        } else {
            moveAndRequote(i);
        }
    }

    private void moveAndRequote(final int i) {
        final SimSymbol symbol = symbols[i];
        final long tick = symbol.tickMantissa();
        // Volatility per step scales with the time since the symbol last moved, so the walk has the same
        // per-minute volatility at any offered rate.
        final long nowMs = market.nowMs();
        final double elapsedMinutes = Math.max(1, nowMs - lastMoveMs[i]) / 60_000.0;
        lastMoveMs[i] = nowMs;
        fairPrice[i] *= Math.exp(random.nextGaussian() * SIGMA_PER_MINUTE * Math.sqrt(Math.min(elapsedMinutes, 1)));
        final long newBestBid = symbol.roundToTick(fairPrice[i]) - tick;
        final LevelChanges update = market.beginUpdate();
        final long oldBestBid;
        final long oldBestAsk;
        synchronized (symbol) {
            final L2Book book = symbol.book();
            oldBestBid = book.bestBidPrice() == L2Book.NO_PRICE ? newBestBid : book.bestBidPrice();
            oldBestAsk = book.bestAskPrice() == L2Book.NO_PRICE ? newBestBid + tick : book.bestAskPrice();
        }
        // Levels the fair price moved through leave the book, so it is never crossed (BTC moves ~20 ticks a step).
        for (long price = oldBestAsk; price <= newBestBid; price += tick) {
            update.asks.add(price, 0);
        }
        for (long price = oldBestBid; price >= newBestBid + tick; price -= tick) {
            update.bids.add(price, 0);
        }
        update.bids.add(newBestBid, randomSize(symbol, 0));
        update.asks.add(newBestBid + tick, randomSize(symbol, 0));
        final int extra = random.nextInt(4);
        for (int n = 0; n < extra; n++) {
            final long distance = 1 + (long) Math.abs(random.nextGaussian() * 6);
            final long size = random.nextInt(3) == 0 ? 0 : randomSize(symbol, (int) distance);
            if (random.nextBoolean()) {
                update.bids.add(newBestBid - distance * tick, size);
            } else {
                update.asks.add(newBestBid + (distance + 1) * tick, size);
            }
        }
        market.applyUpdate(symbol, 1 + random.nextInt(3));
    }

    private void trade(final int i) {
        final SimSymbol symbol = symbols[i];
        final boolean takerBuys = random.nextBoolean();
        final long price;
        final long available;
        synchronized (symbol) {
            final L2Book book = symbol.book();
            if (!book.isTwoSided()) {
                return;
            }
            price = takerBuys ? book.bestAskPrice() : book.bestBidPrice();
            available = takerBuys ? book.bestAskSize() : book.bestBidSize();
        }
        final long lots = Math.max(1, (long) Math.exp(random.nextGaussian() + 1));
        final long size = Math.min(available, lots * symbol.lotMantissa());
        market.trade(symbol, price, size, !takerBuys, 1 + random.nextInt(3));
        final LevelChanges update = market.beginUpdate();
        (takerBuys ? update.asks : update.bids).add(price, available - size);
        market.applyUpdate(symbol, 1);
    }
}
