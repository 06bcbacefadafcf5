package io.slipstream.mktdata.launcher.config;

import java.util.Locale;

/**
 * The market-data channels a venue section may list under {@code channels}, named alike for both venues (Hyperliquid
 * calls them {@code l2Book}, {@code trades}, {@code bbo}, {@code candle}, {@code activeAssetCtx}; Binance
 * {@code depth}, {@code aggTrade}, {@code bookTicker}, {@code kline}, {@code markPrice}).
 */
public enum MarketChannel {
    /** L2 order books. */
    BOOK,
    /** Trades with aggressor side. */
    TRADES,
    /** Best bid/offer. */
    QUOTES,
    /** Candles of the venue's {@code candle_intervals}. */
    CANDLES,
    /** Mark, oracle and funding. */
    MARK;

    /** @return the name used in the config file, e.g. {@code book} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a config name
     * @return the channel, or null if unknown
     */
    public static MarketChannel fromConfigName(final String name) {
        for (final MarketChannel channel : values()) {
            if (channel.configName().equals(name)) {
                return channel;
            }
        }
        return null;
    }
}
