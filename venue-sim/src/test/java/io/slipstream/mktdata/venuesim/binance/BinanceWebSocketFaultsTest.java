package io.slipstream.mktdata.venuesim.binance;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.fault.Selector;
import io.slipstream.mktdata.venuesim.net.CloseKind;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Websocket faults as a JDK websocket client sees them. */
class BinanceWebSocketFaultsTest {
    private static final Venue BINANCE = Venue.BINANCE_USDM;

    private BinanceFixture fixture;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = BinanceFixture.start();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(WsClient::close);
        fixture.close();
    }

    /** A realtime diff stream: every frame has distinct ids, so duplicates and swaps are visible. */
    private WsClient subscribed() throws Exception {
        final WsClient client = fixture.connect("/public/ws/btcusdt@depth@0ms");
        clients.add(client);
        assertThat(client.next(3_000)).as("first frame").isNotNull();
        return client;
    }

    private static long lastUpdateId(final String frame) {
        return Json.asLong(Json.object(frame).get("u"));
    }

    @Test
    @Timeout(20)
    void shouldCloseWithCode1000And1001() throws Exception {
        final WsClient normal = subscribed();
        fixture.faults.disconnect(BINANCE, Selector.ALL, CloseKind.NORMAL);
        assertThat(normal.closeCode().get(3, TimeUnit.SECONDS)).isEqualTo(1000);

        final WsClient goingAway = subscribed();
        fixture.faults.disconnect(BINANCE, Selector.ALL, CloseKind.GOING_AWAY);
        assertThat(goingAway.closeCode().get(3, TimeUnit.SECONDS)).isEqualTo(1001);
    }

    @Test
    @Timeout(20)
    void shouldDropTheConnectionAbnormallyOrByReset() throws Exception {
        for (final CloseKind kind : new CloseKind[] {CloseKind.ABNORMAL, CloseKind.RESET}) {
            final WsClient client = subscribed();
            fixture.faults.disconnect(BINANCE, Selector.ALL, kind);
            assertThat(client.awaitEnd(3_000)).as("%s noticed", kind).isTrue();
            final boolean abnormal = client.error().isDone()
                || client.closeCode().getNow(-1) == 1006;
            assertThat(abnormal).as("%s seen as an error or 1006", kind).isTrue();
            assertThat(client.closeCode().getNow(-1)).isNotIn(1000, 1001);
        }
    }

    @Test
    @Timeout(20)
    void shouldSendNothingWhileStalled() throws Exception {
        final WsClient client = subscribed();

        fixture.faults.stall(BINANCE, Selector.ALL, 800);
        client.collect(100); // frames already on the wire
        final List<String> duringStall = client.collect(500);
        final String afterStall = client.next(2_000);

        assertThat(duringStall).isEmpty();
        assertThat(afterStall).isNotNull();
        assertThat(client.ended()).isNotDone();
    }

    @Test
    @Timeout(20)
    void shouldDuplicateAFrame() throws Exception {
        final WsClient client = subscribed();

        fixture.faults.duplicate(BINANCE, Selector.ALL, 1);
        final List<String> frames = client.collect(500);

        int duplicates = 0;
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i).equals(frames.get(i - 1))) {
                duplicates++;
            }
        }
        assertThat(duplicates).isEqualTo(1);
    }

    @Test
    @Timeout(20)
    void shouldSwapTwoFrames() throws Exception {
        final WsClient client = subscribed();

        fixture.faults.reorder(BINANCE, Selector.symbol("BTCUSDT"), 1);
        final List<String> frames = client.collect(500);

        int backwards = 0;
        for (int i = 1; i < frames.size(); i++) {
            if (lastUpdateId(frames.get(i)) < lastUpdateId(frames.get(i - 1))) {
                backwards++;
            }
        }
        assertThat(backwards).isEqualTo(1);
    }

    @Test
    @Timeout(20)
    void shouldSendMalformedAndTruncatedFrames() throws Exception {
        final WsClient client = subscribed();

        fixture.faults.malformed(BINANCE, Selector.ALL, false);
        fixture.faults.malformed(BINANCE, Selector.ALL, true);
        final List<String> frames = client.collect(300);

        assertThat(frames.stream().filter(frame -> !Json.isJson(frame)).count()).isEqualTo(2);
    }

    @Test
    @Timeout(20)
    void shouldRefuseConnectionsWhileTold() throws Exception {
        fixture.faults.refuseConnections(BINANCE, 1_000);

        final Throwable refused = catchThrowable(() -> fixture.connect("/public/ws"));
        Thread.sleep(1_100);
        final WsClient accepted = fixture.connect("/public/ws");
        clients.add(accepted);

        assertThat(refused).isNotNull();
        assertThat(accepted.ended()).isNotDone();
    }

    @Test
    @Timeout(20)
    void shouldGreetWithANonJsonFrameFirst() throws Exception {
        fixture.faults.greeting(BINANCE, true);

        final WsClient client = fixture.connect("/public/ws/btcusdt@depth@0ms");
        clients.add(client);

        final String first = client.next(3_000);
        assertThat(first).isNotNull();
        assertThat(Json.isJson(first)).isFalse();
        assertThat(Json.isJson(client.next(3_000))).isTrue();
    }

    @Test
    @Timeout(20)
    void shouldCloseConnectionsAtTheirMaximumLifetime() throws Exception {
        fixture.faults.maxConnectionLifetime(BINANCE, 1_500);
        final long startNs = System.nanoTime();
        final WsClient client = subscribed();

        final int code = client.closeCode().get(5, TimeUnit.SECONDS);
        final long livedMs = (System.nanoTime() - startNs) / 1_000_000;

        assertThat(code).isEqualTo(1000);
        assertThat(livedMs).isBetween(1_400L, 3_500L);
    }
}
