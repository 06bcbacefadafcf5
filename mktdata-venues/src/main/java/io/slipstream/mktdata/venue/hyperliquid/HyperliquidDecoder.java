package io.slipstream.mktdata.venue.hyperliquid;

import static io.slipstream.mktdata.venue.json.FrameJson.next;
import static io.slipstream.mktdata.venue.json.FrameJson.skipValue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;
import io.slipstream.mktdata.trade.TradeRing;
import io.slipstream.mktdata.venue.json.FrameJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes Hyperliquid websocket frames straight from their bytes with jackson-core's streaming parser and publishes
 * normalised events. Decimals are parsed from the parser's char buffer with {@link FixedPoint} at the instrument's
 * scale (no String per number). One decoder per socket, used by that socket's read thread only.
 *
 * <p>No allocation per frame once warm: one non-blocking parser is kept and fed each whole frame, so running out of
 * input means a truncated frame (an error, never a wait); after any error, or bytes after the root object, it is
 * replaced. Field names are the parser's canonical Strings ({@code currentName()}; its text buffer is stale for
 * names), values are read from its char buffer, and only rare frames (acks, errors, unknown channels) make Strings.
 *
 * <p>Wire facts relied on ({@code ../shared/docs/venues.md} A.3): {@code channel} precedes {@code data}; within a
 * payload the coin ({@code coin} or candle {@code s}) is read before the prices it scales, or prices are buffered
 * until the end of the object (candles, asset contexts).
 */
