package io.slipstream.mktdata.benchmarks.system;

import io.slipstream.mktdata.agent.RealtimePriority;
import io.slipstream.mktdata.clock.SystemEpochClock;
import io.slipstream.mktdata.ipc.client.BookMode;
import io.slipstream.mktdata.ipc.client.CandleMessage;
import io.slipstream.mktdata.ipc.client.ClientOptions;
import io.slipstream.mktdata.ipc.client.GapEvent;
import io.slipstream.mktdata.ipc.client.InstrumentInfo;
import io.slipstream.mktdata.ipc.client.MarketDataClient;
import io.slipstream.mktdata.ipc.client.MarketDataListener;
import io.slipstream.mktdata.ipc.client.MessageHeader;
import io.slipstream.mktdata.ipc.client.OrderBookMessage;
import io.slipstream.mktdata.ipc.client.StatusMessage;
import io.slipstream.mktdata.ipc.client.TradeMessage;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A Java strategy on the daemon's socket, as a real one subscribes: the top-10 books of its symbols, every trade of
 * each venue, and 15m candles of its symbols. It measures tick to client (venue frame read in the daemon to decoded
 * here) and checks what it receives: per trade stream, a seq that repeats within an epoch is doubled, a seq jump is
 * lost (the client library reports it as a gap, which is counted separately); per Binance symbol, aggregate trade
 * ids must cover a contiguous range (every trade the venue made, live or backfilled, exactly once).
 *
 * <p>Everything is recorded on the client's reader thread; the orchestrator reads under this object's monitor.
 */
final class JavaStrategy implements MarketDataListener, AutoCloseable {
    /** How a strategy reads. */
    enum Mode { NORMAL, SLOW, STUCK }

    private static final SystemEpochClock CLOCK = new SystemEpochClock();
    /** Longer than the client's default 5 s: the soak measures slow replies instead of failing on them. */
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    private final MarketDataClient client;
    private final Mode mode;
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final Map<String, long[]> lastSeq = new HashMap<>();
    private final Map<String, TradeIds> binanceTradeIds = new HashMap<>();
    private final Map<String, OrderBookMessage> lastBook = new HashMap<>();
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean stuck;
    private long slowestSubscribeMs;
    private long books;
    private long trades;
    private long candles;
    private long doubled;
    private long lostSeq;
    private long reportedLost;
    private long gapStatuses;

    private JavaStrategy(final MarketDataClient client, final Mode mode) {
        this.client = client;
        this.mode = mode;
    }

    /**
     * @param socket          the daemon's socket
     * @param name            the client's name
     * @param symbolsPerVenue books and candles of this many symbols of each venue (the busiest first)
     * @param mode            normal, slow (2 ms per message) or stuck (never reads once told)
     * @return the subscribed strategy
     */
    static JavaStrategy start(final Path socket, final String name, final int symbolsPerVenue, final Mode mode) {
        final MarketDataClient client = MarketDataClient.connect(socket, ClientOptions.builder().clientName(name)
            .maxQueueBytes(mode == Mode.NORMAL ? 32L << 20 : 1L << 20).requestTimeoutMs(REQUEST_TIMEOUT_MS)
            .realtimePriority(mode == Mode.NORMAL ? RealtimePriority.hotPathPriority() : 0).build());
        final JavaStrategy strategy = new JavaStrategy(client, mode);
        for (final String venue : List.of("binance", "hyperliquid")) {
            final List<InstrumentInfo> symbols = client.getSymbols(venue);
            if (symbols.isEmpty()) {
                continue;
            }
            for (int i = 0; i < Math.min(symbolsPerVenue, symbols.size()); i++) {
                final String symbol = symbols.get(i).symbol();
                strategy.timed(() -> client.subscribeOrderbook(venue, symbol, 10, BookMode.TOP, strategy));
                strategy.timed(() -> client.subscribeCandles(venue, symbol, "15m", strategy));
            }
            strategy.timed(() -> client.subscribeAllTrades(venue, strategy));
        }
        strategy.timed(() -> client.subscribeStatus(null, strategy));
        return strategy;
    }

    private void timed(final Runnable subscribe) {
        final long startNs = System.nanoTime();
        subscribe.run();
        slowestSubscribeMs = Math.max(slowestSubscribeMs, (System.nanoTime() - startNs) / 1_000_000);
    }

    /** @return the slowest subscribe reply this strategy waited for, ms */
    long slowestSubscribeMs() {
        return slowestSubscribeMs;
    }

    /** From now on the reader thread blocks in its next message for ever (a stuck strategy). */
    void getStuck() {
        stuck = true;
    }

    Mode mode() {
        return mode;
    }

    MarketDataClient client() {
        return client;
    }

