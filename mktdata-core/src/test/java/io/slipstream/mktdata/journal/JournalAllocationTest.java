package io.slipstream.mktdata.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.trade.AggressorSide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Journaling adds no allocation to the engine thread: once warm, publish + apply + journal allocates 0 bytes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalAllocationTest {
    private static final int WARMUP = 30_000;
    private static final int MEASURED = 10_000;
    private static final int MAX_ROUNDS = 15;

    @TempDir
    Path dir;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final InstrumentRegistry registry = new InstrumentRegistry(4);
    private final Instrument instrument = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
    private final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry));
    private final EventPublisher publisher = engine.publisher();
    private final LevelBuffer bids = new LevelBuffer(32);
    private final LevelBuffer asks = new LevelBuffer(32);
    private long sequence;

    @Test
    void shouldNotAllocatePerJournaledEventOnceWarm() throws Exception {
        // Big enough that no rotation (which may allocate, once per segment) falls into the measured rounds.
        try (JournalWriter writer = new JournalWriter(JournalConfig.defaults(dir).withSegmentBytes(160 << 20),
            engine.epoch()).attach(engine)) {
            engine.doWork();
            int i = 0;
            for (; i < WARMUP; i++) {
                step(i);
            }
            int zeroRounds = 0;
            final List<Long> perRound = new ArrayList<>();
            for (int round = 0; round < MAX_ROUNDS && zeroRounds < 3; round++) {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (final int end = i + MEASURED; i < end; i++) {
                    step(i);
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                perRound.add(allocated);
                zeroRounds = allocated == 0 ? zeroRounds + 1 : 0;
            }
            assertThat(zeroRounds).as("bytes allocated per round of %d steps: %s", MEASURED, perRound).isEqualTo(3);
            assertThat(writer.eventsWritten()).isGreaterThan(3L * WARMUP);
            assertThat(writer.eventsLost()).isZero();
        }
    }

    private void step(final int i) {
        final long timeNs = 1_700_000_000_000_000_000L + i * 10_000_000L;
        publisher.trade(instrument.id(), timeNs, timeNs, 600_000 + (i % 100), 1 + (i % 7), AggressorSide.SELL, i, 0);
        publisher.quote(instrument.id(), timeNs, timeNs, 600_000, 5, 600_001, 6);
        bids.clear().add(600_000 - (i % 20), i % 3);
        asks.clear().add(600_001 + (i % 20), 1 + i % 5);
        publisher.bookDelta(instrument.id(), timeNs, timeNs, ++sequence, bids, asks);
        while (engine.doWork() > 0) {
            // drain
        }
    }
}
