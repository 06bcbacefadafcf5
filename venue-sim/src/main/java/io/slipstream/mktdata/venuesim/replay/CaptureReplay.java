package io.slipstream.mktdata.venuesim.replay;

import io.slipstream.mktdata.book.BookChanges;
import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.venuesim.market.LevelChanges;
import io.slipstream.mktdata.venuesim.market.PricePath;
import io.slipstream.mktdata.venuesim.market.SimMarket;
import io.slipstream.mktdata.venuesim.market.SimSymbol;
import io.slipstream.mktdata.venuesim.market.SimTrade;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays captured venue traffic into a {@link SimMarket}, on the market thread.
 *
 * <p>Before emitting anything it scans the capture once: the symbols, their precision (from an {@code exchangeInfo}
 * body if captured, else the most decimals seen), and each symbol's first REST depth snapshot, which seeds the
 * book. Then, line by line in receive-time order and paced at the chosen speed: a Binance diff is applied to the
 * book (unless the seeding snapshot already holds it) and re-emitted unchanged; trades go to the tape (so
 * {@code aggTrade}, klines and Hyperliquid trades are derived from them) and are re-emitted unchanged; every other
 * Binance frame is re-emitted unchanged; Hyperliquid book snapshots become book updates and its trades trades, so
 * both venues render the same market. REST depth answered at any moment is the book after the diffs emitted so far.
 * Replayed verbatim, Hyperliquid frames still move the model and also go out unchanged on their channel.
 */
