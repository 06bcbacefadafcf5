package io.slipstream.mktdata.benchmarks.system;

import io.slipstream.mktdata.ipc.client.MarketDataClient;
import io.slipstream.mktdata.ipc.client.MarketDataListener;
import io.slipstream.mktdata.ipc.client.StatusMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every status the daemon publishes (venue-wide and per stream), with the time it arrived: how the soak proves a
 * fault was reported and measures how long recovery took. Appended on the client's reader thread, read under the
 * monitor.
 */
final class StatusLog implements MarketDataListener, AutoCloseable {
    /** One status as it arrived. */
    record Entry(long timeNs, String venue, String symbol, String stream, String status) {
    }

    private final MarketDataClient client;
    private final List<Entry> entries = new ArrayList<>();

    StatusLog(final Path socket) {
        client = MarketDataClient.connect(socket);
        client.subscribeStatus(null, this);
    }

    @Override
    public synchronized void onStatus(final StatusMessage message) {
        entries.add(new Entry(System.nanoTime(), message.header().venue(), message.header().symbol(),
            message.stream(), message.status()));
    }

    /**
     * How long after {@code faultNs} the matching book streams were live again, having been reported not live.
     *
     * @param faultNs  when the fault was injected
     * @param venue    the venue
     * @param symbol   one symbol, or null for every book of the venue
     * @param untilNs  look no further than this
     * @return ms from the fault to the last affected book live again; -1 if no book was reported not live; -2 if
     *     one was reported and not live again by {@code untilNs}
     */
    synchronized long recoveryMs(final long faultNs, final String venue, final String symbol, final long untilNs) {
        final java.util.Map<String, Long> down = new java.util.HashMap<>();
        final java.util.Set<String> recovered = new java.util.HashSet<>();
        long lastUpNs = -1;
        for (final Entry entry : entries) {
            if (entry.timeNs() < faultNs || entry.timeNs() > untilNs || !venue.equals(entry.venue())
                || !"book".equals(entry.stream()) || entry.symbol() == null
                || symbol != null && !symbol.equals(entry.symbol()) || recovered.contains(entry.symbol())) {
                continue;
            }
            // Only the first outage of each book after the fault counts: a later fault's is measured by that fault.
            if ("live".equals(entry.status())) {
                if (down.remove(entry.symbol()) != null) {
                    recovered.add(entry.symbol());
                    lastUpNs = Math.max(lastUpNs, entry.timeNs());
                }
            } else {
                down.putIfAbsent(entry.symbol(), entry.timeNs());
            }
        }
        if (!down.isEmpty()) {
            return -2;
        }
        return lastUpNs < 0 ? -1 : (lastUpNs - faultNs) / 1_000_000;
    }

    /**
     * @param venue  the venue
     * @param symbol the symbol
     * @return whether the last status of its book stream was live (true if none arrived yet)
     */
    synchronized boolean isLive(final String venue, final String symbol) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            final Entry entry = entries.get(i);
            if (venue.equals(entry.venue()) && symbol.equals(entry.symbol()) && "book".equals(entry.stream())) {
                return "live".equals(entry.status());
            }
        }
        return true;
    }

    /** Writes every status with its time relative to {@code startNs}, for a reader chasing a late recovery. */
    synchronized void writeTo(final Path file, final long startNs) throws java.io.IOException {
        final StringBuilder text = new StringBuilder();
        for (final Entry entry : entries) {
            text.append(String.format(java.util.Locale.ROOT, "%10.3f %s %s %s %s%n", (entry.timeNs() - startNs) / 1e9,
                entry.venue(), entry.symbol(), entry.stream(), entry.status()));
        }
        java.nio.file.Files.writeString(file, text);
    }

    @Override
    public void close() {
        client.close();
    }
}
