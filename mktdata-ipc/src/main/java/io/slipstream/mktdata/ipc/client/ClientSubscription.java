package io.slipstream.mktdata.ipc.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A live subscription. It survives reconnects: the client re-sends it to the new connection and keeps delivering to
 * the same listener. {@link #close()} unsubscribes.
 */
public final class ClientSubscription implements AutoCloseable {
    /** What a subscription is to. */
    public enum Kind {
        /** One instrument's book. */
        ORDERBOOK("subscribe_orderbook", "book"),
        /** One instrument's best bid and offer. */
        QUOTE("subscribe_quote", "quotes"),
        /** One instrument's trades. */
        TRADES("subscribe_trades", "trades"),
        /** One instrument's candles of one interval. */
        CANDLES("subscribe_candles", "candles"),
        /** Every instrument's candles of one interval on a venue. */
        ALL_CANDLES("subscribe_all_candles", "candles"),
        /** Every instrument's trades on a venue. */
        ALL_TRADES("subscribe_all_trades", "trades"),
        /** Stream status changes, of one venue or all. */
        STATUS("subscribe_status", "status"),
        /** One instrument's order-flow features. */
        FEATURES("subscribe_features", "features"),
        /** Every instrument's order-flow features on a venue. */
        ALL_FEATURES("subscribe_features", "features");

        private final String requestType;
        private final String stream;

        Kind(final String requestType, final String stream) {
            this.requestType = requestType;
            this.stream = stream;
        }

        /** @return the {@code stream} name the protocol's status messages use for this kind */
        public String stream() {
            return stream;
        }
    }

    private final MarketDataClient client;
    private final Kind kind;
    private final String venue;
    private final String symbol;
    private final String interval;
    private final int depth;
    private final BookMode mode;
    private final int historyCount;
    private final MarketDataListener listener;
    /** Null for streams whose seq may jump by design (books in top mode, quotes) or are not per-event (status). */
    private final SeqTracker tracker;
    private volatile long serverId;
    private volatile boolean closed;
    /** History candles still expected after the last subscribe request (CANDLES only). */
    private volatile int historyRemaining;

    ClientSubscription(
        final MarketDataClient client, final Kind kind, final String venue, final String symbol, final String interval,
        final int depth, final BookMode mode, final int historyCount, final MarketDataListener listener) {
        this.client = client;
        this.kind = kind;
        this.venue = venue;
        this.symbol = symbol;
        this.interval = interval;
        this.depth = depth;
        this.mode = mode;
        this.historyCount = historyCount;
        this.listener = Objects.requireNonNull(listener, "listener");
        // Features conflate like quotes, yet each is a point of a time series: a skipped one is reported as a gap.
        final boolean tracked = kind == Kind.TRADES || kind == Kind.ALL_TRADES || kind == Kind.CANDLES
            || kind == Kind.ALL_CANDLES || kind == Kind.ORDERBOOK && mode == BookMode.DELTA
            || kind == Kind.FEATURES || kind == Kind.ALL_FEATURES;
        this.tracker = tracked ? new SeqTracker() : null;
    }

    /** Unsubscribes (best effort: a lost connection has already dropped it); idempotent; never throws. */
    @Override
    public void close() {
        client.unsubscribe(this);
    }

    /** @return true once closed */
    public boolean isClosed() {
        return closed;
    }

    /** @return what this subscribes to */
    public Kind kind() {
        return kind;
    }

    /** @return the venue, or null for a status subscription to every venue */
    public String venue() {
        return venue;
    }

    /** @return the symbol, or null for venue-wide kinds */
    public String symbol() {
        return symbol;
    }

    /** @return the candle interval, or null */
    public String interval() {
        return interval;
    }

    /** @return the book depth (books only) */
    public int depth() {
        return depth;
    }

    /** @return the book mode, or null */
    public BookMode mode() {
        return mode;
    }

    /** @return the listener */
    public MarketDataListener listener() {
        return listener;
    }

    /** @return the server's number for this subscription on the current connection, 0 while there is none */
    public long serverId() {
        return serverId;
    }

    void serverId(final long value) {
        serverId = value;
    }

    /** @return true if this call closed it */
    boolean markClosed() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        }
    }

    /**
     * Reader thread: counts off the history candles a subscribe asked for. The server sends at most that many (fewer
     * if it has fewer), so at worst a few live candles after a short history also skip the gap check.
     *
     * @return true if this candle is still part of the history
     */
    boolean takeHistoryCandle() {
        final int remaining = historyRemaining;
        if (remaining <= 0) {
            return false;
        }
        historyRemaining = remaining - 1;
        return true;
    }

    SeqTracker tracker() {
        return tracker;
    }

    /**
     * @param resubscribe true when re-sent after a reconnect: candles then ask for the latest candle only
     * @return the subscribe request, without its id
     */
    Map<String, Object> request(final boolean resubscribe) {
        final Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", kind.requestType);
        if (venue != null) {
            request.put("venue", venue);
        }
        if (symbol != null) {
            request.put("symbol", symbol);
        }
        if (interval != null) {
            request.put("interval", interval);
        }
        if (kind == Kind.ORDERBOOK) {
            request.put("depth", depth);
            request.put("mode", mode.wireName());
        }
        if (kind == Kind.CANDLES) {
            final int count = resubscribe ? 1 : historyCount;
            request.put("count", count);
            historyRemaining = count;
        }
        return request;
    }

    @Override
    public String toString() {
        return kind.requestType + (venue == null ? "" : " " + venue) + (symbol == null ? "" : " " + symbol)
            + (interval == null ? "" : " " + interval) + (kind == Kind.ORDERBOOK ? " " + depth + " " + mode : "");
    }
}
