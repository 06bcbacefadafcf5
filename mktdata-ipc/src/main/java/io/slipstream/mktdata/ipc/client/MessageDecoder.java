package io.slipstream.mktdata.ipc.client;

import io.slipstream.mktdata.ipc.msgpack.MsgPackException;
import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;

/**
 * Decodes one server message (a framed MessagePack map) into {@link #type()}, {@link #id()} and a typed
 * {@link #value()}: a stream message record, or a reply's value. Reads maps key by key with typed reads and skips
 * keys and message types it does not know, as the protocol asks. Reused for every message; reader thread only.
 */
final class MessageDecoder {
    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE_LE =
        MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final String[] BATCH_COLUMNS =
        {"open_time_ms", "open", "high", "low", "close", "volume", "trades", "closed"};
    private static final int CLOSED_COLUMN = 7;
    /** The double fields of a features window, in {@link FeatureWindow}'s order. */
    private static final String[] WINDOW_DOUBLES = {"buy_volume", "sell_volume", "buy_notional", "sell_notional",
        "signed_notional", "toxicity", "aggressor_imbalance", "arrival_rate", "vwap", "vwap_deviation_bps"};

    private final MsgPackReader reader = new MsgPackReader();
    private final StringCache strings = new StringCache(1024);
    private byte[] bytes = new byte[0];

    private String type;
    private boolean hasId;
    private long id;
    private Object value;

    // The common fields of the stream message being decoded.
    private String venue;
    private String symbol;
    private long seq;
    private long epoch;
    private long exchangeTimeNs;
    private long receiveTimeNs;
    private long publishTimeNs;

    /**
     * @param source the bytes
     * @param offset where the message starts
     * @param length its length, as {@link MsgPackReader#frameLength} found it
     * @return false if it is not a map with a {@code type} (ignored)
     * @throws MsgPackException if a known field has the wrong type
     */
    boolean decode(final byte[] source, final int offset, final int length) {
        bytes = source;
        type = null;
        hasId = false;
        id = 0;
        value = null;
        reader.wrap(source, offset, length);
        if (!isMap(reader.peekFormat())) {
            return false;
        }
        final int entries = reader.readMapHeader();
        int dataPosition = -1;
        for (int i = 0; i < entries; i++) {
            switch (key()) {
                case "type" -> type = nullableString();
                case "id" -> {
                    if (!reader.tryReadNil()) {
                        id = reader.readLong();
                        hasId = true;
                    }
                }
                case "data" -> {
                    if (type != null) {
                        value = data(type);
                    } else {
                        // The type comes later: decode the payload once it is known.
                        dataPosition = reader.position();
                        reader.skipValue();
                    }
                }
                default -> reader.skipValue();
            }
        }
        if (type == null) {
            return false;
        }
        if (dataPosition >= 0) {
            reader.wrap(source, dataPosition, offset + length - dataPosition);
            value = data(type);
        }
        return true;
    }

    /** @return the message's {@code type} */
    String type() {
        return type;
    }

    /** @return true if the message carries an {@code id} (a reply) */
    boolean hasId() {
        return hasId;
    }

    /** @return the reply's {@code id} */
    long id() {
        return id;
    }

    /**
     * @return the decoded {@code data}: a message record, a {@code List}, a {@link CandleBatch}, a {@code Map}
     *     (features by symbol), a {@link Long}
     *     (pong and heartbeat server time, subscription numbers), a {@link ServerInfo}, a
     *     {@link ServerErrorException} for {@code error}; null for a null or absent payload or an unknown type
     */
    Object value() {
        return value;
    }

    private Object data(final String messageType) {
        if (reader.tryReadNil()) {
            return null;
        }
        return switch (messageType) {
            case "orderbook_snapshot" -> book(OrderBookMessage.Kind.SNAPSHOT);
            case "orderbook_update" -> book(OrderBookMessage.Kind.UPDATE);
            case "orderbook_delta" -> book(OrderBookMessage.Kind.DELTA);
            case "quote" -> quote();
            case "trade" -> trade();
            case "candle" -> candle();
            case "status" -> status();
            case "features" -> features();
            case "features_batch" -> featuresBatch();
            case "heartbeat", "pong" -> longField("server_time_ns");
            case "subscribed", "unsubscribed" -> longField("subscription");
            case "hello" -> hello();
            case "error" -> error();
            case "symbols" -> symbols();
            case "trades" -> trades();
            case "candles" -> candles();
            case "candles_batch" -> candlesBatch();
            case "status_report" -> statusReport();
            default -> {
                reader.skipValue();
                yield null;
            }
        };
    }

