package io.slipstream.mktdata.venuesim.binance;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * One stream name and the connections that receive it. The payload is rendered once per event; the combined
 * envelope is built at most once per event, by concatenation, so a replayed payload stays byte-identical inside
 * it. Subscribers change rarely and are read on every event, hence the copy-on-write set. Thread-safe.
 */
final class StreamChannel {
    private final BinanceStream stream;
    private final String combinedPrefix;
    private final Set<BinanceSession> subscribers = new CopyOnWriteArraySet<>();
    private volatile boolean replayed;

    /** @param stream the stream this channel carries */
    StreamChannel(final BinanceStream stream) {
        this.stream = stream;
        final StringBuilder prefix = new StringBuilder(24 + stream.name().length()).append("{\"stream\":");
        this.combinedPrefix = BinanceJson.string(prefix, stream.name()).append(",\"data\":").toString();
    }

    /** @return the stream */
    BinanceStream stream() {
        return stream;
    }

    /** @return true if at least one connection receives this stream */
    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /** @param session a connection that now receives this stream */
    void add(final BinanceSession session) {
        subscribers.add(session);
    }

    /** @param session a connection that no longer receives it */
    void remove(final BinanceSession session) {
        subscribers.remove(session);
    }

    /** @return true once a captured frame was replayed on this stream: the renderer then stays out of it */
    boolean replayed() {
        return replayed;
    }

    /** Marks the stream as fed by a capture from now on. */
    void markReplayed() {
        replayed = true;
    }

    /**
     * Sends a payload to every subscriber, bare or in the combined envelope as each connection wants it.
     *
     * @param payload the event JSON
     */
    void publish(final String payload) {
        String wrapped = null;
        for (final BinanceSession session : subscribers) {
            if (session.combined()) {
                if (wrapped == null) {
                    wrapped = combinedPrefix + payload + '}';
                }
                session.deliver(wrapped);
            } else {
                session.deliver(payload);
            }
        }
    }
}
