package io.slipstream.mktdata.venue.binance;

import io.slipstream.mktdata.candle.CandleInterval;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream name to route, looked up straight from the parser's char buffer (no String per frame). Built once before
 * the sockets open, read-only afterwards, so shared by every read thread.
 */
final class BinanceStreamTable {
    /** What a stream carries. */
    enum Kind {
        DEPTH, BOOK_TICKER, AGG_TRADE, KLINE, MARK_PRICE
    }

    /**
     * One stream.
     *
     * @param name     the stream name, e.g. {@code btcusdt@depth@100ms}
     * @param kind     what it carries
     * @param symbol   its symbol's state
     * @param interval the kline interval, or null
     */
    record Entry(String name, Kind kind, BinanceSymbol symbol, CandleInterval interval) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private Entry[] slots = new Entry[16];
    private int mask = 15;

    void add(final Entry entry) {
        entries.add(entry);
        if (entries.size() * 2 > slots.length) {
            slots = new Entry[slots.length * 4];
            mask = slots.length - 1;
            for (final Entry e : entries) {
                insert(e);
            }
        } else {
            insert(entry);
        }
    }

    private void insert(final Entry entry) {
        int i = hash(entry.name()) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = entry;
    }

    List<Entry> entries() {
        return entries;
    }

    Entry find(final char[] chars, final int offset, final int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + chars[offset + i];
        }
        int i = spread(h) & mask;
        while (true) {
            final Entry e = slots[i];
            if (e == null) {
                return null;
            }
            if (matches(e.name(), chars, offset, length)) {
                return e;
            }
            i = (i + 1) & mask;
        }
    }

    private static boolean matches(final String name, final char[] chars, final int offset, final int length) {
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(final String name) {
        return spread(name.hashCode());
    }

    private static int spread(final int h) {
        return h ^ (h >>> 16);
    }
}
