package io.slipstream.mktdata.venuesim.hyperliquid;

/**
 * Settings of the simulated Hyperliquid venue; defaults are the real venue's 2026 behaviour and limits.
 *
 * @param webSocketPort          websocket port ({@code /ws}), 0 for an ephemeral one
 * @param restPort               REST port ({@code POST /info}), 0 for an ephemeral one
 * @param l2BookIntervalMs       cadence of the default 20-level {@code l2Book} (2026: about 5 s)
 * @param l2BookFastIntervalMs   cadence of {@code fast:true} 5-level books (about 0.5 s)
 * @param allMidsIntervalMs      cadence of {@code allMids} (2026: 2 to 5 s)
 * @param assetCtxIntervalMs     cadence of {@code activeAssetCtx} (about 1 s)
 * @param idleTimeoutMs          a connection the server has sent nothing to for this long is closed (60 s)
 * @param maxConnections         simultaneous connections per IP (10)
 * @param maxSubscriptions       subscriptions across all connections (1000)
 * @param maxMessagesPerMinute   client messages per minute across all connections (2000)
 * @param weightPerMinute        REST weight budget per minute (1200)
 * @param recentTradesOnSubscribe trades replayed on every {@code trades} subscribe (about 30)
 */
public record HyperliquidConfig(
    int webSocketPort, int restPort, long l2BookIntervalMs, long l2BookFastIntervalMs, long allMidsIntervalMs,
    long assetCtxIntervalMs, long idleTimeoutMs, int maxConnections, int maxSubscriptions,
    int maxMessagesPerMinute, int weightPerMinute, int recentTradesOnSubscribe) {

    /** @return the real venue's behaviour on ephemeral ports */
    public static HyperliquidConfig defaults() {
        return new HyperliquidConfig(0, 0, 5_000, 500, 2_000, 1_000, 60_000, 10, 1000, 2000, 1200, 30);
    }

    /** @param ws websocket port @param rest REST port @return a copy with those ports */
    public HyperliquidConfig withPorts(final int ws, final int rest) {
        return new HyperliquidConfig(ws, rest, l2BookIntervalMs, l2BookFastIntervalMs, allMidsIntervalMs,
            assetCtxIntervalMs, idleTimeoutMs, maxConnections, maxSubscriptions, maxMessagesPerMinute,
            weightPerMinute, recentTradesOnSubscribe);
    }

    /** @param bookMs default l2Book cadence @param fastMs fast l2Book cadence @return a copy with them */
    public HyperliquidConfig withBookCadence(final long bookMs, final long fastMs) {
        return new HyperliquidConfig(webSocketPort, restPort, bookMs, fastMs, allMidsIntervalMs, assetCtxIntervalMs,
            idleTimeoutMs, maxConnections, maxSubscriptions, maxMessagesPerMinute, weightPerMinute,
            recentTradesOnSubscribe);
    }

    /** @param timeoutMs idle close @return a copy with it */
    public HyperliquidConfig withIdleTimeout(final long timeoutMs) {
        return new HyperliquidConfig(webSocketPort, restPort, l2BookIntervalMs, l2BookFastIntervalMs,
            allMidsIntervalMs, assetCtxIntervalMs, timeoutMs, maxConnections, maxSubscriptions,
            maxMessagesPerMinute, weightPerMinute, recentTradesOnSubscribe);
    }
}