    /** Forgets the latency recorded so far (after a warm-up). */
    synchronized void resetLatency() {
        latency.reset();
    }

    /** @return a copy of the tick-to-client latencies since the last reset */
    synchronized Histogram latency() {
        return latency.copy();
    }

    /** @return what it checked so far */
    synchronized Tally tally() {
        long holes = 0;
        long repeats = 0;
        for (final TradeIds ids : binanceTradeIds.values()) {
            holes += ids.holes();
            repeats += ids.repeats;
        }
        return new Tally(books, trades, candles, doubled, lostSeq, reportedLost, gapStatuses, holes, repeats);
    }

    /** @return the Binance symbols with missing trade ids: symbol, missing count, first missing id */
    synchronized List<String> tradeIdHoles() {
        final List<String> holes = new java.util.ArrayList<>();
        binanceTradeIds.forEach((symbol, ids) -> {
            if (ids.holes() > 0) {
                holes.add(symbol + " " + ids.holes() + " missing from id " + ids.firstHole());
            }
        });
        return holes;
    }

    /** @param symbol a Binance symbol @return the last top-10 book this strategy received for it, or null */
    synchronized OrderBookMessage lastBook(final String symbol) {
        return lastBook.get(symbol);
    }

    @Override
    public void onOrderBook(final OrderBookMessage message) {
        behave();
        synchronized (this) {
            books++;
            if ("binance".equals(message.header().venue())) {
                lastBook.put(message.header().symbol(), message);
            }
            record(message.header());
        }
    }

    @Override
    public void onTrade(final TradeMessage message) {
        behave();
        synchronized (this) {
            trades++;
            final MessageHeader header = message.header();
            final String key = header.venue() + ":" + header.symbol();
            final long[] last = lastSeq.get(key);
            if (last == null || last[0] != header.epoch()) {
                lastSeq.put(key, new long[] {header.epoch(), header.seq()});
            } else if (header.seq() <= last[1]) {
                doubled++;
            } else {
                lostSeq += header.seq() - last[1] - 1;
                last[1] = header.seq();
            }
            if ("binance".equals(header.venue())) {
                binanceTradeIds.computeIfAbsent(header.symbol(), s -> new TradeIds(message.tradeId()))
                    .see(message.tradeId());
            }
            record(header);
        }
    }

    @Override
    public void onCandle(final CandleMessage message) {
        behave();
        synchronized (this) {
            candles++;
        }
    }

    @Override
    public synchronized void onGap(final GapEvent gap) {
        reportedLost += gap.lostCount();
    }

    @Override
    public synchronized void onStatus(final StatusMessage message) {
        if ("gap".equals(message.status())) {
            gapStatuses++;
        }
    }

    private void record(final MessageHeader header) {
        final long latencyNs = CLOCK.epochNanos() - header.receiveTimeNs();
        if (header.receiveTimeNs() > 0 && latencyNs >= 0) {
            latency.recordValue(Math.min(latencyNs, latency.getHighestTrackableValue()));
        }
    }

    private void behave() {
        try {
            if (stuck) {
                released.await();
            } else if (mode == Mode.SLOW) {
                Thread.sleep(2);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        client.close();
    }

    /**
     * What a strategy checked.
     *
     * @param books          book messages
     * @param trades         trade messages
     * @param candles        candle messages
     * @param doubled        trades whose seq repeated within an epoch
     * @param lostSeq        trade seqs skipped
     * @param reportedLost   events the client library reported lost (gap events)
     * @param gapStatuses    gap statuses from the daemon
     * @param tradeIdHoles   Binance aggregate trade ids missing inside each symbol's seen range
     * @param tradeIdRepeats Binance aggregate trade ids seen twice
     */
    record Tally(long books, long trades, long candles, long doubled, long lostSeq, long reportedLost,
                 long gapStatuses, long tradeIdHoles, long tradeIdRepeats) {
    }

    /** The aggregate trade ids one Binance symbol delivered, as a bit set from the first id seen. */
    private static final class TradeIds {
        private final long firstId;
        private final BitSet seen = new BitSet();
        private long lowest;
        private long highest;
        long repeats;

        TradeIds(final long firstId) {
            this.firstId = firstId - 1_000_000;
            this.lowest = firstId;
            this.highest = firstId;
        }

        void see(final long id) {
            final long offset = id - firstId;
            if (offset < 0 || offset > Integer.MAX_VALUE) {
                return;
            }
            if (seen.get((int) offset)) {
                repeats++;
            }
            seen.set((int) offset);
            lowest = Math.min(lowest, id);
            highest = Math.max(highest, id);
        }

        long holes() {
            return highest - lowest + 1 - seen.cardinality();
        }

        long firstHole() {
            return firstId + seen.nextClearBit((int) (lowest - firstId));
        }
    }
}
