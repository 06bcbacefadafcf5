package io.slipstream.mktdata.ipc.msgpack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads MessagePack values from a byte array region: typed reads for decoders that know the shape (no allocation
 * except for strings), {@link #readValue()} for requests of any shape, and {@link #frameLength} to find where one
 * value ends in bytes nobody vouched for. Reused via {@link #wrap}. Not thread-safe.
 */
public final class MsgPackReader {
    /** {@link #frameLength}: the value is not complete yet. */
    public static final int NEED_MORE = -1;
    /** {@link #frameLength}: the bytes are not MessagePack (or nest deeper than allowed). */
    public static final int INVALID = -2;

    private static final int SKIP_LENGTH = 0;
    private static final int EXT = 1;
    private static final int ARRAY = 2;
    private static final int MAP = 3;

    private final long[] skipStack = new long[65];
    private byte[] buffer;
    private int position;
    private int limit;

    /** A reader with nothing to read; {@link #wrap} it. */
    public MsgPackReader() {
        buffer = new byte[0];
    }

    /**
     * @param bytes  the source
     * @param offset where reading starts
     * @param length bytes available
     * @return this
     */
    public MsgPackReader wrap(final byte[] bytes, final int offset, final int length) {
        buffer = bytes;
        position = offset;
        limit = offset + length;
        return this;
    }

    /** @return the read position in the wrapped array */
    public int position() {
        return position;
    }

    /** @return true while bytes remain */
    public boolean hasRemaining() {
        return position < limit;
    }

    /** @return the format byte of the next value, without consuming it */
    public int peekFormat() {
        need(1);
        return buffer[position] & 0xff;
    }

    /** @return true (and consumed) if the next value is nil */
    public boolean tryReadNil() {
        if (peekFormat() == 0xc0) {
            position++;
            return true;
        }
        return false;
    }

    /** @return the entry count of the map that starts here */
    public int readMapHeader() {
        final int format = next();
        if ((format & 0xf0) == 0x80) {
            return format & 0x0f;
        }
        return switch (format) {
            case 0xde -> readUnsigned(2);
            case 0xdf -> length(readUnsigned(4));
            default -> throw mismatch("map", format);
        };
    }

    /** @return the element count of the array that starts here */
    public int readArrayHeader() {
        final int format = next();
        if ((format & 0xf0) == 0x90) {
            return format & 0x0f;
        }
        return switch (format) {
            case 0xdc -> readUnsigned(2);
            case 0xdd -> length(readUnsigned(4));
            default -> throw mismatch("array", format);
        };
    }

    /** @return the next value as a long (any int encoding) */
    public long readLong() {
        final int format = next();
        if (format < 0x80) {
            return format;
        }
        if (format >= 0xe0) {
            return (byte) format;
        }
        return switch (format) {
            case 0xcc -> readUnsigned(1);
            case 0xcd -> readUnsigned(2);
            case 0xce -> readRaw(4);
            case 0xcf -> {
                final long value = readRaw(8);
                if (value < 0) {
                    throw new MsgPackException("uint64 beyond the range of a long");
                }
                yield value;
            }
            case 0xd0 -> (byte) readRaw(1);
            case 0xd1 -> (short) readRaw(2);
            case 0xd2 -> (int) readRaw(4);
            case 0xd3 -> readRaw(8);
            default -> throw mismatch("integer", format);
        };
    }

    /** @return the next value as a double (float32, float64, or an integer) */
    public double readDouble() {
        final int format = peekFormat();
        if (format == 0xcb) {
            position++;
            return Double.longBitsToDouble(readRaw(8));
        }
        if (format == 0xca) {
            position++;
            return Float.intBitsToFloat((int) readRaw(4));
        }
        return readLong();
    }

    /** @return the next value as a boolean */
    public boolean readBoolean() {
        final int format = next();
        return switch (format) {
            case 0xc2 -> false;
            case 0xc3 -> true;
            default -> throw mismatch("boolean", format);
        };
    }

    /** @return the next value as a string (allocates) */
    public String readString() {
        final int length = readStringHeader();
        need(length);
        final String value = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    /** @return the byte length of the string that starts here; its UTF-8 bytes follow at {@link #position()} */
    public int readStringHeader() {
        final int format = next();
        if ((format & 0xe0) == 0xa0) {
            return format & 0x1f;
        }
        return switch (format) {
            case 0xd9 -> readUnsigned(1);
            case 0xda -> readUnsigned(2);
            case 0xdb -> length(readUnsigned(4));
            default -> throw mismatch("string", format);
        };
    }

    /** @return the byte length of the bin value that starts here; its bytes follow at {@link #position()} */
    public int readBinHeader() {
        final int format = next();
        return switch (format) {
            case 0xc4 -> readUnsigned(1);
            case 0xc5 -> readUnsigned(2);
            case 0xc6 -> length(readUnsigned(4));
            default -> throw mismatch("bin", format);
        };
    }

    /** @return the next bin value, copied */
    public byte[] readBin() {
        final int length = readBinHeader();
        need(length);
        final byte[] value = Arrays.copyOfRange(buffer, position, position + length);
        position += length;
        return value;
    }

    /** @param count bytes to step over (a string's or bin's body) */
    public void skipBytes(final int count) {
        need(count);
        position += count;
    }

    /** Steps over the next value, whatever it is. */
    public void skipValue() {
        final int length = frameLength(buffer, position, limit - position, skipStack);
        if (length < 0) {
            throw new MsgPackException(length == NEED_MORE ? "truncated value" : "not MessagePack");
        }
        position += length;
    }

    /**
     * Reads any value: null, Boolean, Long, Double, String, byte[], {@code List<Object>}, {@code Map<String, Object>}
     * (keys must be strings; insertion order kept); an ext value becomes its data bytes. Allocates: for requests.
     *
     * @return the value
     */
    public Object readValue() {
        return readValue(0);
    }

    private Object readValue(final int depth) {
        if (depth > 64) {
            throw new MsgPackException("nested deeper than 64");
        }
        final int format = peekFormat();
        if (format < 0x80 || format >= 0xe0 || format >= 0xcc && format <= 0xd3) {
            return readLong();
        }
        if ((format & 0xf0) == 0x80 || format == 0xde || format == 0xdf) {
            final int count = readMapHeader();
            final Map<String, Object> map = new LinkedHashMap<>(Math.min(count, 64) * 2);
            for (int i = 0; i < count; i++) {
                final int keyFormat = peekFormat();
                if (!((keyFormat & 0xe0) == 0xa0 || keyFormat >= 0xd9 && keyFormat <= 0xdb)) {
                    throw new MsgPackException("map keys must be strings");
                }
                final String key = readString();
                map.put(key, readValue(depth + 1));
            }
            return map;
        }
        if ((format & 0xf0) == 0x90 || format == 0xdc || format == 0xdd) {
            final int count = readArrayHeader();
            final List<Object> list = new ArrayList<>(Math.min(count, 1024));
            for (int i = 0; i < count; i++) {
                list.add(readValue(depth + 1));
            }
            return list;
        }
        if ((format & 0xe0) == 0xa0 || format >= 0xd9 && format <= 0xdb) {
            return readString();
        }
        switch (format) {
            case 0xc0:
                position++;
                return null;
            case 0xc2:
            case 0xc3:
                return readBoolean();
            case 0xca:
            case 0xcb:
                return readDouble();
            case 0xc4:
            case 0xc5:
            case 0xc6:
                return readBin();
            default:
                final int start = position;
                skipValue();
                if (format == 0xc1) {
                    throw new MsgPackException("reserved byte 0xc1");
                }
                return Arrays.copyOfRange(buffer, start, position);
        }
    }

    /**
     * Finds the end of the one MessagePack value that starts at {@code offset}, without trusting the bytes.
     *
     * @param bytes     the bytes
     * @param offset    where the value starts
     * @param available bytes available from there
     * @param maxDepth  deepest nesting accepted
     * @return the value's length in bytes, {@link #NEED_MORE} or {@link #INVALID}
     */
    public static int frameLength(final byte[] bytes, final int offset, final int available, final int maxDepth) {
        return frameLength(bytes, offset, available, new long[maxDepth + 1]);
    }

    /**
     * As {@link #frameLength(byte[], int, int, int)} without allocating: {@code stack} holds the open levels, and
     * its length minus one is the deepest nesting accepted. For a reader that frames every message it receives.
     *
     * @param bytes     the bytes
     * @param offset    where the value starts
     * @param available bytes available from there
     * @param stack     scratch space, reused between calls
     * @return the value's length in bytes, {@link #NEED_MORE} or {@link #INVALID}
     */
    public static int frameLength(final byte[] bytes, final int offset, final int available, final long[] stack) {
        final int maxDepth = stack.length - 1;
        final int end = offset + available;
        int position = offset;
        // Values still to read at each open level; a flat counter suffices since arrays and maps only add to it.
        long pending = 1;
        int depth = 0;
        while (true) {
            while (pending == 0) {
                if (depth == 0) {
                    return position - offset;
                }
                pending = stack[--depth];
            }
            if (position >= end) {
                return NEED_MORE;
            }
            final int format = bytes[position++] & 0xff;
            pending--;
            long skip = 0;
            long children = -1;
            if (format < 0x80 || format >= 0xe0) {
                skip = 0;
            } else if (format < 0x90) {
                children = 2L * (format & 0x0f);
            } else if (format < 0xa0) {
                children = format & 0x0f;
            } else if (format < 0xc0) {
                skip = format & 0x1f;
            } else {
                int lengthBytes = 0;
                int kind = SKIP_LENGTH;
                switch (format) {
                    case 0xc0, 0xc2, 0xc3 -> skip = 0;
                    case 0xc4, 0xd9 -> lengthBytes = 1;
                    case 0xc5, 0xda -> lengthBytes = 2;
                    case 0xc6, 0xdb -> lengthBytes = 4;
                    case 0xc7 -> {
                        lengthBytes = 1;
                        kind = EXT;
                    }
                    case 0xc8 -> {
                        lengthBytes = 2;
                        kind = EXT;
                    }
                    case 0xc9 -> {
                        lengthBytes = 4;
                        kind = EXT;
                    }
                    case 0xcc, 0xd0 -> skip = 1;
                    case 0xcd, 0xd1 -> skip = 2;
                    case 0xca, 0xce, 0xd2 -> skip = 4;
                    case 0xcb, 0xcf, 0xd3 -> skip = 8;
                    case 0xd4 -> skip = 2;
                    case 0xd5 -> skip = 3;
                    case 0xd6 -> skip = 5;
                    case 0xd7 -> skip = 9;
                    case 0xd8 -> skip = 17;
                    case 0xdc -> {
                        lengthBytes = 2;
                        kind = ARRAY;
                    }
                    case 0xdd -> {
                        lengthBytes = 4;
                        kind = ARRAY;
                    }
                    case 0xde -> {
                        lengthBytes = 2;
                        kind = MAP;
                    }
                    case 0xdf -> {
                        lengthBytes = 4;
                        kind = MAP;
                    }
                    default -> {
                        // 0xc1 is reserved: never valid MessagePack.
                        return INVALID;
                    }
                }
                if (lengthBytes > 0) {
                    if (end - position < lengthBytes) {
                        return NEED_MORE;
                    }
                    long length = 0;
                    for (int i = 0; i < lengthBytes; i++) {
                        length = length << 8 | bytes[position++] & 0xff;
                    }
                    switch (kind) {
                        case ARRAY -> children = length;
                        case MAP -> children = 2 * length;
                        case EXT -> skip = length + 1;
                        default -> skip = length;
                    }
                }
            }
            if (skip > 0) {
                if (end - position < skip) {
                    return NEED_MORE;
                }
                position += (int) skip;
            }
            if (children > 0) {
                if (depth == maxDepth) {
                    return INVALID;
                }
                stack[depth++] = pending;
                pending = children;
            }
        }
    }

    private int next() {
        need(1);
        return buffer[position++] & 0xff;
    }

    private int readUnsigned(final int bytes) {
        final long value = readRaw(bytes);
        return bytes == 4 ? length(value) : (int) value;
    }

    private long readRaw(final int bytes) {
        need(bytes);
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = value << 8 | buffer[position++] & 0xff;
        }
        return value;
    }

    private static int length(final long value) {
        if (value > Integer.MAX_VALUE || value < 0) {
            throw new MsgPackException("length beyond 2 GiB");
        }
        return (int) value;
    }

    private void need(final int bytes) {
        if (bytes < 0 || limit - position < bytes) {
            throw new MsgPackException("truncated value");
        }
    }

    private static MsgPackException mismatch(final String expected, final int format) {
        return new MsgPackException("expected " + expected + ", found format 0x" + Integer.toHexString(format));
    }
}
