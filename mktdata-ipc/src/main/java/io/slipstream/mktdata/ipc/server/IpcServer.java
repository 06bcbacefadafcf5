package io.slipstream.mktdata.ipc.server;

import io.slipstream.mktdata.agent.HotPath;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.engine.EngineGuest;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.MarketDataListener;
import io.slipstream.mktdata.engine.MarketState;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.msgpack.MsgPackException;
import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import io.slipstream.mktdata.ipc.protocol.MessageEncoder;
import io.slipstream.mktdata.ipc.protocol.Protocol;
import io.slipstream.mktdata.ringbuffer.EventRing;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the engine's data to many clients over a Unix socket, protocol version 1 (docs/protocol.md).
 *
 * <p>Threads: the engine thread runs each feed's listener, which encodes the event once as a protocol message into
 * a hand-off ring (and answers queries from the engine state, in order with the events, which is what makes a
 * subscription's snapshot seamless). The server's loop owns everything else: it accepts, reads and parses requests,
 * copies each ring message into the queue of every client that reads that feed, and writes each client's pending
 * bytes in one call. It never blocks on a client: a client that falls behind gets conflated books and quotes, and
 * its own slow-consumer policy for trades, candles and status.
 *
 * <p>By default that loop runs on the engine's thread as well ({@link IpcServerConfig#sharesEngineThread()}, an
 * {@link EngineGuest}): an event then reaches the client sockets in the duty cycle that applied it, where a server
 * thread of its own has to be woken first, and each wake-up of a sleeping thread costs tens of microseconds on a
 * small VM (docs/benchmarks.md, "IPC: tick to client"). The loop's state still has one owner at a time: the engine
 * thread while hosted, the server thread otherwise.
 */
