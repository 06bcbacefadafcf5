package io.slipstream.mktdata.venuesim;

import io.slipstream.mktdata.venuesim.binance.BinanceConfig;
import io.slipstream.mktdata.venuesim.binance.BinanceVenue;
import io.slipstream.mktdata.venuesim.fault.FaultControlServer;
import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidConfig;
import io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidVenue;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SyntheticMarket;
import io.slipstream.mktdata.venuesim.replay.CaptureReplay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The venue simulator, embeddable: Binance USD-M and Hyperliquid on 127.0.0.1 (ephemeral ports by default), driven
 * by a seeded synthetic market or a capture replay, with faults on command. A test starts one in a line:
 *
 * <pre>
 * try (VenueSim sim = VenueSim.builder().synthetic(10, 42, 5_000).start()) {
 *     URI binance = sim.binance().webSocketUri();   // ws://127.0.0.1:PORT/public/ws ...
 *     sim.faults().dropDepthDiffs("BTCUSDT", 1);
 * }
 * </pre>
 */
public final class VenueSim implements AutoCloseable {
    private final SimMarket market;
    private final FaultController faults;
    private final BinanceVenue binance;
    private final HyperliquidVenue hyperliquid;
    private final FaultControlServer control;
    private final SyntheticMarket synthetic;
    private final CaptureReplay replay;
    private final Thread marketThread;

    private VenueSim(final Builder builder) throws IOException {
        faults = new FaultController();
        if (builder.captureFiles != null) {
            market = new SimMarket(0);
            replay = new CaptureReplay(builder.captureFiles, market, builder.speed, builder.loop,
                builder.verbatimHyperliquid);
            synthetic = null;
        } else {
            market = new SimMarket(System.currentTimeMillis());
            synthetic = new SyntheticMarket(market, builder.symbols, builder.seed, builder.eventsPerSecond,
                builder.bookLevels);
            replay = null;
        }
        binance = new BinanceVenue(market, faults, builder.binanceConfig);
        hyperliquid = new HyperliquidVenue(market, faults, builder.hyperliquidConfig);
        binance.start();
        hyperliquid.start();
        control = new FaultControlServer(builder.controlPort, faults, this::venuesJson);
        marketThread = new Thread(synthetic != null ? synthetic : replay, "venue-sim-market");
        marketThread.setDaemon(true);
        if (!builder.paused) {
            marketThread.start();
        }
    }

    /** Starts the market of a simulator built {@link Builder#paused()}: lets clients subscribe before frame one. */
    public synchronized void startMarket() {
        if (marketThread.getState() == Thread.State.NEW) {
            marketThread.start();
        }
    }

    /** @return a builder with a 10-symbol synthetic market at 5,000 events/s */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the market model (symbols, books, tapes) */
    public SimMarket market() {
        return market;
    }

    /** @return the fault controller */
    public FaultController faults() {
        return faults;
    }

    /** @return the Binance USD-M venue */
    public BinanceVenue binance() {
        return binance;
    }

    /** @return the Hyperliquid venue */
    public HyperliquidVenue hyperliquid() {
        return hyperliquid;
    }

    /** @return the HTTP control endpoint */
    public URI controlUri() {
        return control.uri();
    }

    /** @return the synthetic market, or null when replaying */
    public SyntheticMarket synthetic() {
        return synthetic;
    }

    /** @return the capture replay, or null when synthetic */
    public CaptureReplay replay() {
        return replay;
    }

    /** Stops the market (the servers keep answering from the last state): lets a test compare books at rest. */
    public synchronized void stopMarket() {
        if (marketThread.getState() == Thread.State.NEW) {
            return;
        }
        if (synthetic != null) {
            synthetic.stop();
        }
        if (replay != null) {
            replay.stop();
        }
        try {
            marketThread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return where each venue listens, as JSON */
    public String venuesJson() {
        return "{\"binance\":{\"ws\":\"" + binance.webSocketUri() + "\",\"rest\":\"" + binance.restUri()
            + "\"},\"hyperliquid\":{\"ws\":\"" + hyperliquid.webSocketUri() + "/ws\",\"rest\":\""
            + hyperliquid.restUri() + "/info\"}}";
    }

    @Override
    public void close() {
        stopMarket();
        control.close();
        binance.close();
        hyperliquid.close();
    }

    /** Settings; every port defaults to an ephemeral one. */
    public static final class Builder {
        private int symbols = 10;
        private long seed = 42;
        private long eventsPerSecond = 5_000;
        private int bookLevels = 500;
        private List<Path> captureFiles;
        private double speed = 1;
        private boolean loop;
        private int controlPort;
        private boolean paused;
        private boolean verbatimHyperliquid;
        private BinanceConfig binanceConfig = BinanceConfig.defaults();
        private HyperliquidConfig hyperliquidConfig = HyperliquidConfig.defaults();

        private Builder() {
        }

        /**
         * @param symbolCount     symbols (each listed on both venues)
         * @param randomSeed      seed
         * @param eventsPerSecond book updates plus trades per second in total; 0 for as fast as possible
         * @return this
         */
        public Builder synthetic(final int symbolCount, final long randomSeed, final long eventsPerSecond) {
            this.symbols = symbolCount;
            this.seed = randomSeed;
            this.eventsPerSecond = eventsPerSecond;
            this.captureFiles = null;
            return this;
        }

        /** @param levels levels per side each synthetic book starts with @return this */
        public Builder bookLevels(final int levels) {
            this.bookLevels = levels;
            return this;
        }

        /**
         * @param files      capture files of one session (merged by receive time)
         * @param replaySpeed 1 real time, N times faster, 0 as fast as possible
         * @param replayLoop start over at the end
         * @return this
         */
        public Builder replay(final List<Path> files, final double replaySpeed, final boolean replayLoop) {
            this.captureFiles = List.copyOf(files);
            this.speed = replaySpeed;
            this.loop = replayLoop;
            return this;
        }

        /**
         * A replay sends captured Hyperliquid frames unchanged to subscribers of their coin's channel, and the venue
         * renders nothing of its own on those channels (no first frame on subscribe either: subscribe before
         * {@link VenueSim#startMarket()} to see every frame). Without it, the captured books and trades drive the
         * market model and Hyperliquid is rendered from it (aggregated, on the simulator's cadences). Used to
         * replay a raw capture of our own adapter.
         *
         * @return this
         */
        public Builder verbatimHyperliquid() {
            this.verbatimHyperliquid = true;
            return this;
        }

        /** @param config Binance settings (ports, limits) @return this */
        public Builder binance(final BinanceConfig config) {
            this.binanceConfig = config;
            return this;
        }

        /** @param config Hyperliquid settings (ports, cadences, limits) @return this */
        public Builder hyperliquid(final HyperliquidConfig config) {
            this.hyperliquidConfig = config;
            return this;
        }

        /** @return this; the market waits for {@link VenueSim#startMarket()} (servers answer at once) */
        public Builder paused() {
            this.paused = true;
            return this;
        }

        /** @param port control endpoint port, 0 for ephemeral @return this */
        public Builder controlPort(final int port) {
            this.controlPort = port;
            return this;
        }

        /**
         * @return the running simulator
         * @throws UncheckedIOException if a port cannot be bound or a capture cannot be read
         */
        public VenueSim start() {
            try {
                return new VenueSim(this);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
