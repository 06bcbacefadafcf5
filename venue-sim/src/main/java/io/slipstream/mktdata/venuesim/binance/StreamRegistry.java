package io.slipstream.mktdata.venuesim.binance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every stream name ever subscribed to, rendered or replayed, with its channel. Thread-safe. */
final class StreamRegistry {
    private final Map<String, StreamChannel> channels = new ConcurrentHashMap<>();

    /**
     * @param stream a parsed stream
     * @return its channel, created on first use
     */
    StreamChannel channel(final BinanceStream stream) {
        final StreamChannel existing = channels.get(stream.name());
        return existing != null ? existing : channels.computeIfAbsent(stream.name(), name -> new StreamChannel(stream));
    }

    /**
     * @param name a stream name
     * @return its channel, created on first use, or null if the name is not a stream name
     */
    StreamChannel channel(final String name) {
        final StreamChannel existing = channels.get(name);
        if (existing != null) {
            return existing;
        }
        final BinanceStream stream = BinanceStream.parse(name);
        return stream == null ? null : channel(stream);
    }
}
