package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.venuesim.market.SimSymbol;

/**
 * One side of a book on Hyperliquid's price grid: the market's Binance-precision levels rounded outwards (bids down,
 * asks up, so the spread never narrows), levels landing on the same price merged with their sizes summed and
 * {@code n} counting the merged levels (the market has no order counts). Not thread-safe; fill it under the
 * symbol's monitor, render it after.
 */
final class HyperliquidLevels {
    private final long[] prices;
    private final long[] sizes;
    private final int[] orders;
    private int count;

    /** @param capacity most levels kept */
    HyperliquidLevels(final int capacity) {
        prices = new long[capacity];
        sizes = new long[capacity];
        orders = new int[capacity];
    }

    /**
     * Aggregates one side of the symbol's book; call while holding the symbol's monitor.
     *
     * @param symbol   the symbol
     * @param bid      true for bids
     * @param nSigFigs 0 for full precision, else 2..5
     * @param mantissa 1, 2 or 5
     * @return this, holding at most {@code capacity} levels, best first
     */
    HyperliquidLevels fill(final SimSymbol symbol, final boolean bid, final int nSigFigs, final int mantissa) {
        count = 0;
        final L2Book book = symbol.book();
        final int depth = bid ? book.bidDepth() : book.askDepth();
        final int scale = symbol.priceScale();
        final int szDecimals = HyperliquidFormat.szDecimals(symbol);
        for (int i = 0; i < depth; i++) {
            final long price = bid ? book.bidPrice(i) : book.askPrice(i);
            final long size = bid ? book.bidSize(i) : book.askSize(i);
            if (size <= 0) {
                continue;
            }
            final long tick = HyperliquidFormat.tick(price, scale, szDecimals, nSigFigs, mantissa);
            final long gridPrice = bid ? HyperliquidFormat.roundDown(price, tick)
                : HyperliquidFormat.roundUp(price, tick);
            if (count > 0 && prices[count - 1] == gridPrice) {
                sizes[count - 1] += size;
                orders[count - 1]++;
                continue;
            }
            if (count == prices.length) {
                break;
            }
            prices[count] = gridPrice;
            sizes[count] = size;
            orders[count] = 1;
            count++;
        }
        return this;
    }

    /** @return levels held */
    int count() {
        return count;
    }

    /** @param i a level, 0 best @return its price at the symbol's price scale */
    long price(final int i) {
        return prices[i];
    }

    /** @param i a level @return its size at the symbol's size scale */
    long size(final int i) {
        return sizes[i];
    }

    /**
     * Appends the side as a JSON array of levels.
     *
     * @param out          where to append
     * @param symbol       the symbol
     * @param alphabetical REST key order ({@code n, px, sz}, as recorded) instead of the websocket's
     *                     ({@code px, sz, n})
     * @return {@code out}
     */
    StringBuilder appendTo(final StringBuilder out, final SimSymbol symbol, final boolean alphabetical) {
        out.append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            appendLevel(out, symbol, i, alphabetical);
        }
        return out.append(']');
    }

    /**
     * @param out          where to append
     * @param symbol       the symbol
     * @param i            the level
     * @param alphabetical REST key order
     * @return {@code out}
     */
    StringBuilder appendLevel(final StringBuilder out, final SimSymbol symbol, final int i,
                              final boolean alphabetical) {
        if (alphabetical) {
            out.append("{\"n\":").append(orders[i]).append(",\"px\":");
            HyperliquidFormat.quotedDecimal(out, prices[i], symbol.priceScale()).append(",\"sz\":");
            return HyperliquidFormat.quotedDecimal(out, sizes[i], symbol.sizeScale()).append('}');
        }
        out.append("{\"px\":");
        HyperliquidFormat.quotedDecimal(out, prices[i], symbol.priceScale()).append(",\"sz\":");
        HyperliquidFormat.quotedDecimal(out, sizes[i], symbol.sizeScale());
        return out.append(",\"n\":").append(orders[i]).append('}');
    }
}
