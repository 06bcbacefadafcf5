package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.venuesim.fault.FaultController;
import io.slipstream.mktdata.venuesim.market.LevelChanges;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SyntheticMarket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Market events driven by the test itself (the synthetic market stopped, this thread owns the market): replayed
 * frames go out byte for byte, and klines close with {@code x:true} when the market clock passes their bucket.
 */
class BinanceReplayAndKlineTest {
    private static final long MINUTE_MS = 60_000;

    private BinanceFixture fixture;
    private SimSymbol btc;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = BinanceFixture.start();
        Thread.sleep(100);
        fixture.stopMarket();
        btc = fixture.btc();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(WsClient::close);
        fixture.close();
    }

    private WsClient connect(final String path) throws Exception {
        final WsClient client = fixture.connect(path);
        clients.add(client);
        Thread.sleep(100); // the subscription is registered once the handshake completes on the server
        return client;
    }

    private long bestBid() {
        synchronized (btc) {
            return btc.book().bestBidPrice();
        }
    }

    @Test
    @Timeout(20)
    void shouldSendReplayedFramesUnchangedAndStopRenderingThatStream() throws Exception {
        final WsClient raw = connect("/public/ws/btcusdt@depth@0ms/btcusdt@bookTicker");
        final WsClient combined = connect("/public/stream?streams=btcusdt@depth@0ms");
        final String captured = "{\"e\":\"depthUpdate\",\"E\":1,\"T\":1,\"s\":\"BTCUSDT\",\"U\":5,\"u\":6,"
            + "\"pu\":4,\"b\":[[\"1.0\",  \"2.000\"]],\"a\":[]}";

        fixture.market.replayedFrame(btc, "btcusdt@depth@0ms", captured);
        final LevelChanges update = fixture.market.beginUpdate();
        update.bids().add(bestBid(), 5 * btc.lotMantissa());
        fixture.market.applyUpdate(btc, 1);

        assertThat(raw.next(2_000)).isEqualTo(captured);
        assertThat(combined.next(2_000)).isEqualTo("{\"stream\":\"btcusdt@depth@0ms\",\"data\":" + captured + "}");
        // The diff stream is now fed by the capture only; book ticker is still rendered from the market.
        final String next = raw.next(2_000);
        assertThat(Json.object(next).get("e")).isEqualTo("bookTicker");
        assertThat(raw.collect(200)).isEmpty();
        assertThat(combined.collect(200)).isEmpty();
    }

    @Test
    @Timeout(20)
    void shouldCloseTheKlineWhenTheClockPassesItsBucket() throws Exception {
        final WsClient client = connect("/market/ws/btcusdt@kline_1m");
        final long bucket = (fixture.market.nowMs() / MINUTE_MS + 1) * MINUTE_MS;

        // Klines go out on the 250 ms cadence of market time: each trade is followed by a clock move past it.
        fixture.market.advanceTo(bucket + 1_000);
        fixture.market.trade(btc, bestBid(), btc.lotMantissa(), true, 1);
        fixture.market.advanceTo(bucket + 1_300);
        final Map<String, Object> open = Json.asObject(Json.object(client.next(2_000)).get("k"));
        fixture.market.advanceTo(bucket + MINUTE_MS + 500);
        final Map<String, Object> closed = Json.asObject(Json.object(client.next(2_000)).get("k"));
        fixture.market.trade(btc, bestBid(), 2 * btc.lotMantissa(), false, 1);
        fixture.market.advanceTo(bucket + MINUTE_MS + 800);
        final Map<String, Object> next = Json.asObject(Json.object(client.next(2_000)).get("k"));

        assertThat(open.get("t")).isEqualTo(bucket);
        assertThat(open.get("x")).isEqualTo(false);
        assertThat(closed.get("t")).isEqualTo(bucket);
        assertThat(closed.get("x")).isEqualTo(true);
        assertThat(closed.get("v")).isEqualTo(open.get("v"));
        assertThat(next.get("t")).isEqualTo(bucket + MINUTE_MS);
        assertThat(next.get("x")).isEqualTo(false);
        assertThat(next.get("n")).isEqualTo(1L);
    }

    @Test
    @Timeout(20)
    void shouldNeverRenderAStreamTheCaptureDeclares() throws Exception {
        final SimMarket replayMarket = new SimMarket(System.currentTimeMillis());
        new SyntheticMarket(replayMarket, 1, 7, 1_000, 10); // only for its symbol; it never runs
        final SimSymbol symbol = replayMarket.binance("BTCUSDT");
        symbol.markCaptured("btcusdt@bookTicker");
        try (BinanceVenue venue = new BinanceVenue(replayMarket, new FaultController(), BinanceConfig.defaults())) {
            venue.start();
            final WsClient client = WsClient.connect(java.net.URI.create(venue.webSocketUri()
                + "/public/stream?streams=btcusdt@bookTicker/btcusdt@depth@0ms"));
            clients.add(client);
            Thread.sleep(100);

            for (int i = 1; i <= 3; i++) {
                final LevelChanges update = replayMarket.beginUpdate();
                update.bids().add(9_700_000 - i, i * symbol.lotMantissa());
                update.asks().add(9_700_000 + i, i * symbol.lotMantissa());
                replayMarket.applyUpdate(symbol, 1);
            }
            final List<String> frames = client.collect(300);

            assertThat(frames).hasSize(3).allMatch(frame -> frame.startsWith("{\"stream\":\"btcusdt@depth@0ms\""));
        }
    }
}
