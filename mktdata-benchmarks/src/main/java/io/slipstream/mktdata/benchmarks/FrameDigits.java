package io.slipstream.mktdata.benchmarks;

/** Rewrites a number inside a captured frame's bytes, in place and in its width, so cycled frames stay new. */
public final class FrameDigits {
    private FrameDigits() {
    }

    /**
     * @param frame  the frame's bytes
     * @param offset where the number's first digit is
     * @param width  how many digits it has (the value is zero-padded on the left to fit)
     * @param value  the new value, non-negative and under 10^width
     */
    public static void write(final byte[] frame, final int offset, final int width, final long value) {
        long remaining = value;
        for (int d = offset + width - 1; d >= offset; d--) {
            frame[d] = (byte) ('0' + remaining % 10);
            remaining /= 10;
        }
    }
}
