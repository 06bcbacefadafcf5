package io.slipstream.mktdata.launcher.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The files under deploy/: the systemd units verify, the install script installs idempotently. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeploymentFilesTest {
    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");
    private static final String INSTALLED_BIN = "/opt/slipstream-mktdata/bin/";

    @TempDir
    Path directory;

    private static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/install.sh"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root with deploy/install.sh").isNotNull();
        return dir;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(final List<String> command) throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void theDaemonUnitIsNotifyWithWatchdogAndTheSprintsHardening() throws IOException {
        final String unit = Files.readString(repository().resolve("deploy/systemd/slipstream-mktdata.service"));
        assertThat(unit).contains("Type=notify", "NotifyAccess=main", "WatchdogSec=", "NoNewPrivileges=true",
            "PrivateTmp=true", "ProtectSystem=strict", "ProtectHome=true", "ReadWritePaths=", "RuntimeDirectory=",
            "LogsDirectory=", "MemoryMax=", "CPUQuota=", "Restart=always", "RestartSec=", "ProtectKernelTunables=true",
            "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "LockPersonality=true",
            "SystemCallArchitectures=native",
            "ExecStart=/opt/slipstream-mktdata/bin/slipstream-mktdata run --config /etc/slipstream/mktdata.toml");
        final String recorder = Files.readString(repository().resolve("deploy/systemd/slipstream-recorder.service"));
        assertThat(recorder).contains("After=slipstream-mktdata.service", "Requires=slipstream-mktdata.service",
            "ExecStart=/opt/slipstream-mktdata/bin/slipstream-recorder --config /etc/slipstream/recorder.toml");
    }

    /**
     * systemd-analyze verify also checks that ExecStart's binary exists and is executable, which it cannot on a
     * build machine. So the units are verified as copies whose only change is ExecStart's directory, pointed at
     * executable stand-ins: every other complaint (syntax, unknown directives, bad values) still fails the test.
     */
    @Test
    void unitsPassSystemdAnalyzeVerify() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed");
        final Path bin = Files.createDirectories(directory.resolve("bin"));
        final List<String> command = new ArrayList<>(List.of(SYSTEMD_ANALYZE.toString(), "verify"));
        try (Stream<Path> units = Files.list(repository().resolve("deploy/systemd"))) {
            for (final Path unit : units.filter(p -> p.toString().endsWith(".service")).sorted().toList()) {
                final String text = Files.readString(unit);
                assertThat(text).contains("ExecStart=" + INSTALLED_BIN);
                final Path copy = directory.resolve(unit.getFileName());
                Files.writeString(copy, text.replace(INSTALLED_BIN, bin + "/"));
                command.add(copy.toString());
            }
        }
        for (final String program : List.of("slipstream-mktdata", "slipstream-recorder")) {
            final Path stub = bin.resolve(program);
            Files.writeString(stub, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(command).hasSize(4);
        final Result result = run(command);
        assertThat(result.output()).as("systemd-analyze verify output").isEmpty();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void installDryRunPrintsEveryStepAndChangesNothing() throws Exception {
        final Path prefix = Files.createDirectories(directory.resolve("root"));
        final Result result = run(List.of("bash", repository().resolve("deploy/install.sh").toString(), "--dry-run",
            "--prefix", prefix.toString(), "--jar", directory.resolve("missing.jar").toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(prefix + "/opt/slipstream-mktdata/lib/slipstream-mktdata.jar",
            prefix + "/etc/systemd/system/slipstream-mktdata.service",
            prefix + "/etc/systemd/system/slipstream-recorder.service", "dry run: nothing was changed")
            .doesNotContain("useradd", "systemctl");
        try (Stream<Path> files = Files.list(prefix)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void installIsIdempotentAndNeverOverwritesTheOperatorsConfig() throws Exception {
        final Path prefix = directory.resolve("root");
        final Path jar = directory.resolve("slipstream-mktdata.jar");
        Files.writeString(jar, "first build");
        final List<String> install = List.of("bash", repository().resolve("deploy/install.sh").toString(),
            "--prefix", prefix.toString(), "--jar", jar.toString());
        final Result first = run(install);
        assertThat(first.exitCode()).as(first.output()).isZero();
        final Path opt = prefix.resolve("opt/slipstream-mktdata");
        assertThat(opt.resolve("lib/slipstream-mktdata.jar")).hasContent("first build");
        assertThat(opt.resolve("bin/slipstream-mktdata")).isExecutable();
        assertThat(opt.resolve("bin/lib/java-env.sh")).exists();
        assertThat(prefix.resolve("etc/systemd/system/slipstream-mktdata.service")).exists();
        assertThat(prefix.resolve("etc/systemd/system/slipstream-recorder.service")).exists();
        final Path config = prefix.resolve("etc/slipstream/mktdata.toml");
        assertThat(config).exists();

        Files.writeString(config, "# the operator's own\n");
        Files.writeString(jar, "second build");
        final Result second = run(install);
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("keep " + config);
        assertThat(config).hasContent("# the operator's own");
        assertThat(opt.resolve("lib/slipstream-mktdata.jar")).hasContent("second build");
    }
}
