package io.slipstream.mktdata.venuesim.hyperliquid;

import static io.slipstream.mktdata.venuesim.hyperliquid.HyperliquidTestClient.channelOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

@Timeout(20)
class HyperliquidLimitsTest {
    private static final String PING = "{\"method\":\"ping\"}";
    private static final String PONG = "{\"channel\":\"pong\"}";

    private final List<HyperliquidTestClient> clients = new ArrayList<>();
    private HyperliquidFixture fixture;

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(HyperliquidTestClient::close);
        if (fixture != null) {
            fixture.close();
        }
    }

    private HyperliquidTestClient connect() throws Exception {
        final HyperliquidTestClient client = fixture.connect();
        clients.add(client);
        return client;
    }

    private static String subscribe(final HyperliquidTestClient client, final String subscription)
        throws Exception {
        client.send("{\"method\":\"subscribe\",\"subscription\":" + subscription + "}");
        return client.await(frame -> "subscriptionResponse".equals(channelOf(frame))
            || "error".equals(channelOf(frame)));
    }

    @Test
    void shouldCapSubscriptionsAcrossConnections() throws Exception {
        fixture = HyperliquidFixture.start(HyperliquidFixture.config(10, 3, 2000, 1200));
        final HyperliquidTestClient first = connect();
        final HyperliquidTestClient second = connect();
        assertThat(subscribe(first, "{\"type\":\"allMids\"}")).contains("subscriptionResponse");
        assertThat(subscribe(first, "{\"type\":\"bbo\",\"coin\":\"BTC\"}")).contains("subscriptionResponse");
        assertThat(subscribe(second, "{\"type\":\"bbo\",\"coin\":\"BTC\"}")).contains("subscriptionResponse");
        assertThat(subscribe(second, "{\"type\":\"trades\",\"coin\":\"BTC\"}"))
            .isEqualTo("{\"channel\":\"error\",\"data\":\"Cannot subscribe to more than 3 channels.\"}");

        first.send("{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"allMids\"}}");
        first.await(frame -> "subscriptionResponse".equals(channelOf(frame)));
        assertThat(subscribe(second, "{\"type\":\"trades\",\"coin\":\"BTC\"}")).contains("subscriptionResponse");

        // a closed connection gives its subscriptions back
        first.close();
        clients.remove(first);
        final long deadline = System.currentTimeMillis() + 3_000;
        String answer = "";
        while (!answer.contains("subscriptionResponse") && System.currentTimeMillis() < deadline) {
            answer = subscribe(second, "{\"type\":\"trades\",\"coin\":\"ETH\"}");
            Thread.sleep(50);
        }
        assertThat(answer).contains("subscriptionResponse");
    }

    @Test
    void shouldCapMessagesPerMinuteAcrossConnections() throws Exception {
        fixture = HyperliquidFixture.start(HyperliquidFixture.config(10, 1000, 5, 1200));
        final HyperliquidTestClient first = connect();
        final HyperliquidTestClient second = connect();
        for (int i = 0; i < 3; i++) {
            first.send(PING);
            assertThat(first.next()).isEqualTo(PONG);
        }
        second.send(PING);
        assertThat(second.next()).isEqualTo(PONG);
        second.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"allMids\"}}");
        assertThat(second.next()).contains("subscriptionResponse");
        second.send(PING);
        assertThat(second.await(frame -> "error".equals(channelOf(frame))))
            .isEqualTo("{\"channel\":\"error\",\"data\":\"Cannot send more than 5 messages per minute.\"}");
        first.send(PING);
        assertThat(first.next()).isEqualTo(
            "{\"channel\":\"error\",\"data\":\"Cannot send more than 5 messages per minute.\"}");
    }

    @Test
    void shouldRefuseConnectionsBeyondTheLimit() throws Exception {
        fixture = HyperliquidFixture.start(HyperliquidFixture.config(2, 1000, 2000, 1200));
        final HyperliquidTestClient first = connect();
        final HyperliquidTestClient second = connect();
        final HyperliquidTestClient third = connect();
        assertThat(third.awaitClose(2_000)).isEqualTo(1008);
        assertThat(third.closeReason()).contains("Too many connections");
        second.send(PING);
        assertThat(second.next()).isEqualTo(PONG);

        first.close();
        clients.remove(first);
        final long deadline = System.currentTimeMillis() + 3_000;
        HyperliquidTestClient fourth = connect();
        while (fourth.awaitClose(300) == 1008 && System.currentTimeMillis() < deadline) {
            fourth = connect(); // the server may not have seen the first one go yet
        }
        fourth.send(PING);
        assertThat(fourth.next()).isEqualTo(PONG);
    }

    @Test
    void shouldCloseAConnectionThatReceivesNothing() throws Exception {
        fixture = HyperliquidFixture.start();
        final long start = System.currentTimeMillis();
        final HyperliquidTestClient client = connect();
        assertThat(client.awaitClose(4_000)).isEqualTo(1000);
        assertThat(System.currentTimeMillis() - start).isBetween(1_400L, 3_000L);
    }

    @Test
    void shouldKeepAPingingConnectionOpen() throws Exception {
        fixture = HyperliquidFixture.start();
        final HyperliquidTestClient client = connect();
        for (int i = 0; i < 6; i++) {
            client.send(PING);
            assertThat(client.next()).isEqualTo(PONG);
            Thread.sleep(500);
        }
        assertThat(client.isOpen()).isTrue();
        assertThat(client.awaitClose(3_000)).isEqualTo(1000);
    }

    @Test
    void shouldKeepASubscribedConnectionOpenWhileDataFlows() throws Exception {
        fixture = HyperliquidFixture.start();
        final HyperliquidTestClient client = connect();
        subscribe(client, "{\"type\":\"l2Book\",\"coin\":\"BTC\"}");
        client.collect(2_500);
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void shouldRejectOtherPaths() throws Exception {
        fixture = HyperliquidFixture.start();
        assertThatThrownBy(() -> HyperliquidTestClient.connect(fixture.venue.webSocketUri(), "/info"))
            .isInstanceOf(java.util.concurrent.ExecutionException.class);
    }
}
