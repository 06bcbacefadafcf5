package io.slipstream.mktdata.venuesim.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the replay needs out of one captured frame, decoded with a streaming parser: the stream (Binance) or
 * channel (Hyperliquid), the payload text exactly as captured, and the fields that move the market model. Reused
 * for every line; not thread-safe.
 */
final class CapturedFrame {
    /** What kind of frame this is. */
    enum Kind { BINANCE_DEPTH_DIFF, BINANCE_PARTIAL_DEPTH, BINANCE_TRADE, BINANCE_AGG_TRADE, BINANCE_OTHER,
        BINANCE_DEPTH_SNAPSHOT, BINANCE_EXCHANGE_INFO, HYPERLIQUID_BOOK, HYPERLIQUID_TRADES,
        /** A Hyperliquid {@code bbo}, {@code candle} or {@code activeAssetCtx} frame of one coin. */
        HYPERLIQUID_OTHER, OTHER }

    /** Hyperliquid per-coin channels besides l2Book and trades that a verbatim replay re-emits. */
    private static final List<String> HYPERLIQUID_OTHER_CHANNELS = List.of("bbo", "candle", "activeAssetCtx");

    private final JsonFactory json = new JsonFactory();
    Kind kind;
    String stream;
    String payload;
    String symbol;
    long eventTimeMs;
    long transactionTimeMs;
    long firstUpdateId;
    long lastUpdateId;
    long previousUpdateId;
    final List<String[]> bids = new ArrayList<>();
    final List<String[]> asks = new ArrayList<>();
    final List<String[]> trades = new ArrayList<>();
    long tradeId;
    long firstTradeId;
    long lastTradeId;
    String price;
    String quantity;
    boolean buyerIsMaker;
    final List<String[]> symbolFilters = new ArrayList<>();

    /**
     * @param line the captured line
     * @return this, decoded; {@link Kind#OTHER} for anything not understood (never throws for bad JSON)
     */
    CapturedFrame decode(final CaptureLine line) {
        reset();
        final String text = line.text();
        try {
            if (line.rest()) {
                if (text.startsWith("{\"lastUpdateId\"")) {
                    kind = Kind.BINANCE_DEPTH_SNAPSHOT;
                    symbol = symbolFromUrl(line.restUrl());
                    parseObject(text);
                } else if (line.restUrl() != null && line.restUrl().contains("/exchangeInfo")) {
                    kind = Kind.BINANCE_EXCHANGE_INFO;
                    parseExchangeInfo(text);
                }
                return this;
            }
            if (text.startsWith("{\"stream\":\"")) {
                final int end = text.indexOf('"', 11);
                stream = text.substring(11, end);
                final int data = text.indexOf("\"data\":", end);
                payload = text.substring(data + 7, text.length() - 1);
                classifyBinance();
                parseObject(payload);
            } else if (text.startsWith("{\"e\":")) {
                payload = text;
                parseObject(payload);
                stream = rawStreamName();
                classifyBinance();
            } else if (text.startsWith("{\"channel\":\"l2Book\"")) {
                kind = Kind.HYPERLIQUID_BOOK;
                parseHyperliquidBook(text);
            } else if (text.startsWith("{\"channel\":\"trades\"")) {
                kind = Kind.HYPERLIQUID_TRADES;
                parseHyperliquidTrades(text);
            } else if (text.startsWith("{\"channel\":\"")) {
                final String channel = text.substring(12, Math.max(12, text.indexOf('"', 12)));
                if (HYPERLIQUID_OTHER_CHANNELS.contains(channel)) {
                    kind = Kind.HYPERLIQUID_OTHER;
                    parseHyperliquidCoinFrame(text, channel);
                }
            }
            if (kind == Kind.HYPERLIQUID_BOOK || kind == Kind.HYPERLIQUID_TRADES) {
                stream = kind == Kind.HYPERLIQUID_BOOK ? "l2Book" : "trades";
                payload = text;
            }
        } catch (final IOException | RuntimeException e) {
            kind = Kind.OTHER;
        }
        return this;
    }

    private void reset() {
        kind = Kind.OTHER;
        stream = null;
        payload = null;
        symbol = null;
        eventTimeMs = 0;
        transactionTimeMs = 0;
        firstUpdateId = 0;
        lastUpdateId = 0;
        previousUpdateId = 0;
        bids.clear();
        asks.clear();
        trades.clear();
        symbolFilters.clear();
        price = null;
        quantity = null;
    }

    private void classifyBinance() {
        final int at = stream.indexOf('@');
        final String type = at < 0 ? "" : stream.substring(at + 1);
        if (type.startsWith("depth5") || type.startsWith("depth10") || type.startsWith("depth20")) {
            kind = Kind.BINANCE_PARTIAL_DEPTH;
        } else if (type.startsWith("depth")) {
            kind = Kind.BINANCE_DEPTH_DIFF;
        } else if (type.equals("trade")) {
            kind = Kind.BINANCE_TRADE;
        } else if (type.equals("aggTrade")) {
            kind = Kind.BINANCE_AGG_TRADE;
        } else {
            kind = Kind.BINANCE_OTHER;
        }
    }

    /** A raw (uncombined) frame does not name its stream; the event type and symbol do. */
    private String rawStreamName() {
        return symbol == null ? "unknown" : symbol.toLowerCase(java.util.Locale.ROOT) + "@" + switch (eventType) {
            case "depthUpdate" -> "depth";
            case "markPriceUpdate" -> "markPrice";
            case "kline" -> "kline";
            default -> eventType;
        };
    }

    private String eventType = "";

