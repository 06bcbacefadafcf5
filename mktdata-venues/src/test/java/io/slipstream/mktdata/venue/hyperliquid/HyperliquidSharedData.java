package io.slipstream.mktdata.venue.hyperliquid;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real recorded venue traffic beside the project ({@code ../shared/data} from the repository root). It is never
 * copied into the repository; a test that needs it is skipped, visibly, when it is absent (a user's fresh clone).
 */
final class HyperliquidSharedData {
    private HyperliquidSharedData() {
    }

    /**
     * @param relative a path below {@code shared/data}, e.g. {@code binance-usdm/hftbacktest/btcusdt_20240808.gz}
     * @return the file; the calling test is skipped (with the reason) if it does not exist
     */
    static Path require(final String relative) {
        Path directory = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && directory != null; up++, directory = directory.getParent()) {
            final Path candidate = directory.resolve("../shared/data").resolve(relative).normalize();
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "skipped: real capture ../shared/data/" + relative + " is not beside this checkout");
        throw new IllegalStateException("unreachable");
    }
}
