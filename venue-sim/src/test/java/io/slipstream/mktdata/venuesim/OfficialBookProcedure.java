package io.slipstream.mktdata.venuesim;

import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.venuesim.market.SimSymbol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A naive reference client: Binance's official local-book procedure (venues.md B.5) with BigDecimal keys. Buffer
 * diffs until the REST snapshot; drop {@code u < L}; the first applied diff must straddle {@code L}; then every
 * {@code pu} must equal the previous {@code u}. Used against captures and against the simulator.
 */
public final class OfficialBookProcedure {
    private final JsonFactory json = new JsonFactory();
    private final List<String> buffered = new ArrayList<>();
    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private long snapshotId = -1;
    private BigDecimal snapshotWorstBid;
    private BigDecimal snapshotWorstAsk;
    private long lastUpdateId;
    private boolean applied;

    /**
     * @param restBody a {@code GET /fapi/v1/depth} body
     * @param limit    the {@code limit} it was fetched with: a side that came back that full may have more levels
     *                 beyond it, which the procedure can never learn of (venues.md C-BN-3)
     */
    public void snapshot(final String restBody, final int limit) {
        final long[] ids = read(restBody, true);
        snapshotId = ids[3];
        snapshotWorstBid = bids.size() >= limit ? bids.lastKey() : null;
        snapshotWorstAsk = asks.size() >= limit ? asks.lastKey() : null;
        lastUpdateId = snapshotId;
        for (final String diff : buffered) {
            apply(diff);
        }
        buffered.clear();
    }

    /** @param payload a diff-depth event (bare, or inside a combined-stream envelope) */
    public void diff(final String payload) {
        if (snapshotId < 0) {
            buffered.add(payload);
        } else {
            apply(payload);
        }
    }

    private void apply(final String diff) {
        final long[] ids = peek(diff);
        if (!applied) {
            if (ids[1] < snapshotId) {
                return;
            }
            if (!(ids[0] <= snapshotId && ids[1] >= snapshotId)) {
                throw new IllegalStateException("the first diff after the snapshot does not straddle it");
            }
            applied = true;
        } else if (ids[2] != lastUpdateId) {
            throw new IllegalStateException("pu break: " + ids[2] + " != " + lastUpdateId);
        }
        read(diff, false);
        lastUpdateId = ids[1];
    }

    /** @return the last applied update id */
    public long lastUpdateId() {
        return lastUpdateId;
    }

    /**
     * Asserts that a simulated symbol's book equals this one, level by level (hold the symbol's monitor), over every
     * price the procedure can know: all of it when the snapshot was not truncated by its limit, else up to the
     * snapshot's deepest level.
     *
     * @param symbol the symbol
     * @return how many levels were compared
     * @throws AssertionError on the first difference
     */
    public int assertEquals(final SimSymbol symbol) {
        if (symbol.lastUpdateId() != lastUpdateId) {
            throw new AssertionError("lastUpdateId " + symbol.lastUpdateId() + " != " + lastUpdateId);
        }
        return compare(symbol, true, bids, snapshotWorstBid) + compare(symbol, false, asks, snapshotWorstAsk);
    }

    private static int compare(final SimSymbol symbol, final boolean bid, final TreeMap<BigDecimal, BigDecimal> all,
                               final BigDecimal worst) {
        final Map<BigDecimal, BigDecimal> side = worst == null ? all : all.headMap(worst, true);
        final L2Book book = symbol.book();
        int depth = bid ? book.bidDepth() : book.askDepth();
        if (worst != null) {
            final long worstMantissa = FixedPoint.parse(worst.toPlainString(), symbol.priceScale());
            int known = 0;
            while (known < depth && (bid ? book.bidPrice(known) >= worstMantissa
                : book.askPrice(known) <= worstMantissa)) {
                known++;
            }
            depth = known;
        }
        if (depth != side.size()) {
            throw new AssertionError((bid ? "bid" : "ask") + " depth " + depth + " != " + side.size());
        }
        int level = 0;
        for (final Map.Entry<BigDecimal, BigDecimal> entry : side.entrySet()) {
            final BigDecimal price = new BigDecimal(FixedPoint.toString(
                bid ? book.bidPrice(level) : book.askPrice(level), symbol.priceScale()));
            final BigDecimal size = new BigDecimal(FixedPoint.toString(
                bid ? book.bidSize(level) : book.askSize(level), symbol.sizeScale()));
            if (price.compareTo(entry.getKey()) != 0 || size.compareTo(entry.getValue()) != 0) {
                throw new AssertionError((bid ? "bid" : "ask") + " level " + level + ": simulator " + price + " x "
                    + size + ", procedure " + entry.getKey() + " x " + entry.getValue());
            }
            level++;
        }
        return level;
    }

    /** @return U, u, pu */
    private long[] peek(final String text) {
        final long[] ids = new long[3];
        try (JsonParser parser = json.createParser(text)) {
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
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** Applies the levels of a snapshot or a diff; returns {U, u, pu, lastUpdateId}. */
    private long[] read(final String text, final boolean snapshot) {
        final long[] ids = new long[4];
        try (JsonParser parser = json.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() != JsonToken.FIELD_NAME) {
                    continue;
                }
                final String name = parser.currentName();
                parser.nextToken();
                if ("lastUpdateId".equals(name)) {
                    ids[3] = parser.getLongValue();
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
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }
}
