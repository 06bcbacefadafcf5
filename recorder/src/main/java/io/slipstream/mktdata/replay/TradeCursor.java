package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@code trades} rows: price, size, aggressor side, the venue's trade id and the backfill flag. */
final class TradeCursor extends RowCursor {
    private long exchangeTimeNs;
    private int instrumentId;
    private long price;
    private long size;
    private AggressorSide side;
    private long tradeId;
    private int flags;

    TradeCursor(final Connection connection, final String sql) throws SQLException {
        super(ReplayTable.TRADES, connection, sql);
    }

    @Override
    void read(final ResultSet row) throws SQLException {
        exchangeTimeNs = row.getLong(2);
        instrumentId = row.getInt(3);
        price = row.getLong(4);
        size = row.getLong(5);
        side = AggressorSide.fromCode(row.getInt(6));
        tradeId = row.getLong(7);
        flags = row.getInt(8);
    }

    @Override
    Rejection publish(final EventPublisher publisher) {
        return publisher.trade(instrumentId, exchangeTimeNs, receiveTimeNs, price, size, side, tradeId, flags);
    }
}
