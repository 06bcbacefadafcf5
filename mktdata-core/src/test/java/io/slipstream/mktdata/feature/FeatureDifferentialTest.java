package io.slipstream.mktdata.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.clock.ManualEpochClock;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.engine.StreamKey;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.rejection.Rejection;
import io.slipstream.mktdata.trade.AggressorSide;
import io.slipstream.mktdata.trade.TradeRing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The engine's features against a naive reference written from docs/features.md: random books (Hyperliquid-style
 * snapshots, Binance-style deltas) and trades (some backfilled) on the same asset on both venues, every field of
 * every features event compared with the reference's value at that moment.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FeatureDifferentialTest {
    private static final long T0_NS = 1_795_000_000_000_000_000L;
    private static final FeatureConfig CONFIG = FeatureConfig.of(1_000, new long[] {500, 5_000, 30_000},
        new double[] {1, 5, 25}, 2);

    /** A trade the features count (not backfilled). */
    private record Trade(long receiveTimeNs, double price, double size, int sign) {
    }

    /** A naive model of one instrument: TreeMap books and every trade. */
    private static final class Reference {
        final Instrument instrument;
        final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();
        final List<Trade> trades = new ArrayList<>();
        long tradeCount;
        long bookReceiveTimeNs;
        long lastFeatureTimeNs;
        double lastSpreadBps = Double.NaN;
        long lastBucket = Long.MIN_VALUE;

        Reference(final Instrument instrument) {
            this.instrument = instrument;
        }

        double mid() {
            if (bids.isEmpty() || asks.isEmpty()) {
                return Double.NaN;
            }
            return (instrument.price(bids.firstKey()) + instrument.price(asks.firstKey())) / 2;
        }

        double depth(final boolean bid, final double bps) {
            final double mid = mid();
            if (Double.isNaN(mid)) {
                return Double.NaN;
            }
            double depth = 0;
            for (final Map.Entry<Long, Long> level : (bid ? bids : asks).entrySet()) {
                final double price = instrument.price(level.getKey());
                if (bid ? price < mid * (1 - bps / 10_000.0) : price > mid * (1 + bps / 10_000.0)) {
                    break;
                }
                depth += instrument.size(level.getValue());
            }
            return depth;
        }
    }

    private final InstrumentRegistry registry = new InstrumentRegistry(8);
    private final Instrument hl = registry.register(InstrumentSpec.hyperliquid("BTC", 5));
    private final Instrument bn = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
    private final Instrument loner = registry.register(InstrumentSpec.binance("SOLUSDT", "0.01", "0.01"));

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void everyFeatureEqualsTheReferenceAtEveryEmission(final long seed) {
        final List<byte[]> emitted = run(seed, true);
        assertThat(emitted).hasSizeGreaterThan(300);
    }

    @Test
    void aNewSubscriberGetsTheLatestFeaturesFirstAndAQueryReturnsThem() {
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)
            .clock(new ManualEpochClock(T0_NS)).epoch(1).ringCapacityBytes(1 << 20).features(CONFIG));
        for (int i = 0; i < 3; i++) {
            engine.publisher().trade(bn.id(), T0_NS, T0_NS + i * 1_000_000_000L, 600_000, 1_000, AggressorSide.BUY,
                i, 0);
            engine.doWork();
        }
        final List<FeatureView> seen = new ArrayList<>();
        final List<Boolean> snapshot = new ArrayList<>();
        engine.subscribe(StreamKey.features(bn), 0, (event, state) -> {
            seen.add(FeatureView.copyOf(event));
            snapshot.add(event.isSnapshot());
        });
        final var query = engine.queryFeatures(bn.id());
        engine.doWork();
        assertThat(seen).hasSize(1);
        assertThat(snapshot).containsExactly(true);
        assertThat(seen.get(0).streamSequence()).isEqualTo(3);
        assertThat(seen.get(0).tradeCount(2)).isEqualTo(3);
        assertThat(query.join().streamSequence()).isEqualTo(3);
        engine.publisher().trade(bn.id(), T0_NS, T0_NS + 3_000_000_000L, 600_000, 1_000, AggressorSide.SELL, 3, 0);
        engine.doWork();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).streamSequence()).isEqualTo(4);
        assertThat(snapshot).containsExactly(true, false);
        assertThat(seen.get(1).signedNotional(2)).isEqualTo(2 * bn.price(600_000) * bn.size(1_000));
    }

    @Test
    void theSameEventsGiveTheSameFeaturesByteForByte() {
        final List<byte[]> first = run(7, false);
        final List<byte[]> second = run(7, false);
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            // Publish time (the engine's clock) aside, which the manual clock keeps equal anyway.
            assertThat(second.get(i)).as("features event %d", i).isEqualTo(first.get(i));
        }
    }

    @Test
    void disabledFeaturesPublishNothing() {
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry)
            .clock(new ManualEpochClock(T0_NS)).epoch(1).ringCapacityBytes(1 << 20)
            .features(FeatureConfig.disabled()));
        final List<FeatureView> seen = new ArrayList<>();
        engine.subscribe(StreamKey.features(bn), 0, (event, state) -> seen.add(FeatureView.copyOf(event)));
        for (int i = 0; i < 10; i++) {
            engine.publisher().trade(bn.id(), T0_NS, T0_NS + i * 1_000_000_000L, 600_000, 1_000, AggressorSide.BUY,
                i, 0);
            engine.doWork();
        }
        assertThat(seen).isEmpty();
        final var query = engine.queryFeatures(bn.id());
        engine.doWork();
        assertThat(query.join()).isNull();
    }

    private List<byte[]> run(final long seed, final boolean compare) {
        final ManualEpochClock clock = new ManualEpochClock(T0_NS);
        final MarketDataEngine engine = new MarketDataEngine(new EngineContext().registry(registry).clock(clock)
            .epoch(1).ringCapacityBytes(1 << 20).features(CONFIG));
        final Map<Integer, Reference> references = Map.of(hl.id(), new Reference(hl), bn.id(), new Reference(bn),
            loner.id(), new Reference(loner));
        final List<FeatureView> seen = new ArrayList<>();
        final List<byte[]> bytes = new ArrayList<>();
        for (final Instrument instrument : List.of(hl, bn, loner)) {
            engine.subscribe(StreamKey.features(instrument), 0, (event, state) -> {
                seen.add(FeatureView.copyOf(event));
                final byte[] copy = new byte[event.length()];
                event.buffer().get(event.offset(), copy);
                bytes.add(copy);
            });
        }
        engine.doWork();
        final SplittableRandom random = new SplittableRandom(seed);
        final LevelBuffer bids = new LevelBuffer(64);
        final LevelBuffer asks = new LevelBuffer(64);
        long timeNs = T0_NS;
        long venueSequence = 1;
        for (int step = 0; step < 6_000; step++) {
            timeNs += 1_000_000L * random.nextInt(1, 400);
            final Instrument instrument = random.nextInt(10) == 0 ? loner : random.nextBoolean() ? hl : bn;
            final Reference reference = references.get(instrument.id());
            final long center = instrument == loner ? 15_000 : instrument == hl ? 600_000 : 600_100;
            final long tick = 1;
            final int action = random.nextInt(10);
            final Rejection result;
            boolean bookEvent = false;
            final Map<Long, Long> bidsBefore = new TreeMap<>(reference.bids);
            final Map<Long, Long> asksBefore = new TreeMap<>(reference.asks);
            if (action < 4) {
                final long priceMantissa = center + random.nextInt(-30, 31) * tick;
                final long sizeMantissa = random.nextLong(1, 5_000);
                final AggressorSide side = random.nextInt(20) == 0 ? AggressorSide.UNKNOWN
                    : random.nextBoolean() ? AggressorSide.BUY : AggressorSide.SELL;
                final int flags = random.nextInt(8) == 0 ? TradeRing.FLAG_BACKFILLED : 0;
                result = engine.publisher().trade(instrument.id(), timeNs - 5_000_000, timeNs, priceMantissa,
                    sizeMantissa, side, step, flags);
                reference.tradeCount++;
                if (flags == 0) {
                    reference.trades.add(new Trade(timeNs, instrument.price(priceMantissa),
                        instrument.size(sizeMantissa), side.sign()));
                }
            } else if (action < 6 || reference.bids.isEmpty()) {
                bids.clear();
                asks.clear();
                reference.bids.clear();
                reference.asks.clear();
                final int levels = random.nextInt(1, 21);
                final int emptySide = random.nextInt(30);
                for (int i = 0; i < levels; i++) {
                    final long bidPrice = center - (1 + i * 2L + random.nextInt(2)) * tick;
                    final long askPrice = center + (1 + i * 2L + random.nextInt(2)) * tick;
                    final long bidSize = random.nextLong(1, 100_000);
                    final long askSize = random.nextLong(1, 100_000);
                    if (emptySide != 0) {
                        bids.add(bidPrice, bidSize);
                        reference.bids.put(bidPrice, bidSize);
                    }
                    asks.add(askPrice, askSize);
                    reference.asks.put(askPrice, askSize);
                }
                result = engine.publisher().bookSnapshot(instrument.id(), timeNs, timeNs, venueSequence++, true,
                    bids, asks);
                bookEvent = true;
            } else {
                bids.clear();
                asks.clear();
                final int changes = random.nextInt(1, 5);
                for (int i = 0; i < changes; i++) {
                    final boolean bid = random.nextBoolean();
                    final long price = center + (bid ? -1 : 1) * random.nextInt(1, 60) * tick;
                    final long size = random.nextInt(3) == 0 ? 0 : random.nextLong(1, 100_000);
                    final TreeMap<Long, Long> side = bid ? reference.bids : reference.asks;
                    if ((bid ? bids : asks).count() > 0 && contains(bid ? bids : asks, price)) {
                        continue;
                    }
                    (bid ? bids : asks).add(price, size);
                    if (size == 0) {
                        side.remove(price);
                    } else {
                        side.put(price, size);
                    }
                }
                result = engine.publisher().bookDelta(instrument.id(), timeNs, timeNs, venueSequence++, bids, asks);
                bookEvent = true;
            }
            assertThat(result).isEqualTo(Rejection.NONE);
            final int before = seen.size();
            engine.doWork();
            assertThat(engine.rejections().total()).as("rejections").isZero();
            // A book update that changes nothing is not published, so it triggers nothing (offline code never sees it).
            final boolean bookChanged = bookEvent
                && (!bidsBefore.equals(reference.bids) || !asksBefore.equals(reference.asks));
            if (bookChanged) {
                reference.bookReceiveTimeNs = timeNs;
            }
            final long bucket = Math.floorDiv(timeNs, CONFIG.intervalMs() * 1_000_000L);
            final boolean due = (!bookEvent || bookChanged) && bucket > reference.lastBucket;
            assertThat(seen.size() - before).as("features events after step %d", step).isEqualTo(due ? 1 : 0);
            if (due) {
                reference.lastBucket = bucket;
                if (compare) {
                    compare(seen.get(seen.size() - 1), reference, references, timeNs);
                }
                reference.lastSpreadBps = spreadBps(reference);
                reference.lastFeatureTimeNs = timeNs;
            }
        }
        return bytes;
    }

    private static boolean contains(final LevelBuffer levels, final long price) {
        for (int i = 0; i < levels.count(); i++) {
            if (levels.price(i) == price) {
                return true;
            }
        }
        return false;
    }

    private static double spreadBps(final Reference r) {
        final double mid = r.mid();
        return Double.isNaN(mid) ? Double.NaN
            : 10_000.0 * (r.instrument.price(r.asks.firstKey()) - r.instrument.price(r.bids.firstKey())) / mid;
    }

    private void compare(
        final FeatureView actual, final Reference r, final Map<Integer, Reference> all, final long timeNs) {
        assertThat(actual.timeNs()).isEqualTo(timeNs);
        assertThat(actual.tradeSequence()).isEqualTo(r.tradeCount);
        final double mid = r.mid();
        close(actual.mid(), mid, "mid");
        close(actual.spreadBps(), spreadBps(r), "spread");
        close(actual.spreadVelocityBpsPerS(), r.lastFeatureTimeNs == 0 ? Double.NaN
            : (spreadBps(r) - r.lastSpreadBps) / ((timeNs - r.lastFeatureTimeNs) / 1e9), "spread velocity");
        final double b = r.depth(true, CONFIG.imbalanceBps());
        final double a = r.depth(false, CONFIG.imbalanceBps());
        close(actual.depthImbalance(), b + a > 0 ? (b - a) / (b + a) : Double.NaN, "depth imbalance");
        close(actual.visibleDepthBps(), Double.isNaN(mid) ? Double.NaN : Math.min(
            10_000.0 * (mid - r.instrument.price(r.bids.lastKey())) / mid,
            10_000.0 * (r.instrument.price(r.asks.lastKey()) - mid) / mid), "visible depth");
        assertThat(actual.midAgeNs()).isEqualTo(r.bookReceiveTimeNs == 0 ? -1 : timeNs - r.bookReceiveTimeNs);
        assertThat(actual.bandCount()).isEqualTo(CONFIG.bandCount());
        for (int band = 0; band < CONFIG.bandCount(); band++) {
            close(actual.bandBps(band), CONFIG.bandBps(band), "band");
            close(actual.bidDepth(band), r.depth(true, CONFIG.bandBps(band)), "bid depth " + band);
            close(actual.askDepth(band), r.depth(false, CONFIG.bandBps(band)), "ask depth " + band);
        }
        final Instrument other = r.instrument == loner ? null : r.instrument == hl ? bn : hl;
        assertThat(actual.counterpartId()).isEqualTo(other == null ? -1 : other.id());
        final double otherMid = other == null ? Double.NaN : all.get(other.id()).mid();
        final boolean basisKnown = !Double.isNaN(mid) && !Double.isNaN(otherMid);
        close(actual.basisBps(), basisKnown ? 10_000.0 * (mid - otherMid) / otherMid : Double.NaN, "basis");
        assertThat(actual.counterpartMidAgeNs()).isEqualTo(basisKnown
            ? timeNs - all.get(other.id()).bookReceiveTimeNs : -1);
        assertThat(actual.windowCount()).isEqualTo(CONFIG.windowCount());
        for (int w = 0; w < CONFIG.windowCount(); w++) {
            final long windowNs = CONFIG.windowMs(w) * 1_000_000L;
            long count = 0;
            double buyVolume = 0;
            double sellVolume = 0;
            double buyNotional = 0;
            double sellNotional = 0;
            double volume = 0;
            double notional = 0;
            for (final Trade trade : r.trades) {
                if (trade.receiveTimeNs() <= timeNs - windowNs || trade.receiveTimeNs() > timeNs) {
                    continue;
                }
                count++;
                volume += trade.size();
                notional += trade.price() * trade.size();
                if (trade.sign() > 0) {
                    buyVolume += trade.size();
                    buyNotional += trade.price() * trade.size();
                } else if (trade.sign() < 0) {
                    sellVolume += trade.size();
                    sellNotional += trade.price() * trade.size();
                }
            }
            final String name = "window " + CONFIG.windowMs(w) + " ";
            assertThat(actual.windowMs(w)).isEqualTo(CONFIG.windowMs(w));
            assertThat(actual.tradeCount(w)).as(name + "trades").isEqualTo(count);
            close(actual.buyVolume(w), buyVolume, name + "buy volume");
            close(actual.sellVolume(w), sellVolume, name + "sell volume");
            close(actual.signedNotional(w), buyNotional - sellNotional, name + "signed notional");
            close(actual.toxicity(w), buyNotional + sellNotional > 0
                ? Math.abs(buyNotional - sellNotional) / (buyNotional + sellNotional) : Double.NaN, name + "toxicity");
            close(actual.aggressorImbalance(w), buyVolume + sellVolume > 0
                ? (buyVolume - sellVolume) / (buyVolume + sellVolume) : Double.NaN, name + "imbalance");
            close(actual.arrivalRatePerS(w), count / (CONFIG.windowMs(w) / 1e3), name + "rate");
            final double vwap = volume > 0 ? notional / volume : Double.NaN;
            close(actual.vwap(w), vwap, name + "vwap");
            close(actual.vwapDeviationBps(w), 10_000.0 * (mid - vwap) / vwap, name + "vwap deviation");
        }
        assertThat(actual.toString()).contains("FeatureView");
        assertThat(EventType.FEATURES.code()).isEqualTo(8);
    }

    private static void close(final double actual, final double expected, final String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat(actual).as(what).isCloseTo(expected,
                offset(1e-9 * Math.max(1, Math.abs(expected))));
        }
    }
}
