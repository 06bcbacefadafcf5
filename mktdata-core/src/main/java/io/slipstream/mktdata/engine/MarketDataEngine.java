package io.slipstream.mktdata.engine;

import static io.slipstream.mktdata.event.EventLayout.BOOK_FLAG_CROSSED;
import static io.slipstream.mktdata.event.EventLayout.BOOK_FLAG_FROM_SNAPSHOT;
import static io.slipstream.mktdata.event.EventLayout.BOOK_FLAG_RESET;

import io.slipstream.mktdata.agent.Agent;
import io.slipstream.mktdata.agent.AgentRunner;
import io.slipstream.mktdata.agent.BackoffIdleStrategy;
import io.slipstream.mktdata.agent.HotPath;
import io.slipstream.mktdata.book.BookChanges;
import io.slipstream.mktdata.book.L2Book;
import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.candle.CandleAggregator;
import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.candle.CandleOutcome;
import io.slipstream.mktdata.candle.CandleSeries;
import io.slipstream.mktdata.candle.CandleSink;
import io.slipstream.mktdata.candle.CandleSource;
import io.slipstream.mktdata.clock.EpochClock;
import io.slipstream.mktdata.event.EventEncoder;
import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.event.MarketEvent;
import io.slipstream.mktdata.event.StreamKind;
import io.slipstream.mktdata.event.StreamStatus;
import io.slipstream.mktdata.feature.Counterparts;
import io.slipstream.mktdata.feature.FeatureCalculator;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.feature.FeatureView;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentKind;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.Venue;
import io.slipstream.mktdata.quote.QuoteRing;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.rejection.RejectionCounters;
import io.slipstream.mktdata.ringbuffer.EventHandler;
import io.slipstream.mktdata.ringbuffer.EventRing;
import io.slipstream.mktdata.trade.TradeRing;