public final class IpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpcServer.class);
    private static final String SERVER_NAME = "slipstream-mktdata 0.1.0";
    private static final int RECORD_STREAM = 1;
    private static final int RECORD_DIRECTED = 2;
    /** Stream record header: feed slot, feed generation, receive time (two ints), instrument id. */
    private static final int STREAM_HEADER_BYTES = 20;
    /** Directed record header: session slot, session generation, subscription id, snapshot token. */
    private static final int DIRECTED_HEADER_BYTES = 16;
    private static final int RECORDS_PER_TURN = 4096;
    private static final long SELECT_INTERVAL_NS = 50_000;
    private static final int MAX_NESTING = 32;
    private static final int MAX_BOOK_DEPTH = 1000;
    private static final int MAX_COUNT = 100_000;

    private final IpcServerConfig config;
    private final MarketDataEngine engine;
    private final InstrumentRegistry registry;
    private final EventRing ring;
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicLong handOffOverruns = new AtomicLong();
    private final ConcurrentLinkedQueue<PendingReply> replies = new ConcurrentLinkedQueue<>();
    private final ExecutorService encoderPool;

    // Engine thread
    private final MessageEncoder engineEncoder;
    private final MsgPackWriter engineWriter = new MsgPackWriter(64 * 1024);
    private final MsgPackWriter snapshotWriter = new MsgPackWriter(64 * 1024);

    // Server thread
    private final MessageEncoder serverEncoder;
    private final MsgPackWriter serverWriter = new MsgPackWriter(4096);
    private final MsgPackReader requestReader = new MsgPackReader();
    private final long[] frameStack = new long[MAX_NESTING + 1];
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final Map<FeedKey, Feed> feedsByKey = new HashMap<>();
    private Feed[] feeds = new Feed[64];
    private int[] feedGenerations = new int[64];
    private final ClientSession[] sessions;
    private final int[] sessionGenerations;
    private final List<ClientSession> touched = new ArrayList<>();
    private int clientCount;
    private long lastSeenOverruns;
    private long lastOverrunLogMs;
    private long nextHeartbeatNs;
    private long lastSelectNs;
    private final RingReader ringReader = new RingReader();

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    /** The server's own thread, or null when it is the engine's guest. */
    private final Thread thread;
    private final Guest guest = new Guest();
    private volatile boolean running;

    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong slowConsumerDisconnects = new AtomicLong();
    private final AtomicLong messagesDropped = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final AtomicLong unframeableClosed = new AtomicLong();
    private volatile int connectedClients;
    private volatile int activeSubscriptions;
    private volatile int leastQueueRoomBytes = Integer.MAX_VALUE;
    // Receive-to-delivery latency: an allocation-free clock, and the observer (metrics) if any.
    private final SystemEpochClock latencyClock = new SystemEpochClock();
    private volatile LongConsumer latencyListener;

    /**
     * Binds the socket (replacing a stale socket file; refusing if another server answers on it) and sets its
     * permissions. Call {@link #start()} to begin serving.
     *
     * @param config the settings
     * @param engine the engine whose data is served; started or not
     * @throws IOException if the socket cannot be bound
     */
    public IpcServer(final IpcServerConfig config, final MarketDataEngine engine) throws IOException {
        this.config = config;
        this.engine = engine;
        this.registry = engine.registry();
        this.ring = new EventRing(config.handOffRingBytes());
        this.engineEncoder = new MessageEncoder(registry);
        this.serverEncoder = new MessageEncoder(registry);
        this.sessions = new ClientSession[config.maxClients()];
        this.sessionGenerations = new int[config.maxClients()];
        this.encoderPool = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "mktdata-ipc-encoder");
            t.setDaemon(true);
            return t;
        });
        removeStaleSocket();
        if (config.socketPath().getParent() != null) {
            Files.createDirectories(config.socketPath().getParent());
        }
        this.selector = Selector.open();
        this.serverChannel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        serverChannel.bind(UnixDomainSocketAddress.of(config.socketPath()), 64);
        serverChannel.configureBlocking(false);
        serverChannel.register(selector, SelectionKey.OP_ACCEPT);
        applyPermissions();
        this.thread = config.sharesEngineThread() ? null : new Thread(this::run, "mktdata-ipc");
        nextHeartbeatNs = System.nanoTime() + config.heartbeatIntervalMs() * 1_000_000L;
    }

    /** @return this, serving (on the engine's thread once it runs, if so configured) */
    public synchronized IpcServer start() {
        if (!running) {
            running = true;
            if (thread == null) {
                engine.host(guest);
            } else {
                thread.start();
            }
            LOG.info("IPC server listening on {}{}", config.socketPath(),
                thread == null ? " (on the engine thread)" : "");
        }
        return this;
    }

    /** Tells every client the server is stopping, closes every connection and removes the socket file. */
    @Override
    public synchronized void close() {
        if (!running) {
            closeQuietly();
            return;
        }
        running = false;
        if (thread != null) {
            selector.wakeup();
            try {
                thread.join(5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            leaveEngineThread();
        }
        closeQuietly();
    }

    /** Ends the hosting and says goodbye to the clients on the engine thread, or here if it no longer runs. */
    private void leaveEngineThread() {
        if (engine.isRunning() && !engine.isEngineThread()) {
            try {
                engine.query(state -> {
                    engine.host(null);
                    shutdownClients();
                    return Boolean.TRUE;
                }).get(5, TimeUnit.SECONDS);
                return;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (final ExecutionException | CancellationException | TimeoutException e) {
                LOG.warn("the engine thread did not close the IPC clients ({}); closing them here", e.toString());
            }
        }
        engine.host(null);
        shutdownClients();
    }

    /** @return the configuration */
    public IpcServerConfig config() {
        return config;
    }

    /** @return clients connected now */
    public int connectedClients() {
        return connectedClients;
    }

    /** @return client subscriptions held now */
    public int activeSubscriptions() {
        return activeSubscriptions;
    }

    /** @return messages queued to clients since start */
    public long messagesSent() {
        return messagesSent.get();
    }

    /** @return bytes written to clients since start */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** @return lossless messages dropped for slow clients (policy drop) */
    public long messagesDropped() {
        return messagesDropped.get();
    }

    /** @return clients disconnected as slow consumers */
    public long slowConsumerDisconnects() {
        return slowConsumerDisconnects.get();
    }

    /** @return requests answered with an error */
    public long badRequests() {
        return badRequests.get();
    }

    /** @return connections closed for sending bytes that could not be framed */
    public long unframeableClosed() {
        return unframeableClosed.get();
    }

    /** @return times the engine found the hand-off ring full (every client was then resynchronised) */
    public long handOffOverruns() {
        return handOffOverruns.get();
    }

    /**
     * What a producer that must never make a lossless stream drop (the replay at full speed) paces itself by: what
     * is still in the engine's ring and in the hand-off ring must fit in this. Measured by the server loop on
     * every turn.
     *
     * @return the least room left in any client's outbound queue, bytes ({@link Integer#MAX_VALUE} with no client)
     */
    public int leastClientQueueRoomBytes() {
        return leastQueueRoomBytes;
    }

    /** @return bytes the engine has handed off that the server loop has not yet fanned out */
    public long handOffBacklogBytes() {
        return ring.usedBytes();
    }

    /**
     * Observes, once per stream event (not per client), the nanoseconds from the venue frame's receive time to the
     * moment the server loop has queued the event to its subscribers. Called on the server loop's thread: keep it
     * short and allocation-free. Events with no receive time are not observed.
     *
     * @param listener the observer, or null for none
     * @return this
     */
    public IpcServer latencyListener(final LongConsumer listener) {
        this.latencyListener = listener;
        return this;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Server thread

    private void run() {
        HotPath.enter("mktdata-ipc");
        while (running) {
            if (turn() == 0) {
                await(Long.MAX_VALUE);
            }
        }
        shutdownClients();
    }

    /** One pass of the loop, which never blocks: the ring, the replies, heartbeats, writes, then requests. */
    private int turn() {
        int work = 0;
        try {
            final long monotonicNs = System.nanoTime();
            work += ring.read(ringReader, RECORDS_PER_TURN);
            if (drainReplies()) {
                work++;
            }
            checkOverruns();
            heartbeatIfDue(monotonicNs);
            flushTouched();
            // A turn runs after every engine duty cycle, spins included: polling the sockets at most every
            // SELECT_INTERVAL_NS keeps that from being a system call per spin (what select() in await found is
            // handled below either way).
            if (monotonicNs - lastSelectNs >= SELECT_INTERVAL_NS) {
                lastSelectNs = monotonicNs;
                selector.selectNow();
                measureQueues();
            }
            work += handleSelected();
        } catch (final IOException | RuntimeException e) {
            // A bug or a selector failure must not stop the feed to every client: log and carry on.
            LOG.error("IPC server loop failed; continuing", e);
        }
        return work;
    }

    /** Sleeps in the selector until a request, a reply, a ring record, the next heartbeat or {@code maxWaitNs}. */
    private void await(final long maxWaitNs) {
        sleeping.set(true);
        try {
            if (!ring.hasPending() && replies.isEmpty()) {
                final long waitNs = Math.min(maxWaitNs, nextHeartbeatNs - System.nanoTime());
                selector.select(Math.max(1, (waitNs + 999_999) / 1_000_000L));
            }
        } catch (final IOException | RuntimeException e) {
            LOG.error("IPC server wait failed; continuing", e);
        } finally {
            sleeping.set(false);
        }
    }

    private void measureQueues() {
        int least = Integer.MAX_VALUE;
        for (final ClientSession session : sessions) {
            if (session != null && !session.closed) {
                least = Math.min(least, session.out.room());
            }
        }
        if (least != leastQueueRoomBytes) {
            leastQueueRoomBytes = least;
        }
    }

    private int handleSelected() {
        final var keys = selector.selectedKeys();
        if (keys.isEmpty()) {
            return 0;
        }
        int handled = 0;
        for (final var iterator = keys.iterator(); iterator.hasNext();) {
            final SelectionKey key = iterator.next();
            iterator.remove();
            handled++;
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept();
                continue;
            }
            final ClientSession session = (ClientSession) key.attachment();
            if (key.isReadable()) {
                read(session);
            }
            if (!session.closed && key.isValid() && key.isWritable()) {
                flush(session);
            }
        }
        flushTouched();
        return handled;
    }

    private void accept() {
        while (true) {
            final SocketChannel channel;
            try {
                channel = serverChannel.accept();
                if (channel == null) {
                    return;
                }
                channel.configureBlocking(false);
            } catch (final IOException e) {
                LOG.warn("accept failed: {}", e.toString());
                return;
            }
            int slot = -1;
            for (int i = 0; i < sessions.length; i++) {
                if (sessions[i] == null) {
                    slot = i;
                    break;
                }
            }
            if (slot < 0) {
                refuse(channel);
                continue;
            }
            try {
                final SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                final ClientSession session = new ClientSession(slot, ++sessionGenerations[slot], channel, key,
                    config.defaultMaxQueueBytes());
                key.attach(session);
                sessions[slot] = session;
                connectedClients = ++clientCount;
            } catch (final IOException e) {
                LOG.warn("registering a client failed: {}", e.toString());
                closeChannel(channel);
            }
        }
    }

    private void refuse(final SocketChannel channel) {
        serverWriter.reset();
        serverEncoder.error(serverWriter, -1, Protocol.ERROR_TOO_MANY_CLIENTS,
            "the server already serves " + config.maxClients() + " clients");
        try {
            channel.write(ByteBuffer.wrap(serverWriter.array(), 0, serverWriter.length()));
        } catch (final IOException e) {
            // the client is being refused anyway
        }
        closeChannel(channel);
        LOG.warn("refused a client: {} clients already connected", config.maxClients());
    }

    private void read(final ClientSession session) {
        int total = 0;
        while (true) {
            readBuffer.clear();
            final int read;
            try {
                read = session.channel.read(readBuffer);
            } catch (final IOException e) {
                closeSession(session, "read failed: " + e.getMessage());
                return;
            }
            if (read < 0) {
                closeSession(session, "closed by the client");
                return;
            }
            if (read == 0) {
                break;
            }
            readBuffer.flip();
            session.ensureInbound(read);
            readBuffer.get(session.in, session.inLength, read);
            session.inLength += read;
            total += read;
            if (!parseRequests(session) || total > 4 * config.maxMessageBytes()) {
                // Closed, or a flood: let the other clients have a turn.
                return;
            }
        }
    }

    /** @return false if the session was closed */
    private boolean parseRequests(final ClientSession session) {
        int start = 0;
        while (start < session.inLength) {
            final int length = MsgPackReader.frameLength(session.in, start, session.inLength - start, frameStack);
            if (length == MsgPackReader.INVALID) {
                unframeable(session, "bytes that are not MessagePack");
                return false;
            }
            if (length == MsgPackReader.NEED_MORE) {
                if (session.inLength - start > config.maxMessageBytes()) {
                    unframeable(session, "a message larger than " + config.maxMessageBytes() + " bytes");
                    return false;
                }
                break;
            }
            if (length > config.maxMessageBytes()) {
                unframeable(session, "a message larger than " + config.maxMessageBytes() + " bytes");
                return false;
            }
            handleRequest(session, start, length);
            if (session.closed) {
                return false;
            }
            start += length;
        }
        session.consumeInbound(start);
        return true;
    }

    private void unframeable(final ClientSession session, final String what) {
        unframeableClosed.incrementAndGet();
        sendError(session, -1, Protocol.ERROR_UNFRAMEABLE, "closing: the connection sent " + what);
        flush(session);
        closeSession(session, "unframeable input: " + what);
    }

    private void handleRequest(final ClientSession session, final int offset, final int length) {
        long requestId = -1;
        try {
            final Object value;
            try {
                value = requestReader.wrap(session.in, offset, length).readValue();
            } catch (final MsgPackException e) {
                throw new RequestException(Protocol.ERROR_BAD_REQUEST, "malformed request: " + e.getMessage());
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw new RequestException(Protocol.ERROR_BAD_REQUEST, "a request must be a map with a type");
            }
            final Request request = new Request(map);
            requestId = request.id();
            dispatch(session, request);
        } catch (final RequestException e) {
            badRequests.incrementAndGet();
            sendError(session, requestId, e.code(), e.getMessage());
        } catch (final RuntimeException e) {
            badRequests.incrementAndGet();
            LOG.error("request failed on the server", e);
            sendError(session, requestId, Protocol.ERROR_INTERNAL, "the server failed: " + e);
        }
    }

    private void dispatch(final ClientSession session, final Request request) throws RequestException {
        final long id = request.id();
        switch (request.type()) {
            case "hello" -> hello(session, request);
            case "ping" -> sendReply(session, "pong", id, Map.of("server_time_ns", nowNs()));
            case "get_symbols" -> getSymbols(session, request);
            case "get_orderbook" -> {
                final Instrument instrument = instrument(request);
                final int depth = request.intValue("depth", 10, 0, MAX_BOOK_DEPTH);
                query(session, id,
                    state -> QueryReplies.orderbook(engineEncoder, state, id, instrument, depth, nowNs()));
            }
            case "get_quote" -> {
                final Instrument instrument = instrument(request);
                query(session, id, state -> QueryReplies.quote(engineEncoder, state, id, instrument));
            }
            case "get_trades" -> {
                final Instrument instrument = instrument(request);
                final int count = request.intValue("count", 100, 1, MAX_COUNT);
                query(session, id, state -> QueryReplies.trades(engineEncoder, state, id, instrument, count));
            }
            case "get_candles" -> {
                final Instrument instrument = instrument(request);
                final CandleInterval interval = request.interval();
                final int count = request.intValue("count", 100, 1, MAX_COUNT);
                query(session, id,
                    state -> QueryReplies.candles(engineEncoder, state, id, instrument, interval, count));
            }
            case "get_candles_batch" -> getCandlesBatch(session, request);
            case "get_status" -> {
                final Venue venue = request.optionalVenue();
                final List<Instrument> instruments = instruments(venue);
                query(session, id, state -> QueryReplies.status(state, id, instruments, nowNs()));
            }
            case "subscribe_orderbook" -> {
                final Instrument instrument = instrument(request);
                final int depth = request.intValue("depth", 10, 1, MAX_BOOK_DEPTH);
                final String mode = request.string("mode", "top");
                if (!"top".equals(mode) && !"delta".equals(mode)) {
                    throw new RequestException(Protocol.ERROR_BAD_REQUEST, "mode must be \"top\" or \"delta\"");
                }
                final boolean delta = "delta".equals(mode);
                subscribe(session, id, new FeedKey(delta ? FeedKey.Kind.BOOK_DELTA : FeedKey.Kind.BOOK_TOP,
                    instrument.venue(), instrument.id(), null, delta ? 0 : depth), depth,
                    "orderbook " + instrument.venue().wireName() + " " + instrument.symbol() + " " + mode);
            }
            case "subscribe_quote" -> {
                final Instrument instrument = instrument(request);
                subscribe(session, id, new FeedKey(FeedKey.Kind.QUOTES, instrument.venue(), instrument.id(), null, 0),
                    1, "quote " + instrument.venue().wireName() + " " + instrument.symbol());
            }
            case "subscribe_trades" -> {
                final Instrument instrument = instrument(request);
                subscribe(session, id, new FeedKey(FeedKey.Kind.TRADES, instrument.venue(), instrument.id(), null, 0),
                    0, "trades " + instrument.venue().wireName() + " " + instrument.symbol());
            }
            case "subscribe_candles" -> {
                final Instrument instrument = instrument(request);
                final CandleInterval interval = request.interval();
                final int count = request.intValue("count", 1, 0, MAX_COUNT);
                subscribe(session, id, new FeedKey(FeedKey.Kind.CANDLES, instrument.venue(), instrument.id(),
                    interval, 0), count, "candles " + instrument.venue().wireName() + " " + instrument.symbol() + " "
                    + interval.wireName());
            }
            case "subscribe_all_candles" -> {
                final Venue venue = request.venue();
                final CandleInterval interval = request.interval();
                subscribe(session, id, new FeedKey(FeedKey.Kind.ALL_CANDLES, venue, -1, interval, 0),
                    request.intValue("count", 1, 0, MAX_COUNT),
                    "all candles " + venue.wireName() + " " + interval.wireName());
            }
            case "subscribe_all_trades" -> {
                final Venue venue = request.venue();
                subscribe(session, id, new FeedKey(FeedKey.Kind.ALL_TRADES, venue, -1, null, 0), 0,
                    "all trades " + venue.wireName());
            }
            case "subscribe_features" -> subscribeFeatures(session, request);
            case "get_features" -> getFeatures(session, request);
            case "subscribe_status" -> {
                final Venue venue = request.optionalVenue();
                subscribe(session, id, new FeedKey(FeedKey.Kind.STATUS, venue, -1, null, 0), 0,
                    "status " + (venue == null ? "all venues" : venue.wireName()));
            }
            case "unsubscribe" -> unsubscribe(session, request);
            default -> throw new RequestException(Protocol.ERROR_UNKNOWN_TYPE,
                "unknown request type \"" + request.type() + "\"");
        }
    }

    private void hello(final ClientSession session, final Request request) throws RequestException {
        final int protocol = request.intValue("protocol", Protocol.VERSION, 0, Integer.MAX_VALUE);
        if (protocol < 1) {
            sendError(session, request.id(), Protocol.ERROR_UNSUPPORTED_PROTOCOL,
                "this server speaks protocol 1; the client asked for " + protocol);
            flush(session);
            closeSession(session, "unsupported protocol " + protocol);
            return;
        }
        final String policy = request.string("slow_consumer", "drop");
        session.policy = switch (policy) {
            case "drop" -> ClientSession.SlowConsumerPolicy.DROP;
            case "disconnect" -> ClientSession.SlowConsumerPolicy.DISCONNECT;
            default -> throw new RequestException(Protocol.ERROR_BAD_REQUEST,
                "slow_consumer must be \"drop\" or \"disconnect\", not \"" + policy + "\"");
        };
        final long queueBytes = request.longValue("max_queue_bytes", config.defaultMaxQueueBytes(), 0,
            Long.MAX_VALUE);
        session.out.maxBytes((int) Math.max(IpcServerConfig.MIN_QUEUE_BYTES,
            Math.min(IpcServerConfig.MAX_QUEUE_BYTES, queueBytes)));
        session.clientName = request.string("client", "");
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("protocol", Protocol.VERSION);
        data.put("server", SERVER_NAME);
        data.put("epoch", engine.epoch());
        data.put("max_message_bytes", config.maxMessageBytes());
        data.put("heartbeat_ms", config.heartbeatIntervalMs());
        sendReply(session, "hello", request.id(), data);
    }

    private void getSymbols(final ClientSession session, final Request request) throws RequestException {
        final List<Object> symbols = new ArrayList<>();
        for (final Instrument instrument : instruments(request.optionalVenue())) {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("venue", instrument.venue().wireName());
            entry.put("symbol", instrument.symbol());
            entry.put("price_scale", instrument.priceScale());
            entry.put("size_scale", instrument.sizeScale());
            symbols.add(entry);
        }
        sendReply(session, "symbols", request.id(), Map.of("symbols", symbols));
    }

    private void getCandlesBatch(final ClientSession session, final Request request) throws RequestException {
        final Venue venue = request.venue();
        final CandleInterval interval = request.interval();
        final int count = request.intValue("count", 100, 1, MAX_COUNT);
        final String format = request.string("format", "rows");
        if (!"rows".equals(format) && !"columns".equals(format)) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST, "format must be \"rows\" or \"columns\"");
        }
        final List<Instrument> instruments;
        final List<String> names = request.stringList("symbols");
        if (names == null) {
            instruments = instruments(venue);
        } else {
            instruments = new ArrayList<>(names.size());
            for (final String name : names) {
                final Instrument instrument = registry.find(venue, name);
                if (instrument == null) {
                    throw new RequestException(Protocol.ERROR_UNKNOWN_SYMBOL,
                        "no symbol \"" + name + "\" on " + venue.wireName());
                }
                instruments.add(instrument);
            }
        }
        final long id = request.id();
        final int slot = session.slot;
        final int generation = session.generation;
        engine.query(state -> QueryReplies.CandleColumns.copy(state, venue, instruments, interval, count))
            .thenApplyAsync(columns -> columns.encode(id, "columns".equals(format)), encoderPool)
            .whenComplete((bytes, failure) -> answer(slot, generation, id, bytes, failure));
    }

    /**
     * {@code subscribe_features}: one instrument ({@code symbol}), a list ({@code symbols}: one subscription over one
     * feed per instrument) or, with neither, every instrument of the venue.
     */
    private void subscribeFeatures(final ClientSession session, final Request request) throws RequestException {
        final Venue venue = request.venue();
        final List<Instrument> listed = featureInstruments(request, venue);
        final long id = request.id();
        if (listed == null) {
            subscribe(session, id, new FeedKey(FeedKey.Kind.ALL_FEATURES, venue, -1, null, 0), 0,
                "all features " + venue.wireName());
            return;
        }
        if (listed.size() == 1) {
            final Instrument instrument = listed.get(0);
            subscribe(session, id, new FeedKey(FeedKey.Kind.FEATURES, venue, instrument.id(), null, 0), 0,
                "features " + venue.wireName() + " " + instrument.symbol());
            return;
        }
        final List<FeedKey> keys = new ArrayList<>(listed.size());
        final StringBuilder name = new StringBuilder("features ").append(venue.wireName());
        for (final Instrument instrument : listed) {
            keys.add(new FeedKey(FeedKey.Kind.FEATURES, venue, instrument.id(), null, 0));
            name.append(' ').append(instrument.symbol());
        }
        subscribe(session, id, new FeedKey(FeedKey.Kind.FEATURES, venue, -1, null, 0), List.copyOf(keys), keys, 0,
            name.toString());
    }

    /**
     * {@code get_features}: with {@code symbol}, a {@code features} reply (nil data if none yet); with
     * {@code symbols}, or neither for every instrument of the venue, a {@code features_batch} reply.
     */
    private void getFeatures(final ClientSession session, final Request request) throws RequestException {
        final Venue venue = request.venue();
        final boolean single = request.string("symbol", null) != null;
        final List<Instrument> listed = featureInstruments(request, venue);
        final List<Instrument> instruments = listed == null ? registry.instruments(venue) : listed;
        final long id = request.id();
        query(session, id, state -> single
            ? QueryReplies.features(engineEncoder, state, id, instruments.get(0))
            : QueryReplies.featuresBatch(engineEncoder, state, id, venue, instruments));
    }

    /** @return the instruments a features request names ({@code symbol} or {@code symbols}), null for all */
    private List<Instrument> featureInstruments(final Request request, final Venue venue) throws RequestException {
        final String symbol = request.string("symbol", null);
        final List<String> names = request.stringList("symbols");
        if (symbol != null && names != null) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST,
                request.type() + " takes \"symbol\" or \"symbols\", not both");
        }
        if (symbol == null && names == null) {
            return null;
        }
        if (names != null && names.isEmpty()) {
            throw new RequestException(Protocol.ERROR_BAD_REQUEST, "\"symbols\" is empty");
        }
        final List<Instrument> instruments = new ArrayList<>();
        for (final String name : symbol != null ? List.of(symbol) : names) {
            final Instrument instrument = registry.find(venue, name);
            if (instrument == null) {
                throw new RequestException(Protocol.ERROR_UNKNOWN_SYMBOL,
                    "no symbol \"" + name + "\" on " + venue.wireName());
            }
            if (!instruments.contains(instrument)) {
                instruments.add(instrument);
            }
        }
        return instruments;
    }

    private void query(final ClientSession session, final long requestId,
                       final java.util.function.Function<MarketState, byte[]> reply) {
        final int slot = session.slot;
        final int generation = session.generation;
        engine.query(reply).whenComplete((bytes, failure) -> answer(slot, generation, requestId, bytes, failure));
    }

    /** Any thread: hands an encoded reply (or the failure to make one) to the server loop. */
    private void answer(final int slot, final int generation, final long requestId, final byte[] bytes,
                        final Throwable failure) {
        byte[] message = bytes;
        if (failure != null || bytes == null) {
            LOG.error("a query failed", failure);
            final MsgPackWriter writer = new MsgPackWriter(256);
            new MessageEncoder(registry).error(writer, requestId, Protocol.ERROR_INTERNAL,
                "the server failed to answer: " + failure);
            message = writer.toByteArray();
        }
        replies.add(new PendingReply(slot, generation, message));
        wake();
    }

    private boolean drainReplies() {
        boolean any = false;
        PendingReply reply;
        while ((reply = replies.poll()) != null) {
            any = true;
            final ClientSession session = session(reply.slot(), reply.generation());
            if (session != null) {
                queue(session, reply.bytes(), 0, reply.bytes().length);
            }
        }
        return any;
    }

    // ---- subscriptions -------------------------------------------------------------------------------------------

    private void subscribe(final ClientSession session, final long requestId, final FeedKey key,
                           final int snapshotCount, final String streamName) throws RequestException {
        final List<FeedKey> feedKeys;
        if (key.kind() == FeedKey.Kind.STATUS && key.venue() == null) {
            feedKeys = new ArrayList<>();
            for (final Venue venue : Venue.values()) {
                feedKeys.add(new FeedKey(FeedKey.Kind.STATUS, venue, -1, null, 0));
            }
        } else {
            feedKeys = List.of(key);
        }
        subscribe(session, requestId, key, key, feedKeys, snapshotCount, streamName);
    }

    /**
     * @param key      what the subscription is to (its kind and delivery; the instrument if there is one)
     * @param identity what makes a later request the same subscription
     * @param feedKeys the feeds it reads
     */
    private void subscribe(final ClientSession session, final long requestId, final FeedKey key,
                           final Object identity, final List<FeedKey> feedKeys, final int snapshotCount,
                           final String streamName) throws RequestException {
        ClientSubscription subscription = session.byIdentity.get(identity);
        if (subscription == null) {
            if (session.subscriptions.size() >= config.maxSubscriptionsPerClient()) {
                throw new RequestException(Protocol.ERROR_TOO_MANY_SUBSCRIPTIONS,
                    "this connection already holds " + session.subscriptions.size() + " subscriptions");
            }
            final Feed[] subscriptionFeeds = new Feed[feedKeys.size()];
            for (int i = 0; i < subscriptionFeeds.length; i++) {
                subscriptionFeeds[i] = feed(feedKeys.get(i));
            }
            subscription = new ClientSubscription(session.nextSubscriptionId++, session, key, identity,
                subscriptionFeeds, snapshotCount, streamName);
            for (final Feed feed : subscriptionFeeds) {
                feed.readers.add(subscription);
            }
            session.subscriptions.put(subscription.id, subscription);
            session.byIdentity.put(identity, subscription);
            activeSubscriptions++;
            sendReply(session, "subscribed", requestId, Map.of("subscription", subscription.id, "stream",
                streamName));
            requestSnapshot(subscription);
        } else {
            sendReply(session, "subscribed", requestId, Map.of("subscription", subscription.id, "stream",
                subscription.streamName));
        }
    }

    private void unsubscribe(final ClientSession session, final Request request) throws RequestException {
        final long id = request.longValue("subscription", -1, 0, Integer.MAX_VALUE);
        final ClientSubscription subscription = session.subscriptions.get((int) id);
        if (subscription == null) {
            throw new RequestException(Protocol.ERROR_UNKNOWN_SUBSCRIPTION, "no subscription " + id
                + " on this connection");
        }
        drop(subscription);
        sendReply(session, "unsubscribed", request.id(), Map.of("subscription", subscription.id));
    }

    private void drop(final ClientSubscription subscription) {
        final ClientSession session = subscription.session;
        session.subscriptions.remove(subscription.id);
        session.byIdentity.remove(subscription.identity);
        session.dirty.remove(subscription);
        session.gaps.remove(subscription);
        session.resnapshots.remove(subscription);
        subscription.live = false;
        activeSubscriptions--;
        for (final Feed feed : subscription.feeds) {
            feed.readers.remove(subscription);
            if (feed.readers.isEmpty()) {
                closeFeed(feed);
            }
        }
    }

    private Feed feed(final FeedKey key) {
        final Feed existing = feedsByKey.get(key);
        if (existing != null) {
            return existing;
        }
        int slot = -1;
        for (int i = 0; i < feeds.length; i++) {
            if (feeds[i] == null) {
                slot = i;
                break;
            }
        }
        if (slot < 0) {
            slot = feeds.length;
            feeds = java.util.Arrays.copyOf(feeds, feeds.length * 2);
            feedGenerations = java.util.Arrays.copyOf(feedGenerations, feeds.length);
        }
        final Feed feed = new Feed(key, slot, ++feedGenerations[slot]);
        feeds[slot] = feed;
        feedsByKey.put(key, feed);
        final StreamKey streamKey = switch (key.kind()) {
            case BOOK_TOP, BOOK_DELTA -> StreamKey.book(registry.get(key.instrumentId()));
            case QUOTES -> StreamKey.quotes(registry.get(key.instrumentId()));
            case TRADES -> StreamKey.trades(registry.get(key.instrumentId()));
            case CANDLES -> StreamKey.candles(registry.get(key.instrumentId()), key.interval());
            case ALL_CANDLES -> StreamKey.all(StreamKind.CANDLES, key.venue(), key.interval());
            case ALL_TRADES -> StreamKey.all(StreamKind.TRADES, key.venue(), null);
            case STATUS -> StreamKey.status(key.venue());
            case FEATURES -> StreamKey.features(registry.get(key.instrumentId()));
            case ALL_FEATURES -> StreamKey.all(StreamKind.FEATURES, key.venue(), null);
        };
        // The engine's own subscription snapshot is skipped by the listener: each client gets its own, in order.
        feed.engineSubscription = engine.subscribe(streamKey, 1, new FeedListener(feed.key, feed.slot,
            feed.generation));
        return feed;
    }

    private void closeFeed(final Feed feed) {
        feedsByKey.remove(feed.key);
        feeds[feed.slot] = null;
        if (feed.engineSubscription != null) {
            feed.engineSubscription.close();
        }
    }

    /** Asks the engine for the subscription's first message, queued behind every event already published. */
    private void requestSnapshot(final ClientSubscription subscription) {
        subscription.live = false;
        subscription.dirty = false;
        subscription.latest.clear();
        final int token = subscription.session.nextSnapshotToken++;
        subscription.snapshotToken = token;
        final int slot = subscription.session.slot;
        final int generation = subscription.session.generation;
        final int subscriptionId = subscription.id;
        final Feed[] subscriptionFeeds = subscription.feeds;
        final FeedKey[] keys = new FeedKey[subscriptionFeeds.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = subscriptionFeeds[i].key;
        }
        final int count = subscription.snapshotCount;
        engine.query(state -> {
            snapshotWriter.reset();
            for (final FeedKey key : keys) {
                writeSnapshot(state, key, count);
            }
            publishDirected(slot, generation, subscriptionId, token);
            return null;
        });
    }

    // ---- delivery ------------------------------------------------------------------------------------------------

    private final class RingReader implements io.slipstream.mktdata.ringbuffer.EventHandler {
        @Override
        public void onRecord(final int typeId, final ByteBuffer buffer, final int offset, final int length) {
            if (typeId == RECORD_STREAM) {
                final int slot = buffer.getInt(offset);
                final int generation = buffer.getInt(offset + 4);
                final Feed feed = slot < feeds.length ? feeds[slot] : null;
                if (feed == null || feed.generation != generation) {
                    return;
                }
                final int instrumentId = buffer.getInt(offset + 16);
                final List<ClientSubscription> readers = feed.readers;
                for (int i = 0; i < readers.size(); i++) {
                    deliver(readers.get(i), instrumentId, buffer, offset + STREAM_HEADER_BYTES,
                        length - STREAM_HEADER_BYTES);
                }
                final LongConsumer listener = latencyListener;
                if (listener != null) {
                    // Written as two ints (see FeedListener); the ring's byte order does not matter this way.
                    final long receiveTimeNs = (long) buffer.getInt(offset + 8) << 32
                        | buffer.getInt(offset + 12) & 0xFFFF_FFFFL;
                    if (receiveTimeNs > 0) {
                        listener.accept(latencyClock.epochNanos() - receiveTimeNs);
                    }
                }
            } else if (typeId == RECORD_DIRECTED) {
                final ClientSession session = session(buffer.getInt(offset), buffer.getInt(offset + 4));
                if (session == null) {
                    return;
                }
                final ClientSubscription subscription = session.subscriptions.get(buffer.getInt(offset + 8));
                if (subscription == null || subscription.snapshotToken != buffer.getInt(offset + 12)) {
                    return;
                }
                if (length > DIRECTED_HEADER_BYTES) {
                    session.out.append(buffer, offset + DIRECTED_HEADER_BYTES, length - DIRECTED_HEADER_BYTES);
                    messagesSent.incrementAndGet();
                    touch(session);
                }
                subscription.live = true;
            }
        }
    }

    private void deliver(final ClientSubscription subscription, final int instrumentId, final ByteBuffer buffer,
                         final int offset, final int length) {
        if (!subscription.live) {
            return;
        }
        final ClientSession session = subscription.session;
        switch (subscription.delivery()) {
            case CONFLATED -> {
                if (subscription.dirty || session.out.pending() >= config.conflateAboveBytes()) {
                    // While anything is pending, everything waits its turn: a newer message of an instrument
                    // must never overtake an older one still held.
                    subscription.latest.keep(instrumentId, buffer, offset, length);
                    if (!subscription.dirty) {
                        subscription.dirty = true;
                        session.dirty.add(subscription);
                    }
                    touch(session);
                    return;
                }
            }
            case RESNAPSHOT -> {
                if (!session.out.fits(length)) {
                    subscription.live = false;
                    if (!subscription.resnapshotQueued) {
                        subscription.resnapshotQueued = true;
                        session.resnapshots.add(subscription);
                    }
                    touch(session);
                    return;
                }
            }
            case LOSSLESS -> {
                if (subscription.lost > 0) {
                    subscription.lost++;
                    messagesDropped.incrementAndGet();
                    return;
                }
                if (!session.out.fits(length)) {
                    if (session.policy == ClientSession.SlowConsumerPolicy.DISCONNECT) {
                        slowConsumer(session, subscription);
                        return;
                    }
                    subscription.lost = 1;
                    messagesDropped.incrementAndGet();
                    if (!subscription.gapQueued) {
                        subscription.gapQueued = true;
                        session.gaps.add(subscription);
                    }
                    touch(session);
                    return;
                }
            }
            default -> throw new IllegalStateException();
        }
        session.out.append(buffer, offset, length);
        messagesSent.incrementAndGet();
        touch(session);
    }

    private void slowConsumer(final ClientSession session, final ClientSubscription subscription) {
        slowConsumerDisconnects.incrementAndGet();
        LOG.warn("client {} \"{}\" fell more than {} bytes behind on {}; disconnecting it as it asked", session.slot,
            session.clientName, session.out.pending(), subscription.streamName);
        sendError(session, -1, Protocol.ERROR_SLOW_CONSUMER, "more than " + session.out.pending()
            + " bytes pending on " + subscription.streamName);
        flush(session);
        closeSession(session, "slow consumer");
    }

    /** Once a client has room again: gaps it was told nothing of, resnapshots, then the latest conflated states. */
    private void afterDrain(final ClientSession session) {
        ClientSubscription subscription;
        while ((subscription = session.gaps.poll()) != null) {
            subscription.gapQueued = false;
            final long lost = subscription.lost;
            subscription.lost = 0;
            writeGap(session, subscription, lost);
        }
        while ((subscription = session.resnapshots.poll()) != null) {
            subscription.resnapshotQueued = false;
            writeGap(session, subscription, -1);
            requestSnapshot(subscription);
        }
        while (session.out.pending() < config.conflateAboveBytes() && (subscription = session.dirty.poll()) != null) {
            subscription.dirty = false;
            if (subscription.live) {
                messagesSent.addAndGet(subscription.latest.drainTo(session.out));
            } else {
                subscription.latest.clear();
            }
        }
    }

    private void writeGap(final ClientSession session, final ClientSubscription subscription, final long lost) {
        final FeedKey key = subscription.key;
        final Instrument instrument = key.instrumentId() < 0 ? null : registry.get(key.instrumentId());
        serverWriter.reset();
        serverEncoder.serverStatus(serverWriter, key.venue(), instrument, subscriptionStream(key), key.interval(),
            StreamStatus.GAP, lost, engine.epoch(), nowNs());
        session.out.append(serverWriter.array(), 0, serverWriter.length());
        messagesSent.incrementAndGet();
    }

    private static String subscriptionStream(final FeedKey key) {
        return switch (key.kind()) {
            case BOOK_TOP, BOOK_DELTA -> "book";
            case QUOTES -> "quotes";
            case TRADES, ALL_TRADES -> "trades";
            case CANDLES, ALL_CANDLES -> "candles";
            case STATUS -> "status";
            case FEATURES, ALL_FEATURES -> "features";
        };
    }

    private void checkOverruns() {
        final long overruns = handOffOverruns.get();
        if (overruns == lastSeenOverruns) {
            return;
        }
        lastSeenOverruns = overruns;
        final long nowMs = System.currentTimeMillis();
        if (nowMs - lastOverrunLogMs >= 10_000) {
            lastOverrunLogMs = nowMs;
            LOG.warn("the engine found the hand-off ring full ({} times so far); resynchronising every client",
                overruns);
        }
        for (final ClientSession session : sessions) {
            if (session == null) {
                continue;
            }
            for (final ClientSubscription subscription : session.subscriptions.values()) {
                if (subscription.delivery() == FeedKey.Delivery.LOSSLESS) {
                    if (!subscription.gapQueued) {
                        subscription.gapQueued = true;
                        subscription.lost = Math.max(subscription.lost, 0);
                        session.gaps.add(subscription);
                    }
                } else if (!subscription.resnapshotQueued) {
                    subscription.resnapshotQueued = true;
                    session.resnapshots.add(subscription);
                }
            }
            touch(session);
        }
    }

    private void heartbeatIfDue(final long monotonicNs) {
        if (monotonicNs < nextHeartbeatNs) {
            return;
        }
        nextHeartbeatNs = monotonicNs + config.heartbeatIntervalMs() * 1_000_000L;
        serverWriter.reset();
        serverEncoder.heartbeat(serverWriter, nowNs());
        for (final ClientSession session : sessions) {
            if (session != null && session.out.fits(serverWriter.length())) {
                session.out.append(serverWriter.array(), 0, serverWriter.length());
                touch(session);
            }
        }
    }

    // ---- writing -------------------------------------------------------------------------------------------------

    private void touch(final ClientSession session) {
        if (!session.touched) {
            session.touched = true;
            touched.add(session);
        }
    }

    private void flushTouched() {
        for (int i = 0; i < touched.size(); i++) {
            final ClientSession session = touched.get(i);
            session.touched = false;
            if (!session.closed) {
                flush(session);
            }
        }
        touched.clear();
    }

    private void flush(final ClientSession session) {
        try {
            while (true) {
                final int pendingBefore = session.out.pending();
                if (pendingBefore > 0) {
                    bytesSent.addAndGet(session.out.writeTo(session.channel));
                }
                final boolean drained = session.out.pending() < config.conflateAboveBytes();
                final boolean more = !session.gaps.isEmpty() || !session.resnapshots.isEmpty()
                    || !session.dirty.isEmpty();
                if (drained && more) {
                    afterDrain(session);
                    continue;
                }
                break;
            }
        } catch (final IOException e) {
            closeSession(session, "write failed: " + e.getMessage());
            return;
        }
        final boolean wantWrite = session.out.pending() > 0;
        if (wantWrite != session.writeInterest && session.key.isValid()) {
            session.writeInterest = wantWrite;
            session.key.interestOps(wantWrite ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private void sendReply(final ClientSession session, final String type, final long requestId,
                           final Object data) {
        serverWriter.reset();
        serverWriter.mapHeader(requestId >= 0 ? 3 : 2).string("type").string(type);
        if (requestId >= 0) {
            serverWriter.string("id").integer(requestId);
        }
        serverWriter.string("data").value(data);
        queue(session, serverWriter.array(), 0, serverWriter.length());
    }

    private void sendError(final ClientSession session, final long requestId, final String code,
                           final String message) {
        serverWriter.reset();
        serverEncoder.error(serverWriter, requestId, code, message);
        queue(session, serverWriter.array(), 0, serverWriter.length());
    }

    /** Replies go out whatever the bound: they are what the client waits for, and few. */
    private void queue(final ClientSession session, final byte[] bytes, final int offset, final int length) {
        if (session.closed) {
            return;
        }
        session.out.append(bytes, offset, length);
        messagesSent.incrementAndGet();
        touch(session);
    }

    // ---- sessions ------------------------------------------------------------------------------------------------

    private ClientSession session(final int slot, final int generation) {
        if (slot < 0 || slot >= sessions.length) {
            return null;
        }
        final ClientSession session = sessions[slot];
        return session != null && session.generation == generation ? session : null;
    }

    private void closeSession(final ClientSession session, final String why) {
        if (session.closed) {
            return;
        }
        session.closed = true;
        LOG.info("client {} \"{}\" disconnected: {}", session.slot, session.clientName, why);
        for (final ClientSubscription subscription : new ArrayList<>(session.subscriptions.values())) {
            drop(subscription);
        }
        session.key.cancel();
        closeChannel(session.channel);
        sessions[session.slot] = null;
        connectedClients = --clientCount;
    }

    private void shutdownClients() {
        for (final ClientSession session : sessions) {
            if (session != null) {
                // The protocol's connection-level status first (what clients show), then the error with the reason.
                serverWriter.reset();
                serverEncoder.serverStatus(serverWriter, null, null, "ipc", null, StreamStatus.DISCONNECTED, 0,
                    engine.epoch(), nowNs());
                queue(session, serverWriter.array(), 0, serverWriter.length());
                sendError(session, -1, Protocol.ERROR_SHUTTING_DOWN, "the daemon is stopping");
                flush(session);
                closeSession(session, "server shutting down");
            }
        }
    }

    private static void closeChannel(final SocketChannel channel) {
        try {
            channel.close();
        } catch (final IOException e) {
            // closing: nothing left to do with it
        }
    }

    private void closeQuietly() {
        try {
            serverChannel.close();
            selector.close();
        } catch (final IOException e) {
            LOG.debug("closing the IPC server: {}", e.toString());
        }
        encoderPool.shutdownNow();
        try {
            encoderPool.awaitTermination(1, TimeUnit.SECONDS);
            Files.deleteIfExists(config.socketPath());
        } catch (final IOException e) {
            LOG.warn("could not remove {}: {}", config.socketPath(), e.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (final Feed feed : feeds) {
            if (feed != null && feed.engineSubscription != null) {
                feed.engineSubscription.close();
            }
        }
    }

    private void removeStaleSocket() throws IOException {
        if (!Files.exists(config.socketPath())) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(config.socketPath()));
            throw new IOException("another server is already listening on " + config.socketPath());
        } catch (final IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("another server")) {
                throw e;
            }
            LOG.info("removing the stale socket file {}", config.socketPath());
            Files.delete(config.socketPath());
        }
    }

    private void applyPermissions() throws IOException {
        final PosixFileAttributeView view =
            Files.getFileAttributeView(config.socketPath(), PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        view.setPermissions(PosixFilePermissions.fromString(config.fileMode()));
        if (config.group() != null) {
            final GroupPrincipal group = config.socketPath().getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByGroupName(config.group());
            view.setGroup(group);
        }
    }

    private List<Instrument> instruments(final Venue venue) {
        if (venue != null) {
            return registry.instruments(venue);
        }
        final List<Instrument> all = new ArrayList<>();
        for (final Venue each : Venue.values()) {
            all.addAll(registry.instruments(each));
        }
        return all;
    }

    private Instrument instrument(final Request request) throws RequestException {
        final Venue venue = request.venue();
        final String symbol = request.requiredString("symbol");
        final Instrument instrument = registry.find(venue, symbol);
        if (instrument == null) {
            throw new RequestException(Protocol.ERROR_UNKNOWN_SYMBOL,
                "no symbol \"" + symbol + "\" on " + venue.wireName());
        }
        return instrument;
    }

    private static long nowNs() {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private void wake() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Engine thread

    /** Encodes one feed's events once each, on the engine thread, into the hand-off ring. */
    private final class FeedListener implements MarketDataListener {
        private final FeedKey key;
        private final int slot;
        private final int generation;

        FeedListener(final FeedKey key, final int slot, final int generation) {
            this.key = key;
            this.slot = slot;
            this.generation = generation;
        }

        @Override
        public void onEvent(final MarketEvent event, final MarketState state) {
            if (event.isSnapshot()) {
                return;
            }
            final EventType type = event.type();
            final MsgPackWriter out = engineWriter.reset();
            switch (key.kind()) {
                case BOOK_TOP -> {
                    if (type != EventType.BOOK_DELTA && type != EventType.BOOK_SNAPSHOT) {
                        return;
                    }
                    engineEncoder.bookTop(out, event, state, key.depth(), false);
                }
                case BOOK_DELTA -> {
                    if (type != EventType.BOOK_DELTA && type != EventType.BOOK_SNAPSHOT) {
                        return;
                    }
                    engineEncoder.bookDelta(out, event);
                }
                case QUOTES -> {
                    if (type != EventType.QUOTE) {
                        return;
                    }
                    engineEncoder.quote(out, event);
                }
                case TRADES, ALL_TRADES -> {
                    if (type != EventType.TRADE) {
                        return;
                    }
                    engineEncoder.trade(out, event);
                }
                case CANDLES, ALL_CANDLES -> {
                    if (type != EventType.CANDLE) {
                        return;
                    }
                    engineEncoder.candle(out, event);
                }
                case STATUS -> {
                    if (type != EventType.STATUS) {
                        return;
                    }
                    engineEncoder.status(out, event);
                }
                case FEATURES, ALL_FEATURES -> {
                    if (type != EventType.FEATURES) {
                        return;
                    }
                    engineEncoder.features(out, event, -1);
                }
                default -> {
                    return;
                }
            }
            // The header carries the venue receive time so the server loop can observe delivery latency.
            final long receiveTimeNs = event.receiveTimeNs();
            publish(RECORD_STREAM, slot, generation, (int) (receiveTimeNs >>> 32), (int) receiveTimeNs,
                event.instrumentId(), out, STREAM_HEADER_BYTES);
        }
    }

    /** Engine thread: a feed's first message(s), from the state, appended to {@link #snapshotWriter}. */
    private void writeSnapshot(final MarketState state, final FeedKey key, final int count) {
        final MsgPackWriter out = snapshotWriter;
        final long epoch = state.epoch();
        switch (key.kind()) {
            case BOOK_TOP, BOOK_DELTA -> {
                final int id = key.instrumentId();
                engineEncoder.bookTop(out, id, state.book(id), key.kind() == FeedKey.Kind.BOOK_DELTA ? 0 : count,
                    true, state.streamSequence(id, StreamKind.BOOK, null), epoch, 0,
                    state.lastReceiveTimeNs(id, StreamKind.BOOK, null), nowNs(), -1);
            }
            case QUOTES -> {
                final int id = key.instrumentId();
                if (state.quotes(id) != null && state.quotes(id).count() > 0) {
                    engineEncoder.latestQuote(out, id, state.quotes(id), epoch, -1);
                }
            }
            case CANDLES -> candleHistory(out, state, registry.get(key.instrumentId()), key.interval(), count, epoch);
            case ALL_CANDLES -> {
                for (final Instrument instrument : registry.instruments(key.venue())) {
                    candleHistory(out, state, instrument, key.interval(), count, epoch);
                }
            }
            case FEATURES -> latestFeatures(out, state, key.instrumentId());
            case ALL_FEATURES -> {
                for (final Instrument instrument : registry.instruments(key.venue())) {
                    latestFeatures(out, state, instrument.id());
                }
            }
            default -> {
                // trades and status start with what comes next
            }
        }
    }

    /** The latest features event exactly as it was streamed (same seq and stamps), if there is one. */
    private void latestFeatures(final MsgPackWriter out, final MarketState state, final int instrumentId) {
        final FeatureView features = state.features(instrumentId);
        if (features != null) {
            engineEncoder.features(out, features.event(), -1);
        }
    }

    private void candleHistory(final MsgPackWriter out, final MarketState state, final Instrument instrument,
                               final CandleInterval interval, final int count, final long epoch) {
        final CandleSeries series = state.candles(instrument.id(), interval);
        for (final int index : QueryReplies.presentCandles(series, count)) {
            engineEncoder.candle(out, instrument, series, index, epoch, true);
        }
    }

    private void publishDirected(final int sessionSlot, final int sessionGeneration, final int subscriptionId,
                                 final int token) {
        publish(RECORD_DIRECTED, sessionSlot, sessionGeneration, subscriptionId, token, 0, snapshotWriter,
            DIRECTED_HEADER_BYTES);
    }

    /** Engine thread: one record into the hand-off ring; a full ring is counted and every client resynchronised. */
    private void publish(final int type, final int a, final int b, final int c, final int d, final int e,
                         final MsgPackWriter body, final int headerBytes) {
        final int length = headerBytes + body.length();
        final int offset = ring.tryClaim(type, length);
        if (offset < 0) {
            handOffOverruns.incrementAndGet();
            wake();
            return;
        }
        final ByteBuffer buffer = ring.buffer();
        buffer.putInt(offset, a);
        buffer.putInt(offset + 4, b);
        buffer.putInt(offset + 8, c);
        buffer.putInt(offset + 12, d);
        if (headerBytes == STREAM_HEADER_BYTES) {
            buffer.putInt(offset + 16, e);
        }
        buffer.put(offset + headerBytes, body.array(), 0, body.length());
        ring.commit(offset);
        wake();
    }

    private record PendingReply(int slot, int generation, byte[] bytes) {
    }

    /** The server's loop as a guest of the engine thread; its idle wait is the selector's. */
    private final class Guest implements EngineGuest {
        @Override
        public int doWork() {
            return turn();
        }

        @Override
        public void await(final long maxWaitNs) {
            IpcServer.this.await(maxWaitNs);
        }

        @Override
        public void wake() {
            // Unconditionally: an engine command can arrive after the engine looked for one and before this thread
            // sleeps, and only a pending wakeup (it is remembered until the next select) makes that safe.
            selector.wakeup();
        }

        @Override
        public String toString() {
            return "the IPC server on " + config.socketPath();
        }
    }
}
