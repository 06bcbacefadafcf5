package io.slipstream.mktdata.ipc.server;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.engine.MarketState;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import io.slipstream.mktdata.ipc.protocol.MessageEncoder;
import io.slipstream.mktdata.trade.TradeRing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Answers to the {@code get_*} requests, read from the engine state on the engine thread (so never from a
 * half-applied update). Small answers are encoded right there; a candle batch is copied out as columns and encoded
 * elsewhere, so the engine thread spends only the copy on it.
 */
final class QueryReplies {
    private static final byte[] T_ORDERBOOK = MsgPackWriter.utf8("orderbook_snapshot");
    private static final byte[] T_TRADES = MsgPackWriter.utf8("trades");
    private static final byte[] T_CANDLES = MsgPackWriter.utf8("candles");
    private static final byte[] T_CANDLES_BATCH = MsgPackWriter.utf8("candles_batch");
    private static final byte[] T_FEATURES = MsgPackWriter.utf8("features");
    private static final byte[] T_FEATURES_BATCH = MsgPackWriter.utf8("features_batch");
    private static final byte[] T_STATUS_REPORT = MsgPackWriter.utf8("status_report");
    private static final StreamKind[] REPORTED_KINDS = {StreamKind.BOOK, StreamKind.TRADES, StreamKind.QUOTES};

    private QueryReplies() {
    }

    static byte[] orderbook(final MessageEncoder encoder, final MarketState state, final long requestId,
                            final Instrument instrument, final int depth, final long nowNs) {
        final MsgPackWriter out = new MsgPackWriter(256 + 40 * Math.max(depth, 16));
        final int id = instrument.id();
        final L2Book book = state.book(id);
        encoder.bookTop(out, id, book, depth, true, state.streamSequence(id, StreamKind.BOOK, null),
            state.epoch(), 0, state.lastReceiveTimeNs(id, StreamKind.BOOK, null), nowNs, requestId);
        return out.toByteArray();
    }

    static byte[] quote(final MessageEncoder encoder, final MarketState state, final long requestId,
                        final Instrument instrument) {
        final MsgPackWriter out = new MsgPackWriter(256);
        encoder.latestQuote(out, instrument.id(), state.quotes(instrument.id()), state.epoch(), requestId);
        return out.toByteArray();
    }

    /** @return a {@code features} reply: the instrument's latest features, or nil data if there are none yet */
    static byte[] features(final MessageEncoder encoder, final MarketState state, final long requestId,
                           final Instrument instrument) {
        final MsgPackWriter out = new MsgPackWriter(2048);
        final FeatureView features = state.features(instrument.id());
        if (features == null) {
            MessageEncoder.reply(out, T_FEATURES, requestId, 0);
            out.nil();
        } else {
            encoder.features(out, features.event(), requestId);
        }
        return out.toByteArray();
    }

    /** @return a {@code features_batch} reply: {@code {"venue", "features": {symbol: features data or nil}}} */
    static byte[] featuresBatch(final MessageEncoder encoder, final MarketState state, final long requestId,
                                final Venue venue, final List<Instrument> instruments) {
        final MsgPackWriter out = new MsgPackWriter(256 + 1024 * instruments.size());
        MessageEncoder.reply(out, T_FEATURES_BATCH, requestId, 2);
        out.string(MsgPackWriter.utf8("venue")).string(venue.wireName());
        out.string(MsgPackWriter.utf8("features")).mapHeader(instruments.size());
        for (final Instrument instrument : instruments) {
            out.string(encoder.symbolName(instrument));
            final FeatureView features = state.features(instrument.id());
            if (features == null) {
                out.nil();
            } else {
                encoder.featuresData(out, features.event());
            }
        }
        return out.toByteArray();
    }

    static byte[] trades(final MessageEncoder encoder, final MarketState state, final long requestId,
                         final Instrument instrument, final int count) {
        final TradeRing trades = state.trades(instrument.id());
        final int held = trades == null ? 0 : trades.count();
        final int first = Math.max(0, held - count);
        final MsgPackWriter out = new MsgPackWriter(256 + 200 * (held - first));
        MessageEncoder.reply(out, T_TRADES, requestId, 3);
        venueAndSymbol(out, encoder, instrument);
        out.string(MsgPackWriter.utf8("trades")).arrayHeader(held - first);
        for (int i = first; i < held; i++) {
            encoder.tradeData(out, instrument, trades, i, state.epoch());
        }
        return out.toByteArray();
    }

