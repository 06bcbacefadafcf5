package io.slipstream.mktdata.venue.binance;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.venue.capture.RawCaptureWriter;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Settings of the Binance USD-M Futures adapter.
 *
 * @param restBaseUri             e.g. {@code https://fapi.binance.com} or {@code http://127.0.0.1:PORT}
 * @param publicWsBaseUri         the {@code /public} route, e.g. {@code wss://fstream.binance.com/public}
 * @param marketWsBaseUri         the {@code /market} route, e.g. {@code wss://fstream.binance.com/market}
 * @param symbols                 upper-case symbols to carry, or null for every perpetual that is TRADING
 * @param candleIntervals         kline intervals to subscribe and backfill
 * @param candleRetention         how many candles of an interval to backfill (the engine's retention)
 * @param depthSpeed              depth stream suffix, e.g. {@code @100ms} (or {@code ""} for 250 ms)
 * @param reconnectDelayMs        first reconnect delay
 * @param maxReconnectDelayMs     reconnect delay cap
 * @param maxStreamsPerConnection streams per socket (Binance allows 1024; stay well below)
 * @param streamsPerSubscribe     streams per SUBSCRIBE message
 * @param maxMessagesPerSecond    outgoing messages per second per socket (Binance disconnects above 10)
 * @param restSafetyFraction      share of the venue's REST weight limit we allow ourselves
 * @param restWeightPerMinute     the REST limit assumed until exchangeInfo states it
 * @param maxConcurrentResyncs    depth snapshots fetched at once
 * @param capture                 raw capture writer, or null
 * @param depthStaleMs            a subscribed depth stream silent this long is resubscribed, then its socket recycled
 * @param watchdogPeriodMs        how often staleness is checked
 * @param maxConnectionAgeMs      sockets are recycled after this (Binance cuts them at 24 h)
 * @param backfillTrades          backfill trades missed across reconnects and aggregate-id gaps
 */
public record BinanceAdapterConfig(
    URI restBaseUri,
    URI publicWsBaseUri,
    URI marketWsBaseUri,
    List<String> symbols,
    List<CandleInterval> candleIntervals,
    ToIntFunction<CandleInterval> candleRetention,
    String depthSpeed,
    long reconnectDelayMs,
    long maxReconnectDelayMs,
    int maxStreamsPerConnection,
    int streamsPerSubscribe,
    int maxMessagesPerSecond,
    double restSafetyFraction,
    long restWeightPerMinute,
    int maxConcurrentResyncs,
    RawCaptureWriter capture,
    long depthStaleMs,
    long watchdogPeriodMs,
    long maxConnectionAgeMs,
    boolean backfillTrades) {

    /** Default intervals: 15m, 1h, 4h. */
    public static final List<CandleInterval> DEFAULT_INTERVALS =
        List.of(CandleInterval.M15, CandleInterval.H1, CandleInterval.H4);

    /** Validates. */
    public BinanceAdapterConfig {
        Objects.requireNonNull(restBaseUri, "restBaseUri");
        Objects.requireNonNull(publicWsBaseUri, "publicWsBaseUri");
        Objects.requireNonNull(marketWsBaseUri, "marketWsBaseUri");
        symbols = symbols == null ? null : List.copyOf(symbols);
        candleIntervals = candleIntervals == null ? List.of() : List.copyOf(candleIntervals);
        candleRetention = candleRetention == null ? interval -> 2000 : candleRetention;
        depthSpeed = depthSpeed == null ? "" : depthSpeed;
        if (maxStreamsPerConnection < 1 || maxStreamsPerConnection > 1024) {
            throw new IllegalArgumentException("maxStreamsPerConnection must be 1..1024: " + maxStreamsPerConnection);
        }
        if (maxMessagesPerSecond < 1 || maxMessagesPerSecond >= 10) {
            throw new IllegalArgumentException("maxMessagesPerSecond must be 1..9: " + maxMessagesPerSecond);
        }
        if (streamsPerSubscribe < 1) {
            throw new IllegalArgumentException("streamsPerSubscribe must be positive");
        }
        if (maxConcurrentResyncs < 1) {
            throw new IllegalArgumentException("maxConcurrentResyncs must be positive");
        }
    }

    /**
     * The defaults for the given endpoints: every perpetual, 15m/1h/4h candles (2000 kept), {@code @100ms} depth,
     * 200 streams per socket, 5 messages per second, 80% of the REST budget, depth stale after 10 s, sockets
     * recycled after 23 h.
     *
     * @param restBaseUri     REST base
     * @param publicWsBaseUri {@code /public} websocket base
     * @param marketWsBaseUri {@code /market} websocket base
     * @return the config
     */
    public static BinanceAdapterConfig defaults(final URI restBaseUri, final URI publicWsBaseUri,
                                                final URI marketWsBaseUri) {
        return new BinanceAdapterConfig(restBaseUri, publicWsBaseUri, marketWsBaseUri, null, DEFAULT_INTERVALS,
            interval -> interval == CandleInterval.H4 ? 1200 : 2000, "@100ms", 1_000, 60_000, 200, 100, 5, 0.8,
            2400, 4, null, 10_000, 1_000, 23 * 3_600_000L, true);
    }

    /** @return the production endpoints ({@code fapi.binance.com}, {@code fstream.binance.com} routes) */
    public static BinanceAdapterConfig production() {
        return defaults(URI.create("https://fapi.binance.com"), URI.create("wss://fstream.binance.com/public"),
            URI.create("wss://fstream.binance.com/market"));
    }

    /**
     * @param value symbols, or null for all
     * @return a copy with them
     */
    public BinanceAdapterConfig withSymbols(final List<String> value) {
        return new BinanceAdapterConfig(restBaseUri, publicWsBaseUri, marketWsBaseUri, value, candleIntervals,
            candleRetention, depthSpeed, reconnectDelayMs, maxReconnectDelayMs, maxStreamsPerConnection,
            streamsPerSubscribe, maxMessagesPerSecond, restSafetyFraction, restWeightPerMinute, maxConcurrentResyncs,
            capture, depthStaleMs, watchdogPeriodMs, maxConnectionAgeMs, backfillTrades);
    }

    /**
     * @param intervals  kline intervals
     * @param retention  candles to backfill per interval
     * @return a copy with them
     */
    public BinanceAdapterConfig withCandles(final List<CandleInterval> intervals,
                                            final ToIntFunction<CandleInterval> retention) {
        return new BinanceAdapterConfig(restBaseUri, publicWsBaseUri, marketWsBaseUri, symbols, intervals,
            retention, depthSpeed, reconnectDelayMs, maxReconnectDelayMs, maxStreamsPerConnection,
            streamsPerSubscribe, maxMessagesPerSecond, restSafetyFraction, restWeightPerMinute, maxConcurrentResyncs,
            capture, depthStaleMs, watchdogPeriodMs, maxConnectionAgeMs, backfillTrades);
    }

    /**
     * @param speed depth suffix, e.g. {@code @100ms}, {@code @0ms}
     * @return a copy with it
     */
    public BinanceAdapterConfig withDepthSpeed(final String speed) {
        return new BinanceAdapterConfig(restBaseUri, publicWsBaseUri, marketWsBaseUri, symbols, candleIntervals,
            candleRetention, speed, reconnectDelayMs, maxReconnectDelayMs, maxStreamsPerConnection,
            streamsPerSubscribe, maxMessagesPerSecond, restSafetyFraction, restWeightPerMinute, maxConcurrentResyncs,
            capture, depthStaleMs, watchdogPeriodMs, maxConnectionAgeMs, backfillTrades);
    }

    /**
     * @param initialMs first delay
     * @param maxMs     cap
     * @return a copy with them
     */
    public BinanceAdapterConfig withReconnectDelays(final long initialMs, final long maxMs) {
        return new BinanceAdapterConfig(restBaseUri, publicWsBaseUri, marketWsBaseUri, symbols, candleIntervals,
            candleRetention, depthSpeed, initialMs, maxMs, maxStreamsPerConnection,
            streamsPerSubscribe, maxMessagesPerSecond, restSafetyFraction, restWeightPerMinute, maxConcurrentResyncs,
            capture, depthStaleMs, watchdogPeriodMs, maxConnectionAgeMs, backfillTrades);
    }

    /**
     * @param streamsPerConnection streams per socket
     * @param streamsPerMessage    streams per SUBSCRIBE
     * @return a copy with them
     */
    public BinanceAdapterConfig withStreamLimits(final int streamsPerConnection, final int streamsPerMessage) {
        return new BinanceAdapterConfig(restBaseUri, publicWsBaseUri, marketWsBaseUri, symbols, candleIntervals,
            candleRetention, depthSpeed, reconnectDelayMs, maxReconnectDelayMs, streamsPerConnection,
            streamsPerMessage, maxMessagesPerSecond, restSafetyFraction, restWeightPerMinute, maxConcurrentResyncs,
            capture, depthStaleMs, watchdogPeriodMs, maxConnectionAgeMs, backfillTrades);
    }

    /**
     * @param staleMs  depth silence before resubscribing
     * @param maxAgeMs socket age before recycling
     * @return a copy with them
     */
    public BinanceAdapterConfig withWatchdog(final long staleMs, final long maxAgeMs) {
        return new BinanceAdapterConfig(restBaseUri, publicWsBaseUri, marketWsBaseUri, symbols, candleIntervals,
            candleRetention, depthSpeed, reconnectDelayMs, maxReconnectDelayMs, maxStreamsPerConnection,
            streamsPerSubscribe, maxMessagesPerSecond, restSafetyFraction, restWeightPerMinute, maxConcurrentResyncs,
            capture, staleMs, watchdogPeriodMs, maxAgeMs, backfillTrades);
    }

    /**
     * @param writer raw capture, or null
     * @return a copy with it
     */
    public BinanceAdapterConfig withCapture(final RawCaptureWriter writer) {
        return new BinanceAdapterConfig(restBaseUri, publicWsBaseUri, marketWsBaseUri, symbols, candleIntervals,
            candleRetention, depthSpeed, reconnectDelayMs, maxReconnectDelayMs, maxStreamsPerConnection,
            streamsPerSubscribe, maxMessagesPerSecond, restSafetyFraction, restWeightPerMinute, maxConcurrentResyncs,
            writer, depthStaleMs, watchdogPeriodMs, maxConnectionAgeMs, backfillTrades);
    }
}
