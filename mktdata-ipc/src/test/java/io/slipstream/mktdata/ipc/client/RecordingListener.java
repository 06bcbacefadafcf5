package io.slipstream.mktdata.ipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every callback, in order, for tests to take with a timeout. */
final class RecordingListener implements MarketDataListener {
    /** A connection state change as recorded. */
    record StateChange(ConnectionState state, String reason) {
    }

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final List<String> threads = new ArrayList<>();

    @Override
    public void onOrderBook(final OrderBookMessage message) {
        record(message);
    }

    @Override
    public void onQuote(final QuoteMessage message) {
        record(message);
    }

    @Override
    public void onTrade(final TradeMessage message) {
        record(message);
    }

    @Override
    public void onCandle(final CandleMessage message) {
        record(message);
    }

    @Override
    public void onFeatures(final FeaturesMessage message) {
        record(message);
    }

    @Override
    public void onStatus(final StatusMessage message) {
        record(message);
    }

    @Override
    public void onGap(final GapEvent gap) {
        record(gap);
    }

    @Override
    public void onConnectionState(final ConnectionState state, final String reason) {
        record(new StateChange(state, reason));
    }

    private void record(final Object event) {
        synchronized (threads) {
            threads.add(Thread.currentThread().getName());
        }
        events.add(event);
    }

    /** @return the next event, which must be of that type, or an AssertionError after the timeout */
    <T> T next(final Class<T> type, final long timeoutMs) throws InterruptedException {
        final Object event = events.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no " + type.getSimpleName() + " within " + timeoutMs + " ms");
        }
        if (!type.isInstance(event)) {
            throw new AssertionError("expected a " + type.getSimpleName() + ", got " + event);
        }
        return type.cast(event);
    }

    /** @return the next event of that type, skipping others, or an AssertionError after the timeout */
    <T> T nextOf(final Class<T> type, final long timeoutMs) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            final long remainingNs = deadlineNs - System.nanoTime();
            final Object event = events.poll(Math.max(0, remainingNs), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeoutMs + " ms");
            }
            if (type.isInstance(event)) {
                return type.cast(event);
            }
        }
    }

    /** @return the next event or null if none comes within the wait */
    Object poll(final long waitMs) throws InterruptedException {
        return events.poll(waitMs, TimeUnit.MILLISECONDS);
    }

    /** @return the names of the threads that made the callbacks */
    List<String> threads() {
        synchronized (threads) {
            return List.copyOf(threads);
        }
    }
}
