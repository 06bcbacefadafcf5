package io.slipstream.mktdata.replay;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.rejection.Rejection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/** {@code status} rows, as recorded: stream ({@code book}, {@code candles 1h}, ...), status and detail. */
final class StatusCursor extends RowCursor {
    private Venue venue;
    private int instrumentId;
    private StreamKind kind;
    private CandleInterval interval;
    private StreamStatus status;
    private long detail;

    StatusCursor(final Connection connection, final String sql) throws SQLException {
        super(ReplayTable.STATUS, connection, sql);
    }

    @Override
    void read(final ResultSet row) throws SQLException {
        venue = Venue.fromWireName(row.getString(2));
        instrumentId = row.getInt(3);
        final String stream = row.getString(4);
        final int space = stream == null ? -1 : stream.indexOf(' ');
        kind = stream == null ? null : valueOf(StreamKind.class, space < 0 ? stream : stream.substring(0, space));
        interval = space < 0 ? null : CandleInterval.fromWireName(stream.substring(space + 1));
        status = valueOf(StreamStatus.class, row.getString(5));
        detail = row.getLong(6);
    }

    private static <E extends Enum<E>> E valueOf(final Class<E> type, final String name) {
        try {
            return name == null ? null : Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    Rejection publish(final EventPublisher publisher) {
        if (venue == null || kind == null || status == null) {
            // A row this version cannot read (a later version's status): skipped.
            return Rejection.MALFORMED_EVENT;
        }
        return publisher.status(venue, instrumentId, receiveTimeNs, kind, interval, status, detail);
    }
}
