/**
 * The Hyperliquid market-data adapter ({@code ../shared/docs/venues.md} section A).
 *
 * <p>{@link io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapter} loads the perps from {@code POST /info meta},
 * spreads one socket per group of coins (a coin's streams never straddle sockets) over at most 10 sockets and 1000
 * subscriptions, paces every outgoing message with one token bucket, pings with JSON, resubscribes everything on
 * every (re)open, watches each stream's cadence (resubscribe, then recycle the socket), backfills candles with paged
 * {@code candleSnapshot} calls inside the REST weight budget, and publishes status events per stream.
 *
 * <p>{@link io.slipstream.mktdata.venue.hyperliquid.HyperliquidDecoder} turns frame bytes into engine events with a
 * jackson-core streaming parser: every {@code l2Book} is a full snapshot (the engine derives the deltas; older ones
 * are dropped), {@code bbo} null sides become one-sided quotes, trades are de-duplicated on (coin, time, tid) and the
 * subscribe replay is flagged as backfilled, candles are closed when a newer bucket starts or the clock passes their
 * end, {@code activeAssetCtx} becomes mark/oracle/funding. Error frames, non-JSON text and malformed frames are
 * counted in {@link io.slipstream.mktdata.venue.hyperliquid.HyperliquidStats}, never fatal.
 */
package io.slipstream.mktdata.venue.hyperliquid;
