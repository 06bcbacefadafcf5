package io.slipstream.mktdata.benchmarks.system;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The system benchmark's settings: full mode (the report in docs/benchmarks.md, within 30 minutes) or quick mode
 * (every scenario's code path and every soak invariant in under 3 minutes, for CI), with overrides.
 *
 * @param quick            quick mode
 * @param scenarios        which scenarios run: day, capacity, before-after, soak, captures
 * @param out              where the report and the plots go
 * @param docs             the docs/benchmarks.md to splice the report into, or null
 * @param daySeconds       the realistic day's measured duration
 * @param dayWindows       it is measured in this many windows (the spread of the figures)
 * @param capacityStepSeconds measured seconds per offered rate
 * @param beforeAfterRuns  cold starts per world
 * @param strategies       strategies in the before-and-after comparison
 * @param soakSimMinutes   simulated minutes of soak (at 10x the realistic rate, so a tenth of that in wall time)
 * @param faultIntervalMs  a fault this often during the soak
 * @param captureSeconds   the most a capture replay may take
 * @param symbols          symbols per venue in the realistic day, capacity and before-and-after scenarios
 * @param realtimePriority 0, or the SCHED_FIFO priority of the daemon's hot-path threads and of the healthy
 *                         strategies' readers (the deployment docs/deployment.md recommends for latency)
 * @param hotPathCpus      "", or the CPUs of the daemon's hot-path threads ({@code hot_path_cpus}), e.g. "0"
 */
record BenchOptions(boolean quick, Set<String> scenarios, Path out, Path docs, int daySeconds, int dayWindows,
                    int capacityStepSeconds, int beforeAfterRuns, int strategies, int soakSimMinutes,
                    long faultIntervalMs, int captureSeconds, int symbols, int realtimePriority,
                    String hotPathCpus) {
    static final List<String> ALL = List.of("day", "capacity", "before-after", "soak", "captures");

    static BenchOptions parse(final String[] args) {
        boolean quick = false;
        for (final String arg : args) {
            quick |= "--quick".equals(arg);
        }
        Set<String> scenarios = new LinkedHashSet<>(ALL);
        Path out = Path.of(quick ? "target/slipstream-bench" : "target/slipstream-bench-full");
        Path docs = quick ? null : Path.of("docs/benchmarks.md");
        int daySeconds = quick ? 16 : 600;
        int dayWindows = quick ? 2 : 5;
        int capacityStep = quick ? 4 : 10;
        int runs = quick ? 1 : 3;
        int strategies = quick ? 3 : 10;
        int soakSimMinutes = quick ? 4 : 30;
        long faultIntervalMs = quick ? 1_500 : 3_000;
        int captureSeconds = quick ? 20 : 120;
        int symbols = quick ? 20 : DayScenario.SYMBOLS;
        int realtimePriority = 0;
        String hotPathCpus = "";
        for (int i = 0; i < args.length; i++) {
            final String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--quick" -> { }
                case "--scenarios" -> {
                    scenarios = new LinkedHashSet<>(List.of(value.split(",")));
                    if (!ALL.containsAll(scenarios)) {
                        throw new IllegalArgumentException("--scenarios: expected some of " + ALL + ", found " + value);
                    }
                    i++;
                }
                case "--out" -> {
                    out = Path.of(value);
                    i++;
                }
                case "--no-docs" -> docs = null;
                case "--day-seconds" -> {
                    daySeconds = Integer.parseInt(value);
                    i++;
                }
                case "--capacity-step-seconds" -> {
                    capacityStep = Integer.parseInt(value);
                    i++;
                }
                case "--runs" -> {
                    runs = Integer.parseInt(value);
                    i++;
                }
                case "--soak-sim-minutes" -> {
                    soakSimMinutes = Integer.parseInt(value);
                    i++;
                }
                case "--symbols" -> {
                    symbols = Integer.parseInt(value);
                    i++;
                }
                case "--realtime-priority" -> {
                    realtimePriority = Integer.parseInt(value);
                    i++;
                }
                case "--hot-path-cpus" -> {
                    hotPathCpus = value;
                    i++;
                }
                case "--capture-seconds" -> {
                    captureSeconds = Integer.parseInt(value);
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (options: --quick,"
                    + " --scenarios a,b, --out DIR, --no-docs, --day-seconds N, --capacity-step-seconds N, --runs N,"
                    + " --soak-sim-minutes N, --capture-seconds N, --symbols N, --realtime-priority N,"
                    + " --hot-path-cpus LIST)");
            }
        }
        return new BenchOptions(quick, scenarios, out, docs, daySeconds, dayWindows, capacityStep, runs, strategies,
            soakSimMinutes, faultIntervalMs, captureSeconds, symbols, realtimePriority, hotPathCpus);
    }
}
