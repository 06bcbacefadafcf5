package io.slipstream.mktdata.benchmarks.venuesim;

import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.replay.CaptureReader;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end rate of the venue simulator: frames per second that real websocket clients receive from the Binance
 * venue, with the market generating (or replaying) as fast as it can. Clients and simulator share this machine,
 * as they will in every test.
 *
 * <pre>
 * java -cp mktdata-benchmarks.jar io.slipstream.mktdata.benchmarks.venuesim.VenueSimThroughput synthetic 200 10
 * java -cp mktdata-benchmarks.jar io.slipstream.mktdata.benchmarks.venuesim.VenueSimThroughput replay 10 PATH...
 * </pre>
 */
public final class VenueSimThroughput {
    private VenueSimThroughput() {
    }

    /** Counts frames. */
    private static final class CountingClient extends WebSocketClient {
        final AtomicLong frames = new AtomicLong();
        final CountDownLatch open = new CountDownLatch(1);

        CountingClient(final URI uri) {
            super(uri);
        }

        @Override
        public void onOpen(final ServerHandshake handshake) {
            open.countDown();
        }

        @Override
        public void onMessage(final String message) {
            frames.incrementAndGet();
        }

        @Override
        public void onClose(final int code, final String reason, final boolean remote) {
            open.countDown();
        }

        @Override
        public void onError(final Exception e) {
            open.countDown();
        }
    }

    /**
     * @param args {@code synthetic SYMBOLS SECONDS} or {@code replay SECONDS FILE...}
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final boolean replay = args.length > 0 && "replay".equals(args[0]);
        final VenueSim.Builder builder = VenueSim.builder();
        final long seconds;
        if (replay) {
            seconds = Long.parseLong(args[1]);
            final List<Path> files = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                files.add(Path.of(args[i]));
            }
            builder.replay(CaptureReader.expand(files), 0, true);
        } else {
            final int symbols = args.length > 1 ? Integer.parseInt(args[1]) : 200;
            seconds = args.length > 2 ? Long.parseLong(args[2]) : 10;
            builder.synthetic(symbols, 42, 0).bookLevels(50);
        }
        try (VenueSim sim = builder.start()) {
            final List<CountingClient> clients = new ArrayList<>();
            final StringBuilder streams = new StringBuilder();
            for (final SimSymbol symbol : sim.market().symbols()) {
                final String name = symbol.binanceSymbol().toLowerCase(Locale.ROOT);
                streams.append(streams.isEmpty() ? "" : "/").append(name).append("@depth@0ms/").append(name)
                    .append("@bookTicker/").append(name).append("@trade");
            }
            final CountingClient client = new CountingClient(URI.create(sim.binance().webSocketUri()
                + "/public/stream?streams=" + streams));
            client.connect();
            client.open.await(10, TimeUnit.SECONDS);
            clients.add(client);
            Thread.sleep(1_000);
            final long framesBefore = total(clients);
            final long startNs = System.nanoTime();
            final long eventsBefore = events(sim);
            Thread.sleep(seconds * 1_000);
            final double elapsedSeconds = (System.nanoTime() - startNs) / 1e9;
            final long frames = total(clients) - framesBefore;
            final long events = events(sim) - eventsBefore;
            System.out.printf(Locale.ROOT, "%s: %d symbols, %.1f s: %,.0f frames/s received by the client, "
                    + "%,.0f market events/s%n", replay ? "replay (max speed, looping)" : "synthetic (max rate)",
                sim.market().symbols().size(), elapsedSeconds, frames / elapsedSeconds, events / elapsedSeconds);
            for (final CountingClient c : clients) {
                c.closeBlocking();
            }
        }
    }

    private static long total(final List<CountingClient> clients) {
        long total = 0;
        for (final CountingClient client : clients) {
            total += client.frames.get();
        }
        return total;
    }

    private static long events(final VenueSim sim) {
        return sim.synthetic() != null ? sim.synthetic().eventsGenerated() : sim.replay().linesReplayed();
    }
}
