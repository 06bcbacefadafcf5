package io.slipstream.mktdata.ipc.client;

/**
 * An instrument the daemon serves.
 *
 * @param venue      the venue
 * @param symbol     the venue's symbol
 * @param priceScale price decimals ({@code round(price * 10^priceScale)} is the exact mantissa)
 * @param sizeScale  size decimals
 */
public record InstrumentInfo(String venue, String symbol, int priceScale, int sizeScale) {
}