public final class CaptureReplay implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureReplay.class);

    private final List<Path> files;
    private final SimMarket market;
    private final double speed;
    private final boolean loop;
    private final CapturedFrame frame = new CapturedFrame();
    private final Map<String, Seed> seeds = new LinkedHashMap<>();
    private final Map<String, Boolean> capturedAggTrades = new HashMap<>();
    private final Map<String, java.util.Set<String>> capturedStreams = new HashMap<>();
    /** Depth snapshots whose URL the capture did not keep: {lastUpdateId, bids, asks}, matched to symbols later. */
    private final List<Object[]> unattributedSnapshots = new java.util.ArrayList<>();
    private final BookChanges derived = new BookChanges(64);
    private final Map<String, L2Book> hyperliquidBooks = new HashMap<>();
    private final boolean verbatimHyperliquid;
    /** Hyperliquid channel keys (e.g. {@code l2Book}, {@code candle:1m}) the capture holds, per coin. */
    private final Map<String, java.util.Set<String>> capturedHyperliquidChannels = new HashMap<>();
    private volatile boolean running = true;
    private volatile long linesReplayed;
    private volatile boolean finished;

    /** What the scan learned about one symbol. */
    private static final class Seed {
        final String binanceSymbol;
        int priceScale;
        int sizeScale;
        String tickSize;
        String stepSize;
        double firstPrice = Double.NaN;
        long firstTimeMs;
        long snapshotUpdateId = -1;
        final LevelBuffer snapshotBids = new LevelBuffer(1024);
        final LevelBuffer snapshotAsks = new LevelBuffer(1024);
        List<String[]> rawSnapshotBids;
        List<String[]> rawSnapshotAsks;
        long minFirstUpdateId = Long.MAX_VALUE;
        long maxLastUpdateId = Long.MIN_VALUE;

        Seed(final String binanceSymbol) {
            this.binanceSymbol = binanceSymbol;
        }
    }

    /**
     * Scans the capture and adds its symbols to the market (which must be empty).
     *
     * @param files  capture files (one session; merged by receive time)
     * @param market the market to drive
     * @param speed  1 for real time, N for N times faster, 0 for as fast as possible
     * @param loop   start over at the end (clients see a sequence gap at each restart)
     * @throws IOException if a file cannot be read
     */
    public CaptureReplay(final List<Path> files, final SimMarket market, final double speed, final boolean loop)
        throws IOException {
        this(files, market, speed, loop, false);
    }

    /**
     * Scans the capture and adds its symbols to the market (which must be empty).
     *
     * @param files               capture files (one session; merged by receive time)
     * @param market              the market to drive
     * @param speed               1 for real time, N for N times faster, 0 for as fast as possible
     * @param loop                start over at the end (clients see a sequence gap at each restart)
     * @param verbatimHyperliquid re-emit captured Hyperliquid frames ({@code l2Book}, {@code trades}, {@code bbo},
     *                            {@code candle}, {@code activeAssetCtx}) unchanged on their channel, which the
     *                            venue then stops rendering (as Binance frames always are); false renders
     *                            Hyperliquid from the market model the captured frames drive
     * @throws IOException if a file cannot be read
     */
    public CaptureReplay(final List<Path> files, final SimMarket market, final double speed, final boolean loop,
                         final boolean verbatimHyperliquid) throws IOException {
        this.verbatimHyperliquid = verbatimHyperliquid;
        this.files = List.copyOf(files);
        this.market = market;
        this.speed = speed;
        this.loop = loop;
        scan();
        for (final Seed seed : seeds.values()) {
            final long tick = FixedPoint.parse(seed.tickSize != null ? seed.tickSize : "1", seed.priceScale);
            final long lot = FixedPoint.parse(seed.stepSize != null ? seed.stepSize : "1", seed.sizeScale);
            final double anchor = Double.isNaN(seed.firstPrice) ? 1.0 : seed.firstPrice;
            market.add(new SimSymbol(market.symbols().size(), seed.binanceSymbol,
                SymbolMapping.coinOf(seed.binanceSymbol), seed.priceScale, seed.sizeScale,
                tick > 0 ? tick : 1, lot > 0 ? lot : 1, new PricePath(seed.binanceSymbol.hashCode(), anchor,
                seed.firstTimeMs, 0.0006), 100_000, 5_000, 0));
            capturedStreams.getOrDefault(seed.binanceSymbol, java.util.Set.of())
                .forEach(market.binance(seed.binanceSymbol)::markCaptured);
            if (verbatimHyperliquid) {
                final SimSymbol added = market.binance(seed.binanceSymbol);
                capturedHyperliquidChannels.getOrDefault(added.hyperliquidCoin(), java.util.Set.of())
                    .forEach(added::markHyperliquidCaptured);
            }
        }
        LOG.info("capture of {} file(s): symbols {}", files.size(), seeds.keySet());
    }

    private void scan() throws IOException {
        try (CaptureReader reader = new CaptureReader(files)) {
            CaptureLine line;
            while ((line = reader.next()) != null) {
                frame.decode(line);
                switch (frame.kind) {
                    case BINANCE_EXCHANGE_INFO -> {
                        for (final String[] filter : frame.symbolFilters) {
                            final Seed seed = seeds.get(filter[0]);
                            if (seed != null) {
                                if ("tickSize".equals(filter[1])) {
                                    seed.tickSize = filter[2];
                                } else {
                                    seed.stepSize = filter[2];
                                }
                            }
                        }
                    }
                    case BINANCE_DEPTH_SNAPSHOT -> {
                        if (frame.symbol == null) {
                            unattributedSnapshots.add(new Object[] {frame.lastUpdateId, List.copyOf(frame.bids),
                                List.copyOf(frame.asks)});
                        } else {
                            useSnapshot(seeds.get(frame.symbol), frame.lastUpdateId, frame.bids, frame.asks);
                        }
                    }
                    case BINANCE_DEPTH_DIFF, BINANCE_PARTIAL_DEPTH, BINANCE_TRADE, BINANCE_AGG_TRADE, BINANCE_OTHER -> {
                        if (frame.symbol != null) {
                            final Seed seed = seeds.computeIfAbsent(frame.symbol, Seed::new);
                            widen(seed, frame.bids);
                            widen(seed, frame.asks);
                            if (frame.price != null && frame.quantity != null) {
                                widen(seed, List.<String[]>of(new String[] {frame.price, frame.quantity}));
                            }
                            capturedStreams.computeIfAbsent(frame.symbol, s -> new java.util.HashSet<>())
                                .add(frame.stream);
                            if (frame.kind == CapturedFrame.Kind.BINANCE_DEPTH_DIFF) {
                                seed.minFirstUpdateId = Math.min(seed.minFirstUpdateId, frame.firstUpdateId);
                                seed.maxLastUpdateId = Math.max(seed.maxLastUpdateId, frame.lastUpdateId);
                            }
                            if (frame.kind == CapturedFrame.Kind.BINANCE_AGG_TRADE) {
                                capturedAggTrades.put(frame.symbol, true);
                            }
                            firstPrice(seed, frame.price != null ? frame.price
                                : !frame.bids.isEmpty() ? frame.bids.get(0)[0] : null, frame.eventTimeMs);
                        }
                    }
                    case HYPERLIQUID_OTHER -> capturedHyperliquidChannels
                        .computeIfAbsent(frame.symbol, c -> new java.util.HashSet<>()).add(frame.stream);
                    case HYPERLIQUID_BOOK, HYPERLIQUID_TRADES -> {
                        if (frame.symbol != null) {
                            capturedHyperliquidChannels.computeIfAbsent(frame.symbol, c -> new java.util.HashSet<>())
                                .add(frame.stream);
                            final Seed seed = seeds.computeIfAbsent(SymbolMapping.binanceOf(frame.symbol), Seed::new);
                            widen(seed, frame.bids);
                            widen(seed, frame.asks);
                            for (final String[] trade : frame.trades) {
                                widen(seed, List.<String[]>of(new String[] {trade[2], trade[3]}));
                            }
                            firstPrice(seed, !frame.bids.isEmpty() ? frame.bids.get(0)[0]
                                : frame.trades.isEmpty() ? null : frame.trades.get(0)[2], frame.eventTimeMs);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        attributeSnapshots();
        for (final Seed seed : seeds.values()) {
            if (seed.tickSize != null) {
                seed.priceScale = Math.max(seed.priceScale, FixedPoint.scaleOf(seed.tickSize));
            }
            if (seed.stepSize != null) {
                seed.sizeScale = Math.max(seed.sizeScale, FixedPoint.scaleOf(seed.stepSize));
            }
            if (seed.tickSize == null) {
                seed.tickSize = SimSymbol.fixed(1, seed.priceScale);
            }
            if (seed.stepSize == null) {
                seed.stepSize = SimSymbol.fixed(1, seed.sizeScale);
            }
        }
    }

    private static void useSnapshot(final Seed seed, final long lastUpdateId, final List<String[]> bids,
                                    final List<String[]> asks) {
        if (seed != null && seed.snapshotUpdateId < 0) {
            seed.snapshotUpdateId = lastUpdateId;
            seed.rawSnapshotBids = List.copyOf(bids);
            seed.rawSnapshotAsks = List.copyOf(asks);
            widen(seed, bids);
            widen(seed, asks);
        }
    }

    /**
     * A capture line of the form {@code <time> <body>} does not say which symbol a depth snapshot was for. Update
     * ids are per symbol: the snapshot belongs to the one symbol whose diffs span its {@code lastUpdateId}.
     */
    @SuppressWarnings("unchecked")
    private void attributeSnapshots() {
        for (final Object[] snapshot : unattributedSnapshots) {
            final long lastUpdateId = (Long) snapshot[0];
            Seed match = seeds.size() == 1 ? seeds.values().iterator().next() : null;
            int candidates = 0;
            for (final Seed seed : seeds.values()) {
                if (seed.minFirstUpdateId <= lastUpdateId && lastUpdateId <= seed.maxLastUpdateId) {
                    match = seed;
                    candidates++;
                }
            }
            if (match != null && candidates <= 1) {
                useSnapshot(match, lastUpdateId, (List<String[]>) snapshot[1], (List<String[]>) snapshot[2]);
            } else {
                LOG.warn("a captured depth snapshot (lastUpdateId {}) matches {} symbols; not used", lastUpdateId,
                    candidates);
            }
        }
    }

    private static void widen(final Seed seed, final List<String[]> levels) {
        for (final String[] level : levels) {
            seed.priceScale = Math.max(seed.priceScale, decimals(level[0]));
            seed.sizeScale = Math.max(seed.sizeScale, decimals(level[1]));
        }
    }

    private static void firstPrice(final Seed seed, final String price, final long timeMs) {
        if (Double.isNaN(seed.firstPrice) && price != null) {
            seed.firstPrice = Double.parseDouble(price);
            seed.firstTimeMs = timeMs;
        }
    }

    private static int decimals(final String decimal) {
        if (decimal == null) {
            return 0;
        }
        final int dot = decimal.indexOf('.');
        return dot < 0 ? 0 : decimal.length() - dot - 1;
    }

    /** @return lines replayed so far, all loops together */
    public long linesReplayed() {
        return linesReplayed;
    }

    /** @return true once the capture has been replayed to its end (and not looping) */
    public boolean finished() {
        return finished;
    }

    /** Stops after the current line. */
    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        do {
            seedBooks();
            replayOnce();
        } while (loop && running);
        finished = true;
        LOG.info("capture replay finished after {} lines", linesReplayed);
    }

    private void seedBooks() {
        for (final Seed seed : seeds.values()) {
            final SimSymbol symbol = market.binance(seed.binanceSymbol);
            if (seed.snapshotUpdateId >= 0) {
                toLevels(symbol, seed.rawSnapshotBids, seed.snapshotBids);
                toLevels(symbol, seed.rawSnapshotAsks, seed.snapshotAsks);
                market.seedBook(symbol, seed.snapshotUpdateId, seed.snapshotBids, seed.snapshotAsks);
            }
        }
    }

    private void replayOnce() {
        long firstTimeNs = Long.MIN_VALUE;
        final long startNs = System.nanoTime();
        try (CaptureReader reader = new CaptureReader(files)) {
            CaptureLine line;
            while (running && (line = reader.next()) != null) {
                if (speed > 0 && line.receiveTimeNs() > 0) {
                    if (firstTimeNs == Long.MIN_VALUE) {
                        firstTimeNs = line.receiveTimeNs();
                    }
                    pace(startNs, (long) ((line.receiveTimeNs() - firstTimeNs) / speed));
                }
                replay(line);
                linesReplayed++;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the line is due; meanwhile the market clock runs on, so cadence-driven streams keep flowing. */
    private void pace(final long startNs, final long offsetNs) {
        final long clockAtWaitMs = market.nowMs();
        final long waitStartNs = System.nanoTime();
        long waitNs;
        while ((waitNs = startNs + offsetNs - System.nanoTime()) > 0 && running) {
            LockSupport.parkNanos(Math.min(waitNs, 1_000_000));
            market.advanceTo(clockAtWaitMs + (long) ((System.nanoTime() - waitStartNs) * speed / 1_000_000L));
        }
    }

    private void replay(final CaptureLine line) {
        frame.decode(line);
        if (frame.eventTimeMs > 0) {
            market.advanceTo(frame.eventTimeMs);
        }
        if (frame.kind.name().startsWith("BINANCE_") && market.binance(frame.symbol) == null) {
            return; // a frame without a symbol the scan saw: nothing to emit it to
        }
        switch (frame.kind) {
            case BINANCE_DEPTH_DIFF -> {
                final SimSymbol symbol = market.binance(frame.symbol);
                final LevelChanges update = market.beginUpdate();
                toLevels(symbol, frame.bids, update.bids());
                toLevels(symbol, frame.asks, update.asks());
                market.applyReplayedUpdate(symbol, frame.firstUpdateId, frame.lastUpdateId, frame.previousUpdateId,
                    frame.eventTimeMs, frame.transactionTimeMs);
                market.replayedFrame(symbol, frame.stream, frame.payload);
            }
            case BINANCE_TRADE, BINANCE_AGG_TRADE -> {
                final SimSymbol symbol = market.binance(frame.symbol);
                final boolean aggregate = frame.kind == CapturedFrame.Kind.BINANCE_AGG_TRADE;
                if (aggregate || !capturedAggTrades.containsKey(frame.symbol)) {
                    market.replayedTrade(symbol, new SimTrade(frame.tradeId,
                        aggregate ? frame.firstTradeId : frame.tradeId, aggregate ? frame.lastTradeId : frame.tradeId,
                        FixedPoint.parse(frame.price, symbol.priceScale()),
                        FixedPoint.parse(frame.quantity, symbol.sizeScale()), frame.buyerIsMaker,
                        frame.transactionTimeMs > 0 ? frame.transactionTimeMs : frame.eventTimeMs));
                }
                market.replayedFrame(symbol, frame.stream, frame.payload);
            }
            case BINANCE_PARTIAL_DEPTH, BINANCE_OTHER -> {
                final SimSymbol symbol = market.binance(frame.symbol);
                if (symbol != null) {
                    market.replayedFrame(symbol, frame.stream, frame.payload);
                }
            }
            case HYPERLIQUID_BOOK -> {
                replayHyperliquidBook();
                replayHyperliquidVerbatim();
            }
            case HYPERLIQUID_TRADES -> {
                replayHyperliquidTrades();
                replayHyperliquidVerbatim();
            }
            case HYPERLIQUID_OTHER -> replayHyperliquidVerbatim();
            default -> {
                // REST bodies (used by the scan), exchangeInfo, unknown frames: nothing to emit
            }
        }
    }

    /** Hyperliquid sends only full snapshots: the difference from the previous one is the book update. */
    private void replayHyperliquidBook() {
        final SimSymbol symbol = market.binance(SymbolMapping.binanceOf(frame.symbol));
        final L2Book previous = hyperliquidBooks.computeIfAbsent(frame.symbol,
            coin -> new L2Book(symbol.index(), symbol.priceScale(), 64));
        final LevelBuffer bids = new LevelBuffer(32);
        final LevelBuffer asks = new LevelBuffer(32);
        toLevels(symbol, frame.bids, bids);
        toLevels(symbol, frame.asks, asks);
        if (previous.applySnapshot(frame.eventTimeMs, bids, asks, derived, true)
            != io.slipstream.mktdata.rejection.Rejection.NONE || derived.isEmpty()) {
            return;
        }
        final LevelChanges update = market.beginUpdate();
        update.bids().copyFrom(derived.bids());
        update.asks().copyFrom(derived.asks());
        market.applyUpdate(symbol, 1);
    }

    /** After the model moved (so REST and Binance agree with it), the captured frame itself goes out. */
    private void replayHyperliquidVerbatim() {
        final SimSymbol symbol = market.hyperliquid(frame.symbol);
        if (verbatimHyperliquid && symbol != null) {
            market.replayedHyperliquidFrame(symbol, frame.stream, frame.payload);
        }
    }

    private void replayHyperliquidTrades() {
        final SimSymbol symbol = market.binance(SymbolMapping.binanceOf(frame.symbol));
        for (final String[] trade : frame.trades) {
            market.trade(symbol, FixedPoint.parse(trade[2], symbol.priceScale()),
                FixedPoint.parse(trade[3], symbol.sizeScale()), "A".equals(trade[1]), 1);
        }
    }

    private static void toLevels(final SimSymbol symbol, final List<String[]> levels, final LevelBuffer into) {
        into.clear();
        for (final String[] level : levels) {
            into.add(FixedPoint.parse(level[0], symbol.priceScale()), FixedPoint.parse(level[1], symbol.sizeScale()));
        }
    }
}
