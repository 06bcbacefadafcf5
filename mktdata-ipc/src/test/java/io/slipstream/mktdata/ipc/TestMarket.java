package io.slipstream.mktdata.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;
import java.util.concurrent.TimeUnit;

/** Publishes into a real engine for the IPC tests, and waits until the engine has run what came before. */
public final class TestMarket {
    private final MarketDataEngine engine;
    private long tradeId;
    private long bookSequence;

    /** @param engine the engine the server under test serves */
    public TestMarket(final MarketDataEngine engine) {
        this.engine = engine;
    }

    /**
     * One trade of size 1 (mantissa), retried while the engine's ring is full.
     *
     * @param instrument the instrument
     * @param price      price mantissa
     * @param side       the aggressor
     * @return its trade id
     * @throws InterruptedException if interrupted while the ring is full
     */
    public long trade(final Instrument instrument, final long price, final AggressorSide side)
        throws InterruptedException {
        final long now = System.currentTimeMillis() * 1_000_000L;
        final long id = ++tradeId;
        while (engine.publisher().trade(instrument.id(), now, now, price, 1, side, id, 0) == Rejection.RING_FULL) {
            Thread.sleep(1);
        }
        return id;
    }

    /**
     * A book snapshot with size 1 on every level.
     *
     * @param instrument the instrument
     * @param bids       bid prices in tenths of the price unit, best first
     * @param asks       ask prices in tenths of the price unit, best first
     */
    public void book(final Instrument instrument, final long[] bids, final long[] asks) {
        final LevelBuffer bidLevels = new LevelBuffer(bids.length);
        final LevelBuffer askLevels = new LevelBuffer(asks.length);
        final long one = (long) Math.pow(10, instrument.sizeScale());
        final long priceUnit = (long) Math.pow(10, instrument.priceScale() - 1);
        for (final long bid : bids) {
            bidLevels.add(bid * priceUnit, one);
        }
        for (final long ask : asks) {
            askLevels.add(ask * priceUnit, one);
        }
        final long now = System.currentTimeMillis() * 1_000_000L;
        assertThat(engine.publisher().bookSnapshot(instrument.id(), now, now, ++bookSequence, false, bidLevels,
            askLevels)).isEqualTo(Rejection.NONE);
    }

    /**
     * The server makes a subscription live through an engine query; one more query behind it proves that.
     *
     * @throws Exception if the engine does not answer in 5 s
     */
    public void awaitSubscribed() throws Exception {
        awaitEngine();
        Thread.sleep(50);
    }

    /**
     * Returns once the engine has applied every event published before the call. A query alone is no barrier: the
     * engine runs commands before the events of its duty cycle, and a second query can land in the same cycle.
     * The ring is released only after its records were applied, so an empty ring is one.
     *
     * @throws Exception if the engine does not catch up and answer a query within 5 s
     */
    public void awaitEngine() throws Exception {
        final long deadlineMs = System.currentTimeMillis() + 5_000;
        while (engine.backlogBytes() > 0) {
            if (System.currentTimeMillis() > deadlineMs) {
                throw new IllegalStateException("the engine did not catch up in 5 s: " + engine.backlogBytes() + " B");
            }
            Thread.sleep(1);
        }
        engine.query(state -> 0).get(5_000, TimeUnit.MILLISECONDS);
    }
}
