package io.slipstream.mktdata.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.mktdata.candle.CandleInterval;
import io.slipstream.mktdata.engine.EngineContext;
import io.slipstream.mktdata.ipc.server.IpcServerConfig;
import io.slipstream.mktdata.venue.binance.BinanceAdapterConfig;
import io.slipstream.mktdata.venue.hyperliquid.HyperliquidAdapterConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** The daemon's config: the example is valid and complete, and every kind of mistake is named precisely. */
class ConfigLoaderTest {
    /** Surefire runs in the module directory. */
    private static final Path EXAMPLE = Path.of("..", "config", "mktdata.example.toml");
    private static final Path DOCS = Path.of("..", "docs", "configuration.md");
    /** Keys the example documents in comments only (an optional alternative, and the other candle intervals). */
    private static final Set<String> COMMENTED_IN_EXAMPLE = Set.of(
        "venues.hyperliquid.rate_limits.max_messages_per_second");

    @TempDir
    Path directory;

    private Path write(final String toml) throws IOException {
        final Path file = directory.resolve("mktdata.toml");
        Files.writeString(file, toml, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> errorsOf(final Path file, final Map<String, String> environment) {
        try {
            ConfigLoader.load(file, environment);
        } catch (final ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected " + file + " to be rejected");
    }

    @Test
    void shouldFindTheAnnotatedExampleValid() throws Exception {
        final DaemonConfig config = ConfigLoader.load(EXAMPLE, Map.of());

        assertThat(config.daemon().socketPath()).isEqualTo(Path.of("/var/run/slipstream/mktdata.sock"));
        assertThat(config.hyperliquid().enabled()).isTrue();
        assertThat(config.binance().enabled()).isTrue();
        assertThat(config.summary()).contains("hyperliquid all symbols", "binance all symbols", "metrics off");
    }

    @Test
    void shouldDocumentEveryKeyInTheExampleWithItsDefaultValue() throws Exception {
        final TomlParseResult example = Toml.parse(EXAMPLE);
        final String text = Files.readString(EXAMPLE);
        for (final String key : ConfigLoader.knownKeys()) {
            final boolean otherCandleCount = key.startsWith("retention.candles_")
                && !List.of("15m", "1h", "4h").contains(key.split("_")[1]);
            if (otherCandleCount) {
                assertThat(text).contains("candles_<interval>_count");
            } else if (COMMENTED_IN_EXAMPLE.contains(key)) {
                assertThat(text).contains(key.substring(key.lastIndexOf('.') + 1));
            } else {
                assertThat(example.contains(key)).as("example sets %s", key).isTrue();
            }
        }
        // The values shown are the defaults: the example means the same as an empty file.
        final DaemonConfig fromExample = ConfigLoader.load(EXAMPLE, Map.of());
        final DaemonConfig fromEmpty = ConfigLoader.load(write(""), Map.of());
        assertThat(fromExample.daemon()).isEqualTo(fromEmpty.daemon());
        assertThat(fromExample.retention()).isEqualTo(fromEmpty.retention());
        assertThat(fromExample.hyperliquid()).isEqualTo(fromEmpty.hyperliquid());
        assertThat(fromExample.binance()).isEqualTo(fromEmpty.binance());
        assertThat(fromExample.features()).isEqualTo(fromEmpty.features());
        assertThat(fromExample.health()).isEqualTo(fromEmpty.health());
    }

    @Test
    void shouldDescribeEveryKeyAndItsOverrideInTheConfigurationGuide() throws Exception {
        final String guide = Files.readString(DOCS);
        for (final String key : ConfigLoader.knownKeys()) {
            if (key.startsWith("retention.candles_")) {
                continue;
            }
            final String name = key.substring(key.lastIndexOf('.') + 1);
            assertThat(guide).as("docs/configuration.md describes %s", key).contains("`" + name + "`");
        }
        assertThat(guide).contains("candles_<interval>_count", "SLIPSTREAM_MKTDATA_VENUES_BINANCE_ENABLED",
            "SLIPSTREAM_MKTDATA_RETENTION_CANDLES_1MONTH_COUNT");
    }

    @Test
    void shouldNameTheKeyAndTheExpectedTypeOfAWrongType() throws Exception {
        final Path file = write("""
            [daemon]
            socket_path = 42
            max_clients = "many"

            [venues.binance]
            symbols = "BTCUSDT"
            """);

        assertThat(errorsOf(file, Map.of())).containsExactly(
            file + ":2: daemon.socket_path: expected a string, found an integer (42)",
            file + ":3: daemon.max_clients: expected an integer, found a string (\"many\")",
            file + ":6: venues.binance.symbols: expected \"all\" or an array of strings, found a string (\"BTCUSDT\")");
    }

    @Test
    void shouldRejectUnknownKeysAtEveryLevelByTheirFullDottedName() throws Exception {
        final Path file = write("""
            colour = "blue"
            [daemon]
            socket = "/tmp/x.sock"
            [retention]
            candles_7m_count = 10
            [venues.kraken]
            enabled = true
            [venues.binance.rate_limits]
            max_weight = 5
            [health.extra]
            x = 1
            """);

        final List<String> errors = errorsOf(file, Map.of());

        assertThat(errors).hasSize(6);
        assertThat(errors.get(0)).startsWith(file + ":1: colour: unknown key (known at the top level: daemon, "
            + "retention, venues, features, health)");
        assertThat(errors.get(1)).startsWith(file + ":3: daemon.socket: unknown key (known in [daemon]: socket_path");
        assertThat(errors.get(2)).startsWith(file + ":5: retention.candles_7m_count: unknown key (no candle "
            + "interval '7m'");
        assertThat(errors.get(3)).startsWith(file + ":6: venues.kraken: unknown key (known in [venues]: "
            + "hyperliquid, binance)");
        assertThat(errors.get(4)).startsWith(file + ":9: venues.binance.rate_limits.max_weight: unknown key");
        assertThat(errors.get(5)).startsWith(file + ":10: health.extra: unknown key");
    }

    @Test
    void shouldRejectImpossibleValuesNamingTheKeyAndTheRange() throws Exception {
        final Path file = write("""
            [daemon]
            socket_mode = "rw-rw----"
            log_level = "loud"
            heartbeat_ms = -5
            ipc_thread = "mine"
            [retention]
            candles_1h_count = 0
            [venues.hyperliquid]
            reconnect_delay_ms = 60000
            max_reconnect_delay_ms = 30000
            candle_intervals = ["15m", "6h", "7m"]
            channels = ["book", "orders"]
            websocket_url = "https://api.hyperliquid.xyz/ws"
            [venues.binance]
            reconnect_delay_ms = -1
            symbols = ["btcusdt", "ETHUSDT", "ETHUSDT"]
            channels = ["book", "candles"]
            """);

        assertThat(errorsOf(file, Map.of())).containsExactly(
            file + ":2: daemon.socket_mode: expected an octal file mode like \"0660\", found \"rw-rw----\"",
            file + ":3: daemon.log_level: expected one of trace, debug, info, warn, error, found \"loud\"",
            file + ":4: daemon.heartbeat_ms: expected an integer in 10..60000, found -5",
            file + ":5: daemon.ipc_thread: expected \"engine\" (serve on the engine's thread) or \"own\" (a thread "
                + "of its own), found \"mine\"",
            file + ":7: retention.candles_1h_count: expected an integer in 1..100000, found 0",
            file + ":9: venues.hyperliquid.reconnect_delay_ms: must not exceed "
                + "venues.hyperliquid.max_reconnect_delay_ms (30000), found 60000",
            file + ":11: venues.hyperliquid.candle_intervals: Hyperliquid has no 6h candles",
            file + ":11: venues.hyperliquid.candle_intervals: unknown interval \"7m\" (intervals: 1m 3m 5m 15m 30m "
                + "1h 2h 4h 6h 8h 12h 1d 3d 1w 1M)",
            file + ":12: venues.hyperliquid.channels: unknown channel \"orders\" (channels: book, trades, quotes, "
                + "candles, mark)",
            file + ":13: venues.hyperliquid.websocket_url: expected a ws:// or wss:// URL, found "
                + "\"https://api.hyperliquid.xyz/ws\"",
            file + ":15: venues.binance.reconnect_delay_ms: expected an integer in 1..3600000, found -1",
            file + ":16: venues.binance.symbols: Binance symbols are upper-case letters and digits like BTCUSDT, "
                + "found \"btcusdt\"",
            file + ":16: venues.binance.symbols: \"ETHUSDT\" is listed twice",
            file + ":17: venues.binance.channels: the Binance adapter always carries book, quotes, trades and mark "
                + "(only candles can be left out), found [book, candles]");
    }

    @Test
    void shouldValidateTheFeaturesSectionNamingFileLineAndKey() throws Exception {
        final Path file = write("""
            [features]
            interval_ms = 0
            windows_ms = [10000, 1000]
            depth_bands_bps = ["five"]
            imbalance_bps = -1
            """);

        assertThat(errorsOf(file, Map.of())).containsExactly(
            file + ":2: features.interval_ms: expected an integer in 1..3600000, found 0",
            file + ":3: features.windows_ms: expected ascending windows, each in 1..86400000 ms, found [10000, 1000]",
            file + ":4: features.depth_bands_bps: expected an array of numbers, found an array of strings",
            file + ":5: features.imbalance_bps: expected a number in (0, 10000] bps, found -1.0");
    }

    @Test
    void shouldReadTheFeaturesSectionFromFileAndEnvironmentIntoTheEngineConfig() throws Exception {
        final Path file = write("""
            [features]
            interval_ms = 250
            depth_bands_bps = [2.5, 10, 50]
            """);

        final DaemonConfig config = ConfigLoader.load(file, Map.of(
            "SLIPSTREAM_MKTDATA_FEATURES_WINDOWS_MS", "500, 5_000",
            "SLIPSTREAM_MKTDATA_FEATURES_IMBALANCE_BPS", "7.5"));

        final io.slipstream.mktdata.feature.FeatureConfig engine = config.features().engineConfig();
        assertThat(engine.enabled()).isTrue();
        assertThat(engine.intervalMs()).isEqualTo(250);
        assertThat(engine.windowCount()).isEqualTo(2);
        assertThat(engine.windowMs(1)).isEqualTo(5_000);
        assertThat(engine.bandCount()).isEqualTo(3);
        assertThat(engine.bandBps(0)).isEqualTo(2.5);
        assertThat(engine.imbalanceBps()).isEqualTo(7.5);
        assertThat(ConfigLoader.load(write("[features]\nenabled = false\n"), Map.of()).features().engineConfig()
            .enabled()).isFalse();
    }

    @Test
    void shouldRejectRateLimitsAboveTheVenuesOwn() throws Exception {
        final Path file = write("""
            [venues.hyperliquid.rate_limits]
            max_subscriptions = 1001
            max_messages_per_second = 50
            max_connections = 11
            [venues.binance.rate_limits]
            max_subscriptions = 2000
            max_messages_per_second = 10
            """);

        assertThat(errorsOf(file, Map.of())).containsExactly(
            file + ":2: venues.hyperliquid.rate_limits.max_subscriptions: expected an integer in 1..1000 "
                + "(Hyperliquid allows 1000 subscriptions per IP), found 1001",
            file + ":3: venues.hyperliquid.rate_limits.max_messages_per_second: expected an integer in 1..33 "
                + "(Hyperliquid allows 2000 client messages a minute per IP), found 50",
            file + ":4: venues.hyperliquid.rate_limits.max_connections: expected an integer in 1..10 "
                + "(Hyperliquid allows 10 websocket connections per IP), found 11",
            file + ":6: venues.binance.rate_limits.max_subscriptions: expected an integer in 1..1024 "
                + "(Binance allows 1024 streams per connection), found 2000",
            file + ":7: venues.binance.rate_limits.max_messages_per_second: expected an integer in 1..9 "
                + "(Binance disconnects a connection that sends 10 messages a second), found 10");
    }

    @Test
    void shouldReportEveryProblemOfFileAndEnvironmentTogetherInFileOrder() throws Exception {
        final Path file = write("""
            [health]
            metrics_port = 70000
            [daemon]
            max_clients = 0
            nonsense = true
            """);

        final List<String> errors = errorsOf(file, Map.of("SLIPSTREAM_MKTDATA_DAEMON_HEARTBEAT_MS", "soon",
            "PATH", "/usr/bin"));

        assertThat(errors).hasSize(4).allMatch(line -> line.startsWith(file + ":"));
        assertThat(errors.get(0)).startsWith(file + ":2: health.metrics_port");
        assertThat(errors.get(1)).startsWith(file + ":4: daemon.max_clients");
        assertThat(errors.get(2)).startsWith(file + ":5: daemon.nonsense: unknown key");
        assertThat(errors.get(3)).startsWith(file + ": SLIPSTREAM_MKTDATA_DAEMON_HEARTBEAT_MS");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
            .hasMessageContaining(file + ":2: health.metrics_port").hasMessageContaining(System.lineSeparator());
    }

    @Test
    void shouldReportTomlSyntaxErrorsWithTheirLine() throws Exception {
        final Path file = write("""
            [daemon]
            socket_path = "/tmp/a.sock
            """);

        assertThat(errorsOf(file, Map.of())).singleElement().asString().startsWith(file + ":2: not valid TOML");
    }

    @Test
    void shouldReportAMissingFileAsOneProblem() {
        final Path file = directory.resolve("absent.toml");

        assertThat(errorsOf(file, Map.of())).singleElement().asString().startsWith(file + ": cannot read");
    }

    @Test
    void shouldReadTheHotPathCpusAndRefuseRepeatedOrUnavailableOnes() throws Exception {
        final Path pinned = write("""
            [daemon]
            hot_path_cpus = [0]
            """);
        assertThat(ConfigLoader.load(pinned, Map.of()).daemon().hotPathCpus()).containsExactly(0);
        assertThat(ConfigLoader.load(pinned, Map.of("SLIPSTREAM_MKTDATA_DAEMON_HOT_PATH_CPUS", ""))
            .daemon().hotPathCpus()).as("an empty override turns pinning off").isEmpty();

        final Path repeated = write("""
            [daemon]
            hot_path_cpus = [0, 0]
            """);
        assertThat(errorsOf(repeated, Map.of())).containsExactly(repeated + ":2: daemon.hot_path_cpus: expected "
            + "distinct CPU numbers in 0..1023, found [0, 0]");

        final Path unavailable = write("""
            [daemon]
            hot_path_cpus = [1023]
            """);
        assertThat(errorsOf(unavailable, Map.of())).singleElement().asString()
            .startsWith(unavailable + ":2: daemon.hot_path_cpus: CPU 1023 is not available to this process");
    }

    @Test
    void shouldApplyEnvironmentOverridesWithEachKeysType() throws Exception {
        final Path file = write("""
            [daemon]
            socket_path = "/tmp/from-file.sock"
            [venues.binance]
            enabled = true
            """);

        final DaemonConfig config = ConfigLoader.load(file, Map.of(
            "SLIPSTREAM_MKTDATA_DAEMON_SOCKET_PATH", "/tmp/from-env.sock",
            "SLIPSTREAM_MKTDATA_DAEMON_MAX_CLIENTS", "7",
            "SLIPSTREAM_MKTDATA_DAEMON_IPC_THREAD", "own",
            "SLIPSTREAM_MKTDATA_DAEMON_HOT_PATH_CPUS", "1, 0",
            "SLIPSTREAM_MKTDATA_VENUES_BINANCE_ENABLED", "false",
            "SLIPSTREAM_MKTDATA_VENUES_HYPERLIQUID_SYMBOLS", "BTC, ETH,kPEPE",
            "SLIPSTREAM_MKTDATA_VENUES_HYPERLIQUID_CANDLE_INTERVALS", "1m,1h",
            "SLIPSTREAM_MKTDATA_VENUES_HYPERLIQUID_RATE_LIMITS_MAX_CONNECTIONS", "4",
            "SLIPSTREAM_MKTDATA_RETENTION_CANDLES_1MONTH_COUNT", "24",
            "SLIPSTREAM_MKTDATA_RETENTION_CANDLES_1M_COUNT", "600"));

        assertThat(config.daemon().socketPath()).isEqualTo(Path.of("/tmp/from-env.sock"));
        assertThat(config.daemon().maxClients()).isEqualTo(7);
        assertThat(config.daemon().ipcServerConfig().sharesEngineThread()).isFalse();
        assertThat(config.daemon().hotPathCpus()).containsExactly(1, 0);
        assertThat(config.binance().enabled()).isFalse();
        assertThat(config.hyperliquid().symbols()).containsExactly("BTC", "ETH", "kPEPE");
        assertThat(config.hyperliquid().candleIntervals()).containsExactly(CandleInterval.M1, CandleInterval.H1);
        assertThat(config.hyperliquid().rateLimits().maxConnections()).isEqualTo(4);
        assertThat(config.retention().candleCount(CandleInterval.MONTH1)).isEqualTo(24);
        assertThat(config.retention().candleCount(CandleInterval.M1)).isEqualTo(600);
        assertThat(ConfigLoader.environmentVariable("venues.binance.rate_limits.max_messages_per_second"))
            .isEqualTo("SLIPSTREAM_MKTDATA_VENUES_BINANCE_RATE_LIMITS_MAX_MESSAGES_PER_SECOND");
    }

    @Test
    void shouldNameTheVariableOfABadOrUnknownEnvironmentOverride() throws Exception {
        final Path file = write("");

        assertThat(errorsOf(file, Map.of(
            "SLIPSTREAM_MKTDATA_VENUES_BINANCE_ENABLED", "yes",
            "SLIPSTREAM_MKTDATA_DAEMON_MAX_CLIENTS", "0",
            "SLIPSTREAM_MKTDATA_DAEMON_SOCKETPATH", "/tmp/x.sock"))).containsExactly(
            file + ": SLIPSTREAM_MKTDATA_DAEMON_SOCKETPATH: no config key has this override name (the rule: "
                + "SLIPSTREAM_MKTDATA_ and the dotted key with dots as underscores, upper case)",
            file + ": SLIPSTREAM_MKTDATA_VENUES_BINANCE_ENABLED (venues.binance.enabled): expected a boolean "
                + "(true or false), found 'yes'",
            file + ": SLIPSTREAM_MKTDATA_DAEMON_MAX_CLIENTS (daemon.max_clients): expected an integer in 1..10000, "
                + "found 0");
    }

    @Test
    void shouldRefuseAConfigWithEveryVenueDisabled() throws Exception {
        final Path file = write("""
            [venues.hyperliquid]
            enabled = false
            [venues.binance]
            enabled = false
            """);

        assertThat(errorsOf(file, Map.of())).singleElement().asString()
            .startsWith(file + ": venues: both venues are disabled");
    }

    @Test
    void shouldMapOntoTheComponentsOwnSettings() throws Exception {
        final Path file = write("""
            [daemon]
            socket_path = "run/mktdata.sock"
            socket_mode = "0640"
            max_message_bytes = 4096
            client_queue_bytes = 131072
            heartbeat_ms = 250
            ipc_thread = "own"
            [retention]
            candles_15m_count = 300
            candles_1d_count = 30
            trades_per_symbol = 50
            book_max_levels = 500
            [venues.hyperliquid]
            symbols = ["BTC"]
            channels = ["book", "quotes", "candles"]
            candle_intervals = ["15m", "1d"]
            [venues.hyperliquid.rate_limits]
            max_messages_per_second = 20
            [venues.binance]
            rest_url = "http://127.0.0.1:9000"
            channels = ["book", "quotes", "trades", "mark"]
            [venues.binance.rate_limits]
            max_subscriptions = 50
            max_messages_per_second = 3
            """);
        final DaemonConfig config = ConfigLoader.load(file, Map.of());

        final IpcServerConfig ipc = config.daemon().ipcServerConfig();
        assertThat(ipc.socketPath()).isEqualTo(directory.resolve("run/mktdata.sock"));
        assertThat(ipc.fileMode()).isEqualTo("rw-r-----");
        assertThat(ipc.maxMessageBytes()).isEqualTo(4096);
        assertThat(ipc.defaultMaxQueueBytes()).isEqualTo(131072);
        assertThat(ipc.heartbeatIntervalMs()).isEqualTo(250);
        assertThat(ipc.sharesEngineThread()).as("ipc_thread = \"own\"").isFalse();
        assertThat(IpcServerConfig.defaults(directory).sharesEngineThread()).as("the default").isTrue();

        final EngineContext engine = config.retention().applyTo(new EngineContext());
        assertThat(engine.candleRetention(CandleInterval.M15)).isEqualTo(300);
        assertThat(engine.candleRetention(CandleInterval.D1)).isEqualTo(30);
        assertThat(engine.candleRetention(CandleInterval.H4)).isEqualTo(1200);
        assertThat(engine.tradesPerSymbol()).isEqualTo(50);
        assertThat(engine.bookMaxLevels()).isEqualTo(500);
        assertThat(engine.bookInitialLevels()).isEqualTo(500);

        final HyperliquidAdapterConfig hyperliquid = config.hyperliquid().adapterConfig(config.retention(), null);
        assertThat(hyperliquid.coins()).containsExactly("BTC");
        assertThat(hyperliquid.channels()).containsExactlyInAnyOrder(HyperliquidAdapterConfig.Channel.L2_BOOK,
            HyperliquidAdapterConfig.Channel.BBO, HyperliquidAdapterConfig.Channel.CANDLE);
        assertThat(hyperliquid.backfillBuckets()).isEqualTo(300);
        assertThat(hyperliquid.maxMessagesPerMinute()).isEqualTo(1200);
        assertThat(hyperliquid.maxSubscriptionsTotal()).isEqualTo(1000);

        final BinanceAdapterConfig binance = config.binance().adapterConfig(config.retention(), null);
        assertThat(binance.restBaseUri()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(binance.candleIntervals()).isEmpty();
        assertThat(binance.maxStreamsPerConnection()).isEqualTo(50);
        assertThat(binance.streamsPerSubscribe()).isEqualTo(50);
        assertThat(binance.maxMessagesPerSecond()).isEqualTo(3);
        assertThat(binance.symbols()).isNull();
    }
}
