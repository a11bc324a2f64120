package io.rescind.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The HTTP load driver of issue 5 ({@code ./bench SCENARIO}, docs/load-driver.md): starts a Rescind server on a fresh
 * data folder, pre-issues what the scenario needs, runs wrk with the scenario's script (a warm-up, then the measured
 * run) and prints req/s, latency percentiles, errors, the server's CPU per request (JVM and PostgreSQL apart) and
 * memory. It reports; it never fails a run for being slow.
 */
@Command(
        name = "bench",
        sortOptions = false,
        usageHelpWidth = 120,
        description = {
            "Runs a load scenario with wrk against a Rescind server it starts on a fresh data folder (embedded"
                    + " PostgreSQL, fsync on, ES256 access tokens: the server's defaults), and prints req/s, p50/p99"
                    + " latency, errors, server CPU microseconds per request (JVM and PostgreSQL) and memory."
                    + " Needs wrk (it installs nothing) and Linux (/proc)."
        })
public final class LoadDriver implements Callable<Integer> {
    /** Exit code when a tool the driver needs is missing (wrk, taskset, /proc). */
    static final int MISSING_TOOL = 3;

    private static final int FAILED = 1;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario (below), or 'all'.")
    String scenario;

    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description = "Warm-up before each measured run (default 10; --smoke: 1; 0: none).")
    Integer warmup;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description = "Measured run (default 30, soak 600; --smoke: 2, soak 6).")
    Integer duration;

    @Option(
            names = {"-t", "--threads"},
            paramLabel = "N",
            description = "wrk threads (default 2; global-revocation: 1).")
    Integer threads;

    @Option(
            names = {"-c", "--connections"},
            paramLabel = "N",
            description = "wrk connections (default 16; global-revocation: 1, and as many users per size).")
    Integer connections;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "wrk's request timeout: slower requests count as timeout errors (default ${DEFAULT-VALUE}).")
    int timeout;

    @Option(
            names = "--pin",
            description = "Pin with taskset: server and its PostgreSQL on CPU 0, wrk on CPU 1 (needs 2 CPUs).")
    boolean pin;

    @Option(
            names = "--smoke",
            description = "The CI smoke: 1 s warm-up, 2 s measured, small pools, and 'all' on one server.")
    boolean smoke;

    @Option(
            names = "--pool",
            paramLabel = "N",
            description =
                    "Pool size: distinct tokens (warm, revoked, userinfo) or tokens used once (cold, revocation).")
    Integer pool;

    @Option(
            names = "--grants-per-user",
            paramLabel = "N,N,...",
            split = ",",
            arity = "1",
            description = "Sizes of global-revocation (default 1,100,10000,100000; --smoke: 1,100,1000).")
    List<Integer> grantsPerUser;

    @Option(names = "--out", paramLabel = "FILE", description = "Also append each result as one JSON line to FILE.")
    Path out;

    @Option(names = "--keep", description = "Keep the work folder (data folder, server log, pools) and say where.")
    boolean keep;

    @Option(
            names = "--jvm-opts",
            paramLabel = "OPTS",
            description = "Options for the server's JVM, e.g. \"-Xmx1g\", instead of its defaults"
                    + " (rescind-server/jvm.options, as ./rescind; \"\" for the JVM's own).")
    String jvmOpts;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            defaultValue = "${env:RESCIND_ROOT:-.}",
            hidden = true,
            description = "The repository (server jar, wrk scripts); ./bench sets it.")
    Path root;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "This help.")
    boolean help;

    private final PrintStream stdout;
    private final PrintStream stderr;

    public LoadDriver() {
        this(System.out, System.err);
    }

    LoadDriver(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new LoadDriver()).execute(args));
    }

    /** The command line, with the scenarios listed in its help. */
    static CommandLine commandLine(LoadDriver driver) {
        var cli = new CommandLine(driver);
        String scenarios = Arrays.stream(Scenario.values())
                .map(s -> "  %-22s %s".formatted(s.id(), s.summary()))
                .collect(Collectors.joining("%n"));
        cli.getCommandSpec()
                .usageMessage()
                .footer("%nScenarios:%n" + scenarios
                        + "%n  %-22s every scenario in turn, each on a fresh server".formatted("all")
                        + "%n%nExamples:%n  ./bench issuance%n  ./bench introspection-warm --pin --out results.jsonl"
                        + "%n  ./bench all --smoke%n");
        return cli;
    }

    @Override
    public Integer call() {
        List<Scenario> scenarios;
        if (scenario.equals("all")) {
            scenarios = List.of(Scenario.values());
        } else {
            Optional<Scenario> one = Scenario.byId(scenario);
            if (one.isEmpty()) {
                stderr.println("bench: unknown scenario '" + scenario + "' (./bench --help lists them)");
                return CommandLine.ExitCode.USAGE;
            }
            scenarios = List.of(one.get());
        }
        RunSettings settings = settings();
        Optional<String> missing = missingTools(settings);
        if (missing.isPresent()) {
            stderr.println(missing.get());
            return MISSING_TOOL;
        }
        var run = new DriverRun(settings, Wrk.find().orElseThrow(), clockTicks());
        Thread hook = Thread.ofPlatform().unstarted(run::close);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.all(scenarios) ? CommandLine.ExitCode.OK : FAILED;
        } finally {
            run.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs (and finds nothing left to close)
            }
        }
    }

    private RunSettings settings() {
        return new RunSettings(
                Duration.ofSeconds(Optional.ofNullable(warmup)
                        .orElse((int) (smoke ? RunSettings.SMOKE_WARMUP : RunSettings.WARMUP).toSeconds())),
                Duration.ofSeconds(Optional.ofNullable(duration)
                        .orElse((int) (smoke ? RunSettings.SMOKE_DURATION : RunSettings.DURATION).toSeconds())),
                Duration.ofSeconds(Optional.ofNullable(duration)
                        .orElse((int) (smoke ? RunSettings.SMOKE_SOAK : RunSettings.SOAK).toSeconds())),
                optional(threads),
                optional(connections),
                Duration.ofSeconds(timeout),
                optional(pool),
                Optional.ofNullable(grantsPerUser)
                        .orElse(smoke ? RunSettings.SMOKE_GRANTS_PER_USER : RunSettings.GRANTS_PER_USER),
                pin ? RunSettings.Pinning.PINNED : RunSettings.Pinning.NONE,
                smoke ? RunSettings.Mode.SMOKE : RunSettings.Mode.MEASURE,
                Optional.ofNullable(out));
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** What is missing to run, said so the user can fix it; the driver installs nothing itself. */
    private Optional<String> missingTools(RunSettings settings) {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return Optional.of(
                    "bench: the driver reads the server's CPU time and memory in /proc: it runs on Linux only");
        }
        if (Wrk.find().isEmpty()) {
            String ci = "true".equals(System.getenv("CI"))
                    ? "%nCI: wrk must be installed for the load smoke (apt-get install -y wrk in .ci/run)".formatted()
                    : "";
            return Optional.of("bench: " + Wrk.INSTALL + ci);
        }
        if (settings.pinning() == RunSettings.Pinning.PINNED) {
            if (Wrk.onPath("taskset").isEmpty()) {
                return Optional.of("bench: --pin needs taskset: sudo apt-get install util-linux");
            }
            if (Runtime.getRuntime().availableProcessors() < 2) {
                return Optional.of("bench: --pin needs two CPUs (CPU 0 for the server, CPU 1 for wrk)");
            }
        }
        return Optional.empty();
    }

    /** Clock ticks a second ({@code getconf CLK_TCK}), the unit of CPU times in /proc; 100 if getconf fails. */
    private long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0) {
                return Long.parseLong(text);
            }
        } catch (IOException | NumberFormatException e) {
            // below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stderr.println("bench: getconf CLK_TCK failed; assuming 100 clock ticks a second");
        return 100;
    }

    /** One invocation: its scenarios in turn, the server of each, and what must be cleaned up on any exit. */
    private final class DriverRun {
        private final RunSettings settings;
        private final Wrk wrk;
        private final long ticksPerSecond;
        private final List<Measurement> results = new ArrayList<>();
        private Optional<ServerUnderTest> server = Optional.empty();
        private Optional<Path> workDir = Optional.empty();
        private boolean closed;

        DriverRun(RunSettings settings, Path wrkExecutable, long ticksPerSecond) {
            this.settings = settings;
            this.ticksPerSecond = ticksPerSecond;
            Path scripts = root.resolve("rescind-bench")
                    .resolve("wrk")
                    .toAbsolutePath()
                    .normalize();
            this.wrk = new Wrk(wrkExecutable, scripts, settings.pinning().wrk(), settings.timeout());
        }

        /** Runs the scenarios; answers whether every one ran (slow ones included: there are no thresholds). */
        boolean all(List<Scenario> scenarios) {
            boolean shared = settings.smoke() && scenarios.size() > 1;
            List<String> failed = new ArrayList<>();
            var config = BenchConfig.create(Scenarios.globalRevocationUids(settings));
            for (Scenario s : scenarios) {
                if (isClosed()) {
                    return false;
                }
                stdout.printf("%n# %s: %s%n", s.id(), s.summary());
                try {
                    if (server.isEmpty()) {
                        start(config, shared);
                    }
                    var bench = new Bench(
                            s.id(),
                            settings,
                            server.orElseThrow(),
                            config,
                            wrk,
                            workDir.orElseThrow(),
                            stdout,
                            ticksPerSecond);
                    for (Measurement m : s.run(bench)) {
                        results.add(m);
                        stdout.print(Report.block(m));
                        settings.out().ifPresent(file -> Report.append(file, m));
                    }
                } catch (LoadException e) {
                    if (isClosed()) {
                        stderr.println("bench: stopped; the server and its PostgreSQL are stopped too");
                        return false;
                    }
                    failed.add(s.id());
                    stderr.println("bench: " + s.id() + " failed: " + e.getMessage());
                    server.ifPresent(sut -> stderr.println("server log (last lines):\n" + sut.logTail()));
                    stop();
                }
                if (!shared) {
                    stop();
                }
            }
            stop();
            if (results.size() > 1) {
                stdout.print(summary());
            }
            if (!failed.isEmpty()) {
                stderr.println("bench: failed: " + String.join(", ", failed));
            }
            return failed.isEmpty();
        }

        private void start(BenchConfig config, boolean shared) {
            try {
                Path dir = Files.createTempDirectory("rescind-bench-");
                workDir = Optional.of(dir);
                stdout.printf(
                        "  starting the server (fresh data folder %s%s)...%n",
                        dir, shared ? ", shared by every scenario of the smoke" : "");
                List<String> jvm =
                        Optional.ofNullable(jvmOpts).map(JvmDefaults::parse).orElseGet(() -> JvmDefaults.of(root));
                long t0 = System.nanoTime();
                server = Optional.of(ServerUnderTest.start(
                        root.resolve("rescind-server/target/rescind-server.jar")
                                .toAbsolutePath()
                                .normalize(),
                        dir,
                        config.yaml(),
                        settings.pinning().server(),
                        jvm));
                if (isClosed()) { // stopped (Ctrl-C) while it started: close() found no server to stop
                    stop();
                    throw new LoadException("stopped");
                }
                stdout.printf("  server up on %s in %.1f s%n", server.get().base(), (System.nanoTime() - t0) / 1e9);
            } catch (IOException e) {
                throw new LoadException("cannot create a work folder: " + e.getMessage(), e);
            }
        }

        private synchronized void stop() {
            server.ifPresent(ServerUnderTest::close);
            server = Optional.empty();
            workDir.ifPresent(dir -> {
                if (keep) {
                    stdout.println("  kept " + dir);
                } else {
                    delete(dir);
                }
            });
            workDir = Optional.empty();
        }

        private synchronized boolean isClosed() {
            return closed;
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                wrk.stop();
                stop();
            }
        }

        private String summary() {
            var s = new StringBuilder("%n# Summary%n".formatted());
            s.append("%-34s %10s %10s %10s %9s %9s %9s%n"
                    .formatted("", "req/s", "p50 ms", "p99 ms", "errors", "JVM us", "PG us"));
            for (Measurement m : results) {
                WrkResult w = m.wrk();
                s.append("%-34s %10.1f %10.2f %10.2f %9d %9s %9s%n"
                        .formatted(
                                m.label(),
                                w.requestsPerSecond(),
                                w.latency().p50() / 1000.0,
                                w.latency().p99() / 1000.0,
                                w.errors().status() + w.errors().socket(),
                                Report.perRequest(m.cpu().jvmMicrosPerRequest(w.requests())),
                                Report.perRequest(m.cpu().databaseMicrosPerRequest(w.requests()))));
            }
            return s.toString();
        }

        private void delete(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                stderr.println("bench: could not delete " + dir + ": " + e.getMessage());
            }
        }
    }
}
