package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.venuesim.market.SimMarket;

import java.util.Map;

/**
 * A market-data subscription in the server's normalised form, which is what the acks and the "Already ..." errors
 * echo and what identifies a subscription: {@code l2Book} gains {@code nSigFigs}, {@code mantissa} and {@code fast}
 * (2026 live probe; the Dec 2025 jkorf fixture predates {@code fast}); {@code candle} is echoed as
 * {@code type, interval, coin} (jkorf fixture); the others keep {@code type} and {@code coin}.
 *
 * @param type     {@code l2Book}, {@code trades}, {@code bbo}, {@code candle}, {@code allMids}, {@code activeAssetCtx}
 * @param coin     the coin (null for allMids)
 * @param interval the candle interval (candle only)
 * @param nSigFigs 2..5, or 0 for full precision (l2Book only)
 * @param mantissa 1, 2 or 5 with nSigFigs 5, else 0 (l2Book only)
 * @param fast     5 levels at the fast cadence (l2Book only)
 */
record HyperliquidSubscription(String type, String coin, CandleInterval interval, int nSigFigs, int mantissa,
                               boolean fast) {
    static final String L2_BOOK = "l2Book";
    static final String TRADES = "trades";
    static final String BBO = "bbo";
    static final String CANDLE = "candle";
    static final String ALL_MIDS = "allMids";
    static final String ACTIVE_ASSET_CTX = "activeAssetCtx";

    /**
     * @param subscription the {@code subscription} object a client sent
     * @param market       the market, for the coins it lists
     * @return the normalised subscription, or null if Hyperliquid would not parse it (unknown type or coin, bad
     *         interval or aggregation)
     */
    static HyperliquidSubscription parse(final Map<String, Object> subscription, final SimMarket market) {
        if (subscription == null || !(subscription.get("type") instanceof String type)) {
            return null;
        }
        if (ALL_MIDS.equals(type)) {
            final Object dex = subscription.get("dex");
            // Only the first perp dex exists here; HIP-3 builder dexes are not simulated.
            return dex == null || "".equals(dex) ? new HyperliquidSubscription(type, null, null, 0, 0, false) : null;
        }
        final String coin = HyperliquidJson.string(subscription, "coin");
        if (coin == null || market.hyperliquid(coin) == null) {
            return null;
        }
        return switch (type) {
            case TRADES, BBO, ACTIVE_ASSET_CTX -> new HyperliquidSubscription(type, coin, null, 0, 0, false);
            case CANDLE -> {
                final CandleInterval interval = interval(HyperliquidJson.string(subscription, "interval"));
                yield interval == null ? null : new HyperliquidSubscription(type, coin, interval, 0, 0, false);
            }
            case L2_BOOK -> l2Book(subscription, coin);
            default -> null;
        };
    }

    private static HyperliquidSubscription l2Book(final Map<String, Object> subscription, final String coin) {
        final int nSigFigs = aggregation(subscription.get("nSigFigs"));
        final int mantissa = mantissa(subscription.get("mantissa"), nSigFigs);
        final Object fast = subscription.get("fast");
        if (nSigFigs < 0 || mantissa < 0 || !(fast == null || fast instanceof Boolean)) {
            return null;
        }
        return new HyperliquidSubscription(L2_BOOK, coin, null, nSigFigs, mantissa, Boolean.TRUE.equals(fast));
    }

    /** @param value a client's nSigFigs @return 2..5, 0 for null, -1 if invalid */
    static int aggregation(final Object value) {
        if (value == null) {
            return 0;
        }
        return value instanceof Long sig && sig >= 2 && sig <= 5 ? sig.intValue() : -1;
    }

    /** @param value a client's mantissa @param nSigFigs the parsed nSigFigs @return 1, 2, 5, 0 for null, -1 */
    static int mantissa(final Object value, final int nSigFigs) {
        if (value == null) {
            return 0;
        }
        // Hyperliquid allows a mantissa only with five significant figures.
        return nSigFigs == 5 && value instanceof Long m && (m == 1 || m == 2 || m == 5) ? m.intValue() : -1;
    }

    /** @param wireName a client's interval @return it, or null if Hyperliquid does not offer it (e.g. 6h) */
    static CandleInterval interval(final String wireName) {
        final CandleInterval interval = CandleInterval.fromWireName(wireName);
        return interval == CandleInterval.H6 ? null : interval;
    }

    /** @return the normalised JSON, e.g. {@code {"type":"trades","coin":"BTC"}}; also the identity */
    String toJson() {
        final StringBuilder out = new StringBuilder(96).append("{\"type\":\"").append(type).append('"');
        switch (type) {
            case ALL_MIDS -> {
                // nothing beyond the type
            }
            case CANDLE -> {
                out.append(",\"interval\":\"").append(interval.wireName()).append("\",\"coin\":");
                HyperliquidFormat.quoted(out, coin);
            }
            case L2_BOOK -> {
                out.append(",\"coin\":");
                HyperliquidFormat.quoted(out, coin);
                out.append(",\"nSigFigs\":").append(nSigFigs == 0 ? "null" : Integer.toString(nSigFigs))
                    .append(",\"mantissa\":").append(mantissa == 0 ? "null" : Integer.toString(mantissa))
                    .append(",\"fast\":").append(fast);
            }
            default -> {
                out.append(",\"coin\":");
                HyperliquidFormat.quoted(out, coin);
            }
        }
        return out.append('}').toString();
    }
}
