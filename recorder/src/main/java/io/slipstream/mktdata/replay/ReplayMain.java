package io.slipstream.mktdata.replay;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * {@code slipstream-mktdata replay --data DIR [options]}: serves a recording through the daemon's socket and
 * protocol (docs/replay.md). Exit status: 0 done (after SIGTERM/Ctrl-C, or at the end with {@code --exit-when-done}),
 * 2 bad arguments or nothing to replay, 1 a failure.
 */
public final class ReplayMain {
    /** The usage text, also part of {@code slipstream-mktdata help}. */
    public static final String USAGE = """
        usage: slipstream-mktdata replay --data DIR [options]

        Serves the recorder's Parquet tree (DIR = its output_path) through the same socket and protocol as the
        live daemon: books rebuilt from the recorded deltas (or snapshots), trades, quotes, candles, marks and
        statuses in receive-time order, paced by receive time. At the end every status subscriber gets a status
        "replay_finished"; the socket then stays up for queries until SIGTERM/Ctrl-C.
          --data DIR           the recorded tree (required)
          --from T, --to T     receive-time window [from, to): ISO-8601 UTC (2026-01-15T10:00:00Z, 2026-01-15)
                               or epoch milliseconds
          --venues LIST        e.g. binance,hyperliquid (default: both)
          --symbols LIST       e.g. BTC,ETH (BTC also matches BTCUSDT/BTCUSDC on Binance; default: all)
          --speed S            1 (default), 10, 100 (any factor) or max (as fast as the slowest client reads)
          --socket PATH        default $XDG_RUNTIME_DIR (else /tmp)/slipstream-mktdata-replay.sock
          --wait-clients N     start playing once N clients are connected and their subscriptions settled
          --exit-when-done     exit once everything is delivered instead of serving until SIGTERM
        """;

    private ReplayMain() {
    }

    /**
     * @param args the options after {@code replay} (a leading {@code replay} is skipped)
     */
    public static void main(final String[] args) {
        final String[] options = args.length > 0 && "replay".equals(args[0])
            ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        System.exit(run(options, System.out, System.err, true));
    }

    /**
     * @param args          the options
     * @param out           progress and the summary
     * @param err           errors
     * @param awaitShutdown serve until SIGTERM after the end unless {@code --exit-when-done}
     * @return the exit status
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err, final boolean awaitShutdown) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            out.print(USAGE);
            return 0;
        }
        final ReplayOptions options;
        try {
            options = ReplayOptions.parse(args);
        } catch (final IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        final Replay replay;
        try {
            replay = Replay.open(options);
        } catch (final ReplayException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (final Exception e) {
            err.println("error: cannot start the replay: " + e);
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            replay.close();
            stopped.countDown();
        }, "replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("replay: " + replay.instrumentCount() + " instruments from " + String.join(", ",
                replay.tables()) + " in " + options.dataDir() + "; speed " + (options.maxSpeed() ? "max"
                : options.speed() + "x"));
            out.println("ready: serving on " + options.socketPath());
            out.flush();
            replay.start();
            replay.awaitFinished(Long.MAX_VALUE);
            if (replay.failure() != null) {
                err.println("error: the replay failed: " + replay.failure());
                return 1;
            }
            final double seconds = Math.max(1e-9, replay.elapsedNs() / 1e9);
            out.printf("replay finished: %d events (%d refused) spanning %s .. %s in %.3f s: %.0f events/s%n",
                replay.eventsReplayed(), replay.eventsRefused(),
                Instant.ofEpochSecond(0, firstNs(replay)),
                Instant.ofEpochSecond(0, firstNs(replay) + replay.spanNs()), seconds,
                replay.eventsReplayed() / seconds);
            out.flush();
            if (awaitShutdown && !options.exitWhenDone()) {
                out.println("serving the final state until SIGTERM/Ctrl-C");
                out.flush();
                stopped.await();
            }
            return 0;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                replay.close();
            } catch (final IllegalStateException e) {
                // Shutting down: the hook closes it.
            }
        }
    }

    private static long firstNs(final Replay replay) {
        return replay.firstReceiveTimeNs();
    }
}
