package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.rejection.Rejection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@code quotes} rows: best bid and ask (an empty side's price is {@code QuoteRing.NO_PRICE}). */
final class QuoteCursor extends RowCursor {
    private long exchangeTimeNs;
    private int instrumentId;
    private long bidPrice;
    private long bidSize;
    private long askPrice;
    private long askSize;

    QuoteCursor(final Connection connection, final String sql) throws SQLException {
        super(ReplayTable.QUOTES, connection, sql);
    }

    @Override
    void read(final ResultSet row) throws SQLException {
        exchangeTimeNs = row.getLong(2);
        instrumentId = row.getInt(3);
        bidPrice = row.getLong(4);
        bidSize = row.getLong(5);
        askPrice = row.getLong(6);
        askSize = row.getLong(7);
    }

    @Override
    Rejection publish(final EventPublisher publisher) {
        return publisher.quote(instrumentId, exchangeTimeNs, receiveTimeNs, bidPrice, bidSize, askPrice, askSize);
    }
}
