package io.slipstream.mktdata.ipc.client;

import io.slipstream.mktdata.agent.RealtimePriority;
import io.slipstream.mktdata.ipc.msgpack.MsgPackException;
import io.slipstream.mktdata.ipc.msgpack.MsgPackReader;
import io.slipstream.mktdata.ipc.msgpack.MsgPackWriter;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client of slipstream-mktdata's IPC protocol (docs/protocol.md, version 1) over its Unix socket.
 *
 * <p>One reader thread per client decodes the server's messages, completes request futures and calls listeners;
 * requests are written by the calling thread under a lock (they are rare). Synchronous requests wait at most
 * {@link ClientOptions#requestTimeoutMs()} and throw {@link RequestTimeoutException}, {@link ServerErrorException}
 * or {@link ConnectionLostException}. When the connection drops or goes silent, the client reconnects with backoff,
 * says hello again and re-sends every live subscription, telling listeners {@link ConnectionState#DISCONNECTED} and
 * then {@link ConnectionState#RECONNECTED}.
 *
 * <p>Thread-safe, except that a listener (running on the reader thread) must not make synchronous requests: the
 * reply could only be read by the thread that waits for it. Closing a subscription from a listener is allowed.
 */
public final class MarketDataClient implements AutoCloseable {
    /** The protocol version this client speaks. */
    public static final int PROTOCOL_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(MarketDataClient.class);
    private static final String THREAD_PREFIX = "mktdata-client-";
    private static final int MAX_NESTING = 64;
    private static final int RECEIVE_BUFFER_BYTES = 256 * 1024;
    /** Far above any reply (a columnar candle batch of every symbol is a few MiB); bounds a corrupt stream. */
    private static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
    /** Bounds how late the blocking reader notices silence or close(). */
    private static final long SELECT_TIMEOUT_MS = 100;
    private static final long WRITE_RETRY_PARK_NS = 50_000;
    private static final long CLOSE_JOIN_MS = 2000;

    private final Path socketPath;
    private final ClientOptions options;
    private final Thread readerThread;
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final List<MarketDataListener> connectionListeners = new CopyOnWriteArrayList<>();

    /** Guards {@link #connection} changes and every write, so a request never goes to a half-replaced socket. */
    private final Object writeLock = new Object();
    private final MsgPackWriter requestWriter = new MsgPackWriter(512);
    private volatile Connection connection;

    private final Object subscriptionLock = new Object();
    private final LinkedHashSet<ClientSubscription> subscriptions = new LinkedHashSet<>();
    private volatile Routing routing = Routing.EMPTY;

    private volatile boolean closed;
    private volatile ServerInfo serverInfo;
    private volatile long lastHeartbeatNs;

    // Reader thread only.
    private final MessageDecoder decoder = new MessageDecoder();
    private final Dispatcher dispatcher = new Dispatcher();
    private byte[] receiveBuffer = new byte[RECEIVE_BUFFER_BYTES];
    // Reader thread only: framing every received message must not allocate.
    private final long[] frameStack = new long[MAX_NESTING + 1];
    private long reconnectDelayMs;

    private MarketDataClient(final Path socketPath, final ClientOptions options) {
        this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
        this.options = Objects.requireNonNull(options, "options");
        this.reconnectDelayMs = options.reconnectDelayMs();
        this.readerThread = new Thread(this::runReader, THREAD_PREFIX + options.clientName());
        this.readerThread.setDaemon(true);
    }

    /**
     * Connects with {@link ClientOptions#defaults()}.
     *
     * @param socketPath the daemon's socket
     * @return a connected client (hello done)
     * @throws ConnectionLostException if the socket cannot be reached
     */
    public static MarketDataClient connect(final Path socketPath) {
        return connect(socketPath, ClientOptions.defaults());
    }

    /**
     * Connects and says hello; fails at once if the daemon is not there (reconnecting is for later drops).
     *
     * @param socketPath the daemon's socket
     * @param options    the options
     * @return a connected client
     * @throws ConnectionLostException if the socket cannot be reached
     * @throws ServerErrorException    if the server refuses the hello
     */
    public static MarketDataClient connect(final Path socketPath, final ClientOptions options) {
        final MarketDataClient client = new MarketDataClient(socketPath, options);
        client.start();
        return client;
    }

    private void start() {
        final Connection first;
        try {
            first = Connection.open(socketPath, options.busyPoll());
        } catch (IOException e) {
            throw new ConnectionLostException("cannot connect to " + socketPath + ": " + e.getMessage(), e);
        }
        synchronized (writeLock) {
            connection = first;
        }
        readerThread.start();
        try {
            serverInfo = expect(await(send(helloRequest()), "hello"), ServerInfo.class, "hello");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------ requests

    /**
     * @param venueOrNull a venue, or null for every venue
     * @return the instruments served
     */
    public List<InstrumentInfo> getSymbols(final String venueOrNull) {
        final Map<String, Object> request = request("get_symbols");
        putIfNotNull(request, "venue", venueOrNull);
        return listOf(call(request), InstrumentInfo.class);
    }

    /**
     * @param venue  the venue
     * @param symbol the symbol
     * @param depth  levels per side, 0 for all
     * @return a consistent snapshot of the book
     */
    public OrderBookSnapshot getOrderbook(final String venue, final String symbol, final int depth) {
        final Map<String, Object> request = instrumentRequest("get_orderbook", venue, symbol);
        request.put("depth", depth);
        return OrderBookSnapshot.of(expect(call(request), OrderBookMessage.class, "get_orderbook"));
    }

    /**
     * @param venue  the venue
     * @param symbol the symbol
     * @param count  how many of the latest trades
     * @return the trades, oldest first
     */
    public List<TradeMessage> getTrades(final String venue, final String symbol, final int count) {
        final Map<String, Object> request = instrumentRequest("get_trades", venue, symbol);
        request.put("count", count);
        return listOf(call(request), TradeMessage.class);
    }

    /**
     * @param venue  the venue
     * @param symbol the symbol
     * @return the latest quote, or null if there is none yet
     */
    public QuoteMessage getQuote(final String venue, final String symbol) {
        final Object reply = call(instrumentRequest("get_quote", venue, symbol));
        return reply == null ? null : expect(reply, QuoteMessage.class, "get_quote");
    }

    /**
     * @param venue    the venue
     * @param symbol   the symbol
     * @param interval e.g. {@code 1m}
     * @param count    how many of the latest candles
     * @return the candles, oldest first
     */
    public List<Candle> getCandles(final String venue, final String symbol, final String interval, final int count) {
        final Map<String, Object> request = instrumentRequest("get_candles", venue, symbol);
        request.put("interval", Objects.requireNonNull(interval, "interval"));
        request.put("count", count);
        final List<CandleMessage> messages = listOf(call(request), CandleMessage.class);
        final List<Candle> candles = new ArrayList<>(messages.size());
        for (final CandleMessage message : messages) {
            candles.add(message.candle());
        }
        return candles;
    }

    /**
     * Many symbols' candles in one reply, as primitive columns (format {@code columns}).
     *
     * @param venue          the venue
     * @param symbolsOrNull  the symbols, or null for every symbol of the venue
     * @param interval       e.g. {@code 1m}
     * @param count          how many of the latest candles per symbol
     * @return the batch
     */
    public CandleBatch getCandlesBatch(
        final String venue, final List<String> symbolsOrNull, final String interval, final int count) {
        final Map<String, Object> request = request("get_candles_batch");
        request.put("venue", Objects.requireNonNull(venue, "venue"));
        if (symbolsOrNull != null) {
            request.put("symbols", List.copyOf(symbolsOrNull));
        }
        request.put("interval", Objects.requireNonNull(interval, "interval"));
        request.put("count", count);
        request.put("format", "columns");
        return expect(call(request), CandleBatch.class, "get_candles_batch");
    }

    /**
     * @param venue  the venue
     * @param symbol the symbol
     * @return the instrument's latest order-flow features, or null if none were computed yet
     */
    public FeaturesMessage getFeatures(final String venue, final String symbol) {
        final Object reply = call(instrumentRequest("get_features", venue, symbol));
        return reply == null ? null : expect(reply, FeaturesMessage.class, "get_features");
    }

    /**
     * @param venue         the venue
     * @param symbolsOrNull the symbols, or null for every symbol of the venue
     * @return symbol to its latest features (a null value: none computed yet), in the daemon's order
     */
    public Map<String, FeaturesMessage> getFeatures(final String venue, final List<String> symbolsOrNull) {
        final Map<String, Object> request = request("get_features");
        request.put("venue", requireVenue(venue));
        if (symbolsOrNull != null) {
            request.put("symbols", List.copyOf(symbolsOrNull));
        }
        @SuppressWarnings("unchecked")
        final Map<String, FeaturesMessage> features = expect(call(request), Map.class, "get_features");
        return features;
    }

    /**
     * @param venueOrNull a venue, or null for every venue
     * @return every stream's status
     */
    public List<StreamStatusInfo> getStatus(final String venueOrNull) {
        final Map<String, Object> request = request("get_status");
        putIfNotNull(request, "venue", venueOrNull);
        return listOf(call(request), StreamStatusInfo.class);
    }

    /** @return the round trip of a {@code ping}, ns */
    public long ping() {
        final long startNs = System.nanoTime();
        call(request("ping"));
        return System.nanoTime() - startNs;
    }

    // ----------------------------------------------------------------------------------------------- streaming

    /**
     * @param venue    the venue
     * @param symbol   the symbol
     * @param depth    levels per side, 1..1000
     * @param mode     top-N updates (conflated) or deltas (exact, gap-checked)
     * @param listener gets {@link MarketDataListener#onOrderBook}, a snapshot first
     * @return the subscription
     */
    public ClientSubscription subscribeOrderbook(
        final String venue, final String symbol, final int depth, final BookMode mode,
        final MarketDataListener listener) {
        return subscribe(new ClientSubscription(this, ClientSubscription.Kind.ORDERBOOK, requireVenue(venue),
            requireSymbol(symbol), null, depth, Objects.requireNonNull(mode, "mode"), 0, listener));
    }

    /**
     * @param venue    the venue
     * @param symbol   the symbol
     * @param listener gets {@link MarketDataListener#onQuote}, the latest quote first
     * @return the subscription
     */
    public ClientSubscription subscribeQuote(
        final String venue, final String symbol, final MarketDataListener listener) {
        return subscribe(new ClientSubscription(this, ClientSubscription.Kind.QUOTE, requireVenue(venue),
            requireSymbol(symbol), null, 0, null, 0, listener));
    }

    /**
     * @param venue    the venue
     * @param symbol   the symbol
     * @param listener gets {@link MarketDataListener#onTrade} (and {@link MarketDataListener#onGap})
     * @return the subscription
     */
    public ClientSubscription subscribeTrades(
        final String venue, final String symbol, final MarketDataListener listener) {
        return subscribe(new ClientSubscription(this, ClientSubscription.Kind.TRADES, requireVenue(venue),
            requireSymbol(symbol), null, 0, null, 0, listener));
    }

    /**
     * Subscribes with the latest candle as history.
     *
     * @param venue    the venue
     * @param symbol   the symbol
     * @param interval e.g. {@code 1m}
     * @param listener gets {@link MarketDataListener#onCandle}
     * @return the subscription
     */
    public ClientSubscription subscribeCandles(
        final String venue, final String symbol, final String interval, final MarketDataListener listener) {
        return subscribeCandles(venue, symbol, interval, 1, listener);
    }

    /**
     * @param venue        the venue
     * @param symbol       the symbol
     * @param interval     e.g. {@code 1m}
     * @param historyCount candles sent first (after a reconnect only the latest one is asked for)
     * @param listener     gets {@link MarketDataListener#onCandle}
     * @return the subscription
     */
    public ClientSubscription subscribeCandles(
        final String venue, final String symbol, final String interval, final int historyCount,
        final MarketDataListener listener) {
        return subscribe(new ClientSubscription(this, ClientSubscription.Kind.CANDLES, requireVenue(venue),
            requireSymbol(symbol), Objects.requireNonNull(interval, "interval"), 0, null, historyCount, listener));
    }

    /**
     * @param venue    the venue
     * @param interval e.g. {@code 1m}
     * @param listener gets {@link MarketDataListener#onCandle} for every symbol of the venue
     * @return the subscription
     */
    public ClientSubscription subscribeAllCandles(
        final String venue, final String interval, final MarketDataListener listener) {
        return subscribe(new ClientSubscription(this, ClientSubscription.Kind.ALL_CANDLES, requireVenue(venue),
            null, Objects.requireNonNull(interval, "interval"), 0, null, 0, listener));
    }

    /**
     * @param venue    the venue
     * @param listener gets {@link MarketDataListener#onTrade} for every symbol of the venue
     * @return the subscription
     */
    public ClientSubscription subscribeAllTrades(final String venue, final MarketDataListener listener) {
        return subscribe(new ClientSubscription(this, ClientSubscription.Kind.ALL_TRADES, requireVenue(venue),
            null, null, 0, null, 0, listener));
    }

    /**
     * Order-flow features (docs/features.md): the latest first, then each new one. They conflate for a client that
     * reads too slowly (each is a complete state); the skipped ones show as {@link MarketDataListener#onGap}.
     *
     * @param venue        the venue
     * @param symbolOrNull the symbol, or null for every symbol of the venue
     * @param listener     gets {@link MarketDataListener#onFeatures}
     * @return the subscription
     */
    public ClientSubscription subscribeFeatures(
        final String venue, final String symbolOrNull, final MarketDataListener listener) {
        return subscribe(new ClientSubscription(this, symbolOrNull == null ? ClientSubscription.Kind.ALL_FEATURES
            : ClientSubscription.Kind.FEATURES, requireVenue(venue), symbolOrNull, null, 0, null, 0, listener));
    }

    /**
     * @param venueOrNull a venue, or null for every venue
     * @param listener    gets {@link MarketDataListener#onStatus}
     * @return the subscription
     */
    public ClientSubscription subscribeStatus(final String venueOrNull, final MarketDataListener listener) {
        return subscribe(new ClientSubscription(this, ClientSubscription.Kind.STATUS, venueOrNull, null, null, 0,
            null, 0, listener));
    }

    /** @param listener also told of {@link MarketDataListener#onConnectionState} changes (no subscription needed) */
    public void addConnectionListener(final MarketDataListener listener) {
        connectionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener no longer told of connection changes */
    public void removeConnectionListener(final MarketDataListener listener) {
        connectionListeners.remove(listener);
    }

    /** @return the last hello reply (after a reconnect: the new server's) */
    public ServerInfo serverInfo() {
        return serverInfo;
    }

    /** @return {@link System#nanoTime()} when the last heartbeat arrived, 0 if none yet */
    public long lastHeartbeatNs() {
        return lastHeartbeatNs;
    }

    /** @return true while a connection is up (it may still be saying hello after a reconnect) */
    public boolean isConnected() {
        return connection != null && !closed;
    }

    /** @return the live subscriptions */
    public List<ClientSubscription> subscriptions() {
        synchronized (subscriptionLock) {
            return List.copyOf(subscriptions);
        }
    }

    /** Closes the connection and stops the reader thread; pending requests fail. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        final Connection current;
        synchronized (writeLock) {
            current = connection;
        }
        if (current != null) {
            current.wakeup();
        }
        LockSupport.unpark(readerThread);
        if (Thread.currentThread() != readerThread && readerThread.isAlive()) {
            try {
                readerThread.join(CLOSE_JOIN_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (readerThread.isAlive()) {
                // A listener is stuck; closing the socket at least frees the server side.
                LOG.warn("reader thread {} did not stop within {} ms", readerThread.getName(), CLOSE_JOIN_MS);
                readerThread.interrupt();
            }
        }
        synchronized (writeLock) {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
        failPending("client closed");
        for (final ClientSubscription subscription : subscriptions()) {
            subscription.markClosed();
        }
    }

    // ---------------------------------------------------------------------------------------- subscriptions

    private ClientSubscription subscribe(final ClientSubscription subscription) {
        requireNotReaderThread();
        synchronized (subscriptionLock) {
            subscriptions.add(subscription);
            routing = new Routing(subscriptions);
        }
        try {
            final Object reply = await(send(subscription.request(false)), subscription.toString());
            subscription.serverId(expect(reply, Long.class, subscription.toString()));
            return subscription;
        } catch (RuntimeException e) {
            subscription.markClosed();
            removeSubscription(subscription);
            throw e;
        }
    }

    void unsubscribe(final ClientSubscription subscription) {
        if (!subscription.markClosed()) {
            return;
        }
        removeSubscription(subscription);
        final long serverId = subscription.serverId();
        if (serverId <= 0 || closed || sharesServerId(serverId)) {
            // Nothing on the server, or another handle still uses the server's (shared) subscription.
            return;
        }
        final Map<String, Object> request = request("unsubscribe");
        request.put("subscription", serverId);
        try {
            final PendingRequest sent = send(request);
            if (Thread.currentThread() != readerThread) {
                await(sent, "unsubscribe " + subscription);
            }
        } catch (ConnectionLostException e) {
            LOG.debug("unsubscribe {}: the connection is gone, and with it the subscription", subscription);
        } catch (MarketDataException e) {
            LOG.warn("unsubscribe {} failed: {}", subscription, e.getMessage());
        }
    }

    private boolean sharesServerId(final long serverId) {
        synchronized (subscriptionLock) {
            for (final ClientSubscription other : subscriptions) {
                if (other.serverId() == serverId) {
                    return true;
                }
            }
            return false;
        }
    }

    private void removeSubscription(final ClientSubscription subscription) {
        synchronized (subscriptionLock) {
            if (subscriptions.remove(subscription)) {
                routing = new Routing(subscriptions);
            }
        }
    }

    /** Runs on the reader thread once a new connection's hello is answered. */
    private void resubscribeAll() {
        for (final ClientSubscription subscription : subscriptions()) {
            final PendingRequest sent;
            try {
                sent = send(subscription.request(true));
            } catch (MarketDataException e) {
                // The new connection is already gone; the read loop will see it and start over.
                return;
            }
            sent.future().whenComplete((reply, failure) -> {
                if (failure != null || !(reply instanceof Long serverId)) {
                    LOG.warn("resubscribing {} failed: {}", subscription,
                        failure == null ? "reply " + reply : failure.getMessage());
                    return;
                }
                subscription.serverId(serverId);
                if (subscription.isClosed()) {
                    // Closed while the resubscribe was in flight: take it back.
                    unsubscribeQuietly(serverId);
                }
            });
        }
    }

    private void unsubscribeQuietly(final long serverId) {
        final Map<String, Object> request = request("unsubscribe");
        request.put("subscription", serverId);
        try {
            send(request);
        } catch (MarketDataException e) {
            LOG.debug("unsubscribe {}: {}", serverId, e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------ request plumbing

    private Object call(final Map<String, Object> request) {
        requireNotReaderThread();
        return await(send(request), String.valueOf(request.get("type")));
    }

    private PendingRequest send(final Map<String, Object> request) {
        if (closed) {
            throw new ConnectionLostException("client is closed");
        }
        final long id = nextRequestId.getAndIncrement();
        request.put("id", id);
        final CompletableFuture<Object> future = new CompletableFuture<>();
        synchronized (writeLock) {
            final Connection current = connection;
            if (current == null) {
                throw new ConnectionLostException("not connected to " + socketPath + " (reconnecting)");
            }
            requestWriter.reset().value(request);
            pending.put(id, future);
            try {
                current.write(requestWriter.array(), requestWriter.length(), options.requestTimeoutMs());
            } catch (IOException e) {
                pending.remove(id);
                // The reader thread sees the closed channel and reconnects.
                current.close();
                throw new ConnectionLostException("write to " + socketPath + " failed: " + e.getMessage(), e);
            }
        }
        return new PendingRequest(id, future);
    }

    private Object await(final PendingRequest sent, final String what) {
        try {
            return sent.future().get(options.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.remove(sent.id());
            throw new RequestTimeoutException(what + ": no reply within " + options.requestTimeoutMs() + " ms");
        } catch (InterruptedException e) {
            pending.remove(sent.id());
            Thread.currentThread().interrupt();
            throw new MarketDataException(what + ": interrupted", e);
        } catch (ExecutionException e) {
            // Rethrown as new exceptions so the stack trace shows the caller, not the reader thread.
            final Throwable cause = e.getCause();
            if (cause instanceof ServerErrorException error) {
                throw new ServerErrorException(error.code(), error.serverMessage());
            }
            if (cause instanceof ConnectionLostException lost) {
                throw new ConnectionLostException(what + ": " + lost.getMessage(), lost);
            }
            throw new MarketDataException(what + ": " + cause.getMessage(), cause);
        }
    }

    private Map<String, Object> helloRequest() {
        final Map<String, Object> request = request("hello");
        request.put("protocol", PROTOCOL_VERSION);
        request.put("client", options.clientName());
        request.put("slow_consumer", options.slowConsumerPolicy().wireName());
        request.put("max_queue_bytes", options.maxQueueBytes());
        return request;
    }

    private static Map<String, Object> request(final String type) {
        final Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", type);
        return request;
    }

    private static Map<String, Object> instrumentRequest(final String type, final String venue, final String symbol) {
        final Map<String, Object> request = request(type);
        request.put("venue", requireVenue(venue));
        request.put("symbol", requireSymbol(symbol));
        return request;
    }

    private static void putIfNotNull(final Map<String, Object> request, final String key, final Object value) {
        if (value != null) {
            request.put(key, value);
        }
    }

    private static String requireVenue(final String venue) {
        return Objects.requireNonNull(venue, "venue");
    }

    private static String requireSymbol(final String symbol) {
        return Objects.requireNonNull(symbol, "symbol");
    }

    private void requireNotReaderThread() {
        if (Thread.currentThread() == readerThread) {
            throw new MarketDataException("a listener cannot wait for a reply: it runs on the reader thread");
        }
    }

    private static <T> T expect(final Object reply, final Class<T> type, final String what) {
        if (!type.isInstance(reply)) {
            throw new MarketDataException(what + ": unexpected reply " + reply);
        }
        return type.cast(reply);
    }

    private static <T> List<T> listOf(final Object reply, final Class<T> elementType) {
        if (reply == null) {
            return List.of();
        }
        final List<?> list = expect(reply, List.class, elementType.getSimpleName());
        final List<T> result = new ArrayList<>(list.size());
        for (final Object element : list) {
            result.add(elementType.cast(element));
        }
        return result;
    }

    private void failPending(final String reason) {
        for (final Long id : List.copyOf(pending.keySet())) {
            final CompletableFuture<Object> future = pending.remove(id);
            if (future != null) {
                future.completeExceptionally(new ConnectionLostException(reason));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- reader thread

    private void runReader() {
        RealtimePriority.applyToCurrentThread(options.realtimePriority(), readerThread.getName());
        Connection current = connection;
        String closeReason = "client closed";
        try {
            while (!closed) {
                if (current != null) {
                    final String reason = readLoop(current);
                    disconnected(current, reason);
                }
                if (closed) {
                    break;
                }
                if (!options.reconnect()) {
                    closeReason = "connection lost and reconnecting is disabled";
                    closed = true;
                    break;
                }
                current = reconnect();
            }
        } catch (RuntimeException | Error e) {
            closeReason = "reader thread failed: " + e;
            closed = true;
            LOG.error("reader thread of {} failed", socketPath, e);
        } finally {
            synchronized (writeLock) {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
            failPending(closeReason);
            dispatcher.connectionState(ConnectionState.CLOSED, closeReason, routing, connectionListeners);
            for (final ClientSubscription subscription : subscriptions()) {
                subscription.markClosed();
            }
        }
    }

    /** Reads and dispatches until the connection fails; @return why it ended */
    private String readLoop(final Connection current) {
        final long silenceTimeoutNs = TimeUnit.MILLISECONDS.toNanos(options.silenceTimeoutMs());
        int start = 0;
        int end = 0;
        // Bytes the last incomplete frame had when it was scanned: rescanning a big reply on every read would cost
        // quadratic time, so a rescan waits for twice as many bytes unless the socket has been drained.
        int scannedIncomplete = 0;
        long lastReceiveNs = System.nanoTime();
        try {
            while (!closed) {
                if (end == receiveBuffer.length) {
                    if (start > 0) {
                        System.arraycopy(receiveBuffer, start, receiveBuffer, 0, end - start);
                        end -= start;
                        start = 0;
                    } else if (receiveBuffer.length >= MAX_MESSAGE_BYTES) {
                        return "a server message exceeds " + MAX_MESSAGE_BYTES + " bytes";
                    } else {
                        receiveBuffer = Arrays.copyOf(receiveBuffer,
                            Math.min(MAX_MESSAGE_BYTES, receiveBuffer.length * 2));
                    }
                }
                final int space = receiveBuffer.length - end;
                final int read = current.read(receiveBuffer, end, space);
                if (read < 0) {
                    return "the server closed the connection";
                }
                final long nowNs = System.nanoTime();
                if (read == 0) {
                    if (nowNs - lastReceiveNs > silenceTimeoutNs) {
                        return "no data for " + options.silenceTimeoutMs() + " ms";
                    }
                    if (scannedIncomplete == 0 || end - start == scannedIncomplete) {
                        current.awaitReadable(SELECT_TIMEOUT_MS);
                        continue;
                    }
                } else {
                    lastReceiveNs = nowNs;
                    end += read;
                    if (read == space && end - start < 2L * scannedIncomplete) {
                        continue;
                    }
                }
                scannedIncomplete = 0;
                while (start < end && !closed) {
                    final int length = MsgPackReader.frameLength(receiveBuffer, start, end - start, frameStack);
                    if (length == MsgPackReader.NEED_MORE) {
                        scannedIncomplete = end - start;
                        break;
                    }
                    if (length == MsgPackReader.INVALID) {
                        return "the server sent bytes that are not MessagePack";
                    }
                    handleFrame(receiveBuffer, start, length);
                    start += length;
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                    if (receiveBuffer.length > RECEIVE_BUFFER_BYTES) {
                        // Do not hold on to the memory of one huge reply.
                        receiveBuffer = new byte[RECEIVE_BUFFER_BYTES];
                    }
                }
            }
            return "client closed";
        } catch (IOException e) {
            return "read failed: " + e.getMessage();
        } catch (ClosedSelectorException | CancelledKeyException e) {
            // Another thread closed this connection (a failed write, a refused hello, close()).
            return "connection closed";
        }
    }

    private void handleFrame(final byte[] bytes, final int offset, final int length) {
        try {
            if (!decoder.decode(bytes, offset, length)) {
                return;
            }
        } catch (MsgPackException | ArithmeticException e) {
            // One bad message must not end the connection: its boundaries are known, so skip it.
            LOG.warn("undecodable {} message from the server: {}", decoder.type(), e.getMessage());
            if (decoder.hasId()) {
                final CompletableFuture<Object> future = pending.remove(decoder.id());
                if (future != null) {
                    future.completeExceptionally(new MarketDataException("undecodable reply: " + e.getMessage(), e));
                }
            }
            return;
        }
        final Object value = decoder.value();
        if (decoder.hasId()) {
            final CompletableFuture<Object> future = pending.remove(decoder.id());
            if (future == null) {
                LOG.debug("reply {} to request {} came after its timeout", decoder.type(), decoder.id());
            } else if (value instanceof ServerErrorException error) {
                future.completeExceptionally(error);
            } else {
                future.complete(value);
            }
            return;
        }
        switch (decoder.type()) {
            case "heartbeat" -> lastHeartbeatNs = System.nanoTime();
            case "error" -> connectionError(value);
            default -> dispatcher.dispatch(value, routing);
        }
    }

    /** An error without id is about the connection; the server usually closes it next. */
    private void connectionError(final Object value) {
        if (value instanceof ServerErrorException error && "shutting_down".equals(error.code())) {
            LOG.info("server on {} is shutting down", socketPath);
        } else {
            LOG.warn("server error on {}: {}", socketPath,
                value instanceof ServerErrorException error ? error.getMessage() : "(no detail)");
        }
    }

    private void disconnected(final Connection lost, final String reason) {
        synchronized (writeLock) {
            if (connection == lost) {
                connection = null;
            }
        }
        lost.close();
        failPending("connection lost: " + reason);
        for (final ClientSubscription subscription : subscriptions()) {
            subscription.serverId(0);
        }
        if (!closed) {
            LOG.info("disconnected from {}: {}", socketPath, reason);
            dispatcher.connectionState(ConnectionState.DISCONNECTED, reason, routing, connectionListeners);
        }
    }

    /** Backs off, connects and says hello (its reply is read by the caller's read loop); null once closed. */
    private Connection reconnect() {
        while (!closed) {
            final long halfMs = reconnectDelayMs / 2;
            final long delayMs = halfMs + ThreadLocalRandom.current().nextLong(reconnectDelayMs - halfMs + 1);
            reconnectDelayMs = Math.min(options.maxReconnectDelayMs(), reconnectDelayMs * 2);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
            long remainingNs;
            while (!closed && (remainingNs = deadlineNs - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, remainingNs);
            }
            if (closed) {
                return null;
            }
            final Connection fresh;
            try {
                fresh = Connection.open(socketPath, options.busyPoll());
            } catch (IOException e) {
                LOG.debug("reconnect to {} failed: {}", socketPath, e.getMessage());
                continue;
            }
            synchronized (writeLock) {
                if (closed) {
                    fresh.close();
                    return null;
                }
                connection = fresh;
            }
            try {
                send(helloRequest()).future().whenComplete((reply, failure) -> helloAnswered(fresh, reply, failure));
            } catch (MarketDataException e) {
                disconnected(fresh, e.getMessage());
                continue;
            }
            return fresh;
        }
        return null;
    }

    /** Runs on the reader thread (it completes the future), or at once if the reply already came. */
    private void helloAnswered(final Connection fresh, final Object reply, final Throwable failure) {
        if (failure != null || !(reply instanceof ServerInfo info)) {
            LOG.warn("hello to {} failed: {}", socketPath, failure == null ? "reply " + reply : failure.getMessage());
            // The read loop sees the closed channel and starts over.
            fresh.close();
            return;
        }
        serverInfo = info;
        reconnectDelayMs = options.reconnectDelayMs();
        resubscribeAll();
        LOG.info("reconnected to {} (epoch {})", socketPath, info.epoch());
        dispatcher.connectionState(ConnectionState.RECONNECTED, null, routing, connectionListeners);
    }

    /** A request's id and the future the reader thread completes with the decoded reply. */
    private record PendingRequest(long id, CompletableFuture<Object> future) {
    }

    /** One socket connection; the reader thread reads, requests write (under the client's write lock). */
    private static final class Connection {
        private final SocketChannel channel;
        /** Null in busy-poll mode. */
        private final Selector selector;
        private final ByteBuffer readView = ByteBuffer.allocate(0);
        private ByteBuffer readBuffer = readView;

        private Connection(final SocketChannel channel, final Selector selector) {
            this.channel = channel;
            this.selector = selector;
        }

        static Connection open(final Path path, final boolean busyPoll) throws IOException {
            final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(path));
                // Non-blocking in both modes: the blocking mode waits in a selector, so silence can be noticed.
                channel.configureBlocking(false);
                Selector selector = null;
                if (!busyPoll) {
                    selector = Selector.open();
                    channel.register(selector, SelectionKey.OP_READ);
                }
                return new Connection(channel, selector);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        int read(final byte[] buffer, final int offset, final int length) throws IOException {
            if (readBuffer.array() != buffer) {
                readBuffer = ByteBuffer.wrap(buffer);
            }
            readBuffer.limit(offset + length).position(offset);
            return channel.read(readBuffer);
        }

        void awaitReadable(final long timeoutMs) throws IOException {
            if (selector == null) {
                Thread.onSpinWait();
                return;
            }
            selector.select(timeoutMs);
            selector.selectedKeys().clear();
        }

        void write(final byte[] bytes, final int length, final long timeoutMs) throws IOException {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    if (System.nanoTime() > deadlineNs) {
                        throw new IOException("the socket stayed full for " + timeoutMs + " ms");
                    }
                    // Requests are small and rare: a full socket means the server is not reading; wait a little.
                    LockSupport.parkNanos(WRITE_RETRY_PARK_NS);
                }
            }
        }

        void wakeup() {
            if (selector != null) {
                selector.wakeup();
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing the channel: {}", e.getMessage());
            }
            if (selector != null) {
                try {
                    selector.close();
                } catch (IOException e) {
                    LOG.debug("closing the selector: {}", e.getMessage());
                }
            }
        }
    }
}
