package io.slipstream.mktdata.venue.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.fault.Selector;
import io.slipstream.mktdata.venuesim.net.CloseKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VenueWebSocketTest {
    @Test
    void shouldDeliverFramesAsBytesAndReconnectAndResubscribeAfterEveryKindOfDisconnect() throws Exception {
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (VenueSim sim = VenueSim.builder().synthetic(2, 1, 2_000).start()) {
            final List<String> frames = new CopyOnWriteArrayList<>();
            final AtomicInteger opens = new AtomicInteger();
            final AtomicInteger closes = new AtomicInteger();
            final FrameListener listener = new FrameListener() {
                @Override
                public void onOpen(final VenueWebSocket socket) {
                    opens.incrementAndGet();
                    socket.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@bookTicker\"],\"id\":1}");
                }

                @Override
                public void onFrame(final VenueWebSocket socket, final ByteBuffer payload, final long receiveTimeNs) {
                    frames.add(StandardCharsets.UTF_8.decode(payload).toString());
                }

                @Override
                public void onClose(final VenueWebSocket socket, final int code, final String reason) {
                    closes.incrementAndGet();
                }
            };
            try (VenueWebSocket socket = new VenueWebSocket("test", () -> URI.create(sim.binance().webSocketUri()
                + "/public/ws"), listener, new SystemEpochClock(), new ReconnectBackoff(50, 200, new Random(1)),
                scheduler)) {
                socket.start();
                awaitBookTickers(frames, 5);
                int expectedOpens = 1;
                for (final CloseKind kind : CloseKind.values()) {
                    sim.faults().disconnect(Venue.BINANCE_USDM, Selector.ALL, kind);
                    expectedOpens++;
                    while (opens.get() < expectedOpens) {
                        Thread.sleep(10);
                    }
                    frames.clear();
                    awaitBookTickers(frames, 3);
                }
                assertThat(closes.get()).isEqualTo(CloseKind.values().length);
                assertThat(frames.get(frames.size() - 1)).startsWith("{\"e\":\"bookTicker\"");
                assertThat(socket.connects()).isEqualTo(expectedOpens);
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static void awaitBookTickers(final List<String> frames, final int count) throws InterruptedException {
        while (frames.stream().filter(frame -> frame.startsWith("{\"e\":\"bookTicker\"")).count() < count) {
            Thread.sleep(10);
        }
    }
}
