package io.slipstream.mktdata.book;

/**
 * The levels that an applied snapshot or delta changed, per side: each with its new absolute size, 0 where the
 * level was removed. Reused; not thread-safe.
 */
public final class BookChanges {
    private final LevelBuffer bids;
    private final LevelBuffer asks;

    /** @param initialLevels levels to preallocate per side */
    public BookChanges(final int initialLevels) {
        bids = new LevelBuffer(initialLevels);
        asks = new LevelBuffer(initialLevels);
    }

    /** @return changed bid levels */
    public LevelBuffer bids() {
        return bids;
    }

    /** @return changed ask levels */
    public LevelBuffer asks() {
        return asks;
    }

    /** @return true if nothing changed */
    public boolean isEmpty() {
        return bids.count() == 0 && asks.count() == 0;
    }

    /** Empties both sides. */
    public void clear() {
        bids.clear();
        asks.clear();
    }
}
