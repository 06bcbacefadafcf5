package io.slipstream.mktdata.launcher.demo;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.clock.EpochClock;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A seeded random-walk market that feeds the engine the way the venue adapters will: Binance-style books (one
 * full snapshot, then small deltas near the touch with an advancing update id), Hyperliquid-style books (a full
 * 20-level snapshot each time), trades with aggressor side, and quotes. Runs on its own thread as a producer.
 *
 * <p>Stand-in for the venue adapters until they exist; the venue simulator will speak the real protocols.
 */
public final class SyntheticMarket implements Runnable {
    private static final int HYPERLIQUID_LEVELS = 20;
    private static final int BINANCE_LEVELS = 100;

    private final List<Instrument> instruments;
    private final long[] midTicks;
    private final long[] tickMantissa;
    private final long[] bookSequence;
    private final long[] bookMidTicks;
    private final long[] tradeIds;
    private final EventPublisher publisher;
    private final EpochClock clock;
    private final Random random;
    private final long eventsPerSecond;
    private final LevelBuffer bids = new LevelBuffer(BINANCE_LEVELS);
    private final LevelBuffer asks = new LevelBuffer(BINANCE_LEVELS);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong backPressured = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param instruments     what to simulate
     * @param startPrices     a starting mid for each, in price units
     * @param publisher       the engine's publisher
     * @param clock           time source for event timestamps
     * @param seed            random seed: the same seed gives the same market
     * @param eventsPerSecond roughly how many events to produce per second, all instruments together
     */
    public SyntheticMarket(
        final List<Instrument> instruments, final double[] startPrices, final EventPublisher publisher,
        final EpochClock clock, final long seed, final long eventsPerSecond) {
        this.instruments = List.copyOf(instruments);
        this.publisher = publisher;
        this.clock = clock;
        this.random = new Random(seed);
        this.eventsPerSecond = eventsPerSecond;
        final int n = instruments.size();
        midTicks = new long[n];
        tickMantissa = new long[n];
        bookSequence = new long[n];
        bookMidTicks = new long[n];
        tradeIds = new long[n];
        for (int i = 0; i < n; i++) {
            final Instrument instrument = instruments.get(i);
            // Hyperliquid has no fixed tick; quote at 5 significant figures of the start price.
            final long tick = instrument.tickSizeMantissa() > 0 ? instrument.tickSizeMantissa()
                : Math.max(1, (long) Math.pow(10, Math.floor(Math.log10(startPrices[i])) - 4
                    + instrument.priceScale()));
            tickMantissa[i] = tick;
            midTicks[i] = Math.round(startPrices[i] * Math.pow(10, instrument.priceScale()) / tick);
            bookSequence[i] = 1_000_000L * (i + 1);
            tradeIds[i] = 10_000L * (i + 1);
        }
    }

    @Override
    public void run() {
        for (int i = 0; i < instruments.size(); i++) {
            final Instrument instrument = instruments.get(i);
            publisher.status(instrument.venue(), instrument.id(), clock.epochNanos(), StreamKind.BOOK, null,
                StreamStatus.LIVE, 0);
            publishSnapshot(i, instrument.venue() == Venue.BINANCE_USDM ? BINANCE_LEVELS : HYPERLIQUID_LEVELS);
        }
        final long batch = Math.max(1, eventsPerSecond / 1000);
        while (running) {
            final long startNs = System.nanoTime();
            for (long e = 0; e < batch && running; e++) {
                step(random.nextInt(instruments.size()));
            }
            final long sleepNs = 1_000_000L - (System.nanoTime() - startNs);
            if (sleepNs > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(sleepNs);
            }
        }
    }

    /** Stops the feed after the current batch. */
    public void stop() {
        running = false;
    }

    /** @return events handed to the engine */
    public long published() {
        return published.get();
    }

    /** @return events the engine could not take because its ring was full */
    public long backPressured() {
        return backPressured.get();
    }