final class HyperliquidDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(HyperliquidDecoder.class);
    private static final long MS_TO_NS = 1_000_000L;
    private static final long HOUR_MS = 3_600_000L;
    private static final int FUNDING_SCALE = 10;
    private static final int LOG_FIRST = 5;
    /** The channels the decoder knows, returned as these constants so a frame's channel costs no String. */
    private static final String[] CHANNELS = {"l2Book", "trades", "bbo", "candle", "activeAssetCtx",
        "subscriptionResponse", "pong", "error"};

    /** What the adapter needs to hear besides market data. */
    interface Listener {
        /** @param type subscription type @param coin coin or null @param interval candle interval or null */
        void onAck(String type, String coin, String interval);

        /** A pong arrived. */
        void onPong();

        /**
         * Data arrived for a stream.
         *
         * @param coin          the coin
         * @param channel       the channel
         * @param interval      the candle interval, or null
         * @param receiveTimeNs when
         */
        void onData(HyperliquidCoin coin, HyperliquidAdapterConfig.Channel channel, CandleInterval interval,
                    long receiveTimeNs);
    }

    private final JsonFactory factory;
    private final EventPublisher publisher;
    private final HyperliquidStats stats;
    private final Listener listener;
    private final HyperliquidCoin[] coins;
    private final LevelBuffer bids = new LevelBuffer(32);
    private final LevelBuffer asks = new LevelBuffer(32);
    private final FrameJson.CharView chars = new FrameJson.CharView();
    private final char[][] fields = new char[6][64];
    private final int[] fieldLengths = new int[6];
    private byte[] copy = new byte[1 << 16];
    /** One non-blocking parser per socket, fed frame by frame; replaced after an error. */
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    /** Bytes fed to the current parser. */
    private long fed;

    HyperliquidDecoder(final JsonFactory factory, final EventPublisher publisher, final HyperliquidStats stats,
                       final Listener listener, final HyperliquidCoin[] coins) {
        this.factory = factory;
        this.publisher = publisher;
        this.stats = stats;
        this.listener = listener;
        this.coins = coins.clone();
        newParser();
    }

    /**
     * @param payload       a text frame's UTF-8 bytes between position and limit (not consumed)
     * @param receiveTimeNs when it arrived
     */
    void decode(final ByteBuffer payload, final long receiveTimeNs) {
        stats.frames.increment();
        final byte[] bytes;
        final int offset;
        final int length = payload.remaining();
        if (payload.hasArray()) {
            bytes = payload.array();
            offset = payload.arrayOffset() + payload.position();
        } else {
            if (copy.length < length) {
                copy = new byte[Math.max(length, copy.length * 2)];
            }
            payload.get(payload.position(), copy, 0, length);
            bytes = copy;
            offset = 0;
        }
        decode(bytes, offset, length, receiveTimeNs);
    }

    /** @param bytes buffer @param offset first byte @param length bytes @param receiveTimeNs when it arrived */
    void decode(final byte[] bytes, final int offset, final int length, final long receiveTimeNs) {
        int first = offset;
        final int end = offset + length;
        while (first < end && bytes[first] <= ' ') {
            first++;
        }
        if (first == end || bytes[first] != '{') {
            stats.nonJsonFrames.increment();
            if (stats.nonJsonFrames.sum() == 1) {
                LOG.info("hyperliquid: ignoring a non-JSON frame: {}",
                    new String(bytes, offset, Math.min(length, 200), StandardCharsets.UTF_8));
            }
            return;
        }
        try {
            feeder.feedInput(bytes, offset, end);
            fed += length;
            decodeRoot(receiveTimeNs);
            if (!feeder.needMoreInput()) {
                // rare: bytes after the object; whitespace is fine, anything else is garbage
                final long remaining = fed - parser.currentLocation().getByteOffset();
                for (int i = (int) Math.max(offset, end - remaining); i < end; i++) {
                    if (bytes[i] != ' ' && bytes[i] != '\n' && bytes[i] != '\r' && bytes[i] != '\t') {
                        throw new IOException("trailing data after the JSON object");
                    }
                }
                newParser();
            }
        } catch (final IOException | RuntimeException e) {
            stats.malformedFrames.increment();
            if (stats.malformedFrames.sum() <= LOG_FIRST) {
                LOG.warn("hyperliquid: malformed frame ({}): {}", e.getMessage(),
                    new String(bytes, offset, Math.min(length, 200), StandardCharsets.UTF_8));
            }
            newParser();
        }
    }

    /** Reads one whole root object from the fed frame, leaving the parser just after its closing brace. */
    private void decodeRoot(final long receiveTimeNs) throws IOException {
        if (next(parser) != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        String channel = null;
        boolean dataSeen = false;
        while (next(parser) == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            next(parser);
            if ("channel".equals(field)) {
                channel = channel(parser);
            } else if ("data".equals(field) && channel != null) {
                dataSeen = true;
                data(parser, channel, receiveTimeNs);
            } else {
                skipValue(parser);
            }
        }
        // An odd shape can end the loop inside a nested value: read on to the end of the root object, so that the
        // next frame starts on a clean parser (a per-frame parser used to drop the rest unread).
        while (!parser.getParsingContext().inRoot()) {
            next(parser);
        }
        if (!dataSeen && "pong".equals(channel)) {
            // {"channel":"pong"} has no data
            stats.pongs.increment();
            listener.onPong();
        } else if (!dataSeen) {
            stats.unknownChannelFrames.increment();
        }
    }

    /** Replaces the socket's parser: at start, after an error, and after a frame with bytes after its object. */
    private void newParser() {
        try {
            if (parser != null) {
                parser.close();
            }
            parser = factory.createNonBlockingByteArrayParser();
            fed = 0;
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    private void data(final JsonParser parser, final String channel, final long receiveTimeNs) throws IOException {
        switch (channel) {
            case "l2Book" -> book(parser, receiveTimeNs);
            case "trades" -> trades(parser, receiveTimeNs);
            case "bbo" -> bbo(parser, receiveTimeNs);
            case "candle" -> candle(parser, receiveTimeNs);
            case "activeAssetCtx" -> assetCtx(parser, receiveTimeNs);
            case "subscriptionResponse" -> ack(parser);
            case "pong" -> {
                stats.pongs.increment();
                skipValue(parser);
                listener.onPong();
            }
            case "error" -> {
                stats.errorFrames.increment();
                final String text = parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : "?";
                skipValue(parser);
                stats.lastErrorFrame = text;
                final long count = stats.errorFrames.sum();
                if (count <= LOG_FIRST || count % 100 == 0) {
                    LOG.warn("hyperliquid: error frame #{}: {}", count, text);
                }
            }
            default -> {
                stats.unknownChannelFrames.increment();
                skipValue(parser);
            }
        }
    }

    // ---- l2Book ------------------------------------------------------------------------------------------------

    private void book(final JsonParser parser, final long receiveTimeNs) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            skipValue(parser);
            return;
        }
        HyperliquidCoin coin = null;
        long timeMs = -1;
        boolean levels = false;
        boolean valid = true;
        bids.clear();
        asks.clear();
        while (next(parser) == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            next(parser);
            switch (field) {
                case "coin" -> coin = coin(parser);
                case "time" -> timeMs = parser.getLongValue();
                case "levels" -> {
                    if (coin == null) {
                        skipValue(parser);
                    } else {
                        valid = levels(parser, coin);
                        levels = true;
                    }
                }
                default -> skipValue(parser);
            }
        }
        if (coin == null) {
            stats.unknownCoinFrames.increment();
            return;
        }
        if (!levels || timeMs < 0 || !valid) {
            stats.malformedFrames.increment();
            return;
        }
        if (timeMs < coin.lastBookTimeMs) {
            stats.staleBookSnapshotsDropped.increment();
            return;
        }
        final boolean reset = coin.bookResetPending;
        coin.bookResetPending = false;
        coin.lastBookTimeMs = timeMs;
        published(publisher.bookSnapshot(coin.instrument.id(), timeMs * MS_TO_NS, receiveTimeNs, timeMs, reset, bids,
            asks));
        stats.bookSnapshots.increment();
        listener.onData(coin, HyperliquidAdapterConfig.Channel.L2_BOOK, null, receiveTimeNs);
    }

    private boolean levels(final JsonParser parser, final HyperliquidCoin coin) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            skipValue(parser);
            return false;
        }
        boolean valid = true;
        int side = 0;
        while (next(parser) == JsonToken.START_ARRAY) {
            final LevelBuffer target = side == 0 ? bids : side == 1 ? asks : null;
            side++;
            while (next(parser) == JsonToken.START_OBJECT) {
                long px = FixedPoint.INVALID;
                long sz = FixedPoint.INVALID;
                while (next(parser) == JsonToken.FIELD_NAME) {
                    final String field = parser.currentName();
                    next(parser);
                    if ("px".equals(field)) {
                        px = decimal(parser, coin.instrument.priceScale());
                    } else if ("sz".equals(field)) {
                        sz = decimal(parser, coin.instrument.sizeScale());
                    } else {
                        skipValue(parser);
                    }
                }
                if (px == FixedPoint.INVALID || sz == FixedPoint.INVALID) {
                    valid = false;
                } else if (target != null) {
                    target.add(px, sz);
                }
            }
        }
        return valid && side == 2;
    }

    // ---- bbo ---------------------------------------------------------------------------------------------------

    private void bbo(final JsonParser parser, final long receiveTimeNs) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            skipValue(parser);
            return;
        }
        HyperliquidCoin coin = null;
        long timeMs = -1;
        long bidPx = QuoteRing.NO_PRICE;
        long bidSz = 0;
        long askPx = QuoteRing.NO_PRICE;
        long askSz = 0;
        boolean seen = false;
        while (next(parser) == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            next(parser);
            if ("coin".equals(field)) {
                coin = coin(parser);
            } else if ("time".equals(field)) {
                timeMs = parser.getLongValue();
            } else if ("bbo".equals(field) && coin != null && parser.currentToken() == JsonToken.START_ARRAY) {
                seen = true;
                int side = 0;
                JsonToken token;
                while ((token = next(parser)) != JsonToken.END_ARRAY) {
                    long px = QuoteRing.NO_PRICE;
                    long sz = 0;
                    if (token == JsonToken.START_OBJECT) {
                        while (next(parser) == JsonToken.FIELD_NAME) {
                            final String name = parser.currentName();
                            next(parser);
                            if ("px".equals(name)) {
                                px = decimal(parser, coin.instrument.priceScale());
                            } else if ("sz".equals(name)) {
                                sz = decimal(parser, coin.instrument.sizeScale());
                            } else {
                                skipValue(parser);
                            }
                        }
                        if (px == FixedPoint.INVALID || sz == FixedPoint.INVALID) {
                            stats.malformedFrames.increment();
                            return;
                        }
                    }
                    if (side == 0) {
                        bidPx = px;
                        bidSz = sz;
                    } else if (side == 1) {
                        askPx = px;
                        askSz = sz;
                    }
                    side++;
                }
            } else {
                skipValue(parser);
            }
        }
        if (coin == null) {
            stats.unknownCoinFrames.increment();
            return;
        }
        if (!seen) {
            stats.malformedFrames.increment();
            return;
        }
        final long exchangeNs = timeMs < 0 ? receiveTimeNs : timeMs * MS_TO_NS;
        published(publisher.quote(coin.instrument.id(), exchangeNs, receiveTimeNs, bidPx, bidSz, askPx, askSz));
        stats.quotes.increment();
        listener.onData(coin, HyperliquidAdapterConfig.Channel.BBO, null, receiveTimeNs);
    }

    // ---- trades ------------------------------------------------------------------------------------------------

    private void trades(final JsonParser parser, final long receiveTimeNs) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            skipValue(parser);
            return;
        }
        HyperliquidCoin batchCoin = null;
        boolean replay = false;
        while (next(parser) == JsonToken.START_OBJECT) {
            HyperliquidCoin coin = null;
            long px = FixedPoint.INVALID;
            long sz = FixedPoint.INVALID;
            long timeMs = -1;
            long tid = -1;
            AggressorSide side = AggressorSide.UNKNOWN;
            while (next(parser) == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                next(parser);
                switch (field) {
                    case "coin" -> coin = coin(parser);
                    case "side" -> side = side(parser);
                    case "px" -> px = coin == null ? FixedPoint.INVALID : decimal(parser, coin.instrument.priceScale());
                    case "sz" -> sz = coin == null ? FixedPoint.INVALID : decimal(parser, coin.instrument.sizeScale());
                    case "time" -> timeMs = parser.getLongValue();
                    case "tid" -> tid = parser.getLongValue();
                    default -> skipValue(parser);
                }
            }
            if (coin == null) {
                stats.unknownCoinFrames.increment();
                continue;
            }
            if (batchCoin != coin) {
                batchCoin = coin;
                replay = coin.tradesReplayPending;
                coin.tradesReplayPending = false;
            }
            if (px == FixedPoint.INVALID || sz == FixedPoint.INVALID || timeMs < 0) {
                stats.malformedFrames.increment();
                continue;
            }
            if (!coin.firstSighting(timeMs, tid)) {
                stats.duplicateTrades.increment();
                continue;
            }
            final boolean history = replay && timeMs <= coin.tradesReplayCutoffMs;
            published(publisher.trade(coin.instrument.id(), timeMs * MS_TO_NS, receiveTimeNs, px, sz, side, tid,
                history ? TradeRing.FLAG_BACKFILLED : 0));
            stats.trades.increment();
        }
        if (batchCoin != null) {
            listener.onData(batchCoin, HyperliquidAdapterConfig.Channel.TRADES, null, receiveTimeNs);
        }
    }

    private static AggressorSide side(final JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING || parser.getTextLength() != 1) {
            return AggressorSide.UNKNOWN;
        }
        final char c = parser.getTextCharacters()[parser.getTextOffset()];
        // "B": the taker bought (lifted the ask); "A": the taker sold (hit the bid).
        return c == 'B' ? AggressorSide.BUY : c == 'A' ? AggressorSide.SELL : AggressorSide.UNKNOWN;
    }

    // ---- candle ------------------------------------------------------------------------------------------------

    private static final int O = 0;
    private static final int H = 1;
    private static final int L = 2;
    private static final int C = 3;
    private static final int V = 4;
    private static final int I = 5;

    private void candle(final JsonParser parser, final long receiveTimeNs) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            skipValue(parser);
            return;
        }
        HyperliquidCoin coin = null;
        long t = -1;
        long tEnd = -1;
        long n = 0;
        java.util.Arrays.fill(fieldLengths, -1);
        while (next(parser) == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            next(parser);
            switch (field) {
                case "t" -> t = parser.getLongValue();
                case "T" -> tEnd = parser.getLongValue();
                case "n" -> n = parser.getLongValue();
                case "s" -> coin = coin(parser);
                case "i" -> keep(parser, I);
                case "o" -> keep(parser, O);
                case "h" -> keep(parser, H);
                case "l" -> keep(parser, L);
                case "c" -> keep(parser, C);
                case "v" -> keep(parser, V);
                default -> skipValue(parser);
            }
        }
        if (coin == null) {
            stats.unknownCoinFrames.increment();
            return;
        }
        final HyperliquidCoin.CandleState state = candleState(coin);
        final CandleInterval interval = state == null ? null : state.interval;
        if (state == null) {
            stats.unknownChannelFrames.increment();
            return;
        }
        final int priceScale = coin.instrument.priceScale();
        final long o = kept(O, priceScale);
        final long h = kept(H, priceScale);
        final long l = kept(L, priceScale);
        final long c = kept(C, priceScale);
        final long v = keptRounded(V, coin.instrument.sizeScale());
        if (t < 0 || o == FixedPoint.INVALID || h == FixedPoint.INVALID || l == FixedPoint.INVALID
            || c == FixedPoint.INVALID || v == FixedPoint.INVALID) {
            stats.malformedFrames.increment();
            return;
        }
        stats.candlePushes.increment();
        final long end = tEnd < 0 ? interval.nextBucketStartMs(t) - 1 : tEnd;
        if (!state.onPush(publisher, receiveTimeNs, t, end, o, h, l, c, v, n)) {
            stats.staleCandlePushes.increment();
        }
        listener.onData(coin, HyperliquidAdapterConfig.Channel.CANDLE, interval, receiveTimeNs);
    }

    /** @return the followed interval spelled by the kept {@code i}, or null (no String per push) */
    private HyperliquidCoin.CandleState candleState(final HyperliquidCoin coin) {
        final int length = fieldLengths[I];
        if (length < 0) {
            return null;
        }
        for (final HyperliquidCoin.CandleState state : coin.candles) {
            final String wire = state.interval.wireName();
            if (wire.length() == length && CharSequence.compare(wire, chars.wrap(fields[I], 0, length)) == 0) {
                return state;
            }
        }
        return null;
    }

    private void keep(final JsonParser parser, final int slot) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING && !parser.currentToken().isNumeric()) {
            skipValue(parser);
            return;
        }
        final int length = parser.getTextLength();
        if (fields[slot].length < length) {
            fields[slot] = new char[length];
        }
        System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), fields[slot], 0, length);
        fieldLengths[slot] = length;
    }

    private long kept(final int slot, final int scale) {
        if (fieldLengths[slot] < 0) {
            return FixedPoint.INVALID;
        }
        final long value = FixedPoint.parse(chars.wrap(fields[slot], 0, fieldLengths[slot]), scale);
        if (value == FixedPoint.INVALID) {
            stats.invalidDecimals.increment();
        }
        return value;
    }

    private long keptRounded(final int slot, final int scale) {
        if (fieldLengths[slot] < 0) {
            return FixedPoint.INVALID;
        }
        final long value = parseRounded(chars.wrap(fields[slot], 0, fieldLengths[slot]), scale);
        if (value == FixedPoint.INVALID) {
            stats.invalidDecimals.increment();
        }
        return value;
    }

    /**
     * Parses a decimal that may carry more fraction digits than {@code scale}, rounding half away from zero: the
     * venue sends float artefacts such as a candle volume of {@code "3495670.8399999999"} (JKorf fixture), and
     * oracle prices and funding rates finer than the instrument's grid.
     *
     * @param text  the decimal
     * @param scale decimal places wanted
     * @return the mantissa, or {@link FixedPoint#INVALID}
     */
    static long parseRounded(final CharSequence text, final int scale) {
        return FixedPoint.parseRounded(text, scale);
    }

    // ---- activeAssetCtx ----------------------------------------------------------------------------------------

    private void assetCtx(final JsonParser parser, final long receiveTimeNs) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            skipValue(parser);
            return;
        }
        HyperliquidCoin coin = null;
        boolean ctx = false;
        java.util.Arrays.fill(fieldLengths, -1);
        while (next(parser) == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            next(parser);
            if ("coin".equals(field)) {
                coin = coin(parser);
            } else if ("ctx".equals(field) && parser.currentToken() == JsonToken.START_OBJECT) {
                ctx = true;
                while (next(parser) == JsonToken.FIELD_NAME) {
                    final String name = parser.currentName();
                    next(parser);
                    switch (name) {
                        case "markPx" -> keep(parser, O);
                        case "oraclePx" -> keep(parser, H);
                        case "funding" -> keep(parser, L);
                        default -> skipValue(parser);
                    }
                }
            } else {
                skipValue(parser);
            }
        }
        if (coin == null) {
            stats.unknownCoinFrames.increment();
            return;
        }
        if (!ctx) {
            stats.malformedFrames.increment();
            return;
        }
        final int scale = coin.instrument.priceScale();
        final long mark = keptRounded(O, scale);
        // The oracle carries more significant figures than the mark's grid: rounded to the instrument's scale.
        final long oracle = fieldLengths[H] < 0 ? 0 : keptRounded(H, scale);
        final long funding = keptRounded(L, FUNDING_SCALE);
        if (mark == FixedPoint.INVALID || oracle == FixedPoint.INVALID || funding == FixedPoint.INVALID) {
            return;
        }
        final long nowMs = receiveTimeNs / MS_TO_NS;
        final long nextFundingMs = (nowMs / HOUR_MS + 1) * HOUR_MS;
        published(publisher.markPrice(coin.instrument.id(), receiveTimeNs, receiveTimeNs, mark, oracle, funding,
            nextFundingMs));
        stats.markPrices.increment();
        listener.onData(coin, HyperliquidAdapterConfig.Channel.ACTIVE_ASSET_CTX, null, receiveTimeNs);
    }

    // ---- acks and helpers --------------------------------------------------------------------------------------

    private void ack(final JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            skipValue(parser);
            return;
        }
        String method = null;
        String type = null;
        String coin = null;
        String interval = null;
        while (next(parser) == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            next(parser);
            if ("method".equals(field)) {
                method = parser.getText();
            } else if ("subscription".equals(field) && parser.currentToken() == JsonToken.START_OBJECT) {
                while (next(parser) == JsonToken.FIELD_NAME) {
                    final String name = parser.currentName();
                    next(parser);
                    switch (name) {
                        case "type" -> type = parser.getText();
                        case "coin" -> coin = parser.getText();
                        case "interval" -> interval = parser.getText();
                        default -> skipValue(parser);
                    }
                }
            } else {
                skipValue(parser);
            }
        }
        stats.acks.increment();
        if ("subscribe".equals(method) && type != null) {
            listener.onAck(type, coin, interval);
        }
    }

    /** @return the channel as one of {@link #CHANNELS} (no allocation), else as a new String (an unknown one) */
    private static String channel(final JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        final char[] text = parser.getTextCharacters();
        final int offset = parser.getTextOffset();
        final int length = parser.getTextLength();
        for (final String known : CHANNELS) {
            if (spells(known, text, offset, length)) {
                return known;
            }
        }
        return parser.getText();
    }

    private static boolean spells(final String known, final char[] text, final int offset, final int length) {
        if (known.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text[offset + i] != known.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private HyperliquidCoin coin(final JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            skipValue(parser);
            return null;
        }
        final char[] text = parser.getTextCharacters();
        final int offset = parser.getTextOffset();
        final int length = parser.getTextLength();
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + text[offset + i];
        }
        for (final HyperliquidCoin coin : coins) {
            if (coin.matches(text, offset, length, hash)) {
                return coin;
            }
        }
        return null;
    }

    private long decimal(final JsonParser parser, final int scale) throws IOException {
        final JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_STRING && (token == null || !token.isNumeric())) {
            skipValue(parser);
            return FixedPoint.INVALID;
        }
        final long value = FixedPoint.parse(
            chars.wrap(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength()), scale);
        if (value == FixedPoint.INVALID) {
            stats.invalidDecimals.increment();
        }
        return value;
    }

    private void published(final Rejection rejection) {
        if (rejection != Rejection.NONE) {
            stats.publishRejections.increment();
        }
    }
}
