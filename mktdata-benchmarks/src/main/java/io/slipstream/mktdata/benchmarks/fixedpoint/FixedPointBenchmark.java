package io.slipstream.mktdata.benchmarks.fixedpoint;

import io.slipstream.mktdata.fixedpoint.FixedPoint;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Cost of turning a venue's decimal text into a number: {@link FixedPoint#parse(byte[], int, int, int)} straight
 * from frame bytes, as the venue adapters do for every price and size, against {@link Double#parseDouble} and
 * {@link BigDecimal#BigDecimal(String)} on the same text, for reference. Texts are a BTC price, a small size and a
 * mid-range price, all parsed at scale 8.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FixedPointBenchmark {
    private static final int SCALE = 8;

    @Param({"65432.10", "0.001574", "12.345"})
    private String text;

    private byte[] frameBytes;
    private int textOffset;
    private int textLength;

    /** Embeds the text in a frame-like byte array, as it would sit in a websocket message. */
    @Setup(Level.Trial)
    public void setUp() {
        final byte[] textBytes = text.getBytes(StandardCharsets.US_ASCII);
        final byte[] prefix = "{\"p\":\"".getBytes(StandardCharsets.US_ASCII);
        frameBytes = new byte[prefix.length + textBytes.length + 2];
        System.arraycopy(prefix, 0, frameBytes, 0, prefix.length);
        System.arraycopy(textBytes, 0, frameBytes, prefix.length, textBytes.length);
        frameBytes[frameBytes.length - 2] = '"';
        frameBytes[frameBytes.length - 1] = '}';
        textOffset = prefix.length;
        textLength = textBytes.length;
        if (FixedPoint.parse(frameBytes, textOffset, textLength, SCALE) == FixedPoint.INVALID) {
            throw new IllegalStateException("not representable at scale " + SCALE + ": " + text);
        }
    }

    /** @return the mantissa at scale 8 */
    @Benchmark
    public long fixedPointFromBytes() {
        return FixedPoint.parse(frameBytes, textOffset, textLength, SCALE);
    }

    /** @return the nearest double */
    @Benchmark
    public double parseDouble() {
        return Double.parseDouble(text);
    }

    /** @return the exact decimal (allocates by design) */
    @Benchmark
    public BigDecimal bigDecimal() {
        return new BigDecimal(text);
    }
}
