package io.slipstream.mktdata.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.venue.json.FrameJson;
import io.slipstream.mktdata.venue.websocket.FrameListener;
import io.slipstream.mktdata.venue.websocket.ReconnectBackoff;
import io.slipstream.mktdata.venue.websocket.VenueWebSocket;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined-stream socket ({@code <route>/stream}) carrying up to {@code maxStreamsPerConnection} streams. On
 * every (re)open it subscribes everything again in batches paced under the per-connection message limit. Frames are
 * decoded on the read thread by one reused non-blocking jackson parser, routed by the {@code stream} name (never by
 * {@code e}) and published straight away; prices are parsed from the parser's text buffer into mantissas.
 */
final class BinanceConnection implements FrameListener {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceConnection.class);

    private final String name;
    private final boolean publicRoute;
    private final List<BinanceStreamTable.Entry> streams;
    private final BinanceStreamTable table;
    private final BinanceRuntime runtime;
    private final ScheduledExecutorService timer;
    private final VenueWebSocket socket;
    private final BinanceJson json = new BinanceJson();
    private final BinanceDepthDiff diff = new BinanceDepthDiff();
    private final BinanceDepthScanner depthScanner = new BinanceDepthScanner();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong opens = new AtomicLong();
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private long fed;
    private byte[] scratch = new byte[64 * 1024];
    private boolean loggedMalformed;
    private boolean loggedUnknown;
    private volatile long openedAtNs;
    private volatile long sessionId;
    private volatile long staleActionNs;
    private volatile long framesAtStaleAction;
    private boolean badLevel;

    BinanceConnection(final String name, final URI wsBase, final boolean publicRoute,
                      final List<BinanceStreamTable.Entry> streams, final BinanceStreamTable table,
                      final BinanceRuntime runtime, final ScheduledExecutorService timer) {
        this.name = name;
        this.publicRoute = publicRoute;
        this.streams = List.copyOf(streams);
        this.table = table;
        this.runtime = runtime;
        this.timer = timer;
        final String base = wsBase.toString();
        final URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/stream");
        this.socket = new VenueWebSocket(name, () -> uri, this, runtime.clock,
            new ReconnectBackoff(runtime.config.reconnectDelayMs(), runtime.config.maxReconnectDelayMs(),
                new Random(name.hashCode())), timer);
        newParser();
    }

    private void newParser() {
        try {
            if (parser != null) {
                parser.close();
            }
            parser = runtime.json.createNonBlockingByteArrayParser();
            fed = 0;
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    void start() {
        socket.start();
    }

    void close() {
        socket.close();
    }

    VenueWebSocket socket() {
        return socket;
    }

    List<BinanceStreamTable.Entry> streams() {
        return streams;
    }

    @Override
    public void onOpen(final VenueWebSocket ws) {
        openedAtNs = runtime.nowNs();
        staleActionNs = 0;
        final long session = ++sessionId;
        opens.incrementAndGet();
        LOG.info("{}: open, subscribing {} streams", name, streams.size());
        for (final BinanceStreamTable.Entry entry : streams) {
            final int id = entry.symbol().instrument.id();
            switch (entry.kind()) {
                case DEPTH -> entry.symbol().depth.onSubscribed();
                case BOOK_TICKER -> {
                    entry.symbol().quotesLive = false;
                    runtime.status(id, StreamKind.QUOTES, null, StreamStatus.CONNECTED, 0);
                }
                case AGG_TRADE -> {
                    runtime.status(id, StreamKind.TRADES, null, StreamStatus.CONNECTED, 0);
                    entry.symbol().trades.onSubscribed();
                }
                case KLINE -> {
                    runtime.status(id, StreamKind.CANDLES, entry.interval(), StreamStatus.SYNCING, 0);
                    final BinanceSymbol symbol = entry.symbol();
                    final CandleInterval interval = entry.interval();
                    symbol.beginCandleBackfill(interval);
                    runtime.scheduleBackfill(() -> symbol.backfillCandles(interval));
                }
                case MARK_PRICE -> {
                    // no stream status for mark prices: nothing to rebuild
                }
                default -> throw new IllegalStateException(entry.kind().name());
            }
        }
        final List<String> names = new ArrayList<>(streams.size());
        streams.forEach(e -> names.add(e.name()));
        final long spacingMs = 1000L / runtime.config.maxMessagesPerSecond() + 20;
        int message = 0;
        for (int from = 0; from < names.size(); from += runtime.config.streamsPerSubscribe()) {
            final List<String> batch = names.subList(from, Math.min(names.size(), from + runtime.config
                .streamsPerSubscribe()));
            final String text = subscribeMessage(batch);
            if (message == 0) {
                socket.send(text);
            } else {
                timer.schedule(() -> {
                    if (sessionId == session) {
                        socket.send(text);
                    }
                }, message * spacingMs, TimeUnit.MILLISECONDS);
            }
            message++;
        }
    }

    private String subscribeMessage(final List<String> batch) {
        final StringBuilder out = new StringBuilder(32 + batch.size() * 32)
            .append("{\"method\":\"SUBSCRIBE\",\"params\":[");
        for (int i = 0; i < batch.size(); i++) {
            out.append(i == 0 ? "\"" : ",\"").append(batch.get(i)).append('"');
        }
        return out.append("],\"id\":").append(requestIds.incrementAndGet()).append('}').toString();
    }

    /**
     * Re-sends SUBSCRIBE for some streams (the watchdog saw them go quiet).
     *
     * @param names stream names
     */
    void resubscribe(final List<String> names) {
        socket.send(subscribeMessage(names));
    }

    @Override
    public void onClose(final VenueWebSocket ws, final int code, final String reason) {
        sessionId++;
        LOG.info("{}: closed ({} {})", name, code, reason);
        for (final BinanceStreamTable.Entry entry : streams) {
            final int id = entry.symbol().instrument.id();
            switch (entry.kind()) {
                case DEPTH -> entry.symbol().depth.onDisconnected();
                case BOOK_TICKER -> runtime.status(id, StreamKind.QUOTES, null, StreamStatus.DISCONNECTED, 0);
                case AGG_TRADE -> {
                    entry.symbol().trades.onDisconnected();
                    runtime.status(id, StreamKind.TRADES, null, StreamStatus.DISCONNECTED, 0);
                }
                case KLINE -> runtime.status(id, StreamKind.CANDLES, entry.interval(), StreamStatus.DISCONNECTED, 0);
                default -> {
                    // nothing to report
                }
            }
        }
    }

    @Override
    public void onFrame(final VenueWebSocket ws, final ByteBuffer payload, final long receiveTimeNs) {
        if (runtime.config.capture() != null) {
            runtime.config.capture().writeFrame(receiveTimeNs, payload);
        }
        final byte[] bytes;
        final int start;
        final int end;
        if (payload.hasArray()) {
            bytes = payload.array();
            start = payload.arrayOffset() + payload.position();
            end = payload.arrayOffset() + payload.limit();
        } else {
            final int length = payload.remaining();
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            payload.duplicate().get(scratch, 0, length);
            bytes = scratch;
            start = 0;
            end = length;
        }
        final BinanceStreamTable.Entry depthRoute = depthScanner.scan(bytes, start, end, table, diff);
        if (depthRoute != null) {
            diff.receiveTimeNs = receiveTimeNs;
            depthRoute.symbol().depth.onDiff(diff);
            return;
        }
        try {
            feeder.feedInput(bytes, start, end);
            fed += end - start;
            decodeRoot(receiveTimeNs);
            if (!feeder.needMoreInput()) {
                // rare: bytes after the object; whitespace is fine, anything else is garbage
                final long remaining = fed - parser.currentLocation().getByteOffset();
                for (int i = (int) Math.max(start, end - remaining); i < end; i++) {
                    if (bytes[i] != ' ' && bytes[i] != '\n' && bytes[i] != '\r' && bytes[i] != '\t') {
                        throw new IOException("trailing data after the JSON object");
                    }
                }
                newParser();
            }
        } catch (final IOException | RuntimeException e) {
            malformed.incrementAndGet();
            if (!loggedMalformed) {
                loggedMalformed = true;
                LOG.warn("{}: malformed frame ({}), counted; further ones are only counted: {}", name, e.toString(),
                    new String(bytes, start, Math.min(end - start, 200), StandardCharsets.UTF_8));
            }
            newParser();
        }
    }

    private void decodeRoot(final long receiveTimeNs) throws IOException {
        if (FrameJson.next(parser) != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        BinanceStreamTable.Entry route = null;
        boolean sawStream = false;
        boolean control = false;
        boolean error = false;
        long code = 0;
        String message = null;
        while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
            if (BinanceJson.textEquals(parser, "stream")) {
                FrameJson.next(parser);
                sawStream = true;
                route = table.find(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            } else if (BinanceJson.textEquals(parser, "data")) {
                FrameJson.next(parser);
                if (route == null) {
                    unknown(sawStream ? "unknown stream" : "data before stream");
                    FrameJson.skipValue(parser);
                } else {
                    decodeData(route, receiveTimeNs);
                }
            } else if (BinanceJson.textEquals(parser, "result") || BinanceJson.textEquals(parser, "id")) {
                control = true;
                FrameJson.next(parser);
                FrameJson.skipValue(parser);
            } else if (BinanceJson.textEquals(parser, "code")) {
                error = true;
                FrameJson.next(parser);
                code = BinanceJson.longValue(parser);
            } else if (BinanceJson.textEquals(parser, "msg")) {
                FrameJson.next(parser);
                message = parser.getText();
            } else {
                FrameJson.next(parser);
                FrameJson.skipValue(parser);
            }
        }
        if (error) {
            errors.incrementAndGet();
            LOG.warn("{}: error frame code {}: {}", name, code, message);
        } else if (control && !sawStream) {
            acks.incrementAndGet();
        } else if (!sawStream) {
            unknown("no stream");
        }
    }

    private void unknown(final String why) {
        unknown.incrementAndGet();
        if (!loggedUnknown) {
            loggedUnknown = true;
            LOG.warn("{}: unrecognised frame ({}), counted; further ones are only counted", name, why);
        }
    }

    private void decodeData(final BinanceStreamTable.Entry route, final long receiveTimeNs) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("data is not an object");
        }
        switch (route.kind()) {
            case DEPTH -> depth(route.symbol(), receiveTimeNs);
            case BOOK_TICKER -> bookTicker(route.symbol(), receiveTimeNs);
            case AGG_TRADE -> aggTrade(route.symbol(), receiveTimeNs);
            case KLINE -> kline(route.symbol(), route.interval(), receiveTimeNs);
            case MARK_PRICE -> markPrice(route.symbol(), receiveTimeNs);
            default -> throw new IllegalStateException(route.kind().name());
        }
    }

    private void depth(final BinanceSymbol symbol, final long receiveTimeNs) throws IOException {
        final Instrument instrument = symbol.instrument;
        diff.clear();
        diff.receiveTimeNs = receiveTimeNs;
        badLevel = false;
        long eventMs = 0;
        long transactMs = 0;
        while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            FrameJson.next(parser);
            if ("pu".equals(field)) {
                diff.previousUpdateId = BinanceJson.longValue(parser);
            } else if (field == null || field.length() != 1) {
                FrameJson.skipValue(parser);
            } else {
                final char c = field.charAt(0);
                switch (c) {
                    case 'E' -> eventMs = BinanceJson.longValue(parser);
                    case 'T' -> transactMs = BinanceJson.longValue(parser);
                    case 'U' -> diff.firstUpdateId = BinanceJson.longValue(parser);
                    case 'u' -> diff.lastUpdateId = BinanceJson.longValue(parser);
                    case 'b' -> levels(instrument, diff.bids);
                    case 'a' -> levels(instrument, diff.asks);
                    default -> FrameJson.skipValue(parser);
                }
            }
        }
        diff.exchangeTimeNs = (transactMs > 0 ? transactMs : eventMs) * 1_000_000L;
        if (!diff.complete() || badLevel) {
            malformed.incrementAndGet();
            return;
        }
        symbol.depth.onDiff(diff);
    }

    private void levels(final Instrument instrument, final LevelBuffer out) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            FrameJson.skipValue(parser);
            badLevel = true;
            return;
        }
        while (FrameJson.next(parser) == JsonToken.START_ARRAY) {
            FrameJson.next(parser);
            final long price = json.decimal(parser, instrument.priceScale());
            FrameJson.next(parser);
            final long size = json.decimal(parser, instrument.sizeScale());
            while (FrameJson.next(parser) != JsonToken.END_ARRAY) {
                FrameJson.skipValue(parser);
            }
            if (price == FixedPoint.INVALID || size == FixedPoint.INVALID || price <= 0 || size < 0) {
                badLevel = true;
            } else {
                out.add(price, size);
            }
        }
    }

    private void bookTicker(final BinanceSymbol symbol, final long receiveTimeNs) throws IOException {
        final Instrument instrument = symbol.instrument;
        long eventMs = 0;
        long transactMs = 0;
        long bid = FixedPoint.INVALID;
        long bidSize = FixedPoint.INVALID;
        long ask = FixedPoint.INVALID;
        long askSize = FixedPoint.INVALID;
        while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
            final char c = BinanceJson.singleChar(parser);
            FrameJson.next(parser);
            switch (c) {
                case 'E' -> eventMs = BinanceJson.longValue(parser);
                case 'T' -> transactMs = BinanceJson.longValue(parser);
                case 'b' -> bid = json.decimal(parser, instrument.priceScale());
                case 'B' -> bidSize = json.decimal(parser, instrument.sizeScale());
                case 'a' -> ask = json.decimal(parser, instrument.priceScale());
                case 'A' -> askSize = json.decimal(parser, instrument.sizeScale());
                default -> FrameJson.skipValue(parser);
            }
        }
        if (bid == FixedPoint.INVALID || bidSize == FixedPoint.INVALID || ask == FixedPoint.INVALID
            || askSize == FixedPoint.INVALID) {
            malformed.incrementAndGet();
            return;
        }
        symbol.quotes.incrementAndGet();
        if (runtime.publisher.quote(instrument.id(), (transactMs > 0 ? transactMs : eventMs) * 1_000_000L,
            receiveTimeNs, bid, bidSize, ask, askSize) != Rejection.NONE) {
            runtime.publishFailures.incrementAndGet();
        }
        if (!symbol.quotesLive) {
            symbol.quotesLive = true;
            runtime.status(instrument.id(), StreamKind.QUOTES, null, StreamStatus.LIVE, 0);
        }
    }

    private void aggTrade(final BinanceSymbol symbol, final long receiveTimeNs) throws IOException {
        final Instrument instrument = symbol.instrument;
        long tradeMs = 0;
        long eventMs = 0;
        long id = Long.MIN_VALUE;
        long price = FixedPoint.INVALID;
        long size = FixedPoint.INVALID;
        boolean buyerMaker = false;
        boolean sawSide = false;
        while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
            final char c = BinanceJson.singleChar(parser);
            FrameJson.next(parser);
            switch (c) {
                case 'E' -> eventMs = BinanceJson.longValue(parser);
                case 'T' -> tradeMs = BinanceJson.longValue(parser);
                case 'a' -> id = BinanceJson.longValue(parser);
                case 'p' -> price = json.decimal(parser, instrument.priceScale());
                case 'q' -> size = json.decimal(parser, instrument.sizeScale());
                case 'm' -> {
                    sawSide = parser.currentToken().isBoolean();
                    buyerMaker = parser.currentToken() == JsonToken.VALUE_TRUE;
                }
                default -> FrameJson.skipValue(parser);
            }
        }
        if (id == Long.MIN_VALUE || price == FixedPoint.INVALID || size == FixedPoint.INVALID || !sawSide) {
            malformed.incrementAndGet();
            return;
        }
        symbol.trades.onLive(tradeMs > 0 ? tradeMs : eventMs, receiveTimeNs, price, size, buyerMaker, id);
    }

    private void kline(final BinanceSymbol symbol, final CandleInterval interval, final long receiveTimeNs)
        throws IOException {
        final Instrument instrument = symbol.instrument;
        long eventMs = 0;
        long openMs = Long.MIN_VALUE;
        long open = FixedPoint.INVALID;
        long high = FixedPoint.INVALID;
        long low = FixedPoint.INVALID;
        long close = FixedPoint.INVALID;
        long volume = FixedPoint.INVALID;
        long count = 0;
        boolean closed = false;
        while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
            final char outer = BinanceJson.singleChar(parser);
            FrameJson.next(parser);
            if (outer == 'E') {
                eventMs = BinanceJson.longValue(parser);
            } else if (outer == 'k' && parser.currentToken() == JsonToken.START_OBJECT) {
                while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
                    final char c = BinanceJson.singleChar(parser);
                    FrameJson.next(parser);
                    switch (c) {
                        case 't' -> openMs = BinanceJson.longValue(parser);
                        case 'o' -> open = json.decimal(parser, instrument.priceScale());
                        case 'h' -> high = json.decimal(parser, instrument.priceScale());
                        case 'l' -> low = json.decimal(parser, instrument.priceScale());
                        case 'c' -> close = json.decimal(parser, instrument.priceScale());
                        case 'v' -> volume = json.decimal(parser, instrument.sizeScale());
                        case 'n' -> count = BinanceJson.longValue(parser);
                        case 'x' -> closed = parser.currentToken() == JsonToken.VALUE_TRUE;
                        default -> FrameJson.skipValue(parser);
                    }
                }
            } else {
                FrameJson.skipValue(parser);
            }
        }
        if (openMs == Long.MIN_VALUE || open == FixedPoint.INVALID || high == FixedPoint.INVALID
            || low == FixedPoint.INVALID || close == FixedPoint.INVALID || volume == FixedPoint.INVALID) {
            malformed.incrementAndGet();
            return;
        }
        symbol.onKline(interval, eventMs, receiveTimeNs, openMs, open, high, low, close, volume,
            Math.max(0, count), closed);
    }

    private void markPrice(final BinanceSymbol symbol, final long receiveTimeNs) throws IOException {
        final Instrument instrument = symbol.instrument;
        long eventMs = 0;
        long mark = FixedPoint.INVALID;
        long index = FixedPoint.INVALID;
        long funding = FixedPoint.INVALID;
        long nextFundingMs = 0;
        while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
            final char c = BinanceJson.singleChar(parser);
            FrameJson.next(parser);
            switch (c) {
                case 'E' -> eventMs = BinanceJson.longValue(parser);
                case 'p' -> mark = json.roundedDecimal(parser, instrument.priceScale());
                case 'i' -> index = json.roundedDecimal(parser, instrument.priceScale());
                case 'r' -> funding = json.decimal(parser, 10);
                case 'T' -> nextFundingMs = BinanceJson.longValue(parser);
                default -> FrameJson.skipValue(parser);
            }
        }
        if (mark == FixedPoint.INVALID || index == FixedPoint.INVALID || funding == FixedPoint.INVALID) {
            malformed.incrementAndGet();
            return;
        }
        runtime.markPrice(instrument.id(), eventMs * 1_000_000L, receiveTimeNs, mark, index, funding,
            nextFundingMs);
    }

    /**
     * Watchdog (timer thread): recycle an old socket; resubscribe quiet depth streams, and recycle the socket if
     * they stay quiet while the socket receives nothing at all.
     *
     * @param nowNs now
     */
    void watch(final long nowNs) {
        if (!socket.isOpen()) {
            return;
        }
        if (nowNs - openedAtNs > runtime.config.maxConnectionAgeMs() * 1_000_000L) {
            LOG.info("{}: recycling after {} ms (Binance cuts sockets at 24 h)", name,
                (nowNs - openedAtNs) / 1_000_000L);
            socket.recycle();
            return;
        }
        if (!publicRoute) {
            return;
        }
        final long staleNs = runtime.config.depthStaleMs() * 1_000_000L;
        List<String> stale = null;
        for (final BinanceStreamTable.Entry entry : streams) {
            if (entry.kind() == BinanceStreamTable.Kind.DEPTH
                && nowNs - entry.symbol().depth.lastDiffNs() > staleNs) {
                if (stale == null) {
                    stale = new ArrayList<>();
                }
                stale.add(entry.name());
            }
        }
        if (stale == null) {
            staleActionNs = 0;
            return;
        }
        if (staleActionNs == 0) {
            LOG.info("{}: {} depth streams quiet for {} ms; resubscribing", name, stale.size(),
                runtime.config.depthStaleMs());
            for (final BinanceStreamTable.Entry entry : streams) {
                if (entry.kind() == BinanceStreamTable.Kind.DEPTH && stale.contains(entry.name())) {
                    runtime.status(entry.symbol().instrument.id(), StreamKind.BOOK, null, StreamStatus.STALE,
                        (nowNs - entry.symbol().depth.lastDiffNs()) / 1_000_000L);
                }
            }
            staleActionNs = nowNs;
            framesAtStaleAction = socket.framesReceived();
            resubscribe(stale);
        } else if (nowNs - staleActionNs > staleNs && socket.framesReceived() <= framesAtStaleAction + 1) {
            LOG.info("{}: still silent after resubscribing; recycling the socket", name);
            staleActionNs = 0;
            socket.recycle();
        }
    }

    long acks() {
        return acks.get();
    }

    long errors() {
        return errors.get();
    }

    long malformed() {
        return malformed.get();
    }

    long unknown() {
        return unknown.get();
    }

    long opens() {
        return opens.get();
    }
}