    private void parseObject(final String object) throws IOException {
        try (JsonParser parser = json.createParser(object)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                final JsonToken value = parser.nextToken();
                switch (field) {
                    case "e" -> eventType = parser.getText();
                    case "E" -> eventTimeMs = parser.getLongValue();
                    case "T" -> transactionTimeMs = value.isNumeric() ? parser.getLongValue() : 0;
                    case "s" -> symbol = parser.getText();
                    case "U" -> firstUpdateId = parser.getLongValue();
                    case "u" -> lastUpdateId = parser.getLongValue();
                    case "pu" -> previousUpdateId = parser.getLongValue();
                    case "lastUpdateId" -> lastUpdateId = parser.getLongValue();
                    case "b", "bids" -> readLevels(parser, bids);
                    case "a", "asks" -> {
                        if (value == JsonToken.START_ARRAY) {
                            readLevels(parser, asks);
                        } else {
                            tradeId = parser.getLongValue();
                        }
                    }
                    case "t" -> tradeId = parser.getLongValue();
                    case "f" -> firstTradeId = parser.getLongValue();
                    case "l" -> lastTradeId = parser.getLongValue();
                    case "p" -> price = parser.getText();
                    case "q" -> quantity = parser.getText();
                    case "m" -> buyerIsMaker = parser.getBooleanValue();
                    default -> parser.skipChildren();
                }
            }
        }
    }

    private static void readLevels(final JsonParser parser, final List<String[]> into) throws IOException {
        while (parser.nextToken() == JsonToken.START_ARRAY) {
            parser.nextToken();
            final String levelPrice = parser.getText();
            parser.nextToken();
            final String levelSize = parser.getText();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                parser.skipChildren();
            }
            into.add(new String[] {levelPrice, levelSize});
        }
    }

    private void parseHyperliquidBook(final String text) throws IOException {
        try (JsonParser parser = json.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME) {
                    final String field = parser.currentName();
                    parser.nextToken();
                    switch (field) {
                        case "coin" -> symbol = parser.getText();
                        case "time" -> eventTimeMs = parser.getLongValue();
                        case "levels" -> {
                            parser.nextToken();
                            readHyperliquidLevels(parser, bids);
                            parser.nextToken();
                            readHyperliquidLevels(parser, asks);
                            parser.nextToken();
                        }
                        default -> {
                        }
                    }
                }
            }
        }
    }

    private static void readHyperliquidLevels(final JsonParser parser, final List<String[]> into) throws IOException {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String levelPrice = null;
            String levelSize = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                parser.nextToken();
                if ("px".equals(field)) {
                    levelPrice = parser.getText();
                } else if ("sz".equals(field)) {
                    levelSize = parser.getText();
                }
            }
            into.add(new String[] {levelPrice, levelSize});
        }
    }

    private void parseHyperliquidTrades(final String text) throws IOException {
        try (JsonParser parser = json.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && "data".equals(parser.currentName())) {
                    parser.nextToken();
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        final String[] trade = new String[5];
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            final String field = parser.currentName();
                            parser.nextToken();
                            switch (field) {
                                case "coin" -> trade[0] = parser.getText();
                                case "side" -> trade[1] = parser.getText();
                                case "px" -> trade[2] = parser.getText();
                                case "sz" -> trade[3] = parser.getText();
                                case "time" -> trade[4] = parser.getText();
                                default -> parser.skipChildren();
                            }
                        }
                        trades.add(trade);
                        symbol = trade[0];
                    }
                }
            }
        }
    }

    /**
     * A {@code bbo}, {@code candle} or {@code activeAssetCtx} frame: its coin ({@code coin}, or {@code s} in a
     * candle) and, for a candle, the interval, which make the channel key ({@code candle:1m}).
     */
    private void parseHyperliquidCoinFrame(final String text, final String channel) throws IOException {
        String interval = null;
        try (JsonParser parser = json.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                if (parser.nextToken() != JsonToken.START_OBJECT || !"data".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String name = parser.currentName();
                    parser.nextToken();
                    switch (name) {
                        case "coin", "s" -> symbol = parser.getText();
                        case "i" -> interval = parser.getText();
                        case "time" -> eventTimeMs = parser.getLongValue();
                        default -> parser.skipChildren();
                    }
                }
            }
        }
        if (symbol == null || "candle".equals(channel) && interval == null) {
            kind = Kind.OTHER;
            return;
        }
        stream = "candle".equals(channel) ? channel + ":" + interval : channel;
        payload = text;
    }

    private void parseExchangeInfo(final String text) throws IOException {
        try (JsonParser parser = json.createParser(text)) {
            String currentSymbol = null;
            String filterType = null;
            while (parser.nextToken() != null) {
                if (parser.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                final String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "symbol" -> currentSymbol = parser.getText();
                    case "filterType" -> filterType = parser.getText();
                    case "tickSize" -> {
                        if ("PRICE_FILTER".equals(filterType)) {
                            symbolFilters.add(new String[] {currentSymbol, "tickSize", parser.getText()});
                        }
                    }
                    case "stepSize" -> {
                        if ("LOT_SIZE".equals(filterType)) {
                            symbolFilters.add(new String[] {currentSymbol, "stepSize", parser.getText()});
                        }
                    }
                    default -> {
                        if (parser.currentToken() == JsonToken.START_OBJECT && !"filters".equals(field)) {
                            parser.skipChildren();
                        }
                    }
                }
            }
        }
    }

    private static String symbolFromUrl(final String url) {
        if (url == null) {
            return null;
        }
        final int at = url.indexOf("symbol=");
        if (at < 0) {
            return null;
        }
        final int end = url.indexOf('&', at);
        return url.substring(at + 7, end < 0 ? url.length() : end).toUpperCase(java.util.Locale.ROOT);
    }
}
