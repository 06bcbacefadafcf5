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
        final Thread waiter = new Thread(() -> {
            try {
                budget.acquire(20);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(200);
        assertThat(waiter.isAlive()).as("waits while the minute is spent").isTrue();
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
        final Thread waiter = new Thread(() -> {
            try {
                budget.acquire(1);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(200);
        assertThat(waiter.isAlive()).isTrue();
        nowMs.addAndGet(30_000);
        waiter.join(5_000);
        assertThat(waiter.isAlive()).isFalse();
    }
}
