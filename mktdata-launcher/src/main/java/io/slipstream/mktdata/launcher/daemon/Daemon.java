package io.slipstream.mktdata.launcher.daemon;

import io.slipstream.mktdata.agent.CpuAffinity;
import io.slipstream.mktdata.agent.RealtimePriority;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.MarketState;
import io.slipstream.mktdata.journal.JournalConfig;
import io.slipstream.mktdata.journal.JournalWriter;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.launcher.config.DaemonConfig;
import io.slipstream.mktdata.launcher.config.MarketChannel;
import io.slipstream.mktdata.launcher.health.DaemonView;
import io.slipstream.mktdata.launcher.health.HealthServer;
import io.slipstream.mktdata.launcher.systemd.ReadinessGate;
import io.slipstream.mktdata.launcher.systemd.SystemdNotifier;
import io.slipstream.mktdata.launcher.systemd.WatchdogPinger;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.capture.RawCaptureWriter;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market-data daemon built from a {@link DaemonConfig}: the engine (with the config's retention), the enabled
 * venue adapters feeding it and the IPC server serving it on the Unix socket. {@link #start()} brings them up in
 * that order; {@link #close()} stops them in reverse: first the IPC server (no new clients; each connected client is
 * sent a {@code status} message with stream {@code ipc}, status {@code disconnected}, then an {@code error}
 * {@code shutting_down}; queues are flushed and the socket file removed), then the adapters, the raw captures
 * (flushed) and the engine. Thread-safe.
 *
 * <p>Under systemd ({@code NOTIFY_SOCKET} set) it sends {@code READY=1} once {@link #allStreamsLive()} first holds,
 * {@code STATUS=} lines, {@code WATCHDOG=1} from the engine's own command loop (a hung engine stops them) and
 * {@code STOPPING=1} when it closes; with {@code [health] metrics_port} set it serves {@code /metrics} and
 * {@code /health} (see docs/deployment.md).
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Raw capture files rotate after this many uncompressed bytes. */
    private static final long CAPTURE_BYTES_PER_FILE = 256L << 20;
    private static final long LIVE_QUERY_TIMEOUT_MS = 1_000;
    private static final long READINESS_POLL_MS = 500;
    private static final long STATUS_INTERVAL_MS = 5_000;
    /** How often threads that inherited the hot path's CPUs get the process's back (see CpuAffinity). */
    private static final long AFFINITY_SWEEP_MS = 2_000;

    private final DaemonConfig config;
    private final InstrumentRegistry registry;
    private final MarketDataEngine engine;
    private final RawCaptureWriter binanceCapture;
    private final RawCaptureWriter hyperliquidCapture;
    private final BinanceAdapter binance;
    private final HyperliquidAdapter hyperliquid;
    private final Map<String, String> environment;
    private volatile IpcServer ipcServer;
    private volatile JournalWriter journal;
    private volatile SystemdNotifier notifier = SystemdNotifier.disabled();
    private volatile HealthServer healthServer;
    private volatile ReadinessGate readiness;
    private volatile WatchdogPinger watchdog;
    private volatile ScheduledExecutorService affinitySweep;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * Builds the components; nothing connects or listens until {@link #start()}.
     *
     * @param config the validated configuration
     */
    public Daemon(final DaemonConfig config) {
        this(config, Map.of());
    }

    /**
     * Builds the components; nothing connects or listens until {@link #start()}.
     *
     * @param config      the validated configuration
     * @param environment the process environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} under systemd)
     */
    public Daemon(final DaemonConfig config, final Map<String, String> environment) {
        this.config = config;
        this.environment = Map.copyOf(environment);
        this.registry = new InstrumentRegistry(EngineContext.MAX_INSTRUMENTS_DEFAULT);
        this.engine = new MarketDataEngine(config.features().applyTo(
            config.retention().applyTo(new EngineContext().registry(registry))));
        final DaemonConfig.Binance b = config.binance();
        final DaemonConfig.Hyperliquid h = config.hyperliquid();
        this.binanceCapture = b.enabled() ? capture(b.captureDir(), "binance") : null;
        this.hyperliquidCapture = h.enabled() ? capture(h.captureDir(), "hyperliquid") : null;
        this.binance = b.enabled() ? new BinanceAdapter(b.adapterConfig(config.retention(), binanceCapture),
            engine.publisher(), registry, new SystemEpochClock()) : null;
        this.hyperliquid = h.enabled() ? new HyperliquidAdapter(h.adapterConfig(config.retention(),
            hyperliquidCapture), engine.publisher(), registry, new SystemEpochClock()) : null;
    }

    private static RawCaptureWriter capture(final Path directory, final String prefix) {
        return directory == null ? null : new RawCaptureWriter(directory, prefix, CAPTURE_BYTES_PER_FILE);
    }

    /**
     * Starts the engine, then each enabled adapter (each loads the venue's instrument list over REST, blocking, and
     * opens its sockets; books, trades and candles then sync in the background), then the IPC server, so the first
     * client already sees every instrument. On failure everything started so far is stopped again.
     *
     * @return this
     * @throws IOException          if a venue's instrument list cannot be loaded or the socket cannot be bound
     * @throws InterruptedException if interrupted while starting
     */
    public synchronized Daemon start() throws IOException, InterruptedException {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        started = true;
        try {
            // Before any hot-path thread exists: each takes the priority and the CPU set on itself as it starts.
            RealtimePriority.configureHotPath(config.daemon().realtimePriority());
            CpuAffinity.configureHotPath(config.daemon().hotPathCpuSet());
            if (!config.daemon().hotPathCpus().isEmpty()) {
                affinitySweep = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    final Thread thread = new Thread(runnable, "mktdata-affinity");
                    thread.setDaemon(true);
                    return thread;
                });
                affinitySweep.scheduleWithFixedDelay(CpuAffinity::releaseInherited, AFFINITY_SWEEP_MS,
                    AFFINITY_SWEEP_MS, TimeUnit.MILLISECONDS);
            }
            engine.start();
            final JournalConfig journalConfig = config.daemon().journalConfig();
            if (journalConfig != null) {
                // Attached before the adapters start, so the journal holds every event this epoch publishes.
                journal = new JournalWriter(journalConfig, engine.epoch()).attach(engine).awaitAttached(10_000);
                LOG.info("journaling every published event to {}", journal.epochDirectory());
            }
            if (hyperliquid != null) {
                hyperliquid.start();
                warnMissing("hyperliquid", config.hyperliquid().symbols(), hyperliquid.coins());
            }
            if (binance != null) {
                binance.start();
                warnMissing("binance", config.binance().symbols(), binance.symbols());
            }
            ipcServer = new IpcServer(config.daemon().ipcServerConfig(), engine).start();
            startSupervision();
        } catch (final IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** systemd notifications and the metrics/health endpoint, once everything they report on exists. */
    private void startSupervision() throws IOException {
        final DaemonConfig.Health health = config.health();
        if (health.metricsPort() > 0) {
            healthServer = HealthServer.start(DaemonView.of(engine, binance, hyperliquid, ipcServer),
                health.metricsBind(), health.metricsPort());
        }
        notifier = SystemdNotifier.fromEnvironment(environment);
        if (!notifier.enabled()) {
            return;
        }
        readiness = new ReadinessGate(notifier, this::allStreamsLive, this::statusLine, READINESS_POLL_MS,
            STATUS_INTERVAL_MS).start();
        final long systemdIntervalMs = notifier.watchdogIntervalMs();
        if (systemdIntervalMs > 0) {
            // systemd's own deadline wins; the config can only make pings more frequent.
            watchdog = new WatchdogPinger(engine, notifier,
                Math.min(systemdIntervalMs, health.watchdogIntervalMs())).start();
        }
    }

    private String statusLine() {
        final HealthServer health = healthServer;
        if (health != null) {
            return health.statusLine();
        }
        final IpcServer server = ipcServer;
        return (allStreamsLive() ? "live" : "syncing") + "; " + engine.eventsPublished() + " events; "
            + (server == null ? 0 : server.connectedClients()) + " clients";
    }

    private static void warnMissing(final String venue, final List<String> configured, final List<String> carried) {
        if (configured == null) {
            return;
        }
        final List<String> missing = new ArrayList<>(configured);
        missing.removeAll(carried);
        if (!missing.isEmpty()) {
            LOG.warn("{}: not listed by the venue (or over the subscription limit), not followed: {}", venue,
                missing);
        }
    }

    /**
     * Stops everything, in order: the IPC server (stops accepting, tells each connected client, flushes, removes
     * the socket file), the adapters, the raw captures (flushed), the engine. Each step runs even if an earlier one
     * failed. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        final long startNs = System.nanoTime();
        final SystemdNotifier systemd = notifier;
        step("systemd STOPPING", systemd::stopping);
        final ReadinessGate gate = readiness;
        if (gate != null) {
            step("readiness gate", gate::close);
        }
        final WatchdogPinger pinger = watchdog;
        if (pinger != null) {
            step("watchdog", pinger::close);
        }
        final ScheduledExecutorService sweep = affinitySweep;
        if (sweep != null) {
            step("affinity sweep", sweep::shutdownNow);
        }
        final HealthServer health = healthServer;
        if (health != null) {
            step("health server", health::close);
        }
        final IpcServer server = ipcServer;
        if (server != null) {
            step("IPC server", server::close);
        }
        if (binance != null) {
            step("binance adapter", binance::close);
        }
        if (hyperliquid != null) {
            step("hyperliquid adapter", hyperliquid::close);
        }
        if (binanceCapture != null) {
            step("binance capture", binanceCapture::close);
        }
        if (hyperliquidCapture != null) {
            step("hyperliquid capture", hyperliquidCapture::close);
        }
        step("engine", engine::close);
        final JournalWriter journalWriter = journal;
        if (journalWriter != null) {
            // After the engine: everything it published is journaled and forced to disk.
            step("journal", journalWriter::close);
        }
        step("systemd notifier", systemd::close);
        LOG.info("stopped in {} ms", (System.nanoTime() - startNs) / 1_000_000L);
    }

    private static void step(final String what, final Runnable action) {
        try {
            action.run();
        } catch (final RuntimeException e) {
            // Keep stopping the rest: a half-stopped daemon would hold sockets and threads.
            LOG.warn("stopping the {} failed", what, e);
        }
    }

    /**
     * Whether every configured stream is live: for Binance, at least one symbol carried and every symbol's book
     * following the diff stream ({@link BinanceAdapter#depthSynced}); for Hyperliquid, every socket open and every
     * subscription acknowledged ({@link HyperliquidAdapter#allSubscribed}); and in the engine, for every instrument
     * carried, the book's stream status {@code live} or {@code resynced} (when the venue's channels include books)
     * and, for each subscribed candle interval, the candle stream's status {@code live} or {@code resynced} with at
     * least one candle held. Binance marks a candle stream live only once its backfill is in; Hyperliquid marks it
     * live at the first push but publishes live candles only after the backfill, so "a candle held" is what says
     * its backfill is done. Trades, quotes and marks are not checked: a quiet symbol may have none for minutes.
     *
     * @return true when all of the above hold; false before {@link #start()} and after {@link #close()}
     */
    public boolean allStreamsLive() {
        if (!started || closed) {
            return false;
        }
        final List<Check> checks = new ArrayList<>();
        if (binance != null) {
            final List<String> symbols = binance.symbols();
            if (symbols.isEmpty()) {
                return false;
            }
            for (final String symbol : symbols) {
                if (!binance.depthSynced(symbol)) {
                    return false;
                }
            }
            addChecks(checks, Venue.BINANCE_USDM, symbols, config.binance().channels(),
                config.binance().effectiveCandleIntervals());
        }
        if (hyperliquid != null) {
            if (!hyperliquid.allSubscribed()) {
                return false;
            }
            addChecks(checks, Venue.HYPERLIQUID, hyperliquid.coins(), config.hyperliquid().channels(),
                config.hyperliquid().effectiveCandleIntervals());
        }
        try {
            return engine.query(state -> allLive(state, checks)).get(LIVE_QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (final ExecutionException | TimeoutException | RuntimeException e) {
            // An engine that cannot answer within a second is not live.
            return false;
        }
    }

    /** One stream to check: an instrument's book ({@code interval} null) or one of its candle series. */
    private record Check(int instrumentId, CandleInterval interval) {
    }

    private void addChecks(final List<Check> checks, final Venue venue, final List<String> symbols,
                           final Set<MarketChannel> channels, final List<CandleInterval> intervals) {
        for (final String symbol : symbols) {
            final Instrument instrument = registry.find(venue, symbol);
            if (instrument == null) {
                continue;
            }
            if (channels.contains(MarketChannel.BOOK)) {
                checks.add(new Check(instrument.id(), null));
            }
            for (final CandleInterval interval : intervals) {
                checks.add(new Check(instrument.id(), interval));
            }
        }
    }

    private static boolean allLive(final MarketState state, final List<Check> checks) {
        for (final Check check : checks) {
            final StreamKind kind = check.interval() == null ? StreamKind.BOOK : StreamKind.CANDLES;
            final StreamStatus status = state.streamStatus(check.instrumentId(), kind, check.interval());
            if (status != StreamStatus.LIVE && status != StreamStatus.RESYNCED) {
                return false;
            }
            if (check.interval() != null) {
                final CandleSeries series = state.candles(check.instrumentId(), check.interval());
                if (series == null || series.count() == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the configuration it was built from */
    public DaemonConfig config() {
        return config;
    }

    /** @return the journal writer, or null if the daemon keeps no journal or has not started */
    public JournalWriter journal() {
        return journal;
    }

    /** @return the engine */
    public MarketDataEngine engine() {
        return engine;
    }

    /** @return the Binance USD-M adapter, or null when {@code venues.binance.enabled} is false */
    public BinanceAdapter binance() {
        return binance;
    }

    /** @return the Hyperliquid adapter, or null when {@code venues.hyperliquid.enabled} is false */
    public HyperliquidAdapter hyperliquid() {
        return hyperliquid;
    }

    /** @return the metrics and health endpoint, or null if {@code metrics_port} is 0 or before {@link #start()} */
    public HealthServer healthServer() {
        return healthServer;
    }

    /** @return the IPC server, or null before {@link #start()} */
    public IpcServer ipcServer() {
        return ipcServer;
    }
}