    static byte[] candles(final MessageEncoder encoder, final MarketState state, final long requestId,
                          final Instrument instrument, final CandleInterval interval, final int count) {
        final CandleSeries series = state.candles(instrument.id(), interval);
        final int[] indexes = presentCandles(series, count);
        final MsgPackWriter out = new MsgPackWriter(256 + 300 * indexes.length);
        MessageEncoder.reply(out, T_CANDLES, requestId, 4);
        venueAndSymbol(out, encoder, instrument);
        out.string(MsgPackWriter.utf8("interval")).string(interval.wireName());
        out.string(MsgPackWriter.utf8("candles")).arrayHeader(indexes.length);
        for (final int index : indexes) {
            encoder.candle(out, instrument, series, index, state.epoch(), false);
        }
        return out.toByteArray();
    }

    /** The newest {@code count} buckets of a series that are not placeholders for missing data, oldest first. */
    static int[] presentCandles(final CandleSeries series, final int count) {
        if (series == null) {
            return new int[0];
        }
        final int held = series.count();
        final int first = Math.max(0, held - count);
        int present = 0;
        final int[] indexes = new int[held - first];
        for (int i = first; i < held; i++) {
            if (series.source(i) != CandleSource.MISSING) {
                indexes[present++] = i;
            }
        }
        return java.util.Arrays.copyOf(indexes, present);
    }

    /** A candle batch copied out of the engine, as columns; encoded off the engine thread. */
    record CandleColumns(Venue venue, CandleInterval interval, List<String> symbols, int[] counts,
                         long[] openTimeMs, double[] open, double[] high, double[] low, double[] close,
                         double[] volume, long[] trades, boolean[] closed) {

        static CandleColumns copy(final MarketState state, final Venue venue, final List<Instrument> instruments,
                                  final CandleInterval interval, final int count) {
            final int[][] indexes = new int[instruments.size()][];
            int total = 0;
            for (int s = 0; s < instruments.size(); s++) {
                indexes[s] = presentCandles(state.candles(instruments.get(s).id(), interval), count);
                total += indexes[s].length;
            }
            final List<String> symbols = new ArrayList<>(instruments.size());
            final int[] counts = new int[instruments.size()];
            final long[] openTimeMs = new long[total];
            final double[] open = new double[total];
            final double[] high = new double[total];
            final double[] low = new double[total];
            final double[] close = new double[total];
            final double[] volume = new double[total];
            final long[] trades = new long[total];
            final boolean[] closed = new boolean[total];
            int row = 0;
            for (int s = 0; s < instruments.size(); s++) {
                final Instrument instrument = instruments.get(s);
                final CandleSeries series = state.candles(instrument.id(), interval);
                symbols.add(instrument.symbol());
                counts[s] = indexes[s].length;
                for (final int i : indexes[s]) {
                    openTimeMs[row] = series.openTimeMs(i);
                    open[row] = instrument.price(series.open(i));
                    high[row] = instrument.price(series.high(i));
                    low[row] = instrument.price(series.low(i));
                    close[row] = instrument.price(series.close(i));
                    volume[row] = instrument.size(series.volume(i));
                    trades[row] = series.tradeCount(i);
                    closed[row] = series.isClosed(i);
                    row++;
                }
            }
            return new CandleColumns(venue, interval, symbols, counts, openTimeMs, open, high, low, close, volume,
                trades, closed);
        }

        byte[] encode(final long requestId, final boolean columnar) {
            final int rows = openTimeMs.length;
            final MsgPackWriter out = new MsgPackWriter(1024 + rows * (columnar ? 60 : 160));
            if (columnar) {
                MessageEncoder.reply(out, T_CANDLES_BATCH, requestId, 13);
                out.string(MsgPackWriter.utf8("venue")).string(venue.wireName());
                out.string(MsgPackWriter.utf8("interval")).string(interval.wireName());
                out.string(MsgPackWriter.utf8("format")).string("columns");
                out.string(MsgPackWriter.utf8("symbols")).value(symbols);
                out.string(MsgPackWriter.utf8("counts")).arrayHeader(counts.length);
                for (final int c : counts) {
                    out.integer(c);
                }
                longColumn(out, "open_time_ms", openTimeMs);
                doubleColumn(out, "open", open);
                doubleColumn(out, "high", high);
                doubleColumn(out, "low", low);
                doubleColumn(out, "close", close);
                doubleColumn(out, "volume", volume);
                longColumn(out, "trades", trades);
                out.string(MsgPackWriter.utf8("closed")).binHeader(rows);
                for (final boolean c : closed) {
                    out.rawByte(c ? 1 : 0);
                }
                return out.toByteArray();
            }
            MessageEncoder.reply(out, T_CANDLES_BATCH, requestId, 4);
            out.string(MsgPackWriter.utf8("venue")).string(venue.wireName());
            out.string(MsgPackWriter.utf8("interval")).string(interval.wireName());
            out.string(MsgPackWriter.utf8("format")).string("rows");
            out.string(MsgPackWriter.utf8("candles")).mapHeader(symbols.size());
            int row = 0;
            for (int s = 0; s < symbols.size(); s++) {
                out.string(symbols.get(s)).arrayHeader(counts[s]);
                for (int i = 0; i < counts[s]; i++, row++) {
                    out.mapHeader(11);
                    out.string("venue").string(venue.wireName());
                    out.string("symbol").string(symbols.get(s));
                    out.string("interval").string(interval.wireName());
                    out.string("open_time_ms").integer(openTimeMs[row]);
                    out.string("timestamp").integer(openTimeMs[row] / 1000);
                    out.string("open").float64(open[row]);
                    out.string("high").float64(high[row]);
                    out.string("low").float64(low[row]);
                    out.string("close").float64(close[row]);
                    out.string("volume").float64(volume[row]);
                    out.string("num_trades").integer(trades[row]);
                }
            }
            return out.toByteArray();
        }

        private static void longColumn(final MsgPackWriter out, final String name, final long[] values) {
            out.string(name).binHeader(values.length * 8);
            for (final long value : values) {
                out.rawLongLittleEndian(value);
            }
        }

        private static void doubleColumn(final MsgPackWriter out, final String name, final double[] values) {
            out.string(name).binHeader(values.length * 8);
            for (final double value : values) {
                out.rawLongLittleEndian(Double.doubleToRawLongBits(value));
            }
        }
    }

