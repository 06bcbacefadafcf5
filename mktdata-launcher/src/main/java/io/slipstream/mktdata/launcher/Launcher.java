package io.slipstream.mktdata.launcher;

import io.slipstream.mktdata.launcher.config.ConfigException;
import io.slipstream.mktdata.launcher.config.ConfigLoader;
import io.slipstream.mktdata.launcher.config.DaemonConfig;
import io.slipstream.mktdata.launcher.daemon.RunCommand;
import io.slipstream.mktdata.launcher.daemon.StatusCommand;
import io.slipstream.mktdata.launcher.demo.DaemonDemo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code bin/slipstream-mktdata}: parses the command and runs it. A thin {@code main}: everything it starts lives in
 * library modules.
 */
public final class Launcher {
    private static final String USAGE = """
        usage: slipstream-mktdata <command> [options]

        commands:
          run --config FILE    run the daemon: the venues, the engine and the IPC socket configured in FILE (TOML,
                               annotated example: config/mktdata.example.toml; SLIPSTREAM_MKTDATA_<SECTION>_<KEY>
                               environment variables override it, docs/configuration.md). Prints a "ready:" line;
                               SIGTERM stops it cleanly (clients told, socket removed) with exit status 0.
                               Exit 2: the config is not usable (every problem listed); 1: it could not start.
          check-config FILE    validate FILE (with the environment overrides) without starting: exit 0 and
                               "ok: <summary>", or exit 2 and every problem, one per line
          status [--socket PATH | --config FILE]
                               ask the running daemon for every stream's health (get_status) and print a table;
                               exit 0 if all are live, 1 if not, 3 if no daemon answers. The socket defaults to
                               $SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH, else /var/run/slipstream/mktdata.sock
          demo [options]       venue-sim plays Hyperliquid and Binance on loopback (synthetic market), the
                               adapters, engine and IPC server run against it; prints how to connect and a
                               live summary every second, until Ctrl-C
            --seconds N          stop after N seconds
            --socket PATH        the IPC socket (default: $XDG_RUNTIME_DIR or /tmp, slipstream-mktdata-demo.sock)
            --symbols N          synthetic symbols per venue (default 8)
            --rate N             market events per second (default 2000)
            --quiet              no per-second summary
            --record DIR         the engine's journal and the recorder's Parquet go there (default: a new
                                 directory under /tmp, printed at start)
            --no-record          no journal, no recorder
          replay --data DIR [options]
                               serve a recording (the recorder's Parquet tree) through the same socket and
                               protocol as the daemon, paced by receive time; run by bin/slipstream-mktdata from
                               the recorder's jar (docs/replay.md; 'bin/slipstream-mktdata replay --help')
            --from T, --to T     receive-time window: ISO-8601 UTC or epoch ms
            --venues LIST        --symbols LIST (BTC also matches BTCUSDT)
            --speed S            1 (default), 10, 100 or max
            --socket PATH        default $XDG_RUNTIME_DIR (else /tmp)/slipstream-mktdata-replay.sock
            --wait-clients N     --exit-when-done
          help                 print this text
        """;

    private Launcher() {
    }

