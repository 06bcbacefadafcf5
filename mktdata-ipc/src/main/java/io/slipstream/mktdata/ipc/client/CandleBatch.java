package io.slipstream.mktdata.ipc.client;

import java.util.List;
import java.util.Map;

/**
 * The reply to {@link MarketDataClient#getCandlesBatch}: each symbol's candles as primitive columns.
 *
 * @param venue    the venue
 * @param interval the interval
 * @param symbols  the symbols, in the server's order
 * @param bySymbol each symbol's columns
 */
public record CandleBatch(String venue, String interval, List<String> symbols, Map<String, CandleColumns> bySymbol) {

    /** @param symbol a symbol of {@link #symbols()} @return its columns, or null if absent */
    public CandleColumns columns(final String symbol) {
        return bySymbol.get(symbol);
    }
}
