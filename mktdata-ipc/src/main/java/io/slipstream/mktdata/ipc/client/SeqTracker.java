package io.slipstream.mktdata.ipc.client;

import java.util.HashMap;
import java.util.Map;

/**
 * Follows one subscription's {@code seq} per symbol on a lossless stream, to report gaps and drop duplicates (a
 * message seen twice, as when two overlapping subscriptions deliver the same event). Reader thread only.
 */
final class SeqTracker {
    /** {@link #onMessage}: the message was seen before (or is older); drop it. */
    static final long DUPLICATE = -1;

    private final Map<String, State> bySymbol = new HashMap<>();

    /**
     * @param symbol     the instrument
     * @param epoch      the message's epoch: a new one starts the count again
     * @param seq        the message's seq
     * @param reset      true for a message that starts the stream again (a book snapshot)
     * @param openTimeMs a candle's open time (history candles share one seq), else 0
     * @return 0 to deliver, the number of events lost before this one (deliver too), or {@link #DUPLICATE}
     */
    long onMessage(final String symbol, final long epoch, final long seq, final boolean reset, final long openTimeMs) {
        State state = bySymbol.get(symbol);
        final boolean first = state == null;
        if (first) {
            state = new State();
            bySymbol.put(symbol, state);
        }
        if (first || reset || state.epoch != epoch) {
            state.set(epoch, seq, openTimeMs);
            return 0;
        }
        final long expected = state.lastSeq + 1;
        if (seq >= expected) {
            state.set(epoch, seq, openTimeMs);
            return seq - expected;
        }
        // A subscription's first candles all carry the stream's current seq; they differ by open time.
        if (seq == state.lastSeq && openTimeMs > state.lastOpenTimeMs) {
            state.lastOpenTimeMs = openTimeMs;
            return 0;
        }
        return DUPLICATE;
    }

    private static final class State {
        private long epoch;
        private long lastSeq;
        private long lastOpenTimeMs;

        void set(final long newEpoch, final long seq, final long openTimeMs) {
            epoch = newEpoch;
            lastSeq = seq;
            lastOpenTimeMs = openTimeMs;
        }
    }
}
