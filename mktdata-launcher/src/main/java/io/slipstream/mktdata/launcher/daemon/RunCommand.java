package io.slipstream.mktdata.launcher.daemon;

import io.slipstream.mktdata.launcher.config.ConfigException;
import io.slipstream.mktdata.launcher.config.ConfigLoader;
import io.slipstream.mktdata.launcher.config.DaemonConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code slipstream-mktdata run --config FILE}: loads and validates the config (exit 2 with every problem if it is
 * not usable), starts the {@link Daemon}, prints one {@code ready:} line and blocks until the JVM is asked to stop.
 * SIGTERM (or SIGINT, SIGHUP) runs a shutdown hook that closes the daemon and exits 0; a close that takes longer than
 * {@link #STOP_BUDGET_MS} exits 1 so the supervisor sees it.
 */
public final class RunCommand {
    /** The promise is an exit within 5 s of SIGTERM; the JVM itself needs a little of that. */
    static final long STOP_BUDGET_MS = 4_500;

    private RunCommand() {
    }

    /**
     * Runs the daemon in this JVM until it is stopped by a signal. Installs a shutdown hook that ends the JVM with
     * {@link Runtime#halt}: only call it from {@code main}.
     *
     * @param configFile  the TOML file
     * @param environment overrides ({@code SLIPSTREAM_MKTDATA_...})
     * @param out         the ready line and the stop line
     * @param err         config errors and start failures
     * @return 2 for an unusable config, 1 if the daemon could not start; on a signal the hook exits the JVM itself
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public static int run(final Path configFile, final Map<String, String> environment, final PrintStream out,
                          final PrintStream err) throws InterruptedException {
        final DaemonConfig config;
        try {
            config = ConfigLoader.load(configFile, environment);
        } catch (final ConfigException e) {
            e.errors().forEach(err::println);
            err.flush();
            return 2;
        }
        configureLogging(config.daemon());
        final Daemon daemon = new Daemon(config, environment);
        final CountDownLatch stopped = new CountDownLatch(1);
        // Installed before start so a SIGTERM while the venues load still stops everything cleanly.
        final Thread hook = new Thread(() -> stopAndHalt(daemon, out, stopped), "slipstream-mktdata-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            daemon.start();
        } catch (final IOException | RuntimeException e) {
            err.println("error: cannot start: " + e);
            err.flush();
            removeHook(hook);
            daemon.close();
            return 1;
        }
        out.println("ready: serving on " + config.daemon().socketPath() + " (" + live(daemon) + ")");
        out.flush();
        stopped.await();
        return 0;
    }

    private static String live(final Daemon daemon) {
        final StringBuilder out = new StringBuilder();
        if (daemon.hyperliquid() != null) {
            out.append("hyperliquid ").append(daemon.hyperliquid().coins().size()).append(" coins");
        }
        if (daemon.binance() != null) {
            out.append(out.isEmpty() ? "" : ", ").append("binance ").append(daemon.binance().symbols().size())
                .append(" symbols");
        }
        return out.append("; books and candles sync in the background").toString();
    }

    private static void removeHook(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException alreadyStopping) {
            // the JVM is already stopping: the hook runs and stops the daemon
        }
    }

    /**
     * The shutdown hook: closes the daemon on another thread, waits at most {@link #STOP_BUDGET_MS} and halts with
     * 0 (clean) or 1 (something hung). Halting is what turns a SIGTERM into exit status 0: left to itself the JVM
     * exits 143 after a signal.
     */
    private static void stopAndHalt(final Daemon daemon, final PrintStream out, final CountDownLatch stopped) {
        final Thread closer = new Thread(daemon::close, "slipstream-mktdata-close");
        closer.setDaemon(true);
        closer.start();
        boolean clean;
        try {
            closer.join(STOP_BUDGET_MS);
            clean = !closer.isAlive();
        } catch (final InterruptedException e) {
            clean = false;
        }
        out.println(clean ? "stopped" : "error: not stopped within " + STOP_BUDGET_MS + " ms; exiting anyway");
        out.flush();
        System.err.flush();
        stopped.countDown();
        Runtime.getRuntime().halt(clean ? 0 : 1);
    }

    /** slf4j-simple reads its settings once, at the first logger: set them before the daemon is built. */
    private static void configureLogging(final DaemonConfig.Daemon daemon) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", daemon.logLevel());
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        if (daemon.logPath() != null) {
            setIfAbsent("org.slf4j.simpleLogger.logFile", daemon.logPath().toString());
        }
    }

    private static void setIfAbsent(final String property, final String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
