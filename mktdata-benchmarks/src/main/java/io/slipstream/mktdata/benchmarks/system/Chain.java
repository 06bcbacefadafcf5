package io.slipstream.mktdata.benchmarks.system;

import io.slipstream.mktdata.ipc.client.ClientOptions;
import io.slipstream.mktdata.ipc.client.MarketDataClient;
import io.slipstream.mktdata.ipc.client.StreamStatusInfo;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The whole chain of one scenario: venue-sim (in this JVM, so faults and its books are at hand), the daemon and,
 * optionally, the recorder (each its own process), and a checker client on the daemon's socket.
 */
final class Chain implements AutoCloseable {
    private final VenueSim sim;
    private final DaemonProcess daemon;
    private final RecorderProcess recorder;
    private final MarketDataClient checker;

    private Chain(final VenueSim sim, final DaemonProcess daemon, final RecorderProcess recorder,
                  final MarketDataClient checker) {
        this.sim = sim;
        this.daemon = daemon;
        this.recorder = recorder;
        this.checker = checker;
    }

    /**
     * @param sim          a started simulator (this chain closes it)
     * @param directory    the work directory
     * @param hyperliquid  whether the daemon follows Hyperliquid too
     * @param withRecorder whether the daemon journals and the recorder records it
     * @return the running chain
     */
    static Chain start(final VenueSim sim, final Path directory, final boolean hyperliquid,
                       final boolean withRecorder) throws IOException {
        DaemonProcess daemon = null;
        try {
            daemon = DaemonProcess.start(sim, directory, hyperliquid, withRecorder);
            final RecorderProcess recorder = withRecorder ? RecorderProcess.start(daemon.journal(),
                directory.resolve("recorder")) : null;
            final MarketDataClient checker = MarketDataClient.connect(daemon.socket(), ClientOptions.builder()
                .clientName("bench-checker").requestTimeoutMs(15_000).build());
            return new Chain(sim, daemon, recorder, checker);
        } catch (final IOException | RuntimeException e) {
            if (daemon != null) {
                daemon.close();
            }
            sim.close();
            throw e;
        }
    }

    VenueSim sim() {
        return sim;
    }

    DaemonProcess daemon() {
        return daemon;
    }

    RecorderProcess recorder() {
        return recorder;
    }

    MarketDataClient checker() {
        return checker;
    }

    /**
     * @param books    how many book streams must be live
     * @param timeoutMs how long to wait
     * @return how long it took in ms, or -1 if they were not all live in time
     */
    long awaitLiveBooks(final int books, final long timeoutMs) throws InterruptedException {
        final long startMs = System.currentTimeMillis();
        while (System.currentTimeMillis() - startMs < timeoutMs) {
            if (liveBooks() >= books) {
                return System.currentTimeMillis() - startMs;
            }
            Thread.sleep(100);
        }
        return -1;
    }

    /** @return book streams whose status is live */
    int liveBooks() {
        int live = 0;
        for (final StreamStatusInfo stream : checker.getStatus(null)) {
            if ("book".equals(stream.stream()) && "live".equals(stream.status())) {
                live++;
            }
        }
        return live;
    }

    @Override
    public void close() {
        checker.close();
        if (recorder != null) {
            recorder.close();
        }
        daemon.close();
        sim.close();
        // The journal (64 MiB segments) and the Parquet are big and checked by now; logs, statuses and faults stay.
        deleteTree(daemon.journal());
        if (recorder != null) {
            deleteTree(recorder.data());
        }
    }

    private static void deleteTree(final Path root) {
        if (root == null || !java.nio.file.Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(root)) {
            for (final Path path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.deleteIfExists(path);
            }
        } catch (final IOException | java.io.UncheckedIOException e) {
            System.out.println("# could not delete " + root + ": " + e);
        }
    }
}
