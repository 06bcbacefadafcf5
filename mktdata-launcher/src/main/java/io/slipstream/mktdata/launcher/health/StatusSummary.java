package io.slipstream.mktdata.launcher.health;

import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.ipc.server.IpcServer;
import java.util.List;

/**
 * The one-line summary for systemd's {@code STATUS=} (shown by {@code systemctl status}), e.g.
 * {@code binance 40/40 books live, 2 sockets | hyperliquid 20/20 books live, 3 sockets | IPC 3 clients,
 * 12 subscriptions, 1,204 msgs/s | engine 9,876 events/s}. Rates are over the time since the previous line.
 */
final class StatusSummary {
    private final DaemonView view;
    private final StreamHealth streams;
    private long lastNanos;
    private long lastSent;
    private long lastEvents;

    StatusSummary(final DaemonView view, final StreamHealth streams) {
        this.view = view;
        this.streams = streams;
    }

    synchronized String line() {
        final StringBuilder line = new StringBuilder(160);
        final StreamHealth.Snapshot snapshot = streams.snapshot();
        for (final Venue venue : view.venues()) {
            final List<StreamHealth.Stream> venueStreams = snapshot.streams(venue);
            long books = 0;
            long booksLive = 0;
            long notLive = 0;
            for (final StreamHealth.Stream stream : venueStreams) {
                if (stream.kind() == StreamKind.BOOK) {
                    books++;
                    booksLive += stream.live() ? 1 : 0;
                }
                notLive += stream.live() ? 0 : 1;
            }
            final int sockets = venue == Venue.BINANCE_USDM ? view.binance().connectionCount()
                : view.hyperliquid().connectionCount();
            line.append(venue.wireName()).append(' ').append(booksLive).append('/').append(books)
                .append(" books live, ").append(sockets).append(" sockets");
            if (notLive > 0) {
                line.append(", ").append(notLive).append(" streams not live");
            }
            line.append(" | ");
        }
        final long now = System.nanoTime();
        final double seconds = lastNanos == 0 ? 0 : (now - lastNanos) / 1e9;
        final long events = view.engine().eventsPublished();
        final IpcServer ipc = view.ipc();
        if (ipc != null) {
            final long sent = ipc.messagesSent();
            line.append("IPC ").append(ipc.connectedClients()).append(" clients, ").append(ipc.activeSubscriptions())
                .append(" subscriptions, ").append(String.format("%,d", rate(sent - lastSent, seconds)))
                .append(" msgs/s | ");
            lastSent = sent;
        }
        line.append("engine ").append(String.format("%,d", rate(events - lastEvents, seconds))).append(" events/s");
        if (!streams.engineResponsive()) {
            line.append(" | ENGINE NOT ANSWERING");
        }
        lastEvents = events;
        lastNanos = now;
        return line.toString();
    }

    private static long rate(final long delta, final double seconds) {
        return seconds <= 0 ? 0 : Math.round(delta / seconds);
    }
}
