package io.slipstream.mktdata.benchmarks.ipc;

import io.slipstream.mktdata.agent.CpuAffinity;
import io.slipstream.mktdata.agent.RealtimePriority;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.ipc.client.BookMode;
import io.slipstream.mktdata.ipc.client.CandleBatch;
import io.slipstream.mktdata.ipc.client.ClientOptions;
import io.slipstream.mktdata.ipc.client.MarketDataClient;
import io.slipstream.mktdata.ipc.client.MarketDataListener;
import io.slipstream.mktdata.ipc.client.OrderBookMessage;
import io.slipstream.mktdata.ipc.client.TradeMessage;
import io.slipstream.mktdata.ipc.server.IpcServer;
import io.slipstream.mktdata.ipc.server.IpcServerConfig;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;
import io.slipstream.mktdata.venue.binance.BinanceAdapter;
import io.slipstream.mktdata.venue.binance.BinanceAdapterConfig;
import io.slipstream.mktdata.venue.websocket.FrameListener;
import io.slipstream.mktdata.venue.websocket.ReconnectBackoff;
import io.slipstream.mktdata.venue.websocket.VenueWebSocket;
import io.slipstream.mktdata.venuesim.VenueSim;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * End-to-end IPC measurements (issue 5), each printed as a table; run from the repository root:
 *
 * <pre>
 * java -cp mktdata-benchmarks/target/mktdata-benchmarks.jar io.slipstream.mktdata.benchmarks.ipc.IpcHarness all
 * </pre>
 *
 * <p>{@code --realtime-priority=N} anywhere runs the hot-path threads SCHED_FIFO N (the deployment docs recommend it);
 * {@code --client-realtime-priority=N} gives the clients' readers another priority; {@code --ipc-own-thread} runs the
 * IPC server on a thread of its own instead of the engine's; {@code --hot-path-cpus=LIST} runs the venue sockets'
 * read threads and the engine (and the IPC server's own thread) only on those CPUs ({@code [daemon] hot_path_cpus});
 * {@code --no-python} leaves the Python client out; {@code --bare-selector} has the bare readers wait in a selector.
 *
 * <ul>
 *   <li>{@code floor}: the machine's raw Unix-socket round trip, blocking and busy-polling (no protocol at all);</li>
 *   <li>{@code bare}: the floor of the tick run's own shape: the same venue-sim market and streams, every depth
 *       and trade frame forwarded as it is read (no parsing, no book, no encoding) to as many blocking readers as
 *       the tick run has clients (the Java ones and the Python one);</li>
 *   <li>{@code tick}: tick-to-client latency, venue frame read to decoded in the client, for 10 Java clients (and
 *       one busy-polling, and the Python client when its venv exists) on the same books and trades, venue-sim
 *       offering a steady rate; coordinated omission corrected with the offered interval;</li>
 *   <li>{@code slow}: the same with one of the clients stuck (never reading): the others' percentiles;</li>
 *   <li>{@code fanout}: messages per second delivered to 1 and to 10 Java clients;</li>
 *   <li>{@code coldstart}: {@code get_candles_batch} for 200 symbols x 1100 4h candles into Java arrays and, with
 *       the Python client, into a pandas panel.</li>
 * </ul>
 */
public final class IpcHarness {
    private static final SystemEpochClock CLOCK = new SystemEpochClock();
    private static final Path PYTHON = Path.of("clients/python/.venv/bin/python");
    /** The clients' readers' SCHED_FIFO priority: the daemon's unless --client-realtime-priority=N says otherwise. */
    private static int clientPriority = -1;
    /** --ipc-own-thread: the IPC server on a thread of its own instead of the engine's (the default). */
    private static boolean ipcOwnThread;
    /** --no-python: leave the Python client out (to see what it costs the Java clients on a 2-core machine). */
    private static boolean noPython;
    /** --bare-selector: the bare readers wait in a selector, as the Java client does, instead of a blocking read. */
    private static boolean bareSelector;

    private IpcHarness() {
    }

    /**
     * @param args {@code floor|bare|tick|slow|fanout|coldstart|all} [seconds]
     * @throws Exception on failure
     */
    public static void main(final String[] arguments) throws Exception {
        // --realtime-priority=N anywhere: the in-process daemon's hot-path threads, the clients' readers and the
        // Python client run SCHED_FIFO N (docs/deployment.md, "Real-time priority"); the floor stays as it is.
        final List<String> positional = new ArrayList<>();
        for (final String argument : arguments) {
            if (argument.startsWith("--realtime-priority=")) {
                RealtimePriority.configureHotPath(Integer.parseInt(argument.substring(argument.indexOf('=') + 1)));
            } else if (argument.startsWith("--hot-path-cpus=")) {
                CpuAffinity.configureHotPath(cpuSet(argument));
            } else if ("--bare-selector".equals(argument)) {
                bareSelector = true;
            } else if ("--no-python".equals(argument)) {
                noPython = true;
            } else if ("--ipc-own-thread".equals(argument)) {
                ipcOwnThread = true;
            } else if (argument.startsWith("--client-realtime-priority=")) {
                clientPriority = Integer.parseInt(argument.substring(argument.indexOf('=') + 1));
            } else {
                positional.add(argument);
            }
        }
        if (clientPriority < 0) {
            clientPriority = RealtimePriority.hotPathPriority();
        }
        final String[] args = positional.toArray(new String[0]);
        final String what = args.length > 0 ? args[0] : "all";
        final int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        final int clientCount = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        // A busy-polling client owns a core; on a 2-core machine it starves everything else, so it is opt-in.
        final boolean withBusyClient = args.length > 3 && "busy".equals(args[3]);
        final String scheduling = RealtimePriority.hotPathPriority() == 0 ? "normal scheduling"
            : "real-time priority SCHED_FIFO " + RealtimePriority.hotPathPriority() + ", clients' readers "
            + clientPriority;
        System.out.printf("# IpcHarness %s, %d s per run, %d CPUs, JDK %s, %s, IPC server on %s, hot path on %s%n",
            what, seconds, Runtime.getRuntime().availableProcessors(), Runtime.version(), scheduling,
            ipcOwnThread ? "its own thread" : "the engine thread",
            CpuAffinity.hotPathCpus().isEmpty() ? "any CPU" : "CPUs " + CpuAffinity.hotPathCpus());
        if ("floor".equals(what) || "all".equals(what)) {
            floor(false);
            floor(true);
        }
        if ("bare".equals(what) || "all".equals(what)) {
            bareForwarder(seconds, clientCount + 1);
        }
        if ("tick".equals(what) || "all".equals(what)) {
            tickToClient(seconds, clientCount, withBusyClient, false);
        }
        if ("slow".equals(what) || "all".equals(what)) {
            tickToClient(seconds, clientCount, withBusyClient, true);
        }
        if ("external".equals(what)) {
            // A daemon running as its own process (e.g. bin/slipstream-mktdata demo --no-record --socket S):
            // args: external SECONDS CLIENTS SOCKET
            external(Path.of(args[3]), seconds, clientCount);
        }
        if ("fanout".equals(what) || "all".equals(what)) {
            fanout(1, seconds / 2);
            fanout(10, seconds / 2);
        }
        if ("coldstart".equals(what) || "all".equals(what)) {
            coldStart();
        }
        System.exit(0);
    }

    private static IpcServerConfig serverConfig(final Path socket) {
        return IpcServerConfig.defaults(socket).withSharesEngineThread(!ipcOwnThread);
    }

    // ---- floor ---------------------------------------------------------------------------------------------------

    /** A bare 32-byte ping-pong over a Unix socket: the best any protocol on it can do on this machine. */
    private static void floor(final boolean busyPoll) throws Exception {
        final Path socket = Files.createTempDirectory("floor").resolve("s");
        final int warmup = 20_000;
        final int rounds = 100_000;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            final Thread echo = new Thread(() -> {
                try (SocketChannel peer = server.accept()) {
                    peer.configureBlocking(!busyPoll);
                    final ByteBuffer buffer = ByteBuffer.allocateDirect(32);
                    for (int i = 0; i < warmup + rounds; i++) {
                        buffer.clear();
                        while (buffer.hasRemaining()) {
                            if (peer.read(buffer) < 0) {
                                return;
                            }
                        }
                        buffer.flip();
                        while (buffer.hasRemaining()) {
                            peer.write(buffer);
                        }
                    }
                } catch (final IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "floor-echo");
            echo.start();
            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(socket));
                client.configureBlocking(!busyPoll);
                final ByteBuffer buffer = ByteBuffer.allocateDirect(32);
                for (int i = 0; i < warmup + rounds; i++) {
                    buffer.clear();
                    final long start = System.nanoTime();
                    while (buffer.hasRemaining()) {
                        client.write(buffer);
                    }
                    buffer.clear();
                    while (buffer.hasRemaining()) {
                        client.read(buffer);
                    }
                    if (i >= warmup) {
                        histogram.recordValue(System.nanoTime() - start);
                    }
                }
            }
            echo.join();
            print("raw Unix-socket round trip, 32 B, " + (busyPoll ? "both sides busy-poll" : "both sides block"),
                histogram);
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    // ---- bare forwarder ------------------------------------------------------------------------------------------

    /** The size of a bare forwarded message: about a top-10 book update as the server encodes it. */
    private static final int BARE_MESSAGE_BYTES = 256;

    /**
     * What no daemon can beat for the tick run's workload on this machine: venue-sim's market as the tick run gets
     * it (depth at 0 ms, book ticker, aggregate trades, mark price), and each depth and trade frame written, as it is
     * read, to {@code readerCount} blocking readers as a fixed-size message carrying the frame's receive time. The
     * same venue socket threads, the same number of sockets written per event and woken readers; none of the work.
     */
    private static void bareForwarder(final int seconds, final int readerCount) throws Exception {
        final int symbols = 10;
        final long offeredEventsPerSecond = 2_000;
        final Path socket = Files.createTempDirectory("bare").resolve("s");
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (VenueSim sim = VenueSim.builder().synthetic(symbols, 7, offeredEventsPerSecond).start();
             ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            final List<SocketChannel> peers = new ArrayList<>();
            final List<BareReader> readers = new ArrayList<>();
            for (int r = 0; r < readerCount; r++) {
                final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
                peers.add(server.accept());
                final BareReader reader = new BareReader(channel);
                reader.setName("bare-reader-" + r);
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            final ByteBuffer message = ByteBuffer.allocateDirect(BARE_MESSAGE_BYTES);
            final List<String> publicStreams = new ArrayList<>();
            final List<String> marketStreams = new ArrayList<>();
            for (final var symbol : sim.market().symbols()) {
                final String prefix = symbol.binanceSymbol().toLowerCase(Locale.ROOT);
                publicStreams.add(prefix + "@depth@0ms");
                publicStreams.add(prefix + "@bookTicker");
                marketStreams.add(prefix + "@aggTrade");
                marketStreams.add(prefix + "@markPrice@1s");
            }
            final FrameListener forwarder = new FrameListener() {
                @Override
                public void onOpen(final VenueWebSocket ws) {
                    final List<String> streams = ws.name().endsWith("public") ? publicStreams : marketStreams;
                    ws.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"" + String.join("\",\"", streams)
                        + "\"],\"id\":1}");
                }

                @Override
                public void onFrame(final VenueWebSocket ws, final ByteBuffer payload, final long receiveTimeNs) {
                    if (!forwarded(payload)) {
                        return;
                    }
                    // Two venue threads, one message buffer and one writer per reader socket, as the daemon's one
                    // fan-out thread.
                    synchronized (message) {
                        message.putLong(0, receiveTimeNs);
                        try {
                            for (final SocketChannel peer : peers) {
                                message.clear();
                                while (message.hasRemaining()) {
                                    peer.write(message);
                                }
                            }
                        } catch (final IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }

                @Override
                public void onClose(final VenueWebSocket ws, final int code, final String reason) {
                    // the run ends with the sockets
                }
            };
            final URI ws = sim.binance().webSocketUri();
            final List<VenueWebSocket> sockets = List.of(
                new VenueWebSocket("bare-public", () -> URI.create(ws + "/public/stream"), forwarder, CLOCK,
                    new ReconnectBackoff(100, 1_000, new Random(1)), scheduler),
                new VenueWebSocket("bare-market", () -> URI.create(ws + "/market/stream"), forwarder, CLOCK,
                    new ReconnectBackoff(100, 1_000, new Random(2)), scheduler));
            sockets.forEach(VenueWebSocket::start);
            Thread.sleep(5_000);
            readers.forEach(BareReader::reset);
            final Map<String, Long> cpuBefore = threadCpuNs();
            Thread.sleep(seconds * 1000L);
            final Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            for (final BareReader reader : readers) {
                synchronized (reader) {
                    all.add(reader.latency);
                }
            }
            System.out.printf("%n## bare forwarder: %d symbols, venue-sim offering %,d events/s, each depth and trade "
                + "frame written as read to %d blocking readers (%d B), no daemon%n", symbols, offeredEventsPerSecond,
                readerCount, BARE_MESSAGE_BYTES);
            printThreadCpu(cpuBefore, all.getTotalCount());
            print("frame read to received by the reader (all readers)", all);
            sockets.forEach(VenueWebSocket::close);
            for (final SocketChannel peer : peers) {
                peer.close();
            }
        } finally {
            scheduler.shutdownNow();
            Files.deleteIfExists(socket);
        }
    }

    /** A combined-stream depth or trade frame: {@code {"stream":"btcusdt@depth@0ms",...} or {@code ...@aggTrade}. */
    private static boolean forwarded(final ByteBuffer payload) {
        final int from = payload.position();
        final int to = Math.min(payload.limit(), from + 48);
        for (int i = from; i + 1 < to; i++) {
            if (payload.get(i) == '@') {
                final byte next = payload.get(i + 1);
                return next == 'd' || next == 'a';
            }
        }
        return false;
    }

    /** One blocking reader: reads fixed-size messages, records now minus the frame receive time each carries. */
    private static final class BareReader extends Thread {
        private final SocketChannel channel;
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

        BareReader(final SocketChannel channel) {
            this.channel = channel;
        }

        synchronized void reset() {
            latency.reset();
        }

        @Override
        public void run() {
            if (clientPriority > 0) {
                RealtimePriority.applyToCurrentThread(clientPriority, getName());
            }
            final ByteBuffer buffer = ByteBuffer.allocateDirect(BARE_MESSAGE_BYTES);
            try {
                Selector selector = null;
                if (bareSelector) {
                    channel.configureBlocking(false);
                    selector = Selector.open();
                    channel.register(selector, SelectionKey.OP_READ);
                }
                while (true) {
                    buffer.clear();
                    while (buffer.hasRemaining()) {
                        final int read = channel.read(buffer);
                        if (read < 0) {
                            return;
                        }
                        if (read == 0) {
                            selector.select(1000);
                            selector.selectedKeys().clear();
                        }
                    }
                    final long latencyNs = CLOCK.epochNanos() - buffer.getLong(0);
                    synchronized (this) {
                        latency.recordValue(Math.max(0, Math.min(latencyNs, latency.getHighestTrackableValue())));
                    }
                }
            } catch (final IOException e) {
                // closed at the end of the run
            }
        }
    }

    // ---- tick to client ------------------------------------------------------------------------------------------

    private static void tickToClient(final int seconds, final int clientCount, final boolean withBusyClient,
                                     final boolean oneStuck) throws Exception {
        final int symbols = 10;
        final long offeredEventsPerSecond = 2_000;
        final Path socket = Files.createTempDirectory("tick").resolve("mktdata.sock");
        try (VenueSim sim = VenueSim.builder().synthetic(symbols, 7, offeredEventsPerSecond).start()) {
            final InstrumentRegistry registry = new InstrumentRegistry(256);
            // One clock for the adapter's receive stamps, the engine's publish stamps and the clients' decode times.
            final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry).clock(CLOCK))
                .start();
            final URI ws = sim.binance().webSocketUri();
            final BinanceAdapter binance = new BinanceAdapter(BinanceAdapterConfig.defaults(sim.binance().restUri(),
                    URI.create(ws + "/public"), URI.create(ws + "/market")).withCandles(List.of(), null)
                    .withDepthSpeed("@0ms"),
                engine.publisher(), registry, CLOCK);
            binance.start();
            final IpcServer server = new IpcServer(serverConfig(socket), engine).start();
            final long deadline = System.currentTimeMillis() + 20_000;
            while (!binance.symbols().stream().allMatch(binance::depthSynced)
                && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            final List<String> names = binance.symbols();
            final List<LatencyListener> listeners = new ArrayList<>();
            final List<MarketDataClient> clients = new ArrayList<>();
            // The offered interval per client: every client reads every book update and trade of the venue.
            final long expectedIntervalNs = 1_000_000_000L / offeredEventsPerSecond;
            for (int c = 0; c < clientCount + (withBusyClient ? 1 : 0); c++) {
                final boolean busy = c == clientCount;
                final MarketDataClient client = MarketDataClient.connect(socket, ClientOptions.builder()
                    .clientName("bench-" + c).busyPoll(busy)
                    .realtimePriority(busy ? 0 : clientPriority).build());
                final LatencyListener listener = new LatencyListener(expectedIntervalNs);
                for (final String name : names) {
                    client.subscribeOrderbook("binance", name, 10, BookMode.TOP, listener);
                }
                client.subscribeAllTrades("binance", listener);
                clients.add(client);
                listeners.add(listener);
            }
            final Process python = startPython("tick_to_client.py", socket.toString(), Integer.toString(seconds));
            if (oneStuck) {
                // From now on client 0's reader thread blocks in its listener: it reads nothing more.
                listeners.get(0).stuck = true;
            }
            Thread.sleep(5_000);
            // What the daemon's affinity sweep does every 2 s: threads a hot-path thread started get every CPU back.
            CpuAffinity.releaseInherited();
            for (final LatencyListener listener : listeners) {
                listener.reset();
            }
            // Inside the daemon: venue frame read to the event queued for its subscribers by the server loop.
            final Histogram inDaemon = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            server.latencyListener(nanos -> inDaemon.recordValue(Math.min(nanos, inDaemon.getHighestTrackableValue())));
            final long sentBefore = server.messagesSent();
            final Map<String, Long> cpuBefore = threadCpuNs();
            Thread.sleep(seconds * 1000L);
            final long sent = server.messagesSent() - sentBefore;
            final Histogram books = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final Histogram trades = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final Histogram booksCorrected = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final Histogram tradesCorrected = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final Histogram readToEngine = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final Histogram engineToDecoded = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            long messages = 0;
            for (int c = 0; c < clientCount; c++) {
                if (oneStuck && c == 0) {
                    continue;
                }
                synchronized (listeners.get(c)) {
                    books.add(listeners.get(c).books);
                    trades.add(listeners.get(c).trades);
                    booksCorrected.add(listeners.get(c).booksCorrected);
                    tradesCorrected.add(listeners.get(c).tradesCorrected);
                    readToEngine.add(listeners.get(c).readToEngine);
                    engineToDecoded.add(listeners.get(c).engineToDecoded);
                    messages += listeners.get(c).books.getTotalCount() + listeners.get(c).trades.getTotalCount();
                }
            }
            final String title = oneStuck ? "tick to client, " + (clientCount - 1)
                + " healthy Java clients while client 0 is stuck"
                : "tick to client, " + clientCount + " Java clients (blocking reader)";
            System.out.printf("%n## %s: %d symbols, venue-sim offering %,d events/s, %,d messages sent by the server "
                + "(%,d/s), %,d received by the measured clients%n", title, symbols, offeredEventsPerSecond, sent,
                sent / seconds, messages);
            server.latencyListener(null);
            printThreadCpu(cpuBefore, messages);
            print("inside the daemon: frame read to queued for subscribers", inDaemon);
            print("books (orderbook_update, top 10)", books);
            print("trades", trades);
            print("  of which frame read to engine publish (both)", readToEngine);
            print("  of which engine publish to decoded (both)", engineToDecoded);
            print("books, corrected for coordinated omission", booksCorrected);
            print("trades, corrected for coordinated omission", tradesCorrected);
            if (withBusyClient) {
                final LatencyListener busy = listeners.get(clientCount);
                synchronized (busy) {
                    print("books, the busy-polling Java client", busy.books);
                    print("trades, the busy-polling Java client", busy.trades);
                }
            }
            if (oneStuck) {
                System.out.printf("stuck client: %,d messages dropped for it, %d slow-consumer disconnects%n",
                    server.messagesDropped(), server.slowConsumerDisconnects());
            }
            if (python != null) {
                printPython(python);
            }
            for (final MarketDataClient client : clients) {
                client.close();
            }
            server.close();
            binance.close();
            engine.close();
        }
    }

    /** Tick to client against a daemon in another process: the deployment's shape (daemon and strategies apart). */
    private static void external(final Path socket, final int seconds, final int clientCount) throws Exception {
        final List<LatencyListener> listeners = new ArrayList<>();
        final List<MarketDataClient> clients = new ArrayList<>();
        final long expectedIntervalNs = 1_000_000_000L / 2_000;
        for (int c = 0; c < clientCount; c++) {
            final MarketDataClient client = MarketDataClient.connect(socket, ClientOptions.builder()
                .realtimePriority(clientPriority).build());
            final LatencyListener listener = new LatencyListener(expectedIntervalNs);
            for (final io.slipstream.mktdata.ipc.client.InstrumentInfo info : client.getSymbols("binance")) {
                client.subscribeOrderbook("binance", info.symbol(), 10, BookMode.TOP, listener);
            }
            client.subscribeAllTrades("binance", listener);
            clients.add(client);
            listeners.add(listener);
        }
        Thread.sleep(5_000);
        for (final LatencyListener listener : listeners) {
            listener.reset();
        }
        Thread.sleep(seconds * 1000L);
        final Histogram books = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final Histogram trades = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (final LatencyListener listener : listeners) {
            synchronized (listener) {
                books.add(listener.books);
                trades.add(listener.trades);
            }
        }
        System.out.printf("%n## tick to client, %d Java clients in this JVM, the daemon in its own process (%s)%n",
            clientCount, socket);
        print("books (orderbook_update, top 10)", books);
        print("trades", trades);
        for (final MarketDataClient client : clients) {
            client.close();
        }
    }

    /**
     * Records receive-to-decoded latency per kind, twice: every message as measured, and with HdrHistogram's
     * coordinated-omission correction at the offered interval (synthetic samples added under every value above it).
     * Once told, gets stuck forever in its next message.
     */
    private static final class LatencyListener implements MarketDataListener {
        private final long expectedIntervalNs;
        volatile boolean stuck;
        Histogram books = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram trades = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram booksCorrected = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram tradesCorrected = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        /** The two halves of every message's latency: frame read to engine publish, engine publish to decoded. */
        Histogram readToEngine = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram engineToDecoded = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

        LatencyListener(final long expectedIntervalNs) {
            this.expectedIntervalNs = expectedIntervalNs;
        }

        synchronized void reset() {
            books.reset();
            trades.reset();
            booksCorrected.reset();
            tradesCorrected.reset();
            readToEngine.reset();
            engineToDecoded.reset();
        }

        @Override
        public void onOrderBook(final OrderBookMessage message) {
            record(books, booksCorrected, message.receiveTimeNs(), message.publishTimeNs());
        }

        @Override
        public void onTrade(final TradeMessage message) {
            record(trades, tradesCorrected, message.receiveTimeNs(), message.publishTimeNs());
        }

        private void record(final Histogram histogram, final Histogram corrected, final long receiveTimeNs,
                            final long publishTimeNs) {
            final long decodedNs = CLOCK.epochNanos();
            final long latency = decodedNs - receiveTimeNs;
            if (stuck) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (receiveTimeNs <= 0 || latency < 0) {
                return;
            }
            synchronized (this) {
                final long value = Math.min(latency, histogram.getHighestTrackableValue());
                histogram.recordValue(value);
                corrected.recordValueWithExpectedInterval(value, expectedIntervalNs);
                if (publishTimeNs >= receiveTimeNs && publishTimeNs <= decodedNs) {
                    readToEngine.recordValue(publishTimeNs - receiveTimeNs);
                    engineToDecoded.recordValue(decodedNs - publishTimeNs);
                }
            }
        }
    }

    // ---- fan-out -------------------------------------------------------------------------------------------------

    private static void fanout(final int clientCount, final int seconds) throws Exception {
        final Path socket = Files.createTempDirectory("fanout").resolve("mktdata.sock");
        final InstrumentRegistry registry = new InstrumentRegistry(256);
        final List<Instrument> instruments = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            instruments.add(registry.register(InstrumentSpec.binance("SYM" + i + "USDT", "0.01", "0.001")));
        }
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)
            .ringCapacityBytes(1 << 24)).start();
        final IpcServer server = new IpcServer(serverConfig(socket), engine).start();
        final AtomicLong received = new AtomicLong();
        final List<MarketDataClient> clients = new ArrayList<>();
        for (int c = 0; c < clientCount; c++) {
            final MarketDataClient client = MarketDataClient.connect(socket, ClientOptions.builder()
                .maxQueueBytes(64L << 20).build());
            client.subscribeAllTrades("binance", new MarketDataListener() {
                @Override
                public void onTrade(final TradeMessage message) {
                    received.incrementAndGet();
                }
            });
            clients.add(client);
        }
        Thread.sleep(500);
        final AtomicLong published = new AtomicLong();
        final Thread feeder = new Thread(() -> {
            long id = 0;
            while (!Thread.currentThread().isInterrupted()) {
                // Offer what the server and the clients can take (a window of 20,000 messages per client in
                // flight): past that the engine would overrun the hand-off ring or the clients' queues would drop,
                // and the figure would be of loss, not of delivery.
                if (server.handOffBacklogBytes() > 8L << 20
                    || published.get() * clientCount - received.get() > clientCount * 20_000L) {
                    Thread.onSpinWait();
                    continue;
                }
                final Instrument instrument = instruments.get((int) (id % instruments.size()));
                final long now = CLOCK.epochNanos();
                if (engine.publisher().trade(instrument.id(), now, now, 100_000 + id % 100, 1_000, AggressorSide.BUY,
                    ++id, 0) == Rejection.NONE) {
                    published.incrementAndGet();
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "fanout-feeder");
        feeder.start();
        Thread.sleep(2_000);
        final long receivedBefore = received.get();
        final long publishedBefore = published.get();
        final long dropsBefore = server.messagesDropped();
        final long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        final double elapsedS = (System.nanoTime() - start) / 1e9;
        final long delivered = received.get() - receivedBefore;
        final long events = published.get() - publishedBefore;
        final long drops = server.messagesDropped() - dropsBefore;
        feeder.interrupt();
        feeder.join();
        System.out.printf("%n## fan-out to %d Java client%s: %,.0f messages/s delivered in total (%,.0f per client), "
                + "from %,.0f trades/s published; %,d dropped for slow clients%n", clientCount,
            clientCount == 1 ? "" : "s", delivered / elapsedS, delivered / elapsedS / clientCount, events / elapsedS,
            drops);
        for (final MarketDataClient client : clients) {
            client.close();
        }
        server.close();
        engine.close();
    }

    // ---- cold start ----------------------------------------------------------------------------------------------

    private static void coldStart() throws Exception {
        final Path socket = Files.createTempDirectory("cold").resolve("mktdata.sock");
        final InstrumentRegistry registry = new InstrumentRegistry(512);
        final int symbolCount = 200;
        final int candles = 1100;
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)
            .candleRetention(CandleInterval.H4, 1200).ringCapacityBytes(1 << 24)).start();
        final long fourHoursMs = CandleInterval.H4.nominalDurationMs();
        final long firstOpenMs = (System.currentTimeMillis() / fourHoursMs - candles) * fourHoursMs;
        for (int s = 0; s < symbolCount; s++) {
            final Instrument instrument = registry.register(InstrumentSpec.hyperliquid("COIN" + s, 3));
            for (int c = 0; c < candles; c++) {
                final long open = 10_000 + (c % 50);
                while (engine.publisher().candle(instrument.id(), 0, CLOCK.epochNanos(), CandleInterval.H4,
                    firstOpenMs + c * fourHoursMs, open, open + 10, open - 10, open + 5, 1_000 + c, 10, true,
                    CandleSource.BACKFILL) == Rejection.RING_FULL) {
                    Thread.onSpinWait();
                }
            }
        }
        engine.query(state -> 0).get();
        final IpcServer server = new IpcServer(serverConfig(socket), engine).start();
        final long[] javaMs = new long[7];
        try (MarketDataClient client = MarketDataClient.connect(socket)) {
            for (int i = 0; i < javaMs.length; i++) {
                final long start = System.nanoTime();
                final CandleBatch batch = client.getCandlesBatch("hyperliquid", null, "4h", candles);
                javaMs[i] = (System.nanoTime() - start) / 1_000;
                if (batch.symbols().size() != symbolCount
                    || batch.columns(batch.symbols().get(0)).openTimeMs().length != candles) {
                    throw new IllegalStateException("short batch: " + batch.symbols().size());
                }
            }
        }
        final long[] measured = Arrays.copyOfRange(javaMs, 2, javaMs.length);
        Arrays.sort(measured);
        System.out.printf("%n## cold start: get_candles_batch, %d symbols x %d 4h candles (columns)%n", symbolCount,
            candles);
        System.out.printf("Java client, request to primitive arrays: median %.1f ms (min %.1f, max %.1f) over %d%n",
            measured[measured.length / 2] / 1000.0, measured[0] / 1000.0, measured[measured.length - 1] / 1000.0,
            measured.length);
        final Process python = startPython("cold_start.py", socket.toString());
        if (python != null) {
            printPython(python);
        }
        server.close();
        engine.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static BitSet cpuSet(final String argument) {
        final BitSet cpus = new BitSet();
        for (final String cpu : argument.substring(argument.indexOf('=') + 1).split(",")) {
            cpus.set(Integer.parseInt(cpu.trim()));
        }
        return cpus;
    }

    /** CPU time of this JVM's threads, grouped by name with digits dropped ({@code bench-3} and {@code bench-4}). */
    private static Map<String, Long> threadCpuNs() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final Map<String, Long> byGroup = new TreeMap<>();
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                final long cpuNs = threads.getThreadCpuTime(info.getThreadId());
                if (cpuNs > 0) {
                    byGroup.merge(info.getThreadName().replaceAll("[0-9]+", "#"), cpuNs, Long::sum);
                }
            }
        }
        return byGroup;
    }

    /** Prints each thread group's CPU over a run, per message delivered to the measured readers. */
    private static void printThreadCpu(final Map<String, Long> before, final long messages) {
        final Map<String, Long> after = threadCpuNs();
        System.out.printf("CPU per message delivered (%,d), by thread group, this JVM:", messages);
        after.forEach((group, cpuNs) -> {
            final double perMessageUs = (cpuNs - before.getOrDefault(group, 0L)) / 1000.0 / Math.max(1, messages);
            if (perMessageUs >= 0.05) {
                System.out.printf(" %s %.2f us;", group, perMessageUs);
            }
        });
        System.out.println();
    }

    private static Process startPython(final String script, final String... args) throws IOException {
        final Path path = Path.of("clients/python/benchmarks", script);
        if (noPython) {
            System.out.println("(Python client left out: --no-python)");
            return null;
        }
        if (!Files.isExecutable(PYTHON) || !Files.exists(path)) {
            System.out.println("(Python client skipped: run clients/python/run-tests once to create its venv)");
            return null;
        }
        final List<String> command = new ArrayList<>(List.of(PYTHON.toString(), path.toString()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SLIPSTREAM_REALTIME_PRIORITY", Integer.toString(clientPriority));
        return builder.start();
    }

    private static void printPython(final Process python) throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(python.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println(line);
            }
        }
        python.waitFor(60, TimeUnit.SECONDS);
    }

    private static void print(final String what, final Histogram histogram) {
        System.out.printf("%-62s n=%,9d  p50 %8.1f us  p99 %8.1f us  p99.9 %8.1f us  max %9.1f us%n", what,
            histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1000.0,
            histogram.getValueAtPercentile(99) / 1000.0, histogram.getValueAtPercentile(99.9) / 1000.0,
            histogram.getMaxValue() / 1000.0);
    }
}
