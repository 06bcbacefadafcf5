package io.slipstream.mktdata.venue.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WeightBudgetTest {
    private final AtomicLong nowMs = new AtomicLong(1_700_000_000_000L);

    @Test
    void shouldKeepAMarginBelowTheVenueLimitAndTakeTheVenuesCountWhenHigher() throws InterruptedException {
        final WeightBudget budget = new WeightBudget(2400, 0.8, nowMs::get);
        assertThat(budget.limitPerMinute()).isEqualTo(1920);
        budget.acquire(20);
        budget.observeUsed(500);
        assertThat(budget.used()).isEqualTo(500);
        budget.observeUsed(100);
        assertThat(budget.used()).isEqualTo(500);
    }

    @Test
    void shouldWaitForTheNextMinuteWhenFull() throws Exception {
        final WeightBudget budget = new WeightBudget(100, 1.0, nowMs::get);
        nowMs.set(1_700_000_040_000L);
        budget.acquire(100);
        final Thread waiter = acquiring(budget, 20, RestPriority.RESYNC);
        assertStillWaiting(waiter, "waits while the minute is spent");
        nowMs.set(1_700_000_100_000L);
        waiter.join(5_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(budget.used()).isEqualTo(20);
    }

    @Test
    void shouldPauseEveryoneForRetryAfter() throws Exception {
        final WeightBudget budget = new WeightBudget(1000, 1.0, nowMs::get);
        budget.pauseFor(30_000);
        assertThat(budget.paused()).isTrue();
        final Thread waiter = acquiring(budget, 1, RestPriority.RESYNC);
        assertStillWaiting(waiter, "paused");
        nowMs.addAndGet(30_000);
        waiter.join(5_000);
        assertThat(waiter.isAlive()).isFalse();
    }

    @Test
    void shouldHoldBackfillsBackWhileAResyncWaitsForRoom() throws Exception {
        final WeightBudget budget = new WeightBudget(100, 1.0, nowMs::get);
        nowMs.set(1_700_000_040_000L);
        budget.acquire(90);
        final Thread resync = acquiring(budget, 20, RestPriority.RESYNC);
        waitUntilWaiting(resync);
        final Thread backfill = acquiring(budget, 5, RestPriority.BACKFILL);
        assertStillWaiting(backfill, "5 would fit, but a resync is waiting");
        nowMs.set(1_700_000_100_000L);
        resync.join(5_000);
        backfill.join(5_000);
        assertThat(resync.isAlive()).isFalse();
        assertThat(backfill.isAlive()).isFalse();
        assertThat(budget.used()).isEqualTo(25);
    }

    @Test
    void shouldLeaveTheReserveToResyncs() throws Exception {
        final WeightBudget budget = new WeightBudget(100, 1.0, nowMs::get);
        nowMs.set(1_700_000_040_000L);
        budget.reserveForResyncs(30);
        budget.acquire(70, RestPriority.BACKFILL);
        final Thread backfill = acquiring(budget, 1, RestPriority.BACKFILL);
        assertStillWaiting(backfill, "the last 30 of the minute are kept for resyncs");
        budget.acquire(30, RestPriority.RESYNC);
        assertThat(budget.used()).isEqualTo(100);
        assertThat(budget.remaining()).isZero();
        nowMs.set(1_700_000_100_000L);
        backfill.join(5_000);
        assertThat(backfill.isAlive()).isFalse();
    }

    @Test
    void shouldCapTheReserveAtHalfTheAllowance() throws InterruptedException {
        final WeightBudget budget = new WeightBudget(100, 1.0, nowMs::get);
        nowMs.set(1_700_000_040_000L);
        budget.reserveForResyncs(1_000);
        budget.acquire(50, RestPriority.BACKFILL);
        assertThat(budget.remaining()).isEqualTo(50);
    }

    @Test
    void shouldCountTheLastSixtySecondsWhenTheWindowSlides() throws Exception {
        final WeightBudget budget = new WeightBudget(100, 1.0, nowMs::get, WeightBudget.Window.SLIDING_MINUTE);
        nowMs.set(1_700_000_059_000L);
        budget.acquire(100);
        nowMs.set(1_700_000_061_000L);
        assertThat(budget.remaining()).as("a new whole minute, but the spend is 2 s old").isZero();
        final Thread waiter = acquiring(budget, 10, RestPriority.RESYNC);
        assertStillWaiting(waiter, "the last 60 s are spent");
        nowMs.set(1_700_000_119_000L);
        waiter.join(5_000);
        assertThat(waiter.isAlive()).as("60 s after the spend").isFalse();
        assertThat(budget.used()).isEqualTo(10);
    }

    /** @return a started thread that acquires {@code weight} and ends */
    private static Thread acquiring(final WeightBudget budget, final long weight, final RestPriority priority) {
        final Thread thread = new Thread(() -> {
            try {
                budget.acquire(weight, priority);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.start();
        return thread;
    }

    private static void assertStillWaiting(final Thread thread, final String why) throws InterruptedException {
        thread.join(300);
        assertThat(thread.isAlive()).as(why).isTrue();
    }

    private static void waitUntilWaiting(final Thread thread) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadlineNs) {
            Thread.sleep(5);
        }
        assertThat(thread.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    }
}