import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The embeddable engine: owns all market state (books, candle series, trade and quote rings) on one thread, takes
 * normalised events from any number of producers through an {@link EventRing}, stamps each published event with its
 * stream's sequence number, the epoch and the publish time, and hands it to subscribed listeners.
 *
 * <p>Threading: {@link #doWork()} and everything it calls run on the engine thread, either the engine's own
 * ({@link #start()}) or a caller's own loop. Everything else is thread-safe: producers use {@link #publisher()};
 * subscriptions and queries are commands the engine thread executes between events, so a listener gets its snapshot
 * and then every later event with no seam, and a query never sees a half-applied update.
 *
 * <p>Bad input is counted in {@link #rejections()} by reason and dropped without touching state; nothing a producer
 * or a listener does can throw out of the engine loop. No allocation per event once warm.
 */
public final class MarketDataEngine implements Agent, EventHandler, CandleSink, AutoCloseable {
    private static final int COMMANDS_PER_DUTY_CYCLE = 64;
    private static final int TRADES_SLOT = StreamKey.slotOf(StreamKind.TRADES, null);
    private static final int QUOTES_SLOT = StreamKey.slotOf(StreamKind.QUOTES, null);
    private static final int BOOK_SLOT = StreamKey.slotOf(StreamKind.BOOK, null);
    private static final int MARK_SLOT = StreamKey.slotOf(StreamKind.MARK, null);
    private static final int FEATURES_SLOT = StreamKey.slotOf(StreamKind.FEATURES, null);

    private final EngineContext context;
    private final InstrumentRegistry registry;
    private final EpochClock clock;
    private final long epoch;
    private final EventRing ring;
    private final RejectionCounters rejections = new RejectionCounters();
    private final EventPublisher publisher;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicLong subscriptionIds = new AtomicLong();
    private final AtomicLong crossedBookUpdates = new AtomicLong();
    private final EngineState market;
    private final SubscriptionTable subscriptions;
    private final SnapshotWriter snapshots;
    private final ScratchBuffer scratch = new ScratchBuffer(256 * 1024);

    private final MarketEvent event = new MarketEvent();
    private final MarketEvent outEvent = new MarketEvent();
    private final LevelBuffer inBids;
    private final LevelBuffer inAsks;
    private final BookChanges changes;
    /** Null when features are off. */
    private final FeatureCalculator features;
    private final long featureIntervalNs;
    private final long featureHorizonNs;
    private final long[] statusSequences = new long[Venue.values().length];
    private InstrumentState aggregatingFor;
    private long aggregatingExchangeTimeNs;
    private long aggregatingReceiveTimeNs;
    private long nowNs;
    private volatile Thread engineThread;
    private volatile EngineGuest guest;
    private final Object guestLock = new Object();
    private AgentRunner runner;

    /** @param context settings; concluded here if it was not yet */
    public MarketDataEngine(final EngineContext context) {
        this.context = context.isConcluded() ? context : context.conclude();
        this.registry = this.context.registry();
        this.clock = this.context.clock();
        this.epoch = this.context.epoch();
        this.ring = new EventRing(this.context.ringCapacityBytes());
        this.publisher = new EventPublisher(ring, registry, rejections);
        this.market = new EngineState(this.context);
        this.subscriptions = new SubscriptionTable(market, rejections);
        final int levels = this.context.bookInitialLevels();
        this.snapshots = new SnapshotWriter(scratch, subscriptions, epoch, levels);
        this.inBids = new LevelBuffer(levels);
        this.inAsks = new LevelBuffer(levels);
        this.changes = new BookChanges(levels);
        final FeatureConfig featureConfig = this.context.features();
        this.features = featureConfig.enabled() ? new FeatureCalculator(featureConfig, levels) : null;
        this.featureIntervalNs = featureConfig.intervalMs() * 1_000_000L;
        this.featureHorizonNs = featureConfig.longestWindowMs() * 1_000_000L;
    }

    /**
     * Runs the engine on its own thread, parking when idle (producers and commands wake it).
     *
     * @return this
     */
    public synchronized MarketDataEngine start() {
        if (runner != null) {
            throw new IllegalStateException("engine already started");
        }
        final long parkNs = context.maxIdleParkNs();
        // No Thread.yield() between spinning and parking: with more runnable threads than CPUs a yield can put the
        // engine behind another thread's whole time slice (about 1 ms on these VMs), which the IPC tick-to-client
        // harness showed as the p99 inside the daemon (1.5 ms with 10 yields, 0.6-0.8 ms without).
        runner = new AgentRunner(this, new BackoffIdleStrategy(100, 0, parkNs, parkNs, this::idle));
        engineThread = runner.thread();
        runner.start();
        return this;
    }

    private void idle(final long parkNs) {
        final EngineGuest hosted = guest;
        if (hosted == null) {
            ring.parkConsumer(parkNs);
        } else {
            ring.awaitConsumer(parkNs, hosted);
        }
    }

    /**
     * Runs {@code hosted} on the engine thread after every duty cycle from now on, and lets it own the idle wait
     * (see {@link EngineGuest}); null ends the hosting. One guest at a time.
     *
     * @param hosted the guest, or null
     * @throws IllegalStateException if another guest is hosted
     */
    public void host(final EngineGuest hosted) {
        synchronized (guestLock) {
            if (hosted != null && guest != null && guest != hosted) {
                throw new IllegalStateException("the engine already hosts " + guest);
            }
            final EngineGuest previous = guest;
            guest = hosted;
            if (previous != null) {
                previous.wake();
            }
        }
        final Thread thread = engineThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** @return true while the engine thread runs (started and not closed) */
    public boolean isRunning() {
        final Thread thread = engineThread;
        return thread != null && thread.isAlive();
    }

    /** @return true if the calling thread is the engine thread */
    public boolean isEngineThread() {
        return Thread.currentThread() == engineThread;
    }

    /** Stops the engine thread, if started. Queued commands that did not run are cancelled. */
    @Override
    public synchronized void close() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
        Runnable command;
        while ((command = commands.poll()) != null) {
            if (command instanceof QueryCommand<?> pending) {
                pending.cancel();
            }
        }
    }

    /** @return the publisher producers use to hand events to this engine; thread-safe */
    public EventPublisher publisher() {
        return publisher;
    }

    /** @return refusals by reason, from producers and the engine */
    public RejectionCounters rejections() {
        return rejections;
    }

    /** @return events published to listeners so far (readable from any thread) */
    public long eventsPublished() {
        return subscriptions.eventsPublished();
    }

    /** @return the instrument registry the engine serves */
    public InstrumentRegistry registry() {
        return registry;
    }

    /** @return the engine epoch stamped on every event */
    public long epoch() {
        return epoch;
    }

    /** @return book updates that left the book crossed (best bid at or above best ask) */
    public long crossedBookUpdates() {
        return crossedBookUpdates.get();
    }

    /** @return the event ring; for tests that need to write raw records */
    EventRing ring() {
        return ring;
    }

    /** @return bytes waiting in the event ring: how far the engine is behind its producers */
    public long backlogBytes() {
        return ring.usedBytes();
    }

    @Override
    public String roleName() {
        return "mktdata-engine";
    }

    @Override
    public void onStart() {
        HotPath.enter(roleName());
    }

    @Override
    public int doWork() {
        nowNs = clock.epochNanos();
        // Commands first: a subscription takes effect, with its snapshot, before the next events are applied.
        int work = 0;
        for (int i = 0; i < COMMANDS_PER_DUTY_CYCLE; i++) {
            final Runnable command = commands.poll();
            if (command == null) {
                break;
            }
            command.run();
            work++;
        }
        work += ring.read(this, context.eventsPerDutyCycle());
        final EngineGuest hosted = guest;
        return hosted == null ? work : work + hosted.doWork();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Events from the ring

    @Override
    public void onRecord(final int typeId, final ByteBuffer buffer, final int offset, final int length) {
        try {
            event.wrap(buffer, offset, length);
            if (!event.isWellFormed() || event.typeCode() != typeId) {
                rejections.increment(Rejection.MALFORMED_EVENT, "record of type " + typeId + ", " + length + " bytes");
                return;
            }
            final EventType type = event.type();
            if (type == EventType.STATUS) {
                onStatus();
                return;
            }
            final InstrumentState instrument = market.stateFor(event.instrumentId());
            if (instrument == null || instrument.instrument.venue() != event.venue()) {
                rejections.increment(Rejection.UNKNOWN_INSTRUMENT, event.instrumentId());
                return;
            }
            switch (type) {
                case TRADE -> onTrade(instrument);
                case QUOTE -> onQuote(instrument);
                case BOOK_SNAPSHOT, BOOK_DELTA -> onBook(instrument, type == EventType.BOOK_SNAPSHOT);
                case CANDLE -> onCandle(instrument);
                case MARK_PRICE -> onMarkPrice(instrument);
                default -> rejections.increment(Rejection.MALFORMED_EVENT, type);
            }
        } catch (final RuntimeException e) {
            rejections.increment(Rejection.MALFORMED_EVENT, e);
        }
    }

    private void onTrade(final InstrumentState state) {
        final long price = event.tradePrice();
        final long size = event.tradeSize();
        if (price == FixedPoint.INVALID || size == FixedPoint.INVALID) {
            rejections.increment(Rejection.INVALID_DECIMAL, state.instrument);
            return;
        }
        if (price <= 0) {
            rejections.increment(Rejection.INVALID_PRICE, state.instrument);
            return;
        }
        if (size <= 0) {
            rejections.increment(Rejection.INVALID_SIZE, state.instrument);
            return;
        }
        final long sequence = ++state.streamSequences[TRADES_SLOT];
        final long exchangeTimeNs = event.exchangeTimeNs();
        final long receiveTimeNs = event.receiveTimeNs();
        state.lastReceiveTimeNs[TRADES_SLOT] = receiveTimeNs;
        state.trades.add(price, size, event.tradeSide(), event.tradeId(), event.tradeFlags(), exchangeTimeNs,
            receiveTimeNs, sequence);
        EventEncoder.stamp(event.buffer(), event.offset(), nowNs, sequence, epoch, 0);
        subscriptions.publish(state, TRADES_SLOT, event);

        if (state.aggregators.length > 0) {
            aggregatingFor = state;
            aggregatingExchangeTimeNs = exchangeTimeNs;
            aggregatingReceiveTimeNs = receiveTimeNs;
            final long exchangeTimeMs = Math.floorDiv(exchangeTimeNs, 1_000_000L);
            for (final CandleAggregator aggregator : state.aggregators) {
                final Rejection rejection = aggregator.onTrade(price, size, exchangeTimeMs, this);
                if (rejection != Rejection.NONE) {
                    rejections.increment(rejection, state.instrument);
                }
            }
            aggregatingFor = null;
        }
        if (features != null) {
            if ((event.tradeFlags() & TradeRing.FLAG_BACKFILLED) == 0) {
                state.tradeWindow.add(receiveTimeNs, state.instrument.price(price), state.instrument.size(size),
                    event.tradeSide(), featureHorizonNs);
            }
            maybePublishFeatures(state, exchangeTimeNs, receiveTimeNs);
        }
    }

    private void onQuote(final InstrumentState state) {
        final long bidPrice = event.quoteBidPrice();
        final long askPrice = event.quoteAskPrice();
        final long bidSize = event.quoteBidSize();
        final long askSize = event.quoteAskSize();
        if (bidSize == FixedPoint.INVALID || askSize == FixedPoint.INVALID) {
            rejections.increment(Rejection.INVALID_DECIMAL, state.instrument);
            return;
        }
        if ((bidPrice != QuoteRing.NO_PRICE && bidPrice <= 0) || (askPrice != QuoteRing.NO_PRICE && askPrice <= 0)) {
            rejections.increment(Rejection.INVALID_PRICE, state.instrument);
            return;
        }
        if (bidSize < 0 || askSize < 0) {
            rejections.increment(Rejection.INVALID_SIZE, state.instrument);
            return;
        }
        final long sequence = ++state.streamSequences[QUOTES_SLOT];
        state.lastReceiveTimeNs[QUOTES_SLOT] = event.receiveTimeNs();
        state.quotes.add(bidPrice, bidSize, askPrice, askSize, event.exchangeTimeNs(), event.receiveTimeNs(),
            sequence);
        EventEncoder.stamp(event.buffer(), event.offset(), nowNs, sequence, epoch, 0);
        subscriptions.publish(state, QUOTES_SLOT, event);
    }

    private void onBook(final InstrumentState state, final boolean snapshot) {
        inBids.clear();
        inAsks.clear();
        final int bidCount = event.bidCount();
        for (int i = 0; i < bidCount; i++) {
            inBids.add(event.bidPrice(i), event.bidSize(i));
        }
        final int askCount = event.askCount();
        for (int i = 0; i < askCount; i++) {
            inAsks.add(event.askPrice(i), event.askSize(i));
        }
        final L2Book book = state.book;
        final long venueSequence = event.bookVenueSequence();
        final Rejection result = snapshot
            ? book.applySnapshot(venueSequence, inBids, inAsks, changes, (event.bookFlags() & BOOK_FLAG_RESET) != 0)
            : book.applyDelta(venueSequence, inBids, inAsks, changes);
        if (result != Rejection.NONE) {
            rejections.increment(result, state.instrument);
            return;
        }
        state.lastReceiveTimeNs[BOOK_SLOT] = event.receiveTimeNs();
        if (changes.isEmpty()) {
            return;
        }
        int flags = snapshot ? BOOK_FLAG_FROM_SNAPSHOT : 0;
        if (book.isCrossed()) {
            flags |= BOOK_FLAG_CROSSED;
            crossedBookUpdates.lazySet(crossedBookUpdates.get() + 1);
        }
        final int length = EventLayout.bookLength(changes.bids().count(), changes.asks().count());
        final ByteBuffer out = scratch.forLength(length);
        EventEncoder.book(out, 0, EventType.BOOK_DELTA, state.instrument.venue(), state.instrument.id(),
            event.exchangeTimeNs(), event.receiveTimeNs(), venueSequence, flags, changes.bids(), changes.asks());
        final long sequence = ++state.streamSequences[BOOK_SLOT];
        EventEncoder.stamp(out, 0, nowNs, sequence, epoch, 0);
        subscriptions.publish(state, BOOK_SLOT, outEvent.wrap(out, 0, length));
        state.bookChangeReceiveTimeNs = event.receiveTimeNs();
        if (features != null) {
            maybePublishFeatures(state, event.exchangeTimeNs(), event.receiveTimeNs());
        }
    }

    /**
     * Publishes the instrument's features after the first trade or book update of each feature interval of receive
     * time, so the same events (live, or replayed from a recording) always give the same features.
     */
    private void maybePublishFeatures(
        final InstrumentState state, final long exchangeTimeNs, final long receiveTimeNs) {
        final long bucket = Math.floorDiv(receiveTimeNs, featureIntervalNs);
        if (bucket <= state.lastFeatureBucket) {
            return;
        }
        state.lastFeatureBucket = bucket;
        final InstrumentState counterpart = counterpartOf(state);
        final ByteBuffer out = state.lastFeatures;
        state.lastFeatureSpreadBps = features.write(out, 0, state.instrument, state.book,
            state.streamSequences[BOOK_SLOT], state.bookChangeReceiveTimeNs, state.tradeWindow,
            state.streamSequences[TRADES_SLOT], counterpart == null ? null : counterpart.instrument,
            counterpart == null ? null : counterpart.book,
            counterpart == null ? 0 : counterpart.streamSequences[BOOK_SLOT],
            counterpart == null ? 0 : counterpart.bookChangeReceiveTimeNs, exchangeTimeNs, receiveTimeNs,
            state.lastFeatureSpreadBps, state.lastFeatureTimeNs);
        state.lastFeatureTimeNs = receiveTimeNs;
        state.hasFeatures = true;
        final long sequence = ++state.streamSequences[FEATURES_SLOT];
        state.lastReceiveTimeNs[FEATURES_SLOT] = receiveTimeNs;
        EventEncoder.stamp(out, 0, nowNs, sequence, epoch, 0);
        subscriptions.publish(state, FEATURES_SLOT, outEvent.wrap(out, 0, out.capacity()));
    }

    /** The state of the same asset on the other venue, or null; resolved again whenever the registry grows. */
    private InstrumentState counterpartOf(final InstrumentState state) {
        final int registered = registry.size();
        if (state.counterpartResolvedAtSize != registered) {
            state.counterpartResolvedAtSize = registered;
            final String symbol = Counterparts.symbolOn(state.instrument);
            final Instrument counterpart = symbol == null ? null
                : registry.find(Counterparts.otherVenue(state.instrument.venue()), symbol);
            state.counterpartId = counterpart == null || counterpart.kind() != InstrumentKind.PERPETUAL
                ? -1 : counterpart.id();
        }
        return state.counterpartId < 0 ? null : market.stateFor(state.counterpartId);
    }

    private void onMarkPrice(final InstrumentState state) {
        final long markPrice = event.markPrice();
        final long indexPrice = event.markIndexPrice();
        if (markPrice == FixedPoint.INVALID || indexPrice == FixedPoint.INVALID
            || event.markFundingRateE10() == FixedPoint.INVALID) {
            rejections.increment(Rejection.INVALID_DECIMAL, state.instrument);
            return;
        }
        if (markPrice <= 0 || indexPrice < 0) {
            rejections.increment(Rejection.INVALID_PRICE, state.instrument);
            return;
        }
        state.markPrice = markPrice;
        state.indexPrice = indexPrice;
        state.fundingRateE10 = event.markFundingRateE10();
        state.nextFundingTimeMs = event.markNextFundingTimeMs();
        state.markExchangeTimeNs = event.exchangeTimeNs();
        state.markReceiveTimeNs = event.receiveTimeNs();
        state.lastReceiveTimeNs[MARK_SLOT] = event.receiveTimeNs();
        final long sequence = ++state.streamSequences[MARK_SLOT];
        EventEncoder.stamp(event.buffer(), event.offset(), nowNs, sequence, epoch, 0);
        subscriptions.publish(state, MARK_SLOT, event);
    }

    private void onCandle(final InstrumentState state) {
        final CandleInterval interval = event.candleInterval();
        final CandleSource source = event.candleSource();
        if (interval == null || source == null) {
            rejections.increment(Rejection.MALFORMED_EVENT, "candle with unknown interval or source");
            return;
        }
        applyCandle(state, interval, event.candleOpenTimeMs(), event.candleOpen(), event.candleHigh(),
            event.candleLow(), event.candleClose(), event.candleVolume(), event.candleTradeCount(),
            event.candleClosed(), source, event.exchangeTimeNs(), event.receiveTimeNs());
    }

    @Override
    public void onCandle(
        final int instrumentId, final CandleInterval interval, final long bucketOpenTimeMs, final long open,
        final long high, final long low, final long close, final long volume, final long tradeCount,
        final boolean closed) {
        applyCandle(aggregatingFor, interval, bucketOpenTimeMs, open, high, low, close, volume, tradeCount, closed,
            CandleSource.TRADES, aggregatingExchangeTimeNs, aggregatingReceiveTimeNs);
    }

    private void applyCandle(
        final InstrumentState state, final CandleInterval interval, final long openTimeMs, final long open,
        final long high, final long low, final long close, final long volume, final long tradeCount,
        final boolean closed, final CandleSource source, final long exchangeTimeNs, final long receiveTimeNs) {
        final CandleSeries series = state.candleSeries(interval, context);
        final CandleOutcome outcome = series.upsert(openTimeMs, open, high, low, close, volume, tradeCount, closed,
            source, receiveTimeNs);
        if (outcome == CandleOutcome.REJECTED) {
            rejections.increment(series.lastRejection(), state.instrument);
            return;
        }
        final int slot = StreamKey.slotOf(StreamKind.CANDLES, interval);
        state.lastReceiveTimeNs[slot] = receiveTimeNs;
        if (series.lastMissingAdded() > 0) {
            publishStatus(state.instrument.venue(), state.instrument.id(), receiveTimeNs, StreamKind.CANDLES,
                interval, StreamStatus.GAP, series.lastMissingAdded());
        }
        if (!outcome.changed()) {
            return;
        }
        final long sequence = ++state.streamSequences[slot];
        series.stampLastSequence(sequence);
        final ByteBuffer out = scratch.forLength(EventLayout.CANDLE_LENGTH);
        EventEncoder.candle(out, 0, state.instrument.venue(), state.instrument.id(), exchangeTimeNs, receiveTimeNs,
            interval, openTimeMs, open, high, low, close, volume, tradeCount, closed, source);
        EventEncoder.stamp(out, 0, nowNs, sequence, epoch, 0);
        subscriptions.publish(state, slot, outEvent.wrap(out, 0, EventLayout.CANDLE_LENGTH));
    }

    private void onStatus() {
        final Venue venue = event.venue();
        final StreamKind kind = event.statusStreamKind();
        final StreamStatus status = event.status();
        final int intervalCode = event.buffer().get(event.offset() + EventLayout.STATUS_INTERVAL_OFFSET);
        final CandleInterval interval = event.statusInterval();
        if (venue == null || kind == null || status == null || (intervalCode != -1 && interval == null)
            || (kind == StreamKind.CANDLES) != (interval != null)) {
            rejections.increment(Rejection.MALFORMED_EVENT, "status with unknown venue, stream, interval or code");
            return;
        }
        final int instrumentId = event.instrumentId();
        if (instrumentId != -1) {
            final InstrumentState instrument = market.stateFor(instrumentId);
            if (instrument == null || instrument.instrument.venue() != venue) {
                rejections.increment(Rejection.UNKNOWN_INSTRUMENT, instrumentId);
                return;
            }
            if (kind != StreamKind.STATUS) {
                instrument.streamStatus[StreamKey.slotOf(kind, interval)] = status;
            }
        }
        final long sequence = ++statusSequences[venue.ordinal()];
        EventEncoder.stamp(event.buffer(), event.offset(), nowNs, sequence, epoch, 0);
        subscriptions.publishStatus(venue, event);
    }

    private void publishStatus(
        final Venue venue, final int instrumentId, final long receiveTimeNs, final StreamKind kind,
        final CandleInterval interval, final StreamStatus status, final long detail) {
        final ByteBuffer out = scratch.forLength(EventLayout.STATUS_LENGTH);
        EventEncoder.status(out, 0, venue, instrumentId, 0, receiveTimeNs, kind, interval, status, detail);
        final long sequence = ++statusSequences[venue.ordinal()];
        EventEncoder.stamp(out, 0, nowNs, sequence, epoch, 0);
        if (instrumentId != -1 && kind != StreamKind.STATUS) {
            market.stateFor(instrumentId).streamStatus[StreamKey.slotOf(kind, interval)] = status;
        }
        subscriptions.publishStatus(venue, outEvent.wrap(out, 0, EventLayout.STATUS_LENGTH));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Subscriptions

    /**
     * Subscribes a listener. On the engine thread, the listener first receives a snapshot (events flagged
     * {@link MarketEvent#isSnapshot()}, stamped with the stream's current sequence), then every later event.
     *
     * <ul>
     *   <li>book: a {@link EventType#BOOK_SNAPSHOT} of the best {@code snapshotCount} levels (0: full depth), then
     *       {@link EventType#BOOK_DELTA}s;</li>
     *   <li>trades: the last {@code snapshotCount} trades; quotes: the latest quote; candles: the last
     *       {@code snapshotCount} candles (holes included); status: nothing.</li>
     * </ul>
     * A wildcard key sends the snapshot of every instrument of the venue the engine has seen.
     *
     * @param key           what to subscribe to
     * @param snapshotCount how much history the snapshot carries, as above
     * @param listener      called on the engine thread
     * @return the subscription; {@link Subscription#started()} completes after the snapshot
     * @throws IllegalArgumentException if the key names an unknown instrument or one of another venue
     */
    public Subscription subscribe(final StreamKey key, final int snapshotCount, final MarketDataListener listener) {
        if (!key.isWildcard()) {
            final Instrument instrument = registry.get(key.instrumentId());
            if (instrument == null || instrument.venue() != key.venue()) {
                throw new IllegalArgumentException("no instrument " + key.instrumentId() + " on " + key.venue());
            }
        }
        final Subscription subscription =
            new Subscription(this, subscriptionIds.incrementAndGet(), key, snapshotCount, listener);
        submit(() -> addSubscription(subscription));
        return subscription;
    }

    void unsubscribe(final Subscription subscription) {
        submit(() -> subscriptions.remove(subscription));
    }

    private void addSubscription(final Subscription subscription) {
        final StreamKey key = subscription.key();
        subscriptions.add(subscription);
        if (key.kind() != StreamKind.STATUS) {
            if (key.isWildcard()) {
                for (final InstrumentState instrument : market.states()) {
                    if (instrument != null && instrument.instrument.venue() == key.venue()) {
                        snapshots.send(instrument, subscription, nowNs);
                    }
                }
            } else {
                snapshots.send(market.stateFor(key.instrumentId()), subscription, nowNs);
            }
        }
        subscription.started().complete(subscription);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Queries

    /**
     * Runs {@code query} on the engine thread between two events and completes with its result. The function may
     * read {@link MarketState} freely but must copy what it returns.
     *
     * @param query reads the state and builds an immutable result
     * @param <T>   the result type
     * @return the result, completed on the engine thread
     */
    public <T> CompletableFuture<T> query(final Function<MarketState, T> query) {
        final QueryCommand<T> command = new QueryCommand<>(query, market);
        submit(command);
        return command.result();
    }

    /**
     * @param instrumentId an instrument
     * @param depth        levels per side, 0 for all
     * @return the top of its book, or null if the instrument is unknown
     */
    public CompletableFuture<BookView> queryBook(final int instrumentId, final int depth) {
        return query(market -> {
            final L2Book book = market.book(instrumentId);
            return book == null ? null : BookView.of(registry.get(instrumentId), book, depth,
                market.streamSequence(instrumentId, StreamKind.BOOK, null), epoch);
        });
    }

    /**
     * @param instrumentIds instruments
     * @param interval      the interval
     * @param count         candles per instrument (the newest)
     * @return per instrument id (in the given order), its last candles; unknown ids are left out
     */
    public CompletableFuture<Map<Integer, CandleView>> queryCandles(
        final int[] instrumentIds, final CandleInterval interval, final int count) {
        final int[] ids = instrumentIds.clone();
        return query(market -> {
            final Map<Integer, CandleView> result = new LinkedHashMap<>();
            for (final int id : ids) {
                final Instrument instrument = registry.get(id);
                if (instrument != null) {
                    result.put(id, CandleView.of(instrument, interval, market.candles(id, interval), count,
                        market.streamSequence(id, StreamKind.CANDLES, interval)));
                }
            }
            return result;
        });
    }

    /**
     * @param instrumentId an instrument
     * @param count        how many of the newest trades
     * @return its last trades, or null if the instrument is unknown
     */
    public CompletableFuture<TradeView> queryTrades(final int instrumentId, final int count) {
        return query(market -> {
            final TradeRing trades = market.trades(instrumentId);
            return trades == null ? null : TradeView.of(registry.get(instrumentId), trades, count,
                market.streamSequence(instrumentId, StreamKind.TRADES, null));
        });
    }

    /**
     * @param instrumentId an instrument
     * @return its latest mark price and funding, or null if unknown or none yet
     */
    public CompletableFuture<MarkView> queryMark(final int instrumentId) {
        return query(market -> market.mark(instrumentId));
    }

    /**
     * @param instrumentId an instrument
     * @return its latest quote, or null if unknown or none yet
     */
    public CompletableFuture<QuoteView> queryQuote(final int instrumentId) {
        return query(market -> {
            final QuoteRing quotes = market.quotes(instrumentId);
            return quotes == null ? null : QuoteView.latest(registry.get(instrumentId), quotes);
        });
    }

    /**
     * @param instrumentId an instrument
     * @return a copy of its latest features, or null if unknown, none yet, or features are off
     */
    public CompletableFuture<FeatureView> queryFeatures(final int instrumentId) {
        return query(market -> market.features(instrumentId));
    }

    private void submit(final Runnable command) {
        commands.add(command);
        final EngineGuest hosted = guest;
        if (hosted != null) {
            hosted.wake();
        }
        final Thread thread = engineThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
