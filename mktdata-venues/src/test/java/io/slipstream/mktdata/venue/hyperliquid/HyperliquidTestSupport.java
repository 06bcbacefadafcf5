package io.slipstream.mktdata.venue.hyperliquid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slipstream.mktdata.instrument.Instrument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
}
