package io.slipstream.mktdata.ring;

/**
 * Index arithmetic for a fixed-capacity ring that keeps the newest {@code capacity} entries: which array slot holds
 * the i-th oldest entry, and which slot the next entry overwrites. The entries themselves live in the owner's
 * primitive arrays (struct of arrays). Not thread-safe.
 */
public final class RingPositions {
    private final int capacity;
    private int oldestSlot;
    private int count;

    /** @param capacity entries kept; at least 1 */
    public RingPositions(final int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** @return entries kept at most */
    public int capacity() {
        return capacity;
    }

    /** @return entries held now */
    public int count() {
        return count;
    }

    /**
     * Claims the slot for a new newest entry, evicting the oldest when full.
     *
     * @return the array slot to write
     */
    public int append() {
        if (count < capacity) {
            return slotOf(count++);
        }
        final int slot = oldestSlot;
        oldestSlot = oldestSlot + 1 == capacity ? 0 : oldestSlot + 1;
        return slot;
    }

    /**
     * @param index 0 is the oldest entry, {@code count()-1} the newest
     * @return the array slot holding it
     */
    public int slotOf(final int index) {
        final int slot = oldestSlot + index;
        return slot >= capacity ? slot - capacity : slot;
    }

    /** @return the slot of the newest entry; only valid when {@code count() > 0} */
    public int newestSlot() {
        return slotOf(count - 1);
    }

    /** Forgets every entry. */
    public void clear() {
        oldestSlot = 0;
        count = 0;
    }
}
