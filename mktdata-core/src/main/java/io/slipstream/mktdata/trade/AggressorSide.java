package io.slipstream.mktdata.trade;

/** Which side took liquidity in a trade. */
public enum AggressorSide {
    /** The taker bought (lifted the offer). Binance {@code m=false}; Hyperliquid {@code side="B"}. */
    BUY,
    /** The taker sold (hit the bid). Binance {@code m=true}; Hyperliquid {@code side="A"}. */
    SELL,
    /** The venue did not say. */
    UNKNOWN;

    private static final AggressorSide[] VALUES = values();

    /**
     * @param code an {@link #ordinal()}
     * @return the side, or {@link #UNKNOWN} for an unknown code
     */
    public static AggressorSide fromCode(final int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : UNKNOWN;
    }

    /**
     * @param buyerIsMaker Binance's {@code m} field
     * @return the aggressor side: the taker sold when the buyer was the maker
     */
    public static AggressorSide fromBinanceBuyerIsMaker(final boolean buyerIsMaker) {
        return buyerIsMaker ? SELL : BUY;
    }

    /** @return +1 for a buy, -1 for a sell, 0 if unknown: the sign of signed volume */
    public int sign() {
        return this == BUY ? 1 : this == SELL ? -1 : 0;
    }
}
