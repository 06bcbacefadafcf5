package io.slipstream.mktdata.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.book.LevelBuffer;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.engine.EventPublisher;
import io.slipstream.mktdata.engine.MarketDataEngine;
import io.slipstream.mktdata.event.EventLayout;
import io.slipstream.mktdata.event.EventType;
import io.slipstream.mktdata.feature.FeatureConfig;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.instrument.InstrumentRegistry;
import io.slipstream.mktdata.instrument.InstrumentSpec;
import io.slipstream.mktdata.trade.AggressorSide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The journal over real files: every published event once, in order, across segments, epochs and crashes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalWriterReaderTest {
    private static final int SEGMENT_BYTES = JournalConfig.SEGMENT_BYTES_MIN;

    @TempDir
    Path dir;

    /** What a reader saw: one line per record. */
    private static final class Collector implements JournalHandler {
        final List<String> events = new ArrayList<>();
        final List<String> replayed = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        final List<Long> positions = new ArrayList<>();
        int definitions;
        int checkpoints;

        @Override
        public void onRecord(final long epoch, final long position, final ByteBuffer buffer, final int offset,
                             final int length, final boolean replay) {
            final int type = buffer.getShort(offset);
            if (type == JournalFormat.TYPE_INSTRUMENT) {
                definitions++;
                return;
            }
            if (type == JournalFormat.TYPE_BOOK_CHECKPOINT) {
                checkpoints++;
                return;
            }
            final String line = epoch + "/" + EventType.fromCode(type) + "/"
                + buffer.getInt(offset + EventLayout.INSTRUMENT_OFFSET) + "/"
                + buffer.getLong(offset + EventLayout.STREAM_SEQUENCE_OFFSET);
            (replay ? replayed : events).add(line);
            if (!replay) {
                positions.add(position);
            }
        }

        @Override
        public void onLost(final long epoch, final long from, final long toEpoch, final long to, final String why) {
            lost.add(why);
        }
    }

    private final InstrumentRegistry registry = new InstrumentRegistry(8);
    private final Instrument btc = registry.register(InstrumentSpec.binance("BTCUSDT", "0.10", "0.001"));
    private final Instrument eth = registry.register(InstrumentSpec.binance("ETHUSDT", "0.01", "0.001"));

    private MarketDataEngine engine(final long epoch) {
        // Features off: these tests count the journal's records event for event.
        return new MarketDataEngine(new EngineContext().registry(registry).epoch(epoch)
            .features(FeatureConfig.disabled()));
    }

    private static void publish(final MarketDataEngine engine, final int count, final long firstBookSequence) {
        final EventPublisher publisher = engine.publisher();
        final LevelBuffer bids = new LevelBuffer(4);
        final LevelBuffer asks = new LevelBuffer(4);
        for (int i = 0; i < count; i++) {
            final long t = 1_700_000_000_000_000_000L + i * 1_000_000L;
            publisher.trade(i % 2 == 0 ? 0 : 1, t, t, 600_000 + i % 10, 1 + i % 5, AggressorSide.BUY, i, 0);
            bids.clear().add(599_990 - i % 5, 1 + i % 3);
            asks.clear().add(600_010 + i % 5, 1 + i % 4);
            if (i == 0) {
                publisher.bookSnapshot(0, t, t, firstBookSequence, true, bids, asks);
            } else {
                publisher.bookDelta(0, t, t, firstBookSequence + i, bids, asks);
            }
            while (engine.doWork() > 0) {
                // drain
            }
        }
    }

    private static List<String> readAll(final Path dir, final Collector collector) throws IOException {
        try (JournalReader reader = new JournalReader(dir, 0, 0)) {
            while (reader.poll(collector, 1000) > 0) {
                // until nothing new
            }
        }
        return collector.events;
    }

    @Test
    void shouldReadEveryPublishedEventOnceInOrderAcrossSegmentRotations() throws Exception {
        final MarketDataEngine engine = engine(1_000);
        final JournalWriter writer = new JournalWriter(JournalConfig.defaults(dir).withSegmentBytes(SEGMENT_BYTES),
            engine.epoch());
        writer.attach(engine);
        engine.doWork();
        publish(engine, 20_000, 1);
        writer.close();
        final Collector collector = new Collector();
        final List<String> events = readAll(dir, collector);
        assertThat(JournalFormat.segments(writer.epochDirectory())).hasSizeGreaterThan(2);
        assertThat(events).hasSize(40_000).doesNotHaveDuplicates();
        assertThat(events.stream().filter(e -> e.contains("/TRADE/0/")).count()).isEqualTo(10_000);
        assertThat(events.get(events.size() - 1)).isEqualTo("1000/BOOK_DELTA/0/20000");
        assertThat(collector.definitions).isGreaterThanOrEqualTo(2);
        assertThat(collector.checkpoints).isGreaterThan(1);
        assertThat(writer.eventsLost()).isZero();
    }

    @Test
    void shouldResumeFromAnyPositionWithoutRepeatingAndReplayStateBeforeIt() throws Exception {
        final MarketDataEngine engine = engine(1_000);
        try (JournalWriter writer = new JournalWriter(
            JournalConfig.defaults(dir).withSegmentBytes(SEGMENT_BYTES), engine.epoch()).attach(engine)) {
            engine.doWork();
            publish(engine, 15_000, 1);
            assertThat(writer.eventsWritten()).isEqualTo(30_000);
        }
        final Collector all = new Collector();
        readAll(dir, all);
        final int cut = 17_777;
        final Collector resumed = new Collector();
        try (JournalReader reader = new JournalReader(dir, 1_000, all.positions.get(cut))) {
            while (reader.poll(resumed, 500) > 0) {
                // until nothing new
            }
        }
        assertThat(resumed.events).isEqualTo(all.events.subList(cut, all.events.size()));
        assertThat(resumed.definitions).as("definitions before the start position are replayed").isPositive();
        assertThat(resumed.replayed).isNotEmpty().doesNotContainAnyElementsOf(resumed.events);
    }

    @Test
    void shouldTailALiveWriterAndFollowANewEpochAfterATornRecord() throws Exception {
        final MarketDataEngine first = engine(1_000);
        final JournalWriter writer1 = new JournalWriter(JournalConfig.defaults(dir).withSegmentBytes(SEGMENT_BYTES),
            first.epoch()).attach(first);
        first.doWork();
        final Collector collector = new Collector();
        final JournalReader reader = new JournalReader(dir, 0, 0);
        publish(first, 100, 1);
        reader.poll(collector, 10_000);
        assertThat(collector.events).hasSize(200);
        assertThat(reader.poll(collector, 10_000)).as("nothing new").isZero();
        publish(first, 50, 1000);
        reader.poll(collector, 10_000);
        assertThat(collector.events).hasSize(300);
        writer1.close();

        // A crash mid-append: a length with half a payload after it.
        final Path segment = writer1.epochDirectory().resolve(JournalFormat.segmentFileName(0));
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            final long at = reader.position();
            file.seek(at);
            file.write(new byte[] {80, 0, 0, 0, 1, 2, 3, 4, 9, 9});
        }
        final MarketDataEngine second = engine(2_000);
        try (JournalWriter writer2 = new JournalWriter(
            JournalConfig.defaults(dir).withSegmentBytes(SEGMENT_BYTES), second.epoch()).attach(second)) {
            second.doWork();
            publish(second, 10, 1);
            assertThat(writer2.eventsWritten()).isEqualTo(20);
        }
        Thread.sleep(60);
        while (reader.poll(collector, 10_000) > 0) {
            Thread.sleep(60);
        }
        reader.close();
        assertThat(collector.events).hasSize(320);
        assertThat(collector.events.get(300)).startsWith("2000/");
        assertThat(collector.lost).hasSize(1).first().asString().contains("torn");
    }

    @Test
    void shouldReportSegmentsDeletedBeforeTheyWereRead() throws Exception {
        final MarketDataEngine engine = engine(1_000);
        try (JournalWriter writer = new JournalWriter(
            JournalConfig.defaults(dir).withSegmentBytes(SEGMENT_BYTES), engine.epoch()).attach(engine)) {
            engine.doWork();
            publish(engine, 20_000, 1);
            assertThat(writer.eventsLost()).isZero();
        }
        final Path epochDir = dir.resolve(JournalFormat.epochDirName(1_000));
        final List<Long> segments = JournalFormat.segments(epochDir);
        Files.delete(epochDir.resolve(JournalFormat.segmentFileName(segments.get(0))));
        final Collector collector = new Collector();
        try (JournalReader reader = new JournalReader(dir, 1_000, 0)) {
            while (reader.poll(collector, 1000) > 0) {
                // until nothing new
            }
        }
        assertThat(collector.lost).hasSize(1);
        assertThat(collector.events).isNotEmpty().hasSizeLessThan(40_000);
        assertThat(collector.events.get(collector.events.size() - 1)).isEqualTo("1000/BOOK_DELTA/0/20000");
    }

    @Test
    void shouldDeleteTheOldestSegmentsPastTheRetentionButNeverTheOneBeingWritten() throws Exception {
        final MarketDataEngine engine = engine(1_000);
        try (JournalWriter writer = new JournalWriter(
            JournalConfig.defaults(dir).withSegmentBytes(SEGMENT_BYTES).withRetention(0, 3L * SEGMENT_BYTES),
            engine.epoch()).attach(engine)) {
            engine.doWork();
            publish(engine, 40_000, 1);
            final Path epochDir = writer.epochDirectory();
            assertThat(JournalFormat.segments(epochDir)).hasSizeGreaterThan(3);
            final long deadline = System.currentTimeMillis() + 15_000;
            while (JournalFormat.segments(epochDir).size() > 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            final List<Long> left = JournalFormat.segments(epochDir);
            assertThat(left).hasSizeLessThanOrEqualTo(3);
            final Collector collector = new Collector();
            final List<String> events = readAll(dir, collector);
            assertThat(collector.lost).as("the reader reports the deleted start").hasSize(1);
            assertThat(events.get(events.size() - 1)).isEqualTo("1000/BOOK_DELTA/0/40000");
        }
    }
}
