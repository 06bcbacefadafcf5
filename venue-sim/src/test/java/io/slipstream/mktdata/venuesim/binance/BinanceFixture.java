package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SyntheticMarket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A synthetic market (3 symbols, 2000 events/s) with the Binance venue on loopback, for one test. */
final class BinanceFixture implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final SimMarket market = new SimMarket(System.currentTimeMillis());
    final SyntheticMarket synthetic = new SyntheticMarket(market, 3, 42, 2_000, 50);
    final FaultController faults = new FaultController();
    final BinanceVenue venue;
    private final Thread marketThread;

    /**
     * @param config the venue settings
     * @throws Exception if the venue cannot start
     */
    BinanceFixture(final BinanceConfig config) throws Exception {
        venue = new BinanceVenue(market, faults, config);
        venue.start();
        marketThread = new Thread(synthetic, "test-market");
        marketThread.setDaemon(true);
        marketThread.start();
    }

    /** @return the fixture with short pings (so nothing waits three minutes) */
    static BinanceFixture start() throws Exception {
        return new BinanceFixture(BinanceConfig.defaults().withPing(60_000, 120_000));
    }

    /** @return BTCUSDT */
    SimSymbol btc() {
        return market.binance("BTCUSDT");
    }

    /**
     * @param path e.g. {@code /public/ws}
     * @return a connected JDK websocket client
     */
    WsClient connect(final String path) throws Exception {
        return WsClient.connect(URI.create(venue.webSocketUri() + path));
    }

    /**
     * @param pathAndQuery e.g. {@code /fapi/v1/depth?symbol=BTCUSDT}
     * @return the response
     */
    HttpResponse<String> get(final String pathAndQuery) throws Exception {
        return get(pathAndQuery, Duration.ofSeconds(10));
    }

    /**
     * @param pathAndQuery e.g. {@code /fapi/v1/depth?symbol=BTCUSDT}
     * @param timeout      request timeout
     * @return the response
     */
    HttpResponse<String> get(final String pathAndQuery, final Duration timeout) throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(venue.restUri() + pathAndQuery))
            .timeout(timeout).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the market thread and waits for it; the test thread may then drive {@code market} itself. */
    void stopMarket() throws InterruptedException {
        synthetic.stop();
        marketThread.join(5_000);
    }

    @Override
    public void close() {
        try {
            stopMarket();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        venue.close();
    }
}
