package io.slipstream.mktdata.venue.hyperliquid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.instrument.Instrument;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Helpers for the Hyperliquid adapter tests: an independent JDK websocket client and an l2Book reader. */
final class HyperliquidTestSupport {
    private static final JsonFactory JSON = new JsonFactory();

    private HyperliquidTestSupport() {
    }

    /** An assertion that may need time. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    /**
     * @param timeoutMs how long at most
     * @param check     retried until it passes
     * @throws Exception the last failure
     */
    static void await(final long timeoutMs, final Check check) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                check.run();
                return;
            } catch (final AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(25);
            }
        }
    }

    /**
     * The levels of an l2Book frame (or its data object) as mantissas of the instrument.
     *
     * @param bidPrices bids, best first
     * @param bidSizes  sizes
     * @param askPrices asks, best first
     * @param askSizes  sizes
     * @param timeMs    the block time
     */
    record Levels(long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes, long timeMs) {
    }

    static Levels levels(final String frame, final Instrument instrument) throws IOException {
        final List<List<long[]>> sides = new ArrayList<>();
        long time = -1;
        try (JsonParser parser = JSON.createParser(frame)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME) {
                    continue;
                }
                if ("time".equals(parser.currentName())) {
                    parser.nextToken();
                    time = parser.getLongValue();
                } else if ("levels".equals(parser.currentName())) {
                    parser.nextToken();
                    while (parser.nextToken() == JsonToken.START_ARRAY) {
                        final List<long[]> side = new ArrayList<>();
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            long px = 0;
                            long sz = 0;
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                final String name = parser.currentName();
                                parser.nextToken();
                                if ("px".equals(name)) {
                                    px = instrument.parsePrice(parser.getText());
                                } else if ("sz".equals(name)) {
                                    sz = instrument.parseSize(parser.getText());
                                }
                            }
                            side.add(new long[] {px, sz});
                        }
                        sides.add(side);
                    }
                }
            }
        }
        return new Levels(column(sides.get(0), 0), column(sides.get(0), 1), column(sides.get(1), 0),
            column(sides.get(1), 1), time);
    }

    private static long[] column(final List<long[]> rows, final int index) {
        final long[] result = new long[rows.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = rows.get(i)[index];
        }
        return result;
    }

    /** A plain JDK websocket client collecting text messages. */
    static final class Collector implements WebSocket.Listener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Collector connect(final URI uri) throws Exception {
            final Collector collector = new Collector();
            collector.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, collector).get(10, TimeUnit.SECONDS);
            return collector;
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(final String text) {
            socket.sendText(text, true).join();
        }

        String last(final String prefix) {
            String found = null;
            for (final String message : messages) {
                if (message.startsWith(prefix)) {
                    found = message;
                }
            }
            return found;
        }

        void close() {
            socket.abort();
        }
    }
}
