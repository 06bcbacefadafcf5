package io.slipstream.mktdata.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.trade.AggressorSide;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

/**
 * Once warm, publishing an event and letting the engine apply and dispatch it allocates nothing: trades, quotes,
 * book deltas, book snapshots (with derived deltas) and candles. JMH's {@code -prof gc} shows the same
 * ({@code mktdata-benchmarks}); this test keeps it from regressing.
 */
class EngineAllocationTest {
    private static final int WARMUP = 50_000;
    private static final int MEASURED = 20_000;
    private static final int MAX_ROUNDS = 20;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final InstrumentRegistry registry = new InstrumentRegistry(4);
    private final Instrument instrument = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
    private final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)
        .candlesFromTrades(CandleInterval.M1));
    private final EventPublisher publisher = engine.publisher();
    private final LevelBuffer bids = new LevelBuffer(32);
    private final LevelBuffer asks = new LevelBuffer(32);
    private long checksum;
    private long sequence;

    @Test
    void shouldNotAllocatePerEventOnceWarm() {
        engine.subscribe(StreamKey.trades(instrument), 0, (event, state) -> checksum += event.tradePrice());
        engine.subscribe(StreamKey.book(instrument), 0, (event, state) -> checksum += event.bidCount());
        engine.subscribe(StreamKey.all(io.slipstream.mktdata.event.StreamKind.CANDLES, instrument.venue(),
            CandleInterval.M1), 0, (event, state) -> checksum += event.candleClose());
        engine.doWork();

        int i = 0;
        for (; i < WARMUP; i++) {
            step(i);
        }
        // The JIT may still compile (and deoptimise) during the first rounds; steady state is what is promised:
        // three consecutive rounds with not one byte allocated.
        int zeroRounds = 0;
        final java.util.List<Long> perRound = new java.util.ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS && zeroRounds < 3; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (final int end = i + MEASURED; i < end; i++) {
                step(i);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            perRound.add(allocated);
            zeroRounds = allocated == 0 ? zeroRounds + 1 : 0;
        }

        assertThat(zeroRounds).as("bytes allocated per round of %d duty cycles: %s", MEASURED, perRound)
            .isEqualTo(3);
        assertThat(checksum).isNotZero();
        assertThat(engine.rejections().total()).isZero();
    }

    private void step(final int i) {
        final long timeNs = 1_700_000_000_000_000_000L + i * 10_000_000L;
        publisher.trade(instrument.id(), timeNs, timeNs, 600_000 + (i % 100), 1 + (i % 7), AggressorSide.SELL, i, 0);
        publisher.quote(instrument.id(), timeNs, timeNs, 600_000, 5, 600_001, 6);
        bids.clear().add(600_000 - (i % 20), i % 3);
        asks.clear().add(600_001 + (i % 20), 1 + i % 5);
        publisher.bookDelta(instrument.id(), timeNs, timeNs, ++sequence, bids, asks);
        if (i % 100 == 0) {
            bids.clear();
            asks.clear();
            for (int level = 0; level < 20; level++) {
                bids.add(600_000 - level, 1 + (i + level) % 9);
                asks.add(600_001 + level, 1 + (i + level) % 7);
            }
            publisher.bookSnapshot(instrument.id(), timeNs, timeNs, ++sequence, false, bids, asks);
            final long openTimeMs = (timeNs / 1_000_000L) / 3_600_000L * 3_600_000L;
            publisher.candle(instrument.id(), timeNs, timeNs, CandleInterval.H1, openTimeMs, 600_000, 600_100,
                599_900, 600_000 + i % 50, i, i, false, CandleSource.LIVE);
        }
        while (engine.doWork() > 0) {
            // drain
        }
    }
}
