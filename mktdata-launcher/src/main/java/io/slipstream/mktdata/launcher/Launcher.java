package io.slipstream.mktdata.launcher;

import io.slipstream.mktdata.launcher.demo.EngineDemo;

import java.io.PrintStream;

/**
 * {@code bin/slipstream-mktdata}: parses the command and runs it. A thin {@code main}: everything it starts lives in
 * library modules.
 */
public final class Launcher {
    private static final String USAGE = """
        usage: slipstream-mktdata <command> [options]

        commands:
          demo [--seconds N]   run the engine on a synthetic Hyperliquid + Binance market and print a live
                               summary every second (until Ctrl-C, or for N seconds)
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
                case "demo" -> EngineDemo.run(parseSeconds(args), out);
                default -> {
                    err.println("error: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (final IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static long parseSeconds(final String[] args) {
        long seconds = 0;
        for (int i = 1; i < args.length; i++) {
            if ("--seconds".equals(args[i]) && i + 1 < args.length) {
                try {
                    seconds = Long.parseLong(args[++i]);
                } catch (final NumberFormatException e) {
                    throw new IllegalArgumentException("--seconds takes a whole number, not '" + args[i] + "'");
                }
                if (seconds <= 0) {
                    throw new IllegalArgumentException("--seconds must be positive, was " + seconds);
                }
            } else {
                throw new IllegalArgumentException("unknown option '" + args[i] + "' for demo");
            }
        }
        return seconds;
    }
}
