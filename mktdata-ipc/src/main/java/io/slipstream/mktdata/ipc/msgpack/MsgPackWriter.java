package io.slipstream.mktdata.ipc.msgpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Appends MessagePack values to a growable byte array, in the shortest encodings. Reused: {@link #reset()} and write
 * again; it allocates only when it has to grow (or for {@link #value(Object)}, which is for replies, not events).
 * Not thread-safe.
 */
public final class MsgPackWriter {
    private byte[] buffer;
    private int position;

    /** @param initialCapacity bytes to start with */
    public MsgPackWriter(final int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets what was written. @return this */
    public MsgPackWriter reset() {
        position = 0;
        return this;
    }

    /** @return the bytes written so far live in {@code array()[0 .. length())} */
    public byte[] array() {
        return buffer;
    }

    /** @return bytes written */
    public int length() {
        return position;
    }

    /** @return a copy of what was written */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    /** @param count entries that follow (key and value each) @return this */
    public MsgPackWriter mapHeader(final int count) {
        if (count < 16) {
            put(0x80 | count);
        } else if (count < 65536) {
            put(0xde);
            putShort(count);
        } else {
            put(0xdf);
            putInt(count);
        }
        return this;
    }

    /** @param count elements that follow @return this */
    public MsgPackWriter arrayHeader(final int count) {
        if (count < 16) {
            put(0x90 | count);
        } else if (count < 65536) {
            put(0xdc);
            putShort(count);
        } else {
            put(0xdd);
            putInt(count);
        }
        return this;
    }

    /** @return this, with nil written */
    public MsgPackWriter nil() {
        put(0xc0);
        return this;
    }

    /** @param value a boolean @return this */
    public MsgPackWriter bool(final boolean value) {
        put(value ? 0xc3 : 0xc2);
        return this;
    }

    /** @param value any long, in the shortest int encoding @return this */
    public MsgPackWriter integer(final long value) {
        if (value >= 0) {
            if (value < 128) {
                put((int) value);
            } else if (value < 256) {
                put(0xcc);
                put((int) value);
            } else if (value < 65536) {
                put(0xcd);
                putShort((int) value);
            } else if (value < 0x1_0000_0000L) {
                put(0xce);
                putInt((int) value);
            } else {
                put(0xcf);
                putLong(value);
            }
        } else if (value >= -32) {
            put((int) value & 0xff);
        } else if (value >= Byte.MIN_VALUE) {
            put(0xd0);
            put((int) value & 0xff);
        } else if (value >= Short.MIN_VALUE) {
            put(0xd1);
            putShort((int) value);
        } else if (value >= Integer.MIN_VALUE) {
            put(0xd2);
            putInt((int) value);
        } else {
            put(0xd3);
            putLong(value);
        }
        return this;
    }

    /** @param value a double, always as float64 @return this */
    public MsgPackWriter float64(final double value) {
        put(0xcb);
        putLong(Double.doubleToRawLongBits(value));
        return this;
    }

    /**
     * Writes a scaled decimal mantissa as the nearest double ({@code mantissa / 10^scale}, correctly rounded for
     * the mantissas of market data, below 2^53).
     *
     * @param mantissa the scaled value
     * @param scale    decimals, 0..18
     * @return this
     */
    public MsgPackWriter decimal(final long mantissa, final int scale) {
        return float64(mantissa / POWERS_OF_TEN[scale]);
    }

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

    /**
     * Writes a string; ASCII and any other UTF-16 text are encoded to UTF-8 without allocating.
     *
     * @param value the text
     * @return this
     */
    public MsgPackWriter string(final CharSequence value) {
        final int chars = value.length();
        int utf8Length = 0;
        for (int i = 0; i < chars; i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                utf8Length++;
            } else if (c < 0x800) {
                utf8Length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
                utf8Length += 4;
                i++;
            } else {
                utf8Length += 3;
            }
        }
        stringHeader(utf8Length);
        ensure(utf8Length);
        for (int i = 0; i < chars; i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                buffer[position++] = (byte) c;
            } else if (c < 0x800) {
                buffer[position++] = (byte) (0xc0 | c >> 6);
                buffer[position++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
                final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                buffer[position++] = (byte) (0xf0 | codePoint >> 18);
                buffer[position++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
                buffer[position++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
                buffer[position++] = (byte) (0x80 | codePoint & 0x3f);
            } else {
                // A lone surrogate has no UTF-8 form; U+FFFD as the JDK's encoder would write.
                final int codePoint = Character.isSurrogate(c) ? 0xfffd : c;
                buffer[position++] = (byte) (0xe0 | codePoint >> 12);
                buffer[position++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
                buffer[position++] = (byte) (0x80 | codePoint & 0x3f);
            }
        }
        return this;
    }

    /**
     * Writes a string from UTF-8 bytes prepared once (map keys, symbol names).
     *
     * @param utf8 the encoded text
     * @return this
     */
    public MsgPackWriter string(final byte[] utf8) {
        stringHeader(utf8.length);
        raw(utf8, 0, utf8.length);
        return this;
    }

    /**
     * Writes binary data.
     *
     * @param bytes  the source
     * @param offset where it starts
     * @param length how many bytes
     * @return this
     */
    public MsgPackWriter bin(final byte[] bytes, final int offset, final int length) {
        binHeader(length);
        raw(bytes, offset, length);
        return this;
    }

    /** @param length bytes of binary data that the caller writes next with {@link #raw} @return this */
    public MsgPackWriter binHeader(final int length) {
        if (length < 256) {
            put(0xc4);
            put(length);
        } else if (length < 65536) {
            put(0xc5);
            putShort(length);
        } else {
            put(0xc6);
            putInt(length);
        }
        return this;
    }

    /**
     * Copies bytes as they are (an already-encoded value, or the body after {@link #binHeader}).
     *
     * @param bytes  the source
     * @param offset where it starts
     * @param length how many bytes
     * @return this
     */
    public MsgPackWriter raw(final byte[] bytes, final int offset, final int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
        return this;
    }

    /** @param value a long appended little-endian, for packed {@code bin} columns @return this */
    public MsgPackWriter rawLongLittleEndian(final long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[position++] = (byte) (value >>> 8 * i);
        }
        return this;
    }

    /** @param value a byte appended as is @return this */
    public MsgPackWriter rawByte(final int value) {
        put(value);
        return this;
    }

    /**
     * Writes any of: null, Boolean, Integer/Long/Short/Byte, Float/Double, CharSequence, byte[], a Map with string
     * keys, a List, recursively. For replies; allocates.
     *
     * @param value the value
     * @return this
     * @throws IllegalArgumentException for another type
     */
    public MsgPackWriter value(final Object value) {
        if (value == null) {
            return nil();
        }
        if (value instanceof Boolean b) {
            return bool(b);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return integer(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return float64(((Number) value).doubleValue());
        }
        if (value instanceof CharSequence s) {
            return string(s);
        }
        if (value instanceof byte[] bytes) {
            return bin(bytes, 0, bytes.length);
        }
        if (value instanceof Map<?, ?> map) {
            mapHeader(map.size());
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                string(String.valueOf(entry.getKey()));
                value(entry.getValue());
            }
            return this;
        }
        if (value instanceof List<?> list) {
            arrayHeader(list.size());
            for (final Object element : list) {
                value(element);
            }
            return this;
        }
        throw new IllegalArgumentException("cannot write a " + value.getClass().getName());
    }

    /** @param text ASCII or UTF-8 text @return its UTF-8 bytes, for {@link #string(byte[])} */
    public static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void stringHeader(final int length) {
        if (length < 32) {
            put(0xa0 | length);
        } else if (length < 256) {
            put(0xd9);
            put(length);
        } else if (length < 65536) {
            put(0xda);
            putShort(length);
        } else {
            put(0xdb);
            putInt(length);
        }
    }

    private void put(final int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    private void putShort(final int value) {
        ensure(2);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void putInt(final int value) {
        ensure(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void putLong(final long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    private void ensure(final int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }
}