    static byte[] status(final MarketState state, final long requestId, final List<Instrument> instruments,
                         final long nowNs) {
        final List<Object> streams = new ArrayList<>();
        for (final Instrument instrument : instruments) {
            for (final StreamKind kind : REPORTED_KINDS) {
                addStream(streams, state, instrument, kind, null, nowNs);
            }
            for (final CandleInterval interval : CandleInterval.values()) {
                if (state.candles(instrument.id(), interval) != null) {
                    addStream(streams, state, instrument, StreamKind.CANDLES, interval, nowNs);
                }
            }
        }
        final MsgPackWriter out = new MsgPackWriter(1024 + 160 * streams.size());
        MessageEncoder.reply(out, T_STATUS_REPORT, requestId, 1);
        out.string("streams").value(streams);
        return out.toByteArray();
    }

    private static void addStream(final List<Object> streams, final MarketState state, final Instrument instrument,
                                  final StreamKind kind, final CandleInterval interval, final long nowNs) {
        final StreamStatus status = state.streamStatus(instrument.id(), kind, interval);
        final long lastReceiveNs = state.lastReceiveTimeNs(instrument.id(), kind, interval);
        if (status == null && lastReceiveNs == 0) {
            return;
        }
        final java.util.Map<String, Object> stream = new java.util.LinkedHashMap<>();
        stream.put("venue", instrument.venue().wireName());
        stream.put("symbol", instrument.symbol());
        stream.put("stream", MessageEncoder.streamName(kind));
        stream.put("interval", interval == null ? null : interval.wireName());
        stream.put("status", status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT));
        stream.put("last_receive_ns", lastReceiveNs);
        stream.put("age_ms", lastReceiveNs == 0 ? -1 : Math.max(0, (nowNs - lastReceiveNs) / 1_000_000L));
        streams.add(stream);
    }

    private static void venueAndSymbol(final MsgPackWriter out, final MessageEncoder encoder,
                                       final Instrument instrument) {
        out.string("venue").string(instrument.venue().wireName());
        out.string("symbol").string(encoder.symbolName(instrument));
    }
}