    /**
     * @param args the command and its options
     */
    public static void main(final String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args the command and its options
     * @param out  where output goes
     * @param err  where errors go
     * @return the process exit status
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err) {
        if (args.length == 0 || "help".equals(args[0]) || "--help".equals(args[0]) || "-h".equals(args[0])) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
                case "demo" -> DaemonDemo.run(parseDemo(args), out);
                case "run" -> RunCommand.run(configArgument(args, true), System.getenv(), out, err);
                case "check-config" -> checkConfig(configArgument(args, false), System.getenv(), out, err);
                case "status" -> StatusCommand.run(statusSocket(args, System.getenv()), out, err);
                case "replay" -> {
                    // DuckDB is in the recorder's jar; bin/slipstream-mktdata routes replay there.
                    err.println("error: replay runs from the recorder's jar: use bin/slipstream-mktdata replay, or"
                        + " java -cp recorder/target/slipstream-recorder.jar io.slipstream.mktdata.replay.ReplayMain");
                    yield 2;
                }
                default -> {
                    err.println("error: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (final IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (final ConfigException e) {
            e.errors().forEach(err::println);
            return 2;
        } catch (final Exception e) {
            err.println("error: " + e);
            return 1;
        }
    }

    /** {@code run --config FILE}; {@code check-config FILE} or {@code check-config --config FILE}. */
    private static Path configArgument(final String[] args, final boolean optionRequired) {
        if (args.length == 3 && "--config".equals(args[1])) {
            return Path.of(args[2]);
        }
        if (!optionRequired && args.length == 2 && !args[1].startsWith("-")) {
            return Path.of(args[1]);
        }
        throw new IllegalArgumentException(args[0] + " takes " + (optionRequired ? "--config FILE" : "FILE"));
    }

    /**
     * @param file        the config file
     * @param environment its overrides
     * @param out         "ok: ..." when usable
     * @param err         every problem otherwise
     * @return 0 when usable, 2 when not
     */
    static int checkConfig(final Path file, final Map<String, String> environment, final PrintStream out,
                           final PrintStream err) {
        try {
            final DaemonConfig config = ConfigLoader.load(file, environment);
            out.println("ok: " + file + ": " + config.summary());
            return 0;
        } catch (final ConfigException e) {
            e.errors().forEach(err::println);
            err.println(e.errors().size() + (e.errors().size() == 1 ? " problem" : " problems") + " in " + file);
            return 2;
        }
    }

    private static Path statusSocket(final String[] args, final Map<String, String> environment)
        throws ConfigException {
        if (args.length == 1) {
            final String fromEnvironment = environment.get(ConfigLoader.environmentVariable("daemon.socket_path"));
            return Path.of(fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment
                : "/var/run/slipstream/mktdata.sock");
        }
        if (args.length == 3 && "--socket".equals(args[1])) {
            return Path.of(args[2]);
        }
        if (args.length == 3 && "--config".equals(args[1])) {
            return ConfigLoader.load(Path.of(args[2]), environment).daemon().socketPath();
        }
        throw new IllegalArgumentException("status takes --socket PATH or --config FILE (or nothing)");
    }

    private static DaemonDemo.Options parseDemo(final String[] args) {
        long seconds = 0;
        final String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        Path socket = Path.of(runtimeDir != null && !runtimeDir.isBlank() ? runtimeDir : "/tmp",
            "slipstream-mktdata-demo.sock");
        long symbols = 8;
        long rate = 2_000;
        boolean quiet = false;
        Path record = null;
        boolean recording = true;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = positive(args, ++i, "--seconds");
                case "--symbols" -> symbols = positive(args, ++i, "--symbols");
                case "--rate" -> rate = positive(args, ++i, "--rate");
                case "--quiet" -> quiet = true;
                case "--no-record" -> recording = false;
                case "--record" -> {
                    if (++i >= args.length) {
                        throw new IllegalArgumentException("--record takes a directory");
                    }
                    record = Path.of(args[i]);
                }
                case "--socket" -> {
                    if (++i >= args.length) {
                        throw new IllegalArgumentException("--socket takes a path");
                    }
                    socket = Path.of(args[i]);
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' for demo");
            }
        }
        if (symbols > 500) {
            throw new IllegalArgumentException("--symbols must be at most 500, was " + symbols);
        }
        if (recording && record == null) {
            try {
                record = java.nio.file.Files.createTempDirectory("slipstream-mktdata-demo-");
            } catch (final java.io.IOException e) {
                throw new IllegalArgumentException("cannot create a record directory under /tmp: " + e);
            }
        }
        return new DaemonDemo.Options(seconds, socket, (int) symbols, rate, quiet, recording ? record : null);
    }

    private static long positive(final String[] args, final int index, final String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " takes a whole number");
        }
        final long value;
        try {
            value = Long.parseLong(args[index]);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + args[index] + "'");
        }
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
        return value;
    }
}
