package io.slipstream.mktdata.venuesim.hyperliquid;

import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SyntheticMarket;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A running synthetic market (BTC, ETH, SOL) with the simulated Hyperliquid on ephemeral loopback ports and short
 * cadences, for one test.
 */
final class HyperliquidFixture implements AutoCloseable {
    final SimMarket market = new SimMarket(System.currentTimeMillis());
    final SyntheticMarket synthetic = new SyntheticMarket(market, 3, 7, 2_000, 50);
    final FaultController faults = new FaultController();
    final HyperliquidVenue venue;
    private final Thread marketThread;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HyperliquidFixture(final HyperliquidConfig config) throws IOException {
        venue = new HyperliquidVenue(market, faults, config);
        venue.start();
        marketThread = new Thread(synthetic, "synthetic-market");
        marketThread.setDaemon(true);
        marketThread.start();
    }

    /** @return a fixture with 200 ms books, 50 ms fast books, 200 ms mids and contexts, 1.5 s idle close */
    static HyperliquidFixture start() throws IOException {
        return start(config(10, 1000, 2000, 1200));
    }

    /** @param config the venue's config @return a running fixture */
    static HyperliquidFixture start(final HyperliquidConfig config) throws IOException {
        return new HyperliquidFixture(config);
    }

    /**
     * @param maxConnections       connection limit
     * @param maxSubscriptions     subscription limit
     * @param maxMessagesPerMinute message limit
     * @param weightPerMinute      REST weight budget
     * @return short cadences with those limits
     */
    static HyperliquidConfig config(final int maxConnections, final int maxSubscriptions,
                                    final int maxMessagesPerMinute, final int weightPerMinute) {
        return new HyperliquidConfig(0, 0, 200, 50, 200, 200, 1_500, maxConnections, maxSubscriptions,
            maxMessagesPerMinute, weightPerMinute, 30);
    }

    /** @return a connected websocket client */
    HyperliquidTestClient connect() throws Exception {
        return HyperliquidTestClient.connect(venue.webSocketUri());
    }

    /**
     * @param body a JSON body
     * @return the response of {@code POST /info}
     */
    HttpResponse<String> info(final String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(venue.restUri() + "/info"))
            .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the HTTP client, for unusual requests */
    HttpClient http() {
        return http;
    }

    /** Stops the synthetic market; the calling thread may then drive the market itself. */
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
        http.close();
    }
}
