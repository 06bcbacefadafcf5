package io.slipstream.mktdata.venuesim;

import io.slipstream.mktdata.venuesim.binance.BinanceConfig;
import io.slipstream.mktdata.venuesim.fault.FaultCommands;
import io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidConfig;
import io.slipstream.mktdata.venuesim.replay.CaptureReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code bin/slipstream-venue-sim}: runs a synthetic market or a capture replay until Ctrl-C. */
public final class VenueSimMain {
    private static final String USAGE = """
        usage: slipstream-venue-sim [options]

        market (default: synthetic):
          --synthetic N            N symbols, listed on both venues (default 10)
          --seed S                 random seed (default 42)
          --rate R                 book updates + trades per second in total, 0 = as fast as possible (default 5000)
          --replay PATH...         replay capture files or directories (one session, merged by receive time)
          --speed 1|N|max          replay speed (default 1)
          --loop                   start the replay over at its end
        ports (default: 0 = ephemeral; every address is 127.0.0.1):
          --binance-ws-port P  --binance-rest-port P  --hyperliquid-ws-port P  --hyperliquid-rest-port P
          --control-port P         HTTP fault control: POST /faults/<name>?k=v..., GET /status
        faults:
          --fault at=30s[,every=10s],name=disconnect,venue=binance,code=1006   (repeatable; see FaultCommands)
          --seconds N              stop after N seconds (default: run until Ctrl-C)
        """;

    private VenueSimMain() {
    }

    /** @param args command line */
    public static void main(final String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args command line
     * @param out  where to log
     * @param err  where errors go
     * @return exit status
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err) {
        final VenueSim.Builder builder = VenueSim.builder();
        final List<Map<String, String>> faults = new ArrayList<>();
        int symbols = 10;
        long seed = 42;
        long rate = 5_000;
        List<Path> replay = null;
        double speed = 1;
        boolean loop = false;
        long seconds = 0;
        int[] ports = new int[4];
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--synthetic" -> symbols = Integer.parseInt(value(args, ++i));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i));
                    case "--rate" -> rate = Long.parseLong(value(args, ++i));
                    case "--replay" -> {
                        replay = new ArrayList<>();
                        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            replay.add(Path.of(args[++i]));
                        }
                        if (replay.isEmpty()) {
                            throw new IllegalArgumentException("--replay needs at least one file or directory");
                        }
                    }
                    case "--speed" -> {
                        final String text = value(args, ++i);
                        speed = "max".equals(text) ? 0 : Double.parseDouble(text);
                    }
                    case "--loop" -> loop = true;
                    case "--binance-ws-port" -> ports[0] = Integer.parseInt(value(args, ++i));
                    case "--binance-rest-port" -> ports[1] = Integer.parseInt(value(args, ++i));
                    case "--hyperliquid-ws-port" -> ports[2] = Integer.parseInt(value(args, ++i));
                    case "--hyperliquid-rest-port" -> ports[3] = Integer.parseInt(value(args, ++i));
                    case "--control-port" -> builder.controlPort(Integer.parseInt(value(args, ++i)));
                    case "--fault" -> faults.add(FaultCommands.parsePairs(value(args, ++i)));
                    case "--seconds" -> seconds = Long.parseLong(value(args, ++i));
                    case "--help", "-h", "help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (replay != null) {
                builder.replay(CaptureReader.expand(replay), speed, loop);
            } else {
                builder.synthetic(symbols, seed, rate);
            }
        } catch (final IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        builder.binance(BinanceConfig.defaults().withPorts(ports[0], ports[1]));
        builder.hyperliquid(HyperliquidConfig.defaults().withPorts(ports[2], ports[3]));
        return serve(builder, faults, seconds, out, err);
    }

    private static int serve(final VenueSim.Builder builder, final List<Map<String, String>> faults,
                             final long seconds, final PrintStream out, final PrintStream err) {
        final CountDownLatch stopped = new CountDownLatch(1);
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "venue-sim-faults");
            thread.setDaemon(true);
            return thread;
        });
        try (VenueSim sim = builder.start()) {
            final Thread hook = new Thread(stopped::countDown, "venue-sim-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("venue-sim: " + sim.market().symbols().size() + " symbols ("
                + (sim.replay() != null ? "capture replay" : "synthetic market") + ")");
            out.println("  binance     websocket " + sim.binance().webSocketUri() + "  (routes /public, /market,"
                + " legacy /ws and /stream)");
            out.println("              rest      " + sim.binance().restUri() + "/fapi/v1/...");
            out.println("  hyperliquid websocket " + sim.hyperliquid().webSocketUri() + "/ws");
            out.println("              rest      " + sim.hyperliquid().restUri() + "/info");
            out.println("  control     " + sim.controlUri() + "/faults/<name>?...  and  /status");
            out.println("  symbols     " + sim.market().symbols().stream().limit(8)
                .map(s -> s.binanceSymbol() + "/" + s.hyperliquidCoin()).toList()
                + (sim.market().symbols().size() > 8 ? " ..." : ""));
            scheduleFaults(sim, faults, scheduler, out, err);
            if (seconds > 0) {
                stopped.await(seconds, TimeUnit.SECONDS);
            } else {
                stopped.await();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException shuttingDown) {
                // Ctrl-C: the hook itself released us
            }
            out.println("venue-sim: stopped");
            return 0;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static void scheduleFaults(final VenueSim sim, final List<Map<String, String>> faults,
                                       final ScheduledExecutorService scheduler, final PrintStream out,
                                       final PrintStream err) {
        final FaultCommands commands = new FaultCommands(sim.faults());
        for (final Map<String, String> spec : faults) {
            final Map<String, String> parameters = new java.util.LinkedHashMap<>(spec);
            final long atMs = FaultCommands.parseDurationMs(parameters.getOrDefault("at", "0"));
            final String every = parameters.remove("every");
            final String name = parameters.remove("name");
            parameters.remove("at");
            final Runnable fire = () -> {
                try {
                    out.println("venue-sim: fault " + name + " " + parameters + " -> affected "
                        + commands.execute(name, parameters));
                } catch (final IllegalArgumentException e) {
                    err.println("venue-sim: fault " + name + " refused: " + e.getMessage());
                }
            };
            if (every != null) {
                scheduler.scheduleAtFixedRate(fire, atMs, FaultCommands.parseDurationMs(every),
                    TimeUnit.MILLISECONDS);
            } else {
                scheduler.schedule(fire, atMs, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static String value(final String[] args, final int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
