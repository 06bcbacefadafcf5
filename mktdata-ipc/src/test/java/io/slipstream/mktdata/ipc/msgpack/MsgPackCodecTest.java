package io.slipstream.mktdata.ipc.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * The hand-written codec against msgpack-core, the reference implementation: random values of every kind and size
 * boundary written by one are read back by the other, byte for byte where both choose the shortest encoding.
 */
class MsgPackCodecTest {
    private static final int ROUNDS = 3_000;

    @BeforeAll
    static void useTheReferenceWithoutUnsafe() {
        // msgpack-core's default buffer uses sun.misc.Unsafe, which the tests deny on JDK 23+.
        System.setProperty("msgpack.universal-buffer", "true");
    }

    @Test
    void shouldWriteTheSameBytesAsTheReferenceForScalarsAndStrings() throws IOException {
        final Random random = new Random(20261124L);
        final MsgPackWriter writer = new MsgPackWriter(16);
        for (int round = 0; round < ROUNDS; round++) {
            final long integer = boundaryLong(random);
            final double real = random.nextDouble() * 1e6 - 5e5;
            final String text = randomText(random);
            writer.reset().integer(integer).float64(real).string(text).bool(round % 2 == 0).nil()
                .arrayHeader(round % 70_000).mapHeader(round % 17);
            try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
                packer.packLong(integer).packDouble(real).packString(text).packBoolean(round % 2 == 0).packNil()
                    .packArrayHeader(round % 70_000).packMapHeader(round % 17);
                assertThat(Arrays.copyOf(writer.array(), writer.length()))
                    .as("round %d: %d %s", round, integer, text).isEqualTo(packer.toByteArray());
            }
        }
    }

    @Test
    void shouldReadWhatTheReferenceWritesAndFrameItExactly() throws IOException {
        final Random random = new Random(7L);
        final MsgPackReader reader = new MsgPackReader();
        for (int round = 0; round < ROUNDS; round++) {
            final Object value = randomValue(random, 0);
            final byte[] bytes;
            try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
                pack(packer, value);
                bytes = packer.toByteArray();
            }
            assertThat(MsgPackReader.frameLength(bytes, 0, bytes.length, 64)).isEqualTo(bytes.length);
            for (int cut = 0; cut < bytes.length; cut += 1 + bytes.length / 7) {
                assertThat(MsgPackReader.frameLength(bytes, 0, cut, 64)).as("cut at %d", cut)
                    .isEqualTo(MsgPackReader.NEED_MORE);
            }
            assertThat(normalise(reader.wrap(bytes, 0, bytes.length).readValue())).isEqualTo(normalise(value));
            assertThat(reader.hasRemaining()).isFalse();
        }
    }

    @Test
    void shouldWriteWhatTheReferenceReadsBackAsTheSameValue() throws IOException {
        final Random random = new Random(42L);
        final MsgPackWriter writer = new MsgPackWriter(16);
        for (int round = 0; round < ROUNDS; round++) {
            final Object value = randomValue(random, 0);
            writer.reset().value(value);
            try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(writer.array(), 0, writer.length())) {
                final Value read = unpacker.unpackValue();
                assertThat(unpacker.hasNext()).isFalse();
                final MsgPackReader ours = new MsgPackReader();
                final byte[] again;
                try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
                    packer.packValue(read);
                    again = packer.toByteArray();
                }
                assertThat(normalise(ours.wrap(again, 0, again.length).readValue())).isEqualTo(normalise(value));
            }
        }
    }

    @Test
    void shouldRefuseBytesThatAreNotMessagePackOrNestTooDeep() {
        assertThat(MsgPackReader.frameLength(new byte[] {(byte) 0xc1}, 0, 1, 8)).isEqualTo(MsgPackReader.INVALID);
        final byte[] deep = new byte[20];
        Arrays.fill(deep, (byte) 0x91);
        assertThat(MsgPackReader.frameLength(deep, 0, deep.length, 8)).isEqualTo(MsgPackReader.INVALID);
        final byte[] huge = {(byte) 0xdb, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThat(MsgPackReader.frameLength(huge, 0, huge.length, 8)).isEqualTo(MsgPackReader.NEED_MORE);
        assertThatThrownBy(() -> new MsgPackReader().wrap(new byte[] {(byte) 0x81, 1, 2}, 0, 3).readValue())
            .isInstanceOf(MsgPackException.class).hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> new MsgPackReader().wrap(new byte[] {(byte) 0xa5, 'a'}, 0, 2).readValue())
            .isInstanceOf(MsgPackException.class).hasMessageContaining("truncated");
    }

    @Test
    void shouldWriteDecimalsAsTheNearestDouble() {
        final MsgPackWriter writer = new MsgPackWriter(16);
        final MsgPackReader reader = new MsgPackReader();
        final Random random = new Random(3L);
        for (int round = 0; round < 10_000; round++) {
            final int scale = random.nextInt(9);
            final long mantissa = random.nextLong(1L << 50);
            writer.reset().decimal(mantissa, scale);
            final double read = reader.wrap(writer.array(), 0, writer.length()).readDouble();
            final String text = new java.math.BigDecimal(java.math.BigInteger.valueOf(mantissa), scale).toPlainString();
            assertThat(read).as(text).isEqualTo(Double.parseDouble(text));
            assertThat(Math.round(read * Math.pow(10, scale))).isEqualTo(mantissa);
        }
    }

    private static long boundaryLong(final Random random) {
        final long[] edges = {0, 127, 128, 255, 256, 65535, 65536, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE,
            -1, -32, -33, -128, -129, -32768, -32769, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MIN_VALUE};
        return random.nextBoolean() ? edges[random.nextInt(edges.length)] + random.nextInt(3) - 1 : random.nextLong();
    }

    private static String randomText(final Random random) {
        final int length = random.nextInt(4) == 0 ? random.nextInt(70_000) : random.nextInt(40);
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            final int kind = random.nextInt(10);
            if (kind < 7) {
                text.append((char) ('a' + random.nextInt(26)));
            } else if (kind == 7) {
                text.append('é');
            } else if (kind == 8) {
                text.append('€');
            } else {
                text.appendCodePoint(0x1f600 + random.nextInt(50));
            }
        }
        return text.toString();
    }

    private static Object randomValue(final Random random, final int depth) {
        final int kind = random.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> boundaryLong(random);
            case 3 -> random.nextDouble() * 1e9;
            case 4 -> randomText(random);
            case 5 -> {
                final byte[] bytes = new byte[random.nextInt(4) == 0 ? random.nextInt(70_000) : random.nextInt(20)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 6 -> {
                final List<Object> list = new ArrayList<>();
                final int count = random.nextInt(10) == 0 ? 20 : random.nextInt(5);
                for (int i = 0; i < count; i++) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                final Map<String, Object> map = new LinkedHashMap<>();
                final int count = random.nextInt(10) == 0 ? 20 : random.nextInt(5);
                for (int i = 0; i < count; i++) {
                    map.put("k" + i + randomText(random).substring(0, 0), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static void pack(final MessageBufferPacker packer, final Object value) throws IOException {
        if (value == null) {
            packer.packNil();
        } else if (value instanceof Boolean b) {
            packer.packBoolean(b);
        } else if (value instanceof Long l) {
            packer.packLong(l);
        } else if (value instanceof Double d) {
            packer.packDouble(d);
        } else if (value instanceof String s) {
            packer.packString(s);
        } else if (value instanceof byte[] bytes) {
            packer.packBinaryHeader(bytes.length).writePayload(bytes);
        } else if (value instanceof List<?> list) {
            packer.packArrayHeader(list.size());
            for (final Object element : list) {
                pack(packer, element);
            }
        } else {
            final Map<?, ?> map = (Map<?, ?>) value;
            packer.packMapHeader(map.size());
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                packer.packString((String) entry.getKey());
                pack(packer, entry.getValue());
            }
        }
    }

    /** byte[] compares by identity; lists of boxed bytes compare by content. */
    private static Object normalise(final Object value) {
        if (value instanceof byte[] bytes) {
            final List<Byte> list = new ArrayList<>(bytes.length);
            for (final byte b : bytes) {
                list.add(b);
            }
            return list;
        }
        if (value instanceof List<?> list) {
            final List<Object> out = new ArrayList<>();
            for (final Object element : list) {
                out.add(normalise(element));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            final Map<Object, Object> out = new LinkedHashMap<>();
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                out.put(entry.getKey(), normalise(entry.getValue()));
            }
            return out;
        }
        return value;
    }
}
