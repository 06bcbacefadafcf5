package io.slipstream.mktdata.ipc.client;

import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps short UTF-8 strings (map keys, venues, symbols, intervals, types) to the same String instance each time, so
 * decoding a stream message allocates no key strings and {@code switch} on them hits the cached hash code. Fixed
 * size: a new string evicts an old one in its slot, so an unbounded set of values cannot grow it. Not thread-safe.
 */
final class StringCache {
    /** Longer strings are rare and not worth caching. */
    private static final int MAX_CACHED_BYTES = 48;
    private static final int PROBES = 4;

    private final byte[][] keys;
    private final String[] values;
    private final int mask;

    /** @param slots a power of two */
    StringCache(final int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, was " + slots);
        }
        keys = new byte[slots][];
        values = new String[slots];
        mask = slots - 1;
    }

    /**
     * Reads the string that starts at the reader's position.
     *
     * @param reader the reader, wrapped over {@code bytes}
     * @param bytes  the array the reader wraps
     * @return the string, shared if short
     */
    String read(final MsgPackReader reader, final byte[] bytes) {
        final int length = reader.readStringHeader();
        final int offset = reader.position();
        reader.skipBytes(length);
        return lookup(bytes, offset, length);
    }

    String lookup(final byte[] bytes, final int offset, final int length) {
        if (length > MAX_CACHED_BYTES) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        int hash = length;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        hash ^= hash >>> 16;
        for (int probe = 0; probe < PROBES; probe++) {
            final int slot = hash + probe & mask;
            final byte[] key = keys[slot];
            if (key == null) {
                return insert(slot, bytes, offset, length);
            }
            if (Arrays.equals(key, 0, key.length, bytes, offset, offset + length)) {
                return values[slot];
            }
        }
        return insert(hash & mask, bytes, offset, length);
    }

    private String insert(final int slot, final byte[] bytes, final int offset, final int length) {
        final String value = new String(bytes, offset, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        values[slot] = value;
        return value;
    }
}
