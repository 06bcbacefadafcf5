package io.slipstream.mktdata.venuesim.replay;

import java.util.Locale;

/**
 * Which Hyperliquid coin a Binance symbol corresponds to and back, for rendering one market on both venues:
 * {@code BTCUSDT <-> BTC}, {@code 1000PEPEUSDT <-> kPEPE}. Stateless.
 */
public final class SymbolMapping {
    private SymbolMapping() {
    }

    /** @param binanceSymbol e.g. {@code 1000PEPEUSDT} @return the coin, e.g. {@code kPEPE} */
    public static String coinOf(final String binanceSymbol) {
        String base = binanceSymbol.toUpperCase(Locale.ROOT);
        if (base.endsWith("USDT")) {
            base = base.substring(0, base.length() - 4);
        }
        return base.startsWith("1000") && base.length() > 4 ? "k" + base.substring(4) : base;
    }

    /** @param coin e.g. {@code kPEPE} @return the Binance symbol, e.g. {@code 1000PEPEUSDT} */
    public static String binanceOf(final String coin) {
        final String base = coin.startsWith("k") && coin.length() > 1 && Character.isUpperCase(coin.charAt(1))
            ? "1000" + coin.substring(1) : coin;
        return base.toUpperCase(Locale.ROOT) + "USDT";
    }
}
