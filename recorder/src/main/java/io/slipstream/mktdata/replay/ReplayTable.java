package io.slipstream.mktdata.replay;

/**
 * The recorded tables a replay reads (docs/data.md), in the order that breaks ties between rows of equal receive
 * time: a book change before the quote and trade it explains, statuses last. {@code gaps} is not replayed: what it
 * says is also in {@code status}.
 */
enum ReplayTable {
    L2DELTA("l2delta", true),
    L2BOOK("l2book", true),
    QUOTES("quotes", true),
    TRADES("trades", false),
    MARK("mark", false),
    CANDLES("candles", false),
    STATUS("status", false);

    /** The table's directory under the recorder's output path. */
    final String dirName;
    /** Whether the tree has a directory per symbol under each venue. */
    final boolean perSymbol;

    ReplayTable(final String dirName, final boolean perSymbol) {
        this.dirName = dirName;
        this.perSymbol = perSymbol;
    }

    /**
     * What the pre-pass measures in a row {@code t}, as SQL expressions: the price decimals and the size decimals it
     * needs, with {@code dscale(x)} the fewest decimals that represent {@code x} exactly (docs/replay.md), then its
     * bid and ask level counts (0 for tables without levels).
     */
    String[] scanExpressions() {
        return switch (this) {
            case TRADES -> new String[] {"dscale(t.price)", "dscale(t.size)", "0", "0"};
            case QUOTES -> new String[] {"greatest(dscale(t.bid_price), dscale(t.ask_price))",
                "greatest(dscale(t.bid_size), dscale(t.ask_size))", "0", "0"};
            case CANDLES -> new String[] {
                "greatest(dscale(t.open), dscale(t.high), dscale(t.low), dscale(t.close))", "dscale(t.volume)", "0",
                "0"};
            case MARK -> new String[] {"greatest(dscale(t.mark_price), dscale(t.index_price))", "0", "0", "0"};
            case L2BOOK, L2DELTA -> new String[] {
                "coalesce(list_max(list_transform(list_concat(t.bids, t.asks), lambda x: dscale(x.price))), 0)",
                "coalesce(list_max(list_transform(list_concat(t.bids, t.asks), lambda x: dscale(x.size))), 0)",
                "len(t.bids)", "len(t.asks)"};
            case STATUS -> new String[] {"0", "0", "0", "0"};
        };
    }
}
