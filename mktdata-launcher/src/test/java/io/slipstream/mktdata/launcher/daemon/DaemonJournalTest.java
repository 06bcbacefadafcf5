package io.slipstream.mktdata.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.mktdata.journal.JournalHandler;
import io.slipstream.mktdata.journal.JournalReader;
import io.slipstream.mktdata.launcher.config.ConfigLoader;
import io.slipstream.mktdata.launcher.demo.SimulatorConfig;
import io.slipstream.mktdata.launcher.config.DaemonConfig;
import io.slipstream.mktdata.venuesim.VenueSim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** With {@code [daemon] journal_dir}, every event the daemon publishes is in its journal, for the recorder. */
class DaemonJournalTest {
    @TempDir
    Path directory;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldJournalEveryPublishedEventWhenAJournalDirIsConfigured() throws Exception {
        try (VenueSim sim = VenueSim.builder().synthetic(3, 42, 2_000).start()) {
            final Path journalDir = directory.resolve("journal");
            final Path file = SimulatorConfig.write(sim, directory.resolve("mktdata.toml"),
                directory.resolve("mktdata.sock"), journalDir, 0);
            final DaemonConfig config = ConfigLoader.load(file, Map.of());
            assertThat(config.daemon().journalDir()).isEqualTo(journalDir);
            final Daemon daemon = new Daemon(config);
            final long published;
            final long journaled;
            try {
                daemon.start();
                final long deadline = System.currentTimeMillis() + 60_000;
                while (!daemon.allStreamsLive() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(500);
            } finally {
                daemon.close();
                published = daemon.engine().eventsPublished();
                journaled = daemon.journal().eventsWritten();
            }
            assertThat(published).isPositive();
            assertThat(journaled).as("every published event journaled").isEqualTo(published);
            final long[] events = new long[1];
            final JournalHandler counter = new JournalHandler() {
                @Override
                public void onRecord(final long epoch, final long position, final ByteBuffer buffer, final int offset,
                                     final int length, final boolean replay) {
                    if (!replay && buffer.getShort(offset) < 100) {
                        events[0]++;
                    }
                }

                @Override
                public void onLost(final long epoch, final long from, final long toEpoch, final long to,
                                   final String reason) {
                    throw new AssertionError(reason);
                }
            };
            try (JournalReader reader = new JournalReader(journalDir, 0, 0)) {
                while (reader.poll(counter, 10_000) > 0) {
                    // until the end
                }
            }
            assertThat(events[0]).isEqualTo(published);
        }
    }
}
