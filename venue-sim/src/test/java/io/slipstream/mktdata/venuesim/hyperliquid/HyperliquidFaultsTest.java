package io.slipstream.mktdata.venuesim.hyperliquid;

import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.channelOf;
import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.data;
import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.fault.Selector;
import io.slipstream.mktdata.venuesim.net.CloseKind;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

@Timeout(20)
class HyperliquidFaultsTest {
    private static final String FAST_SOL = "{\"type\":\"l2Book\",\"coin\":\"SOL\",\"fast\":true}";

    private final List<HyperliquidTestClient> clients = new ArrayList<>();
    private HyperliquidFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = HyperliquidFixture.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(HyperliquidTestClient::close);
        fixture.close();
    }

    private HyperliquidTestClient connect() throws Exception {
        final HyperliquidTestClient client = fixture.connect();
        clients.add(client);
        return client;
    }

    private HyperliquidTestClient subscribedToFastBook() throws Exception {
        final HyperliquidTestClient client = connect();
        client.send("{\"method\":\"subscribe\",\"subscription\":" + FAST_SOL + "}");
        client.await(frame -> "subscriptionResponse".equals(channelOf(frame)));
        client.next();
        return client;
    }

    private static long bookTime(final String frame) {
        return (Long) data(json(frame)).get("time");
    }

    @Test
    void shouldDisconnectWithEachCloseKind() throws Exception {
        for (final CloseKind kind : CloseKind.values()) {
            final HyperliquidTestClient client = subscribedToFastBook();
            final long id = fixture.faults.select(Venue.HYPERLIQUID, Selector.ALL).get(0).id();
            assertThat(fixture.faults.disconnect(Venue.HYPERLIQUID, Selector.connection(id), kind)).isEqualTo(1);
            final int expected = kind == CloseKind.NORMAL ? 1000 : kind == CloseKind.GOING_AWAY ? 1001 : 1006;
            assertThat(client.awaitClose(3_000)).as(kind.name()).isEqualTo(expected);
            client.close();
            final long deadline = System.currentTimeMillis() + 2_000;
            while (!fixture.faults.select(Venue.HYPERLIQUID, Selector.ALL).isEmpty()
                && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(fixture.faults.select(Venue.HYPERLIQUID, Selector.ALL)).isEmpty();
        }
    }

    @Test
    void shouldStallThenResume() throws Exception {
        final HyperliquidTestClient client = subscribedToFastBook();
        client.collect(200);
        assertThat(fixture.faults.stall(Venue.HYPERLIQUID, Selector.symbol("SOL"), 700)).isEqualTo(1);
        client.collect(100); // a frame may have been on its way
        final long silentFrom = System.currentTimeMillis();
        final String resumed = client.next();
        assertThat(System.currentTimeMillis() - silentFrom).isGreaterThanOrEqualTo(450);
        assertThat(channelOf(resumed)).isEqualTo("l2Book");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void shouldDuplicateFrames() throws Exception {
        final HyperliquidTestClient client = subscribedToFastBook();
        assertThat(fixture.faults.duplicate(Venue.HYPERLIQUID, Selector.symbol("SOL"), 1)).isEqualTo(1);
        final List<String> frames = client.collect(500);
        boolean twice = false;
        for (int i = 1; i < frames.size(); i++) {
            twice |= frames.get(i).equals(frames.get(i - 1));
        }
        assertThat(twice).isTrue();
        assertThat(fixture.faults.duplicate(Venue.HYPERLIQUID, Selector.symbol("BTC"), 1)).isZero();
    }

    @Test
    void shouldReorderFrames() throws Exception {
        final HyperliquidTestClient client = subscribedToFastBook();
        client.collect(100);
        assertThat(fixture.faults.reorder(Venue.HYPERLIQUID, Selector.ALL, 1)).isEqualTo(1);
        final List<String> frames = client.collect(500);
        int backwards = 0;
        for (int i = 1; i < frames.size(); i++) {
            if (bookTime(frames.get(i)) < bookTime(frames.get(i - 1))) {
                backwards++;
            }
        }
        assertThat(backwards).isEqualTo(1);
    }

    @Test
    void shouldSendMalformedAndTruncatedFrames() throws Exception {
        final HyperliquidTestClient client = connect();
        assertThat(fixture.faults.malformed(Venue.HYPERLIQUID, Selector.ALL, false)).isEqualTo(1);
        assertThat(client.next()).startsWith("\u0000garbage");
        assertThat(fixture.faults.malformed(Venue.HYPERLIQUID, Selector.ALL, true)).isEqualTo(1);
        final String truncated = client.next();
        assertThat(truncated).startsWith("{\"channel\":\"l2Book\"");
        assertThat(HyperliquidJson.parseObject(truncated)).isNull();
        client.send("{\"method\":\"ping\"}");
        assertThat(client.next()).isEqualTo("{\"channel\":\"pong\"}");
    }

    @Test
    void shouldGreetNewConnectionsWhenTold() throws Exception {
        fixture.faults.greeting(Venue.HYPERLIQUID, true);
        final HyperliquidTestClient client = connect();
        assertThat(client.next()).isEqualTo("Websocket connection established.");
        fixture.faults.greeting(Venue.HYPERLIQUID, false);
        final HyperliquidTestClient plain = connect();
        plain.send("{\"method\":\"ping\"}");
        assertThat(plain.next()).isEqualTo("{\"channel\":\"pong\"}");
    }

    @Test
    void shouldRefuseConnectionsWhileTold() throws Exception {
        fixture.faults.refuseConnections(Venue.HYPERLIQUID, 500);
        assertThatThrownBy(this::connect).isInstanceOf(ExecutionException.class);
        Thread.sleep(600);
        final HyperliquidTestClient client = connect();
        client.send("{\"method\":\"ping\"}");
        assertThat(client.next()).isEqualTo("{\"channel\":\"pong\"}");
    }

    @Test
    void shouldCloseConnectionsAtTheirMaximumLifetime() throws Exception {
        fixture.faults.maxConnectionLifetime(Venue.HYPERLIQUID, 300);
        final HyperliquidTestClient client = subscribedToFastBook();
        assertThat(client.awaitClose(2_500)).isEqualTo(1000);
    }
}
