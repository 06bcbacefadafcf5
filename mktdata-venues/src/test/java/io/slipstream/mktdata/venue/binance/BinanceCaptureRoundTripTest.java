package io.slipstream.mktdata.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.engine.BookView;
import io.slipstream.mktdata.fixedpoint.FixedPoint;
import io.slipstream.mktdata.instrument.Instrument;
import io.slipstream.mktdata.venue.capture.RawCaptureWriter;
import io.slipstream.mktdata.venuesim.VenueSim;
import io.slipstream.mktdata.venuesim.replay.CaptureReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Raw capture mode end to end: a live session captured by the adapter, replayed through venue-sim, rebuilds the same
 * engine books through a second adapter.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BinanceCaptureRoundTripTest {
    @TempDir
    Path directory;

    @Test
    void shouldRebuildTheSameBooksWhenACapturedSessionIsReplayedThroughTheSimulator() throws Exception {
        final Map<String, List<String>> live = new LinkedHashMap<>();
        try (RawCaptureWriter capture = new RawCaptureWriter(directory, "binance", 64L << 20);
             VenueSim sim = VenueSim.builder().synthetic(3, 5, 1_000).bookLevels(100).start();
             BinanceSimHarness h = new BinanceSimHarness(sim, c -> c.withCapture(capture))) {
            h.awaitAllSynced(10_000);
            Thread.sleep(2_000);
            h.stopMarketAndAssertBooksEqual(3_000);
            for (final String symbol : h.adapter.symbols()) {
                live.put(symbol, levels(h.engine.queryBook(h.instrument(symbol).id(), 0).get(5, TimeUnit.SECONDS)));
            }
            capture.flush();
        }
        assertThat(live).hasSize(3);
        assertThat(live.values()).allMatch(levels -> levels.size() >= 50);

        final List<Path> files = CaptureReader.expand(List.of(directory));
        assertThat(files).isNotEmpty();
        try (VenueSim replay = VenueSim.builder().replay(files, 0, false).paused().start();
             BinanceSimHarness h = new BinanceSimHarness(replay, c -> c)) {
            // Every stream fits one SUBSCRIBE per socket here: once each is acknowledged, no frame can be missed.
            BinanceSimHarness.await(() -> h.adapter.acks() >= h.adapter.connectionCount(), 10_000,
                "subscriptions acknowledged before the replay starts");
            replay.startMarket();
            BinanceSimHarness.await(() -> replay.replay().finished(), 30_000, "the replay");
            h.awaitAllSynced(10_000);
            for (final Map.Entry<String, List<String>> book : live.entrySet()) {
                final Instrument instrument = h.instrument(book.getKey());
                BinanceSimHarness.await(() -> book.getValue().equals(levels(h.engine.queryBook(instrument.id(), 0)
                    .join())), 10_000, book.getKey() + " rebuilt from the capture");
            }
        }
    }

    /** The book as decimal text (scales may differ between the runs: the replay infers them from the frames). */
    private static List<String> levels(final BookView book) {
        final List<String> out = new ArrayList<>();
        final int priceScale = book.instrument().priceScale();
        final int sizeScale = book.instrument().sizeScale();
        for (int i = 0; i < book.bidPrices().length; i++) {
            out.add("b " + plain(book.bidPrices()[i], priceScale) + " " + plain(book.bidSizes()[i], sizeScale));
        }
        for (int i = 0; i < book.askPrices().length; i++) {
            out.add("a " + plain(book.askPrices()[i], priceScale) + " " + plain(book.askSizes()[i], sizeScale));
        }
        return out;
    }

    private static String plain(final long mantissa, final int scale) {
        return new BigDecimal(FixedPoint.toString(mantissa, scale)).stripTrailingZeros().toPlainString();
    }
}
