package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.rejection.Rejection;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Every book row, from {@code l2delta} (applied as deltas: exact) or, for instruments recorded without deltas,
 * {@code l2book} (applied as full snapshots: the engine derives the deltas). A delta row of a new daemon epoch
 * first empties the book (the recorded epoch started from an empty book too); a seed row (the last snapshot before
 * {@code --from}) replaces it. Venue sequences are the replay's own, +1 per row and instrument.
 */
final class BookCursor extends RowCursor {
    private static final int KIND_SNAPSHOT = 0;
    private static final int KIND_DELTA = 1;

    private final double[][] multipliers;
    private final long[] sequences;
    private final long[] epochs;
    private final LevelBuffer bids = new LevelBuffer(64);
    private final LevelBuffer asks = new LevelBuffer(64);
    private final LevelBuffer empty = new LevelBuffer(1);
    private long exchangeTimeNs;
    private int instrumentId;
    private int kind;
    private boolean resetPending;

    BookCursor(final Connection connection, final String sql, final double[][] multipliers) throws SQLException {
        super(ReplayTable.L2DELTA, connection, sql);
        this.multipliers = multipliers;
        this.sequences = new long[multipliers.length];
        this.epochs = new long[multipliers.length];
    }

    @Override
    void read(final ResultSet row) throws SQLException {
        exchangeTimeNs = row.getLong(2);
        instrumentId = row.getInt(3);
        final long epoch = row.getLong(4);
        kind = row.getInt(5);
        final double[] scale = multipliers[instrumentId];
        levels(row.getArray(6), scale, bids);
        levels(row.getArray(7), scale, asks);
        resetPending = kind == KIND_DELTA && epochs[instrumentId] != 0 && epochs[instrumentId] != epoch;
        epochs[instrumentId] = epoch;
    }

    /** A flattened level list {@code [price, size, price, size, ...]} into mantissas. */
    private static void levels(final Array array, final double[] scale, final LevelBuffer out) throws SQLException {
        out.clear();
        if (array == null) {
            return;
        }
        final Object[] values = (Object[]) array.getArray();
        for (int i = 0; i + 1 < values.length; i += 2) {
            out.add(Math.round(((Number) values[i]).doubleValue() * scale[0]),
                Math.round(((Number) values[i + 1]).doubleValue() * scale[1]));
        }
    }

    @Override
    Rejection publish(final EventPublisher publisher) {
        if (resetPending) {
            final Rejection reset = publisher.bookSnapshot(instrumentId, exchangeTimeNs, receiveTimeNs,
                ++sequences[instrumentId], true, empty, empty);
            if (reset == Rejection.RING_FULL) {
                sequences[instrumentId]--;
                return reset;
            }
            resetPending = false;
        }
        final long sequence = sequences[instrumentId] + 1;
        final Rejection result = kind == KIND_DELTA
            ? publisher.bookDelta(instrumentId, exchangeTimeNs, receiveTimeNs, sequence, bids, asks)
            : publisher.bookSnapshot(instrumentId, exchangeTimeNs, receiveTimeNs, sequence, kind != KIND_SNAPSHOT,
                bids, asks);
        if (result != Rejection.RING_FULL) {
            sequences[instrumentId] = sequence;
        }
        return result;
    }
}