    private OrderBookMessage book(final OrderBookMessage.Kind kind) {
        resetCommon();
        int depth = 0;
        int priceScale = 0;
        int sizeScale = 0;
        BookLevels bids = BookLevels.EMPTY;
        BookLevels asks = BookLevels.EMPTY;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            final String key = key();
            if (common(key)) {
                continue;
            }
            switch (key) {
                case "bids", "bid_changes" -> bids = levels();
                case "asks", "ask_changes" -> asks = levels();
                case "depth" -> depth = (int) longOrZero();
                case "price_scale" -> priceScale = (int) longOrZero();
                case "size_scale" -> sizeScale = (int) longOrZero();
                default -> reader.skipValue();
            }
        }
        return new OrderBookMessage(header(), kind, depth, priceScale, sizeScale, bids, asks);
    }

    private BookLevels levels() {
        if (reader.tryReadNil()) {
            return BookLevels.EMPTY;
        }
        final int count = reader.readArrayHeader();
        if (count == 0) {
            return BookLevels.EMPTY;
        }
        final double[] prices = new double[count];
        final double[] sizes = new double[count];
        for (int i = 0; i < count; i++) {
            final int fields = reader.readArrayHeader();
            if (fields < 2) {
                throw new MsgPackException("a book level needs [price, size]");
            }
            prices[i] = reader.readDouble();
            sizes[i] = reader.readDouble();
            for (int j = 2; j < fields; j++) {
                reader.skipValue();
            }
        }
        return new BookLevels(prices, sizes);
    }

    private QuoteMessage quote() {
        resetCommon();
        double bidPrice = Double.NaN;
        double bidSize = Double.NaN;
        double askPrice = Double.NaN;
        double askSize = Double.NaN;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            final String key = key();
            if (common(key)) {
                continue;
            }
            switch (key) {
                case "bid_price" -> bidPrice = doubleOrNaN();
                case "bid_size" -> bidSize = doubleOrNaN();
                case "ask_price" -> askPrice = doubleOrNaN();
                case "ask_size" -> askSize = doubleOrNaN();
                default -> reader.skipValue();
            }
        }
        return new QuoteMessage(header(), bidPrice, bidSize, askPrice, askSize);
    }

    private TradeMessage trade() {
        resetCommon();
        double price = Double.NaN;
        double size = Double.NaN;
        TradeSide side = TradeSide.UNKNOWN;
        long tradeId = 0;
        boolean backfilled = false;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            final String key = key();
            if (common(key)) {
                continue;
            }
            switch (key) {
                case "price" -> price = doubleOrNaN();
                case "size" -> size = doubleOrNaN();
                case "side" -> side = side(nullableString());
                case "trade_id" -> tradeId = longOrZero();
                case "backfilled" -> backfilled = booleanOrFalse();
                default -> reader.skipValue();
            }
        }
        return new TradeMessage(header(), price, size, side, tradeId, backfilled);
    }

    private static TradeSide side(final String wire) {
        if ("buy".equals(wire)) {
            return TradeSide.BUY;
        }
        return "sell".equals(wire) ? TradeSide.SELL : TradeSide.UNKNOWN;
    }

    private CandleMessage candle() {
        resetCommon();
        String interval = null;
        String source = null;
        long openTimeMs = 0;
        double open = Double.NaN;
        double high = Double.NaN;
        double low = Double.NaN;
        double close = Double.NaN;
        double volume = Double.NaN;
        long trades = 0;
        boolean closed = false;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            final String key = key();
            if (common(key)) {
                continue;
            }
            switch (key) {
                case "interval" -> interval = nullableString();
                case "open_time_ms" -> openTimeMs = longOrZero();
                case "open" -> open = doubleOrNaN();
                case "high" -> high = doubleOrNaN();
                case "low" -> low = doubleOrNaN();
                case "close" -> close = doubleOrNaN();
                case "volume" -> volume = doubleOrNaN();
                case "num_trades" -> trades = longOrZero();
                case "closed" -> closed = booleanOrFalse();
                case "source" -> source = nullableString();
                default -> reader.skipValue();
            }
        }
        return new CandleMessage(header(), interval,
            new Candle(openTimeMs, open, high, low, close, volume, trades, closed), source);
    }

    private StatusMessage status() {
        resetCommon();
        String stream = null;
        String interval = null;
        String statusName = null;
        long detail = 0;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            final String key = key();
            if (common(key)) {
                continue;
            }
            switch (key) {
                case "stream" -> stream = nullableString();
                case "interval" -> interval = nullableString();
                case "status" -> statusName = nullableString();
                case "detail" -> detail = longOrZero();
                default -> reader.skipValue();
            }
        }
        return new StatusMessage(header(), stream, interval, statusName, detail);
    }

    private FeaturesMessage features() {
        resetCommon();
        long bookSeq = 0;
        long tradeSeq = 0;
        double mid = Double.NaN;
        double spreadBps = Double.NaN;
        double spreadVelocity = Double.NaN;
        double imbalanceBps = Double.NaN;
        double depthImbalance = Double.NaN;
        double visibleDepthBps = Double.NaN;
        double midAgeMs = Double.NaN;
        String counterpart = null;
        long counterpartBookSeq = 0;
        double basisBps = Double.NaN;
        double counterpartMidAgeMs = Double.NaN;
        List<FeatureWindow> windows = List.of();
        List<DepthBand> bands = List.of();
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            final String key = key();
            if (common(key)) {
                continue;
            }
            switch (key) {
                case "book_seq" -> bookSeq = longOrZero();
                case "trade_seq" -> tradeSeq = longOrZero();
                case "mid" -> mid = doubleOrNaN();
                case "spread_bps" -> spreadBps = doubleOrNaN();
                case "spread_velocity_bps_per_s" -> spreadVelocity = doubleOrNaN();
                case "imbalance_bps" -> imbalanceBps = doubleOrNaN();
                case "depth_imbalance" -> depthImbalance = doubleOrNaN();
                case "visible_depth_bps" -> visibleDepthBps = doubleOrNaN();
                case "mid_age_ms" -> midAgeMs = doubleOrNaN();
                case "counterpart" -> counterpart = nullableString();
                case "counterpart_book_seq" -> counterpartBookSeq = longOrZero();
                case "basis_bps" -> basisBps = doubleOrNaN();
                case "counterpart_mid_age_ms" -> counterpartMidAgeMs = doubleOrNaN();
                case "windows" -> windows = list(this::featureWindow);
                case "bands" -> bands = list(this::depthBand);
                default -> reader.skipValue();
            }
        }
        return new FeaturesMessage(header(), bookSeq, tradeSeq, mid, spreadBps, spreadVelocity, imbalanceBps,
            depthImbalance, visibleDepthBps, midAgeMs, counterpart, counterpartBookSeq, basisBps, counterpartMidAgeMs,
            windows, bands);
    }

    private FeatureWindow featureWindow() {
        long windowMs = 0;
        long tradeCount = 0;
        final double[] values = new double[WINDOW_DOUBLES.length];
        Arrays.fill(values, Double.NaN);
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            final String key = key();
            switch (key) {
                case "window_ms" -> windowMs = longOrZero();
                case "trade_count" -> tradeCount = longOrZero();
                default -> {
                    final int index = indexOf(WINDOW_DOUBLES, key);
                    if (index < 0) {
                        reader.skipValue();
                    } else {
                        values[index] = doubleOrNaN();
                    }
                }
            }
        }
        return new FeatureWindow(windowMs, tradeCount, values[0], values[1], values[2], values[3], values[4],
            values[5], values[6], values[7], values[8], values[9]);
    }

    private DepthBand depthBand() {
        double bandBps = Double.NaN;
        double bidDepth = Double.NaN;
        double askDepth = Double.NaN;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            switch (key()) {
                case "band_bps" -> bandBps = doubleOrNaN();
                case "bid_depth" -> bidDepth = doubleOrNaN();
                case "ask_depth" -> askDepth = doubleOrNaN();
                default -> reader.skipValue();
            }
        }
        return new DepthBand(bandBps, bidDepth, askDepth);
    }

    /** {@code features_batch}: symbol to features, null where the daemon has none yet. */
    private Map<String, FeaturesMessage> featuresBatch() {
        final Map<String, FeaturesMessage> result = new LinkedHashMap<>();
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            switch (key()) {
                case "features" -> {
                    if (reader.tryReadNil()) {
                        continue;
                    }
                    final int count = reader.readMapHeader();
                    for (int j = 0; j < count; j++) {
                        final String name = nullableString();
                        result.put(name, reader.tryReadNil() ? null : features());
                    }
                }
                default -> reader.skipValue();
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static int indexOf(final String[] names, final String key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private Long longField(final String wanted) {
        long result = 0;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            if (key().equals(wanted)) {
                result = longOrZero();
            } else {
                reader.skipValue();
            }
        }
        return result;
    }

    private ServerInfo hello() {
        int protocol = 0;
        String server = null;
        long serverEpoch = 0;
        long maxMessageBytes = 0;
        long heartbeatMs = 0;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            switch (key()) {
                case "protocol" -> protocol = (int) longOrZero();
                case "server" -> server = nullableString();
                case "epoch" -> serverEpoch = longOrZero();
                case "max_message_bytes" -> maxMessageBytes = longOrZero();
                case "heartbeat_ms" -> heartbeatMs = longOrZero();
                default -> reader.skipValue();
            }
        }
        return new ServerInfo(protocol, server, serverEpoch, maxMessageBytes, heartbeatMs);
    }

    private ServerErrorException error() {
        String code = null;
        String message = null;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            switch (key()) {
                case "code" -> code = nullableString();
                case "message" -> message = nullableString();
                default -> reader.skipValue();
            }
        }
        return new ServerErrorException(code, message);
    }

    private List<InstrumentInfo> symbols() {
        List<InstrumentInfo> result = List.of();
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            if (key().equals("symbols")) {
                result = list(this::instrument);
            } else {
                reader.skipValue();
            }
        }
        return Collections.unmodifiableList(result);
    }

    private InstrumentInfo instrument() {
        String instrumentVenue = null;
        String instrumentSymbol = null;
        int priceScale = 0;
        int sizeScale = 0;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            switch (key()) {
                case "venue" -> instrumentVenue = nullableString();
                case "symbol" -> instrumentSymbol = nullableString();
                case "price_scale" -> priceScale = (int) longOrZero();
                case "size_scale" -> sizeScale = (int) longOrZero();
                default -> reader.skipValue();
            }
        }
        return new InstrumentInfo(instrumentVenue, instrumentSymbol, priceScale, sizeScale);
    }

    private List<TradeMessage> trades() {
        String outerVenue = null;
        String outerSymbol = null;
        List<TradeMessage> result = List.of();
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            switch (key()) {
                case "venue" -> outerVenue = nullableString();
                case "symbol" -> outerSymbol = nullableString();
                case "trades" -> result = list(this::trade);
                default -> reader.skipValue();
            }
        }
        // Trade data inside a reply may leave the instrument to the reply itself.
        for (int j = 0; j < result.size(); j++) {
            final TradeMessage trade = result.get(j);
            if (trade.venue() == null || trade.symbol() == null) {
                result.set(j, new TradeMessage(fill(trade.header(), outerVenue, outerSymbol), trade.price(),
                    trade.size(), trade.side(), trade.tradeId(), trade.backfilled()));
            }
        }
        return Collections.unmodifiableList(result);
    }

    private List<CandleMessage> candles() {
        String outerVenue = null;
        String outerSymbol = null;
        String outerInterval = null;
        List<CandleMessage> result = List.of();
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            switch (key()) {
                case "venue" -> outerVenue = nullableString();
                case "symbol" -> outerSymbol = nullableString();
                case "interval" -> outerInterval = nullableString();
                case "candles" -> result = list(this::candle);
                default -> reader.skipValue();
            }
        }
        for (int j = 0; j < result.size(); j++) {
            final CandleMessage candle = result.get(j);
            if (candle.venue() == null || candle.symbol() == null || candle.interval() == null) {
                result.set(j, new CandleMessage(fill(candle.header(), outerVenue, outerSymbol),
                    candle.interval() == null ? outerInterval : candle.interval(), candle.candle(), candle.source()));
            }
        }
        return Collections.unmodifiableList(result);
    }

    private static MessageHeader fill(final MessageHeader header, final String outerVenue, final String outerSymbol) {
        return new MessageHeader(header.venue() == null ? outerVenue : header.venue(),
            header.symbol() == null ? outerSymbol : header.symbol(), header.seq(), header.epoch(),
            header.exchangeTimeNs(), header.receiveTimeNs(), header.publishTimeNs());
    }

    private CandleBatch candlesBatch() {
        String batchVenue = null;
        String interval = null;
        List<String> names = List.of();
        int[] counts = new int[0];
        final int[] columnOffsets = new int[BATCH_COLUMNS.length];
        final int[] columnLengths = new int[BATCH_COLUMNS.length];
        Arrays.fill(columnLengths, -1);
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            final String key = key();
            switch (key) {
                case "venue" -> batchVenue = nullableString();
                case "interval" -> interval = nullableString();
                case "symbols" -> names = list(this::nullableString);
                case "counts" -> {
                    if (!reader.tryReadNil()) {
                        counts = new int[reader.readArrayHeader()];
                        for (int j = 0; j < counts.length; j++) {
                            counts[j] = Math.toIntExact(reader.readLong());
                        }
                    }
                }
                default -> {
                    final int column = columnIndex(key);
                    if (column < 0) {
                        reader.skipValue();
                    } else if (!reader.tryReadNil()) {
                        // The columns stay in the receive buffer until every count is known, then are sliced.
                        columnLengths[column] = reader.readBinHeader();
                        columnOffsets[column] = reader.position();
                        reader.skipBytes(columnLengths[column]);
                    }
                }
            }
        }
        if (names.size() != counts.length) {
            throw new MsgPackException(
                "candles_batch has " + names.size() + " symbols but " + counts.length + " counts");
        }
        long total = 0;
        for (final int count : counts) {
            total += count;
        }
        for (int column = 0; column < BATCH_COLUMNS.length; column++) {
            final long expected = column == CLOSED_COLUMN ? total : total * Long.BYTES;
            final long actual = Math.max(columnLengths[column], 0);
            if (actual != expected) {
                throw new MsgPackException("candles_batch column "
                    + BATCH_COLUMNS[column] + " has " + actual + " bytes, expected " + expected);
            }
        }
        final Map<String, CandleColumns> bySymbol = new LinkedHashMap<>(names.size() * 2);
        int first = 0;
        for (int i = 0; i < counts.length; i++) {
            bySymbol.put(names.get(i), slice(columnOffsets, first, counts[i]));
            first += counts[i];
        }
        return new CandleBatch(batchVenue, interval, Collections.unmodifiableList(names),
            Collections.unmodifiableMap(bySymbol));
    }

    private CandleColumns slice(final int[] columnOffsets, final int first, final int count) {
        final long[] openTimeMs = new long[count];
        final double[] open = new double[count];
        final double[] high = new double[count];
        final double[] low = new double[count];
        final double[] close = new double[count];
        final double[] volume = new double[count];
        final long[] trades = new long[count];
        final boolean[] closed = new boolean[count];
        for (int j = 0; j < count; j++) {
            final int at = (first + j) * Long.BYTES;
            openTimeMs[j] = (long) LONG_LE.get(bytes, columnOffsets[0] + at);
            open[j] = (double) DOUBLE_LE.get(bytes, columnOffsets[1] + at);
            high[j] = (double) DOUBLE_LE.get(bytes, columnOffsets[2] + at);
            low[j] = (double) DOUBLE_LE.get(bytes, columnOffsets[3] + at);
            close[j] = (double) DOUBLE_LE.get(bytes, columnOffsets[4] + at);
            volume[j] = (double) DOUBLE_LE.get(bytes, columnOffsets[5] + at);
            trades[j] = (long) LONG_LE.get(bytes, columnOffsets[6] + at);
            closed[j] = bytes[columnOffsets[CLOSED_COLUMN] + first + j] != 0;
        }
        return new CandleColumns(openTimeMs, open, high, low, close, volume, trades, closed);
    }

    private static int columnIndex(final String key) {
        for (int i = 0; i < BATCH_COLUMNS.length; i++) {
            if (BATCH_COLUMNS[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private List<StreamStatusInfo> statusReport() {
        List<StreamStatusInfo> result = List.of();
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            if (key().equals("streams")) {
                result = list(this::streamStatus);
            } else {
                reader.skipValue();
            }
        }
        return Collections.unmodifiableList(result);
    }

    private StreamStatusInfo streamStatus() {
        String rowVenue = null;
        String rowSymbol = null;
        String stream = null;
        String interval = null;
        String statusName = null;
        long lastReceiveNs = 0;
        long ageMs = 0;
        final int entries = reader.readMapHeader();
        for (int i = 0; i < entries; i++) {
            switch (key()) {
                case "venue" -> rowVenue = nullableString();
                case "symbol" -> rowSymbol = nullableString();
                case "stream" -> stream = nullableString();
                case "interval" -> interval = nullableString();
                case "status" -> statusName = nullableString();
                case "last_receive_ns" -> lastReceiveNs = longOrZero();
                case "age_ms" -> ageMs = longOrZero();
                default -> reader.skipValue();
            }
        }
        return new StreamStatusInfo(rowVenue, rowSymbol, stream, interval, statusName, lastReceiveNs, ageMs);
    }

    private void resetCommon() {
        venue = null;
        symbol = null;
        seq = 0;
        epoch = 0;
        exchangeTimeNs = 0;
        receiveTimeNs = 0;
        publishTimeNs = 0;
    }

    /** Reads the value of {@code key} if it is a common field. @return true if it was */
    private boolean common(final String key) {
        switch (key) {
            case "venue" -> venue = nullableString();
            case "symbol" -> symbol = nullableString();
            case "seq" -> seq = longOrZero();
            case "epoch" -> epoch = longOrZero();
            case "exchange_ts_ns" -> exchangeTimeNs = longOrZero();
            case "receive_ts_ns" -> receiveTimeNs = longOrZero();
            case "publish_ts_ns" -> publishTimeNs = longOrZero();
            default -> {
                return false;
            }
        }
        return true;
    }

    private MessageHeader header() {
        return new MessageHeader(venue, symbol, seq, epoch, exchangeTimeNs, receiveTimeNs, publishTimeNs);
    }

    /** @return the next map key; a key that is not a string reads as "" so its value is skipped */
    private String key() {
        if (isString(reader.peekFormat())) {
            return strings.read(reader, bytes);
        }
        reader.skipValue();
        return "";
    }

    /** A nil-able array, each element read by {@code element}; nil reads as an empty (mutable) list. */
    private <T> List<T> list(final Supplier<T> element) {
        if (reader.tryReadNil()) {
            return new ArrayList<>(0);
        }
        final int count = reader.readArrayHeader();
        final List<T> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(element.get());
        }
        return result;
    }

    private String nullableString() {
        if (reader.tryReadNil()) {
            return null;
        }
        return strings.read(reader, bytes);
    }

    private long longOrZero() {
        return reader.tryReadNil() ? 0 : reader.readLong();
    }

    private double doubleOrNaN() {
        return reader.tryReadNil() ? Double.NaN : reader.readDouble();
    }

    private boolean booleanOrFalse() {
        return !reader.tryReadNil() && reader.readBoolean();
    }

    private static boolean isMap(final int format) {
        return (format & 0xf0) == 0x80 || format == 0xde || format == 0xdf;
    }

    private static boolean isString(final int format) {
        return (format & 0xe0) == 0xa0 || format >= 0xd9 && format <= 0xdb;
    }
}
