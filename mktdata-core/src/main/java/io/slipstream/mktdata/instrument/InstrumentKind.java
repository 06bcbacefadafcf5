package io.slipstream.mktdata.instrument;

/** What an instrument is, as far as naming and precision rules go. */
public enum InstrumentKind {
    /** A perpetual future: Hyperliquid {@code BTC}, {@code kPEPE}; Binance {@code BTCUSDT}. */
    PERPETUAL,
    /** A Hyperliquid spot pair: {@code @107}, or {@code PURR/USDC}. */
    SPOT,
    /** A Hyperliquid HIP-3 builder-deployed perpetual: {@code xyz:TSLA}. */
    BUILDER_PERPETUAL,
    /** A Hyperliquid HIP-4 outcome market: {@code #12}. */
    OUTCOME
}
