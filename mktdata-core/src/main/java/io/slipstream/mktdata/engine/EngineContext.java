package io.slipstream.mktdata.engine;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.clock.EpochClock;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.instrument.InstrumentRegistry;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link MarketDataEngine} is built from, with defaults; {@link #conclude()} validates and fills in.
 * Retention defaults follow the sprint document ({@code candles_4h_count = 1200}, {@code candles_1h_count = 2000},
 * {@code trades_per_symbol = 1000}). Not thread-safe: configure on one thread, then hand to the engine.
 */
public final class EngineContext {
    /** Default event ring size: 16 MiB holds a burst of ~200k trades and snapshots of up to 2 MiB. */
    public static final int RING_CAPACITY_BYTES_DEFAULT = 16 * 1024 * 1024;
    /** Default trades kept per instrument. */
    public static final int TRADES_PER_SYMBOL_DEFAULT = 1000;
    /** Default quotes kept per instrument. */
    public static final int QUOTES_PER_SYMBOL_DEFAULT = 1000;
    /** Default candles kept for intervals without an explicit retention. */
    public static final int CANDLE_RETENTION_DEFAULT = 2000;
    /** Default levels preallocated per book side (Binance snapshots carry 1000). */
    public static final int BOOK_INITIAL_LEVELS_DEFAULT = 1024;
    /**
     * Default best levels always kept per book side: twice the deepest venue snapshot (Binance's 1000), so every
     * level a snapshot vouches for is kept while far-away levels cannot make the book slow.
     */
    public static final int BOOK_MAX_LEVELS_DEFAULT = 2000;
    /** Default instrument capacity. */
    public static final int MAX_INSTRUMENTS_DEFAULT = 4096;
    /** Default records handled per duty cycle before commands get a turn. */
    public static final int EVENTS_PER_DUTY_CYCLE_DEFAULT = 256;
    /** Default longest park of an idle engine thread; producers wake it sooner. */
    public static final long MAX_IDLE_PARK_NS_DEFAULT = 1_000_000L;

    private InstrumentRegistry registry;
    private EpochClock clock;
    private long epoch;
    private int ringCapacityBytes = RING_CAPACITY_BYTES_DEFAULT;
    private int tradesPerSymbol = TRADES_PER_SYMBOL_DEFAULT;
    private int quotesPerSymbol = QUOTES_PER_SYMBOL_DEFAULT;
    private int bookInitialLevels = BOOK_INITIAL_LEVELS_DEFAULT;
    private int bookMaxLevels = BOOK_MAX_LEVELS_DEFAULT;
    private int eventsPerDutyCycle = EVENTS_PER_DUTY_CYCLE_DEFAULT;
    private long maxIdleParkNs = MAX_IDLE_PARK_NS_DEFAULT;
    private final Map<CandleInterval, Integer> candleRetention = new EnumMap<>(CandleInterval.class);
    private final Set<CandleInterval> candlesFromTrades = EnumSet.noneOf(CandleInterval.class);
    private FeatureConfig features = FeatureConfig.defaults();
    private boolean concluded;

    /** Sets the sprint document's defaults. */
    public EngineContext() {
        candleRetention.put(CandleInterval.H4, 1200);
        candleRetention.put(CandleInterval.H1, 2000);
        candleRetention.put(CandleInterval.M15, 2000);
    }

    /**
     * Validates the settings and fills in what was left unset.
     *
     * @return this
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public EngineContext conclude() {
        if (registry == null) {
            registry = new InstrumentRegistry(MAX_INSTRUMENTS_DEFAULT);
        }
        if (clock == null) {
            clock = new SystemEpochClock();
        }
        if (epoch == 0) {
            epoch = clock.epochNanos() / 1000;
        }
        requirePositive("tradesPerSymbol", tradesPerSymbol);
        requirePositive("quotesPerSymbol", quotesPerSymbol);
        requirePositive("bookInitialLevels", bookInitialLevels);
        requirePositive("bookMaxLevels", bookMaxLevels);
        requirePositive("eventsPerDutyCycle", eventsPerDutyCycle);
        if (ringCapacityBytes < 64 * 1024 || Integer.bitCount(ringCapacityBytes) != 1) {
            throw new IllegalArgumentException(
                "ringCapacityBytes must be a power of two >= 65536, was " + ringCapacityBytes);
        }
        if (maxIdleParkNs <= 0) {
            throw new IllegalArgumentException("maxIdleParkNs must be positive, was " + maxIdleParkNs);
        }
        for (final Map.Entry<CandleInterval, Integer> entry : candleRetention.entrySet()) {
            requirePositive("candleRetention[" + entry.getKey().wireName() + "]", entry.getValue());
        }
        concluded = true;
        return this;
    }

    private static void requirePositive(final String name, final long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    boolean isConcluded() {
        return concluded;
    }

    /** @param value what order-flow features to compute (docs/features.md) @return this */
    public EngineContext features(final FeatureConfig value) {
        features = Objects.requireNonNull(value, "features");
        return this;
    }

    /** @return what order-flow features to compute; by default {@link FeatureConfig#defaults()} */
    public FeatureConfig features() {
        return features;
    }

    /** @param value the instrument registry shared with the venue adapters @return this */
    public EngineContext registry(final InstrumentRegistry value) {
        registry = value;
        return this;
    }

    /** @return the instrument registry */
    public InstrumentRegistry registry() {
        return registry;
    }

    /** @param value the clock for publish times @return this */
    public EngineContext clock(final EpochClock value) {
        clock = value;
        return this;
    }

    /** @return the clock */
    public EpochClock clock() {
        return clock;
    }

    /** @param value the epoch stamped on every event; default: start time in epoch microseconds @return this */
    public EngineContext epoch(final long value) {
        epoch = value;
        return this;
    }

    /** @return the epoch */
    public long epoch() {
        return epoch;
    }

    /** @param value event ring size in bytes, a power of two @return this */
    public EngineContext ringCapacityBytes(final int value) {
        ringCapacityBytes = value;
        return this;
    }

    /** @return event ring size in bytes */
    public int ringCapacityBytes() {
        return ringCapacityBytes;
    }

    /** @param value trades kept per instrument ({@code trades_per_symbol}) @return this */
    public EngineContext tradesPerSymbol(final int value) {
        tradesPerSymbol = value;
        return this;
    }

    /** @return trades kept per instrument */
    public int tradesPerSymbol() {
        return tradesPerSymbol;
    }

    /** @param value quotes kept per instrument @return this */
    public EngineContext quotesPerSymbol(final int value) {
        quotesPerSymbol = value;
        return this;
    }

    /** @return quotes kept per instrument */
    public int quotesPerSymbol() {
        return quotesPerSymbol;
    }

    /** @param value levels preallocated per book side @return this */
    public EngineContext bookInitialLevels(final int value) {
        bookInitialLevels = value;
        return this;
    }

    /** @return levels preallocated per book side */
    public int bookInitialLevels() {
        return bookInitialLevels;
    }

    /**
     * @param value the best levels always kept per book side; farther levels are dropped (see {@code L2Book})
     * @return this
     */
    public EngineContext bookMaxLevels(final int value) {
        bookMaxLevels = value;
        return this;
    }

    /** @return the best levels always kept per book side */
    public int bookMaxLevels() {
        return bookMaxLevels;
    }

    /** @param value records handled per duty cycle @return this */
    public EngineContext eventsPerDutyCycle(final int value) {
        eventsPerDutyCycle = value;
        return this;
    }

    /** @return records handled per duty cycle */
    public int eventsPerDutyCycle() {
        return eventsPerDutyCycle;
    }

    /** @param value longest park of the idle engine thread, ns @return this */
    public EngineContext maxIdleParkNs(final long value) {
        maxIdleParkNs = value;
        return this;
    }

    /** @return longest park of the idle engine thread, ns */
    public long maxIdleParkNs() {
        return maxIdleParkNs;
    }

    /**
     * @param interval an interval
     * @param count    candles kept for it ({@code candles_4h_count} ...)
     * @return this
     */
    public EngineContext candleRetention(final CandleInterval interval, final int count) {
        candleRetention.put(interval, count);
        return this;
    }

    /**
     * @param interval an interval
     * @return candles kept for it
     */
    public int candleRetention(final CandleInterval interval) {
        return candleRetention.getOrDefault(interval, CANDLE_RETENTION_DEFAULT);
    }

    /**
     * Builds candles of {@code interval} from each instrument's trades (source {@link
     * io.slipstream.mktdata.candle.CandleSource#TRADES}), for intervals a venue does not push.
     *
     * @param interval the interval to build
     * @return this
     */
    public EngineContext candlesFromTrades(final CandleInterval interval) {
        candlesFromTrades.add(interval);
        return this;
    }

    /** @return the intervals built from trades */
    public Set<CandleInterval> candlesFromTrades() {
        return candlesFromTrades;
    }
}
