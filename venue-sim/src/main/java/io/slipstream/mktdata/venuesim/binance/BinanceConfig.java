package io.slipstream.mktdata.venuesim.binance;

/**
 * Settings of the simulated Binance USD-M venue; defaults are the real venue's documented limits.
 *
 * @param webSocketPort           websocket port, 0 for an ephemeral one
 * @param restPort                REST port, 0 for an ephemeral one
 * @param pingIntervalMs          the server pings every connection this often (real: 3 minutes)
 * @param pongTimeoutMs           no pong for this long disconnects (real: 10 minutes)
 * @param maxInboundPerSecond     client messages per second per connection before a disconnect (real: 10)
 * @param maxStreamsPerConnection streams per connection (real: 1024)
 * @param requestWeightPerMinute  REST weight budget per minute (real: 2400)
 * @param banMs                   how long a 418 ban lasts once 429s are ignored (real: 2 minutes to 3 days)
 */
public record BinanceConfig(
    int webSocketPort, int restPort, long pingIntervalMs, long pongTimeoutMs, int maxInboundPerSecond,
    int maxStreamsPerConnection, int requestWeightPerMinute, long banMs) {

    /** @return the real venue's limits on ephemeral ports */
    public static BinanceConfig defaults() {
        return new BinanceConfig(0, 0, 180_000, 600_000, 10, 1024, 2400, 120_000);
    }

    /** @param ws websocket port @param rest REST port @return a copy with those ports */
    public BinanceConfig withPorts(final int ws, final int rest) {
        return new BinanceConfig(ws, rest, pingIntervalMs, pongTimeoutMs, maxInboundPerSecond,
            maxStreamsPerConnection, requestWeightPerMinute, banMs);
    }

    /** @param intervalMs ping interval @param timeoutMs pong timeout @return a copy with those timings */
    public BinanceConfig withPing(final long intervalMs, final long timeoutMs) {
        return new BinanceConfig(webSocketPort, restPort, intervalMs, timeoutMs, maxInboundPerSecond,
            maxStreamsPerConnection, requestWeightPerMinute, banMs);
    }

    /** @param weight REST weight per minute @return a copy with that budget */
    public BinanceConfig withRequestWeightPerMinute(final int weight) {
        return new BinanceConfig(webSocketPort, restPort, pingIntervalMs, pongTimeoutMs, maxInboundPerSecond,
            maxStreamsPerConnection, weight, banMs);
    }
}
