package io.slipstream.mktdata.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.trade.AggressorSide;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hosted guest runs on the engine thread and owns its idle wait; producers and commands end that wait. The engine
 * here would otherwise sleep 60 s per idle wait, so every prompt delivery below is a wake-up through the guest.
 */
@Timeout(30)
final class EngineGuestTest {
    private static final long LONG_PARK_NS = TimeUnit.SECONDS.toNanos(60);

    private final InstrumentRegistry registry = new InstrumentRegistry(16);
    private final Instrument btcusdt = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
    private final BlockingQueue<Long> trades = new LinkedBlockingQueue<>();
    private final RecordingGuest guest = new RecordingGuest();
    private MarketDataEngine engine;
    private long tradeId;

    @BeforeEach
    void setUp() {
        engine = new MarketDataEngine(new EngineContext().registry(registry).maxIdleParkNs(LONG_PARK_NS)).start();
        engine.subscribe(StreamKey.trades(btcusdt), 0, (event, state) -> trades.add(event.tradeId()));
    }

    @AfterEach
    void tearDown() {
        engine.host(null);
        engine.close();
    }

    @Test
    void aHostedGuestRunsOnTheEngineThreadAfterItsDutyCycles() throws Exception {
        engine.host(guest);
        publishTrade();
        assertThat(trades.poll(5, TimeUnit.SECONDS)).isEqualTo(tradeId);
        guest.awaitWaiting();
        assertThat(guest.turns.get()).isPositive();
        assertThat(guest.thread.get().getName()).isEqualTo("mktdata-engine");
    }

    @Test
    void anEventPublishedWhileTheEngineWaitsInTheGuestWakesIt() throws Exception {
        engine.host(guest);
        for (int i = 0; i < 20; i++) {
            guest.awaitWaiting();
            publishTrade();
            assertThat(trades.poll(5, TimeUnit.SECONDS)).as("trade %d, applied at once", i).isEqualTo(tradeId);
        }
    }

    @Test
    void aCommandSubmittedWhileTheEngineWaitsInTheGuestWakesIt() throws Exception {
        engine.host(guest);
        for (int i = 0; i < 20; i++) {
            guest.awaitWaiting();
            assertThat(engine.query(state -> Boolean.TRUE).get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void endingTheHostingStopsTheGuestAndTheEngineParksAsBefore() throws Exception {
        engine.host(guest);
        guest.awaitWaiting();
        engine.host(null);
        final int turns = guest.turns.get();
        publishTrade();
        assertThat(trades.poll(5, TimeUnit.SECONDS)).isEqualTo(tradeId);
        publishTrade();
        assertThat(trades.poll(5, TimeUnit.SECONDS)).isEqualTo(tradeId);
        assertThat(guest.turns.get()).as("no turn once the hosting ended").isLessThanOrEqualTo(turns + 1);
    }

    @Test
    void aSecondGuestIsRefused() {
        engine.host(guest);
        assertThatThrownBy(() -> engine.host(new RecordingGuest())).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("already hosts");
    }

    private void publishTrade() {
        final long now = System.currentTimeMillis() * 1_000_000L;
        engine.publisher().trade(btcusdt.id(), now, now, 1_000_000, 1_000, AggressorSide.BUY, ++tradeId, 0);
    }

    /** Counts its turns, remembers its thread, and waits on a semaphore that only {@link #wake()} releases. */
    private static final class RecordingGuest implements EngineGuest {
        final AtomicInteger turns = new AtomicInteger();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final Semaphore wakeups = new Semaphore(0);
        volatile boolean waiting;

        @Override
        public int doWork() {
            thread.set(Thread.currentThread());
            turns.incrementAndGet();
            return 0;
        }

        @Override
        public void await(final long maxWaitNs) {
            waiting = true;
            try {
                wakeups.tryAcquire(maxWaitNs, TimeUnit.NANOSECONDS);
                wakeups.drainPermits();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting = false;
            }
        }

        @Override
        public void wake() {
            wakeups.release();
        }

        /** Returns once the engine thread has entered (or is about to enter) the guest's wait. */
        void awaitWaiting() throws InterruptedException {
            final long deadlineMs = System.currentTimeMillis() + 5_000;
            while (!waiting && System.currentTimeMillis() < deadlineMs) {
                Thread.sleep(1);
            }
            assertThat(waiting).as("the engine went idle in the guest").isTrue();
        }
    }
}
