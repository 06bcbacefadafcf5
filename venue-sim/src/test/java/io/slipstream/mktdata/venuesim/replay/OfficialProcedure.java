package io.slipstream.mktdata.venuesim.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A naive reference: Binance's official local-book procedure (B.5) applied straight to a capture's lines with
 * BigDecimal keys: buffer diffs, take the REST snapshot, drop {@code u < L}, the first applied diff straddles
 * {@code L}, then {@code pu} must equal the previous {@code u}.
 */
final class OfficialProcedure {
    private OfficialProcedure() {
    }

    /** @return the last applied update id; the book is left in {@code bids}/{@code asks} */
    static long build(final Path capture, final Map<BigDecimal, BigDecimal> bids,
                      final Map<BigDecimal, BigDecimal> asks) throws IOException {
        final State state = new State(bids, asks);
        try (CaptureReader reader = new CaptureReader(List.of(capture))) {
            CaptureLine line;
            while ((line = reader.next()) != null) {
                if (line.rest() && state.snapshotId < 0) {
                    state.snapshotId = apply(state.json, line.text(), bids, asks, true)[1];
                    state.lastU = state.snapshotId;
                    for (final String diff : state.buffered) {
                        state.process(diff);
                    }
                    state.buffered.clear();
                } else if (!line.rest() && line.text().contains("@depth@")) {
                    if (state.snapshotId < 0) {
                        state.buffered.add(line.text());
                    } else {
                        state.process(line.text());
                    }
                }
            }
        }
        return state.lastU;
    }

    /** The procedure's state. */
    private static final class State {
        final JsonFactory json = new JsonFactory();
        final List<String> buffered = new ArrayList<>();
        final Map<BigDecimal, BigDecimal> bids;
        final Map<BigDecimal, BigDecimal> asks;
        long snapshotId = -1;
        long lastU;
        boolean applied;

        State(final Map<BigDecimal, BigDecimal> bids, final Map<BigDecimal, BigDecimal> asks) {
            this.bids = bids;
            this.asks = asks;
        }

        void process(final String diff) throws IOException {
            final long[] ids = peekIds(json, diff);
            if (!applied) {
                if (ids[1] < snapshotId) {
                    return;
                }
                if (!(ids[0] <= snapshotId && ids[1] >= snapshotId)) {
                    throw new IllegalStateException("the first diff after the snapshot does not straddle it");
                }
                applied = true;
            } else if (ids[2] != lastU) {
                throw new IllegalStateException("pu break: " + ids[2] + " != " + lastU);
            }
            apply(json, diff, bids, asks, false);
            lastU = ids[1];
        }
    }

    private static long[] peekIds(final JsonFactory json, final String frame) throws IOException {
        final long[] ids = new long[3];
        try (JsonParser parser = json.createParser(frame)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME) {
                    final String name = parser.currentName();
                    parser.nextToken();
                    switch (name) {
                        case "U" -> ids[0] = parser.getLongValue();
                        case "u" -> ids[1] = parser.getLongValue();
                        case "pu" -> ids[2] = parser.getLongValue();
                        default -> {
                        }
                    }
                }
            }
        }
        return ids;
    }

    private static long[] apply(final JsonFactory json, final String text, final Map<BigDecimal, BigDecimal> bids,
                                final Map<BigDecimal, BigDecimal> asks, final boolean snapshot) throws IOException {
        final long[] result = new long[2];
        try (JsonParser parser = json.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                final String name = parser.currentName();
                parser.nextToken();
                if ("lastUpdateId".equals(name)) {
                    result[1] = parser.getLongValue();
                } else if ("b".equals(name) || "bids".equals(name) || "a".equals(name) || "asks".equals(name)) {
                    final Map<BigDecimal, BigDecimal> side = name.startsWith("b") ? bids : asks;
                    if (snapshot) {
                        side.clear();
                    }
                    while (parser.nextToken() == JsonToken.START_ARRAY) {
                        parser.nextToken();
                        final BigDecimal price = new BigDecimal(parser.getText());
                        parser.nextToken();
                        final BigDecimal size = new BigDecimal(parser.getText());
                        parser.nextToken();
                        if (size.signum() == 0) {
                            side.remove(price);
                        } else {
                            side.put(price, size);
                        }
                    }
                }
            }
        }
        return result;
    }
}
