package io.slipstream.mktdata.venue.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.venue.json.FrameJson;
import io.slipstream.mktdata.venue.rest.WeightBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /fapi/v1/exchangeInfo} (weight 1): the perpetuals that are TRADING, with their PRICE_FILTER
 * {@code tickSize} and LOT_SIZE {@code stepSize}, and the REQUEST_WEIGHT per MINUTE limit.
 */
public final class BinanceExchangeInfo {
    /** The path. */
    public static final String PATH = "/fapi/v1/exchangeInfo";
    /** Its weight. */
    public static final int WEIGHT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(BinanceExchangeInfo.class);

    /**
     * One tradable perpetual.
     *
     * @param symbol   e.g. {@code BTCUSDT}
     * @param tickSize PRICE_FILTER tickSize
     * @param stepSize LOT_SIZE stepSize
     */
    public record SymbolInfo(String symbol, String tickSize, String stepSize) {
    }

    /**
     * The parsed answer.
     *
     * @param symbols                     TRADING perpetuals, in the venue's order
     * @param requestWeightPerMinute      the REQUEST_WEIGHT limit per minute, or -1 if not stated
     */
    public record Parsed(List<SymbolInfo> symbols, long requestWeightPerMinute) {
    }

    private BinanceExchangeInfo() {
    }

    /**
     * @param json the factory
     * @param body the exchangeInfo body
     * @return the perpetuals that are TRADING and the weight limit
     * @throws IOException if the body is not the expected JSON
     */
    public static Parsed parse(final JsonFactory json, final String body) throws IOException {
        final List<SymbolInfo> symbols = new ArrayList<>();
        long weightPerMinute = -1;
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("exchangeInfo is not an object");
            }
            while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
                final String name = parser.currentName();
                FrameJson.next(parser);
                if ("rateLimits".equals(name) && parser.currentToken() == JsonToken.START_ARRAY) {
                    while (FrameJson.next(parser) == JsonToken.START_OBJECT) {
                        final long limit = rateLimit(parser);
                        if (limit > 0) {
                            weightPerMinute = limit;
                        }
                    }
                } else if ("symbols".equals(name) && parser.currentToken() == JsonToken.START_ARRAY) {
                    while (FrameJson.next(parser) == JsonToken.START_OBJECT) {
                        final SymbolInfo info = symbol(parser);
                        if (info != null) {
                            symbols.add(info);
                        }
                    }
                } else {
                    FrameJson.skipValue(parser);
                }
            }
        }
        return new Parsed(symbols, weightPerMinute);
    }

    /** @return the per-minute limit if this entry is REQUEST_WEIGHT / 1 MINUTE, else -1 */
    private static long rateLimit(final JsonParser parser) throws IOException {
        String type = null;
        String interval = null;
        long intervalNum = 1;
        long limit = -1;
        while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            FrameJson.next(parser);
            switch (name) {
                case "rateLimitType" -> type = parser.getText();
                case "interval" -> interval = parser.getText();
                case "intervalNum" -> intervalNum = parser.getLongValue();
                case "limit" -> limit = parser.getLongValue();
                default -> FrameJson.skipValue(parser);
            }
        }
        return "REQUEST_WEIGHT".equals(type) && "MINUTE".equals(interval) && intervalNum == 1 ? limit : -1;
    }

    private static SymbolInfo symbol(final JsonParser parser) throws IOException {
        String symbol = null;
        String contractType = null;
        String status = null;
        String tickSize = null;
        String stepSize = null;
        while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            FrameJson.next(parser);
            switch (name) {
                case "symbol" -> symbol = parser.getText();
                case "contractType" -> contractType = parser.getText();
                case "status" -> status = parser.getText();
                case "filters" -> {
                    if (parser.currentToken() != JsonToken.START_ARRAY) {
                        FrameJson.skipValue(parser);
                        break;
                    }
                    while (FrameJson.next(parser) == JsonToken.START_OBJECT) {
                        String filterType = null;
                        String tick = null;
                        String step = null;
                        while (FrameJson.next(parser) == JsonToken.FIELD_NAME) {
                            final String field = parser.currentName();
                            FrameJson.next(parser);
                            switch (field) {
                                case "filterType" -> filterType = parser.getText();
                                case "tickSize" -> tick = parser.getText();
                                case "stepSize" -> step = parser.getText();
                                default -> FrameJson.skipValue(parser);
                            }
                        }
                        if ("PRICE_FILTER".equals(filterType)) {
                            tickSize = tick;
                        } else if ("LOT_SIZE".equals(filterType)) {
                            stepSize = step;
                        }
                    }
                }
                default -> FrameJson.skipValue(parser);
            }
        }
        if (symbol == null || !"PERPETUAL".equals(contractType) || !"TRADING".equals(status)) {
            return null;
        }
        if (tickSize == null || stepSize == null) {
            LOG.warn("binance: {} has no tickSize/stepSize; skipped", symbol);
            return null;
        }
        return new SymbolInfo(symbol, tickSize, stepSize);
    }

    /**
     * Registers the wanted symbols and applies the weight limit to the budget.
     *
     * @param parsed         the parsed answer
     * @param wanted         upper-case symbols, or null for all
     * @param registry       where to register
     * @param budget         the REST budget to update, or null
     * @param safetyFraction the share of the limit to use
     * @return the registered instruments, in the venue's order
     */
    public static List<Instrument> register(final Parsed parsed, final List<String> wanted,
                                            final InstrumentRegistry registry, final WeightBudget budget,
                                            final double safetyFraction) {
        if (budget != null && parsed.requestWeightPerMinute() > 0) {
            budget.updateLimit(parsed.requestWeightPerMinute(), safetyFraction);
        }
        final Set<String> filter = wanted == null ? null : new HashSet<>();
        if (wanted != null) {
            wanted.forEach(s -> filter.add(s.toUpperCase(Locale.ROOT)));
        }
        final List<Instrument> instruments = new ArrayList<>();
        for (final SymbolInfo info : parsed.symbols()) {
            if (filter != null && !filter.contains(info.symbol())) {
                continue;
            }
            try {
                instruments.add(registry.register(InstrumentSpec.binance(info.symbol(), info.tickSize(),
                    info.stepSize())));
            } catch (final IllegalArgumentException e) {
                LOG.warn("binance: {} not registered: {}", info.symbol(), e.getMessage());
            }
        }
        if (filter != null && instruments.size() < filter.size()) {
            LOG.warn("binance: only {} of the {} configured symbols are TRADING perpetuals", instruments.size(),
                filter.size());
        }
        return instruments;
    }
}
