package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.rejection.Rejection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One table's rows, in receive-time order, streamed from DuckDB: {@link #advance()} reads the next row into the
 * cursor's fields, {@link #publish} hands it to the engine. Owned by the replay thread.
 */
abstract class RowCursor implements AutoCloseable {
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    /** Position in {@link ReplayTable}: breaks ties between rows of equal receive time. */
    final int order;
    /** The current row's receive time, epoch ns. */
    long receiveTimeNs = Long.MIN_VALUE;

    RowCursor(final ReplayTable table, final Connection connection, final String sql) throws SQLException {
        this.order = table.ordinal();
        this.connection = connection;
        this.statement = connection.createStatement();
        this.rows = statement.executeQuery(sql);
    }

    /**
     * @return true if positioned on a new row, false at the end
     * @throws SQLException if DuckDB fails
     */
    final boolean advance() throws SQLException {
        if (!rows.next()) {
            return false;
        }
        final long previousNs = receiveTimeNs;
        receiveTimeNs = rows.getLong(1);
        if (receiveTimeNs < previousNs) {
            // The merge is only right if DuckDB kept the order it sorted by: never trust it silently.
            throw new IllegalStateException(getClass().getSimpleName() + ": rows out of receive-time order ("
                + receiveTimeNs + " after " + previousNs + ")");
        }
        read(rows);
        return true;
    }

    /**
     * Reads the current row (column 1, the receive time, is read already).
     *
     * @param row the result set, on the row
     * @throws SQLException if DuckDB fails
     */
    abstract void read(ResultSet row) throws SQLException;

    /**
     * Hands the current row to the engine. Called again with the same row after {@link Rejection#RING_FULL}.
     *
     * @param publisher the engine's publisher
     * @return {@link Rejection#NONE} when the whole row is in the ring
     */
    abstract Rejection publish(EventPublisher publisher);

    /**
     * @param other another cursor on a row
     * @return true if this row goes first: earlier receive time, then table order
     */
    final boolean before(final RowCursor other) {
        return receiveTimeNs < other.receiveTimeNs || receiveTimeNs == other.receiveTimeNs && order < other.order;
    }

    @Override
    public final void close() {
        try {
            rows.close();
            statement.close();
            connection.close();
        } catch (final SQLException e) {
            // Closing a finished query; nothing to do about a failure.
        }
    }
}
