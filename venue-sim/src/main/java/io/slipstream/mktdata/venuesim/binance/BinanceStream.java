package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.candle.CandleInterval;

import java.util.Locale;

/**
 * A parsed Binance stream name such as {@code btcusdt@depth@100ms}. The symbol part is lower-cased (Binance
 * documents lower case; accepting upper case costs nothing); the type part is matched as documented, so
 * {@code btcusdt@aggtrade} is a valid name of a stream that never delivers, as on the real venue.
 *
 * @param name     the canonical name (lower-case symbol, {@code @}, type as given)
 * @param symbol   the symbol part, lower case ({@code ""} for all-market streams such as {@code !bookTicker})
 * @param type     the part after the first {@code @}, e.g. {@code depth@100ms}
 * @param kind     what the simulator renders for it
 * @param speedMs  push cadence for depth and mark price streams (0 = every update)
 * @param levels   5, 10 or 20 for partial depth, else 0
 * @param interval the kline interval, or null
 */
record BinanceStream(String name, String symbol, String type, Kind kind, int speedMs, int levels,
                     CandleInterval interval) {

    /** What a stream carries. */
    enum Kind {
        /** {@code <s>@depth[@0ms|@100ms|@500ms]}. */
        DEPTH_DIFF(true),
        /** {@code <s>@depth5|10|20[@100ms|@500ms]}. */
        DEPTH_PARTIAL(true),
        /** {@code <s>@bookTicker}. */
        BOOK_TICKER(true),
        /** {@code <s>@trade} (undocumented on USD-M; served on /public). */
        TRADE(true),
        /** {@code <s>@aggTrade}. */
        AGG_TRADE(false),
        /** {@code <s>@kline_<i>}. */
        KLINE(false),
        /** {@code <s>@markPrice[@1s]}. */
        MARK_PRICE(false),
        /** Anything else: acknowledged, never rendered (replayed captures may still feed it). */
        OTHER_MARKET(false),
        /** Other /public-class names (e.g. {@code rpiDepth@500ms}, {@code !bookTicker}): acknowledged only. */
        OTHER_PUBLIC(true);

        private final boolean publicRoute;

        Kind(final boolean publicRoute) {
            this.publicRoute = publicRoute;
        }

        /** @return true for /public-class streams, false for /market-class ones */
        boolean publicRoute() {
            return publicRoute;
        }
    }

    /** The default cadence of depth streams without a speed suffix. */
    static final int DEFAULT_DEPTH_SPEED_MS = 250;

    /**
     * @param raw a stream name from a client or a capture
     * @return the parsed stream (kind {@code OTHER_*} when unknown), or null when it is not a stream name at all
     */
    static BinanceStream parse(final String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        final int at = raw.indexOf('@');
        if (raw.charAt(0) == '!') {
            // All-market streams: no symbol part. Only their route matters (they are acked, not rendered).
            final Kind kind = raw.startsWith("!bookTicker") ? Kind.OTHER_PUBLIC : Kind.OTHER_MARKET;
            return new BinanceStream(raw, "", raw.substring(1), kind, 0, 0, null);
        }
        if (at <= 0 || at == raw.length() - 1) {
            return new BinanceStream(raw, raw.toLowerCase(Locale.ROOT), "", Kind.OTHER_MARKET, 0, 0, null);
        }
        final String symbol = raw.substring(0, at).toLowerCase(Locale.ROOT);
        final String type = raw.substring(at + 1);
        final String name = symbol + '@' + type;
        switch (type) {
            case "depth":
                return new BinanceStream(name, symbol, type, Kind.DEPTH_DIFF, DEFAULT_DEPTH_SPEED_MS, 0, null);
            case "depth@0ms":
                return new BinanceStream(name, symbol, type, Kind.DEPTH_DIFF, 0, 0, null);
            case "depth@100ms":
                return new BinanceStream(name, symbol, type, Kind.DEPTH_DIFF, 100, 0, null);
            case "depth@500ms":
                return new BinanceStream(name, symbol, type, Kind.DEPTH_DIFF, 500, 0, null);
            case "bookTicker":
                return new BinanceStream(name, symbol, type, Kind.BOOK_TICKER, 0, 0, null);
            case "trade":
                return new BinanceStream(name, symbol, type, Kind.TRADE, 0, 0, null);
            case "aggTrade":
                return new BinanceStream(name, symbol, type, Kind.AGG_TRADE, 0, 0, null);
            case "markPrice":
                return new BinanceStream(name, symbol, type, Kind.MARK_PRICE, 3_000, 0, null);
            case "markPrice@1s":
                return new BinanceStream(name, symbol, type, Kind.MARK_PRICE, 1_000, 0, null);
            default:
                break;
        }
        if (type.startsWith("kline_")) {
            final CandleInterval interval = CandleInterval.fromWireName(type.substring("kline_".length()));
            return interval == null ? new BinanceStream(name, symbol, type, Kind.OTHER_MARKET, 0, 0, null)
                : new BinanceStream(name, symbol, type, Kind.KLINE, 0, 0, interval);
        }
        final BinanceStream partial = partialDepth(name, symbol, type);
        if (partial != null) {
            return partial;
        }
        final Kind other = type.startsWith("rpiDepth") ? Kind.OTHER_PUBLIC : Kind.OTHER_MARKET;
        return new BinanceStream(name, symbol, type, other, 0, 0, null);
    }

    private static BinanceStream partialDepth(final String name, final String symbol, final String type) {
        for (final int levels : new int[] {5, 10, 20}) {
            final String base = "depth" + levels;
            if (type.equals(base)) {
                return new BinanceStream(name, symbol, type, Kind.DEPTH_PARTIAL, DEFAULT_DEPTH_SPEED_MS, levels, null);
            }
            if (type.equals(base + "@100ms")) {
                return new BinanceStream(name, symbol, type, Kind.DEPTH_PARTIAL, 100, levels, null);
            }
            if (type.equals(base + "@500ms")) {
                return new BinanceStream(name, symbol, type, Kind.DEPTH_PARTIAL, 500, levels, null);
            }
        }
        return null;
    }

    /** @return the upper-case Binance symbol, e.g. {@code BTCUSDT} ({@code ""} for all-market streams) */
    String binanceSymbol() {
        return symbol.toUpperCase(Locale.ROOT);
    }
}
