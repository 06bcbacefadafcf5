package io.slipstream.mktdata.launcher;

import io.slipstream.mktdata.launcher.demo.DaemonDemo;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code bin/slipstream-mktdata}: parses the command and runs it. A thin {@code main}: everything it starts lives in
 * library modules.
 */
public final class Launcher {
    private static final String USAGE = """
        usage: slipstream-mktdata <command> [options]

        commands:
          demo [options]       venue-sim plays Hyperliquid and Binance on loopback (synthetic market), the
                               adapters, engine and IPC server run against it; prints how to connect and a
                               live summary every second, until Ctrl-C
            --seconds N          stop after N seconds
            --socket PATH        the IPC socket (default: $XDG_RUNTIME_DIR or /tmp, slipstream-mktdata-demo.sock)
            --symbols N          synthetic symbols per venue (default 8)
            --rate N             market events per second (default 2000)
            --quiet              no per-second summary
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
                default -> {
                    err.println("error: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (final IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (final Exception e) {
            err.println("error: " + e);
            return 1;
        }
    }

    private static DaemonDemo.Options parseDemo(final String[] args) {
        long seconds = 0;
        final String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        Path socket = Path.of(runtimeDir != null && !runtimeDir.isBlank() ? runtimeDir : "/tmp",
            "slipstream-mktdata-demo.sock");
        long symbols = 8;
        long rate = 2_000;
        boolean quiet = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = positive(args, ++i, "--seconds");
                case "--symbols" -> symbols = positive(args, ++i, "--symbols");
                case "--rate" -> rate = positive(args, ++i, "--rate");
                case "--quiet" -> quiet = true;
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
        return new DaemonDemo.Options(seconds, socket, (int) symbols, rate, quiet);
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
