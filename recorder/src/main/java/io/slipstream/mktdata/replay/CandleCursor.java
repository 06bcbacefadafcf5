package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.rejection.Rejection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@code candles} rows: closed candles (and corrections), with the source they were recorded with. */
final class CandleCursor extends RowCursor {
    private long exchangeTimeNs;
    private int instrumentId;
    private CandleInterval interval;
    private long openTimeMs;
    private long open;
    private long high;
    private long low;
    private long close;
    private long volume;
    private long tradeCount;
    private CandleSource source;

    CandleCursor(final Connection connection, final String sql) throws SQLException {
        super(ReplayTable.CANDLES, connection, sql);
    }

    @Override
    void read(final ResultSet row) throws SQLException {
        exchangeTimeNs = row.getLong(2);
        instrumentId = row.getInt(3);
        interval = CandleInterval.fromWireName(row.getString(4));
        openTimeMs = row.getLong(5);
        open = row.getLong(6);
        high = row.getLong(7);
        low = row.getLong(8);
        close = row.getLong(9);
        volume = row.getLong(10);
        tradeCount = row.getLong(11);
        source = switch (row.getString(12)) {
            case "live" -> CandleSource.LIVE;
            case "backfill" -> CandleSource.BACKFILL;
            case "trades" -> CandleSource.TRADES;
            default -> null;
        };
    }

    @Override
    Rejection publish(final EventPublisher publisher) {
        // An unknown interval or source is refused (and counted) by the publisher.
        return publisher.candle(instrumentId, exchangeTimeNs, receiveTimeNs, interval, openTimeMs, open, high, low,
            close, volume, tradeCount, true, source);
    }
}
