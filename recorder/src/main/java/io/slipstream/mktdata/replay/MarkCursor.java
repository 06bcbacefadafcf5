package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.rejection.Rejection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@code mark} rows: mark and index price, funding rate (scale 10) and next funding time. */
final class MarkCursor extends RowCursor {
    private long exchangeTimeNs;
    private int instrumentId;
    private long markPrice;
    private long indexPrice;
    private long fundingRateE10;
    private long nextFundingTimeMs;

    MarkCursor(final Connection connection, final String sql) throws SQLException {
        super(ReplayTable.MARK, connection, sql);
    }

    @Override
    void read(final ResultSet row) throws SQLException {
        exchangeTimeNs = row.getLong(2);
        instrumentId = row.getInt(3);
        markPrice = row.getLong(4);
        indexPrice = row.getLong(5);
        fundingRateE10 = row.getLong(6);
        nextFundingTimeMs = row.getLong(7);
    }

    @Override
    Rejection publish(final EventPublisher publisher) {
        return publisher.markPrice(instrumentId, exchangeTimeNs, receiveTimeNs, markPrice, indexPrice,
            fundingRateE10, nextFundingTimeMs);
    }
}
