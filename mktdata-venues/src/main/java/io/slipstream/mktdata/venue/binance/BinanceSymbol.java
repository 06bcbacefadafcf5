package io.slipstream.mktdata.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.venue.json.FrameJson;
import io.slipstream.mktdata.venue.rest.RestResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Binance symbol: its instrument, book synchroniser, trade de-duplicator and candle state. */
final class BinanceSymbol {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceSymbol.class);
    private static final int KLINE_PAGE = 1500;
    private static final int KLINE_PAGE_WEIGHT = 10;
    private static final int SMALL_KLINE_PAGE = 99;
    private static final int SMALL_KLINE_PAGE_WEIGHT = 1;

    final Instrument instrument;
    final String streamPrefix;
    final BinanceDepthSync depth;
    final BinanceTradeSync trades;
    final AtomicLong quotes = new AtomicLong();
    /** Whether LIVE was reported for the quote stream since its last subscribe; the public socket's thread only. */
    boolean quotesLive;
    final AtomicLong liveCandles = new AtomicLong();
    final AtomicLong backfilledCandles = new AtomicLong();
    private final BinanceRuntime runtime;
    /** Per interval ordinal: open time of the newest candle published, or Long.MIN_VALUE. Guarded by itself. */
    private final long[] lastLiveOpenMs = new long[CandleInterval.values().length];
    /** Per interval ordinal: a backfill runs; live pushes are held. Guarded by lastLiveOpenMs. */
    private final boolean[] candleBackfilling = new boolean[CandleInterval.values().length];
    private final List<List<long[]>> heldCandles = new ArrayList<>();

    BinanceSymbol(final BinanceRuntime runtime, final Instrument instrument) {
        this.runtime = runtime;
        this.instrument = instrument;
        this.streamPrefix = instrument.symbol().toLowerCase(java.util.Locale.ROOT);
        this.depth = new BinanceDepthSync(runtime, instrument);
        this.trades = new BinanceTradeSync(runtime, instrument);
        java.util.Arrays.fill(lastLiveOpenMs, Long.MIN_VALUE);
        for (int i = 0; i < lastLiveOpenMs.length; i++) {
            heldCandles.add(new ArrayList<>());
        }
    }

    /**
     * A kline push (read thread). While a backfill of the interval runs, pushes are held (the engine cannot insert
     * buckets older than its newest) and published after the backfilled rows.
     *
     * @param interval the interval
     * @param eventMs  event time
     * @param receiveNs receive time
     * @param openMs   bucket open time
     * @param open     open
     * @param high     high
     * @param low      low
     * @param close    close
     * @param volume   base volume
     * @param count    trades
     * @param closed   {@code x}
     */
    void onKline(final CandleInterval interval, final long eventMs, final long receiveNs, final long openMs,
                 final long open, final long high, final long low, final long close, final long volume,
                 final long count, final boolean closed) {
        liveCandles.incrementAndGet();
        synchronized (lastLiveOpenMs) {
            final int i = interval.ordinal();
            if (candleBackfilling[i]) {
                final List<long[]> pending = heldCandles.get(i);
                if (!pending.isEmpty() && pending.get(pending.size() - 1)[0] == openMs) {
                    pending.remove(pending.size() - 1);
                }
                pending.add(new long[] {openMs, open, high, low, close, volume, count, closed ? 1 : 0, eventMs,
                    receiveNs});
                return;
            }
            publishCandle(interval, eventMs * 1_000_000L, receiveNs, openMs, open, high, low, close, volume, count,
                closed, CandleSource.LIVE);
        }
    }

    private void publishCandle(final CandleInterval interval, final long exchangeNs, final long receiveNs,
                               final long openMs, final long open, final long high, final long low, final long close,
                               final long volume, final long count, final boolean closed, final CandleSource source) {
        if (openMs > lastLiveOpenMs[interval.ordinal()]) {
            lastLiveOpenMs[interval.ordinal()] = openMs;
        }
        if (runtime.publisher.candle(instrument.id(), exchangeNs, receiveNs, interval, openMs, open, high, low,
            close, volume, count, closed, source) != Rejection.NONE) {
            runtime.publishFailures.incrementAndGet();
        }
    }

    /**
     * The market socket opened: live pushes of {@code interval} are held until its backfill is published.
     *
     * @param interval the interval
     */
    void beginCandleBackfill(final CandleInterval interval) {
        synchronized (lastLiveOpenMs) {
            candleBackfilling[interval.ordinal()] = true;
        }
    }

    /**
     * Control thread: fetches the candles of {@code interval} from the retention horizon (or, after a reconnect,
     * from shortly before the newest bucket published, which also fills any hole) up to now and publishes them as
     * BACKFILL (the newest row is still open), then the live pushes held meanwhile.
     *
     * @param interval the interval
     */
    void backfillCandles(final CandleInterval interval) {
        final long durationMs = interval.nominalDurationMs();
        final long nowMs = runtime.nowMs();
        final int retention = runtime.config.candleRetention().applyAsInt(interval);
        final long live;
        synchronized (lastLiveOpenMs) {
            live = lastLiveOpenMs[interval.ordinal()];
        }
        long startMs = live != Long.MIN_VALUE ? live - 2 * durationMs
            : interval.bucketStartMs(nowMs) - (long) (retention - 1) * durationMs;
        // After a reconnect only a few buckets are missing: a page under 100 rows weighs 1 instead of 10, which
        // matters when every symbol's candles are filled at once after a venue cut.
        final long bucketsWanted = (nowMs - startMs) / durationMs + 2;
        final int page = bucketsWanted < SMALL_KLINE_PAGE ? SMALL_KLINE_PAGE : KLINE_PAGE;
        final int pageWeight = page == SMALL_KLINE_PAGE ? SMALL_KLINE_PAGE_WEIGHT : KLINE_PAGE_WEIGHT;
        final List<long[]> rows = new ArrayList<>();
        boolean failed = false;
        try {
            while (!runtime.closed) {
                final RestResponse response = runtime.get("/fapi/v1/klines?symbol=" + instrument.symbol()
                    + "&interval=" + interval.wireName() + "&startTime=" + startMs + "&limit=" + page, pageWeight);
                final int n = parseKlines(response.body(), rows);
                if (n < page || rows.isEmpty()) {
                    break;
                }
                startMs = rows.get(rows.size() - 1)[0] + 1;
            }
        } catch (final IOException | RuntimeException e) {
            LOG.warn("{}: kline backfill {} failed ({})", instrument, interval.wireName(), e.toString());
            failed = true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = true;
        }
        final long receiveNs = runtime.nowNs();
        synchronized (lastLiveOpenMs) {
            final int i = interval.ordinal();
            for (int r = 0; r < rows.size(); r++) {
                final long[] row = rows.get(r);
                backfilledCandles.incrementAndGet();
                publishCandle(interval, row[0] * 1_000_000L, receiveNs, row[0], row[1], row[2], row[3], row[4],
                    row[5], row[6], r < rows.size() - 1, CandleSource.BACKFILL);
            }
            for (final long[] held : heldCandles.get(i)) {
                publishCandle(interval, held[8] * 1_000_000L, held[9], held[0], held[1], held[2], held[3], held[4],
                    held[5], held[6], held[7] == 1, CandleSource.LIVE);
            }
            heldCandles.get(i).clear();
            candleBackfilling[i] = false;
        }
        runtime.status(instrument.id(), StreamKind.CANDLES, interval, failed ? StreamStatus.GAP : StreamStatus.LIVE,
            failed ? -1 : 0);
    }

    /** Rows: [openTime, o, h, l, c, v, closeTime, quoteVolume, trades, ...]. */
    private int parseKlines(final String body, final List<long[]> out) throws IOException {
        int n = 0;
        try (JsonParser parser = runtime.json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("klines: not an array");
            }
            while (FrameJson.next(parser) == JsonToken.START_ARRAY) {
                final long[] row = new long[7];
                int column = 0;
                while (FrameJson.next(parser) != JsonToken.END_ARRAY) {
                    switch (column) {
                        case 0 -> row[0] = parser.getLongValue();
                        case 1, 2, 3, 4 -> row[column] = FixedPoint.parse(parser.getText(), instrument.priceScale());
                        case 5 -> row[5] = FixedPoint.parse(parser.getText(), instrument.sizeScale());
                        case 8 -> row[6] = parser.getLongValue();
                        default -> FrameJson.skipValue(parser);
                    }
                    column++;
                }
                n++;
                if (row[1] != FixedPoint.INVALID && row[2] != FixedPoint.INVALID && row[3] != FixedPoint.INVALID
                    && row[4] != FixedPoint.INVALID && row[5] != FixedPoint.INVALID) {
                    if (out.isEmpty() || row[0] > out.get(out.size() - 1)[0]) {
                        out.add(row);
                    }
                }
            }
        }
        return n;
    }
}
