package io.slipstream.mktdata.venue.binance;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link BinanceDecodeBenchmark}'s two methods timed by the thread's CPU time instead of the wall clock, for a machine
 * shared with other work: JMH's wall-clock figures there include the time the thread waited for a CPU, and since the
 * load changes between the two methods' runs, so does their ratio. Each method runs on its own trial state (as under
 * JMH: cycling frames through both would break the book procedure's id chain), in alternating batches so both see the
 * same load, and the median batch is reported. The benchmark thread still shares caches with the other work, so the
 * figures are somewhat above a quiet machine's.
 *
 * <p>Run from the repository root (it reads {@code ../shared/data}):
 * {@code java -cp mktdata-benchmarks/target/mktdata-benchmarks.jar
 * io.slipstream.mktdata.venue.binance.BinanceDecodeCpuCheck [stream ...]}.
 */
public final class BinanceDecodeCpuCheck {
    private static final int BOOK_MAX_LEVELS = 2000;
    private static final long WARMUP_CPU_NS = 3_000_000_000L;
    private static final int MEASURED_BATCHES = 40;
    private static final long BATCH_CPU_NS = 50_000_000L;

    private BinanceDecodeCpuCheck() {
    }

    /**
     * @param args stream names (default: all four)
     * @throws Exception if a trial cannot be set up
     */
    public static void main(final String[] args) throws Exception {
        final String[] streams = args.length > 0 ? args : new String[] {"bookTicker", "aggTrade", "depth", "markPrice"};
        System.out.println("stream      decodeToEngine ns  parseOnly ns  ratio  (thread CPU time, median of "
            + MEASURED_BATCHES + " batches)");
        for (final String stream : streams) {
            check(stream);
        }
        System.exit(0);
    }

    private static void check(final String stream) throws Exception {
        final BinanceDecodeBenchmark decode = BinanceDecodeBenchmark.of(stream, BOOK_MAX_LEVELS);
        final BinanceDecodeBenchmark parse = BinanceDecodeBenchmark.of(stream, BOOK_MAX_LEVELS);
        decode.setUp();
        parse.setUp();
        try {
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            // Warm both up (JIT) for about two seconds of CPU, then size the batches to ~50 ms of CPU each.
            long sink = 0;
            final long warmupStart = threads.getCurrentThreadCpuTime();
            long decodeOps = 0;
            long decodeCpuNs = 0;
            while (threads.getCurrentThreadCpuTime() - warmupStart < WARMUP_CPU_NS) {
                final long t0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 1_000; i++) {
                    sink += decode.decodeToEngine();
                }
                decodeCpuNs = threads.getCurrentThreadCpuTime() - t0;
                decodeOps = 1_000;
                for (int i = 0; i < 1_000; i++) {
                    sink += parse.parseOnly();
                }
            }
            final int batch = (int) Math.max(1_000, BATCH_CPU_NS * decodeOps / Math.max(1, decodeCpuNs));
            final double[] decodeNs = new double[MEASURED_BATCHES];
            final double[] parseNs = new double[MEASURED_BATCHES];
            for (int round = 0; round < MEASURED_BATCHES; round++) {
                final long t0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < batch; i++) {
                    sink += decode.decodeToEngine();
                }
                final long t1 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < batch; i++) {
                    sink += parse.parseOnly();
                }
                final long t2 = threads.getCurrentThreadCpuTime();
                decodeNs[round] = (t1 - t0) / (double) batch;
                parseNs[round] = (t2 - t1) / (double) batch;
            }
            Arrays.sort(decodeNs);
            Arrays.sort(parseNs);
            final double decodeMedian = decodeNs[MEASURED_BATCHES / 2];
            final double parseMedian = parseNs[MEASURED_BATCHES / 2];
            System.out.printf("%-11s %17.0f  %12.0f  %4.2fx%s%n", stream, decodeMedian, parseMedian,
                decodeMedian / parseMedian, sink == 42 ? " " : "");
        } finally {
            decode.tearDown();
            parse.tearDown();
        }
    }
}
