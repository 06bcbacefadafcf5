package io.slipstream.mktdata.venue.hyperliquid;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.instrument.Instrument;

import java.util.List;

/**
 * One followed coin: its instrument and the decoding state the venue forces on a client (trade de-duplication,
 * the newest applied book time, open candle buckets). All of a coin's subscriptions live on one socket, so its book
 * and trade state is touched by that socket's read thread only; candle state is also touched by the clock-driven
 * closer and is guarded by each {@link CandleState}'s monitor.
 */
final class HyperliquidCoin {
    private static final int DEDUPE_GENERATION = 2048;

    final String name;
    final Instrument instrument;
    final int nameHash;
    final CandleState[] candles;

    /** Newest {@code l2Book} time applied, ms; read thread only. */
    long lastBookTimeMs = Long.MIN_VALUE;
    /** The next snapshot is the first after a (re)subscribe: publish it with reset. */
    volatile boolean bookResetPending = true;
    /** The next {@code trades} frame is the recent-trades replay of a (re)subscribe. */
    volatile boolean tradesReplayPending = true;
    /** Trades of the replay at or before this time (the subscribe's, ms) are history; later ones are live. */
    volatile long tradesReplayCutoffMs = Long.MAX_VALUE;

    private long[] recentKeys = new long[DEDUPE_GENERATION * 2];
    private long[] olderKeys = new long[DEDUPE_GENERATION * 2];
    private int recentCount;

    HyperliquidCoin(final String name, final Instrument instrument, final List<CandleInterval> intervals) {
        this.name = name;
        this.instrument = instrument;
        this.nameHash = name.hashCode();
        this.candles = new CandleState[intervals.size()];
        for (int i = 0; i < candles.length; i++) {
            candles[i] = new CandleState(instrument.id(), intervals.get(i));
        }
    }