    private void step(final int i) {
        final Instrument instrument = instruments.get(i);
        final int roll = random.nextInt(10);
        if (roll < 2) {
            midTicks[i] += random.nextInt(3) - 1;
        }
        if (roll < 4) {
            trade(i, instrument);
        } else if (roll < 6) {
            quote(i, instrument);
        } else if (instrument.venue() == Venue.BINANCE_USDM) {
            delta(i, instrument);
        } else if (roll == 9) {
            publishSnapshot(i, HYPERLIQUID_LEVELS);
        }
    }

    private void trade(final int i, final Instrument instrument) {
        final boolean buy = random.nextBoolean();
        final long price = (midTicks[i] + (buy ? 1 : -1)) * tickMantissa[i];
        final long size = instrument.lotSizeMantissa() * (1 + random.nextInt(50));
        final long nowNs = clock.epochNanos();
        count(publisher.trade(instrument.id(), nowNs - 2_000_000, nowNs, price, size,
            buy ? AggressorSide.BUY : AggressorSide.SELL, ++tradeIds[i], 0));
    }

    private void quote(final int i, final Instrument instrument) {
        final long nowNs = clock.epochNanos();
        final long lot = instrument.lotSizeMantissa();
        count(publisher.quote(instrument.id(), nowNs - 2_000_000, nowNs, (midTicks[i] - 1) * tickMantissa[i],
            lot * (1 + random.nextInt(100)), (midTicks[i] + 1) * tickMantissa[i], lot * (1 + random.nextInt(100))));
    }

    private void delta(final int i, final Instrument instrument) {
        bids.clear();
        asks.clear();
        final long lot = instrument.lotSizeMantissa();
        for (int level = 0; level < 3; level++) {
            final long distance = 1 + (long) Math.abs(random.nextGaussian() * 5);
            final long size = random.nextInt(4) == 0 ? 0 : lot * (1 + random.nextInt(200));
            if (random.nextBoolean()) {
                bids.add((midTicks[i] - distance) * tickMantissa[i], size);
            } else {
                asks.add((midTicks[i] + distance) * tickMantissa[i], size);
            }
        }
        // The touch follows the mid: levels the mid moved through leave the book, so it never stays crossed.
        final long mid = midTicks[i];
        for (long tick = Math.max(bookMidTicks[i], mid - 50); tick <= mid; tick++) {
            asks.add(tick * tickMantissa[i], 0);
        }
        for (long tick = Math.min(bookMidTicks[i], mid + 50); tick >= mid; tick--) {
            bids.add(tick * tickMantissa[i], 0);
        }
        bids.add((mid - 1) * tickMantissa[i], lot * (1 + random.nextInt(100)));
        asks.add((mid + 1) * tickMantissa[i], lot * (1 + random.nextInt(100)));
        bookMidTicks[i] = mid;
        final long nowNs = clock.epochNanos();
        count(publisher.bookDelta(instrument.id(), nowNs - 2_000_000, nowNs, ++bookSequence[i], bids, asks));
    }

    private void publishSnapshot(final int i, final int levels) {
        final Instrument instrument = instruments.get(i);
        bids.clear();
        asks.clear();
        final long lot = instrument.lotSizeMantissa();
        for (int level = 1; level <= levels; level++) {
            bids.add((midTicks[i] - level) * tickMantissa[i], lot * (1 + random.nextInt(300)));
            asks.add((midTicks[i] + level) * tickMantissa[i], lot * (1 + random.nextInt(300)));
        }
        bookMidTicks[i] = midTicks[i];
        final long nowNs = clock.epochNanos();
        count(publisher.bookSnapshot(instrument.id(), nowNs - 2_000_000, nowNs, ++bookSequence[i], false, bids,
            asks));
    }

    private void count(final Rejection result) {
        if (result == Rejection.NONE) {
            published.incrementAndGet();
        } else if (result == Rejection.RING_FULL) {
            backPressured.incrementAndGet();
        }
    }
}
