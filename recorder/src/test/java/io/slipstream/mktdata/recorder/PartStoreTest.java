package io.slipstream.mktdata.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The commit protocol at each point a crash can interrupt it: before the commit, and between commit and renames. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PartStoreTest {
    private static final byte[] PARQUET_LIKE = "PAR1 rows PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TempDir
    Path root;

    private PartStore.Part stage(final PartStore store, final long flush, final String dir, final String name)
        throws Exception {
        final Path staged = store.stagingDir(flush).resolve("trades/grp=0/data_0.parquet");
        Files.createDirectories(staged.getParent());
        Files.write(staged, PARQUET_LIKE);
        Files.createDirectories(root.resolve(dir));
        return new PartStore.Part(root.relativize(staged).toString(), dir + "/" + name);
    }

    @Test
    void shouldResumeAfterTheLastCommitAndDropWhatNoCommitCovers() throws Exception {
        final PartStore store = new PartStore(root);
        assertThat(store.recover()).isEqualTo(new PartStore.Resume(0, 0));
        final String first = PartStore.partName(7, 0, 100);
        store.commit(7, 100, List.of(stage(store, 1, "trades/binance/2026-01-15", first)));
        assertThat(root.resolve("trades/binance/2026-01-15/" + first)).exists();

        // A crash after the next flush wrote its files but before it committed.
        stage(store, 2, "trades/binance/2026-01-15", PartStore.partName(7, 100, 200));
        final PartStore restarted = new PartStore(root);
        assertThat(restarted.recover()).isEqualTo(new PartStore.Resume(7, 100));
        assertThat(root.resolve("trades/binance/2026-01-15/" + PartStore.partName(7, 100, 200))).doesNotExist();
        assertThat(restarted.stagingDir(2)).doesNotExist();
    }

    @Test
    void shouldFinishTheRenamesOfACommitThatACrashInterrupted() throws Exception {
        final PartStore store = new PartStore(root);
        store.recover();
        final String name = PartStore.partName(7, 100, 200);
        final PartStore.Part part = stage(store, 3, "trades/binance/2026-01-15", name);
        // The commit file is in place, the part is not: what a kill between the two leaves.
        Files.writeString(root.resolve("_state/commit-" + String.format("%020d-%020d", 7, 200) + ".txt"),
            "epoch\t7\nnext\t200\npart\t" + part.tmp() + "\t" + part.target() + "\n");
        final PartStore restarted = new PartStore(root);
        assertThat(restarted.recover()).isEqualTo(new PartStore.Resume(7, 200));
        assertThat(root.resolve(part.target())).exists().hasBinaryContent(PARQUET_LIKE);
        assertThat(root.resolve(part.tmp())).doesNotExist();
        // Recovering again changes nothing.
        assertThat(new PartStore(root).recover()).isEqualTo(new PartStore.Resume(7, 200));
        assertThat(root.resolve(part.target())).exists();
    }
}
