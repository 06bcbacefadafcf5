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
    /** Levels per side read as scalar columns; more go through a list (see {@code ReplayData#levelColumns}). */
    static final int MAX_LEVEL_COLUMNS = 32;
    private static final int KIND_SNAPSHOT = 0;
    private static final int KIND_DELTA = 1;

    private final double[][] multipliers;
    private final int bidColumns;
    private final int askColumns;
    private final long[] sequences;
    private final long[] epochs;
    private final LevelBuffer bids = new LevelBuffer(64);
    private final LevelBuffer asks = new LevelBuffer(64);
    private final LevelBuffer empty = new LevelBuffer(1);
    private long exchangeTimeNs;
    private int instrumentId;
    private int kind;
    private boolean resetPending;

    BookCursor(final Connection connection, final String sql, final double[][] multipliers,
               final int[] levelColumns) throws SQLException {
        super(ReplayTable.L2DELTA, connection, sql);
        this.multipliers = multipliers;
        this.bidColumns = levelColumns[0];
        this.askColumns = levelColumns[1];
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
        final int bidCount = row.getInt(6);
        final int askCount = row.getInt(7);
        final int firstBid = 8;
        final int firstAsk = firstBid + 2 * bidColumns + 1;
        levels(row, firstBid, bidColumns, bidCount, scale, bids);
        levels(row, firstAsk, askColumns, askCount, scale, asks);
        resetPending = kind == KIND_DELTA && epochs[instrumentId] != 0 && epochs[instrumentId] != epoch;
        epochs[instrumentId] = epoch;
    }

    /** A side: its first levels from scalar mantissa columns, the rest from the flattened list after them. */
    private static void levels(final ResultSet row, final int firstColumn, final int columns, final int count,
                               final double[] scale, final LevelBuffer out) throws SQLException {
        out.clear();
        final int scalars = Math.min(count, columns);
        for (int k = 0; k < scalars; k++) {
            out.add(row.getLong(firstColumn + 2 * k), row.getLong(firstColumn + 2 * k + 1));
        }
        if (count > columns) {
            rest(row.getArray(firstColumn + 2 * columns), scale, out);
        }
    }

    /** A flattened level list {@code [price, size, price, size, ...]} into mantissas. */
    private static void rest(final Array array, final double[] scale, final LevelBuffer out) throws SQLException {
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