    /**
     * @param chars  buffer
     * @param offset first char
     * @param length chars
     * @param hash   {@link String#hashCode()} of those chars
     * @return true if they spell this coin (case-sensitive)
     */
    boolean matches(final char[] chars, final int offset, final int length, final int hash) {
        if (hash != nameHash || length != name.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Remembers a trade's (time, tid); the two newest generations of 2048 keys are kept.
     *
     * @param timeMs trade time
     * @param tid    trade id
     * @return true if it was new
     */
    boolean firstSighting(final long timeMs, final long tid) {
        long key = mix(tid * 0x9E3779B97F4A7C15L ^ timeMs);
        if (key == 0) {
            key = 1;
        }
        if (contains(recentKeys, key) || contains(olderKeys, key)) {
            return false;
        }
        if (recentCount >= DEDUPE_GENERATION) {
            final long[] recycled = olderKeys;
            olderKeys = recentKeys;
            java.util.Arrays.fill(recycled, 0);
            recentKeys = recycled;
            recentCount = 0;
        }
        final int mask = recentKeys.length - 1;
        int slot = (int) key & mask;
        while (recentKeys[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        recentKeys[slot] = key;
        recentCount++;
        return true;
    }

    private static boolean contains(final long[] table, final long key) {
        final int mask = table.length - 1;
        int slot = (int) key & mask;
        while (table[slot] != 0) {
            if (table[slot] == key) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    private static long mix(final long value) {
        long x = value;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /** @param interval an interval @return its state, or null when not followed */
    CandleState candle(final CandleInterval interval) {
        for (final CandleState state : candles) {
            if (state.interval == interval) {
                return state;
            }
        }
        return null;
    }

    /**
     * The live bucket of one (coin, interval). Hyperliquid has no closed flag: a bucket is final when a push with a
     * larger {@code t} arrives, or when the clock passes its {@code T} plus a grace. Backfilled rows
     * ({@code candleSnapshot}) merge in: older buckets are history, the bucket the live stream last showed is corrected
     * and closed once it is in the past (its final push may have been lost in a disconnection), the open bucket stays
     * the live stream's.
     */
    static final class CandleState {
        final int instrumentId;
        final CandleInterval interval;
        private long openTimeMs = Long.MIN_VALUE;
        private long closeTimeMs;
        private long open;
        private long high;
        private long low;
        private long close;
        private long volume;
        private long trades;
        private boolean closed;
        private long lastReceiveNs;
        /** False until the first backfill finished: the engine's series only grows forward, history goes first. */
        private boolean live = true;
        /** A live push arrived while not live and is not published yet. */
        private boolean held;

        CandleState(final int instrumentId, final CandleInterval interval) {
            this.instrumentId = instrumentId;
            this.interval = interval;
        }

        /** @param value true to publish live pushes at once (no backfill pending) */
        synchronized void live(final boolean value) {
            live = value;
        }

        /**
         * A live push: closes the previous bucket first when this one is newer, then publishes it open.
         *
         * @return false if the push was older than the current bucket (dropped)
         */
        synchronized boolean onPush(final EventPublisher publisher, final long receiveNs, final long t, final long tEnd,
                                    final long o, final long h, final long l, final long c, final long v,
                                    final long n) {
            if (t < openTimeMs) {
                return false;
            }
            if (t > openTimeMs && openTimeMs != Long.MIN_VALUE && !closed && live) {
                publish(publisher, receiveNs, true, CandleSource.LIVE);
            }
            // A push for a bucket already closed (by the clock or a backfill) is a late correction: keep it closed.
            final boolean keepClosed = t == openTimeMs && closed;
            set(t, tEnd, o, h, l, c, v, n, keepClosed, receiveNs);
            if (live) {
                publish(publisher, receiveNs, closed, CandleSource.LIVE);
            } else {
                held = true;
            }
            return true;
        }

        /**
         * One {@code candleSnapshot} row, oldest first.
         *
         * @param currentBucketMs the open time of the bucket holding "now"
         * @return true if published
         */
        synchronized boolean backfillRow(final EventPublisher publisher, final long receiveNs, final long t,
                                         final long o, final long h, final long l, final long c, final long v,
                                         final long n, final long currentBucketMs) {
            final boolean past = t < currentBucketMs;
            if (openTimeMs != Long.MIN_VALUE) {
                if (t < openTimeMs) {
                    publisher.candle(instrumentId, t * 1_000_000L, receiveNs, interval, t, o, h, l, c, v, n, true,
                        CandleSource.BACKFILL);
                    return true;
                }
                if (t == openTimeMs && !past) {
                    return false; // the open bucket is the live stream's
                }
                if (t > openTimeMs && !closed && live) {
                    publish(publisher, receiveNs, true, CandleSource.LIVE); // it ended while we were away
                }
            }
            set(t, interval.nextBucketStartMs(t) - 1, o, h, l, c, v, n, past, receiveNs);
            held = false;
            publish(publisher, receiveNs, past, CandleSource.BACKFILL);
            return true;
        }

        /** The backfill is over (or failed): from now on live pushes are published; a held one goes first. */
        synchronized void finishBackfill(final EventPublisher publisher, final long nowNs) {
            if (live) {
                return;
            }
            live = true;
            if (held) {
                held = false;
                publish(publisher, nowNs, closed, CandleSource.LIVE);
            }
        }

        /** Closes the live bucket if the clock passed its end plus the grace. @return true if it closed it */
        synchronized boolean closeIfExpired(final EventPublisher publisher, final long nowMs, final long graceMs,
                                            final long nowNs) {
            if (openTimeMs == Long.MIN_VALUE || closed || !live || nowMs <= closeTimeMs + graceMs) {
                return false;
            }
            closed = true;
            publish(publisher, nowNs, true, CandleSource.LIVE);
            return true;
        }

        /** @return the open time of the newest bucket known, or {@link Long#MIN_VALUE} */
        synchronized long openTimeMs() {
            return openTimeMs;
        }

        private void set(final long t, final long tEnd, final long o, final long h, final long l, final long c,
                         final long v, final long n, final boolean isClosed, final long receiveNs) {
            openTimeMs = t;
            closeTimeMs = tEnd;
            open = o;
            high = h;
            low = l;
            close = c;
            volume = v;
            trades = n;
            closed = isClosed;
            lastReceiveNs = receiveNs;
        }

        private void publish(final EventPublisher publisher, final long receiveNs, final boolean asClosed,
                             final CandleSource source) {
            publisher.candle(instrumentId, openTimeMs * 1_000_000L, Math.max(receiveNs, lastReceiveNs), interval,
                openTimeMs, open, high, low, close, volume, trades, asClosed, source);
        }
    }
}
