package io.rescind.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
                    + " PostgreSQL, fsync on, ES256 access tokens: the server's defaults; or a fresh database of an"
                    + " external PostgreSQL with --db-url), and prints req/s, p50/p99 latency, errors, server CPU"
                    + " microseconds per request (JVM and PostgreSQL) and memory; or, for startup, the time from the"
                    + " java command to the first token. Needs wrk (it installs nothing) and Linux (/proc)."
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

    @Option(
            names = "--starts",
            paramLabel = "N",
            description = "Starts of each kind in startup (default 3 first starts and 5 restarts; --smoke: 1 each).")
    Integer starts;

    @Option(
            names = "--db-url",
            paramLabel = "JDBC_URL",
            description = "Run the server on an external PostgreSQL instead of its embedded one: a fresh database,"
                    + " created through this URL's database (e.g. jdbc:postgresql://127.0.0.1:5432/postgres) for each"
                    + " server and dropped after. Its CPU and memory are not counted.")
    String dbUrl;

    @Option(
            names = "--db-user",
            paramLabel = "USER",
            defaultValue = "postgres",
            description = "User for --db-url, who may create databases (default ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(
            names = "--db-password-file",
            paramLabel = "FILE",
            description = "File holding the password of --db-user (default: none, trust or peer authentication).")
    Path dbPasswordFile;

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
        Optional<String> missing = missingTools(settings, scenarios);
        if (missing.isPresent()) {
            stderr.println(missing.get());
            return MISSING_TOOL;
        }
        Optional<ExternalPostgres> external;
        try {
            external = externalPostgres();
        } catch (IllegalArgumentException | LoadException e) {
            stderr.println("bench: --db-url: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        var config = BenchConfig.create(Scenarios.globalRevocationUids(settings));
        var command = new ServerCommand(
                root.resolve("rescind-server/target/rescind-server.jar")
                        .toAbsolutePath()
                        .normalize(),
                config.yaml(),
                settings.pinning().server(),
                jvmOptions());
        var sites =
                new ServerSites(external, keep ? ServerSites.WorkFolders.KEEP : ServerSites.WorkFolders.DELETE, stdout);
        var run = new DriverRun(settings, config, command, wrk(settings), clockTicks(), sites, stdout, stderr);
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
                optional(starts),
                pin ? RunSettings.Pinning.PINNED : RunSettings.Pinning.NONE,
                smoke ? RunSettings.Mode.SMOKE : RunSettings.Mode.MEASURE,
                Optional.ofNullable(out));
    }

    /** The external PostgreSQL of --db-url, if given. */
    private Optional<ExternalPostgres> externalPostgres() {
        if (dbUrl == null || dbUrl.isBlank()) {
            return Optional.empty();
        }
        Optional<String> password = Optional.empty();
        if (dbPasswordFile != null) {
            try {
                password = Optional.of(Files.readString(dbPasswordFile).strip());
            } catch (IOException e) {
                throw new LoadException("cannot read " + dbPasswordFile + ": " + e.getMessage(), e);
            }
        }
        return Optional.of(new ExternalPostgres(
                new Jdbc(dbUrl, dbUser, password),
                Optional.ofNullable(dbPasswordFile).map(Path::toAbsolutePath)));
    }

    private List<String> jvmOptions() {
        return Optional.ofNullable(jvmOpts).map(JvmDefaults::parse).orElseGet(() -> JvmDefaults.of(root));
    }

    /** wrk with the scenario scripts, when it is installed (startup alone does without). */
    private Optional<Wrk> wrk(RunSettings settings) {
        Path scripts =
                root.resolve("rescind-bench").resolve("wrk").toAbsolutePath().normalize();
        return Wrk.find()
                .map(executable ->
                        new Wrk(executable, scripts, settings.pinning().wrk(), settings.timeout()));
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** What is missing to run, said so the user can fix it; the driver installs nothing itself. */
    private Optional<String> missingTools(RunSettings settings, List<Scenario> scenarios) {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return Optional.of(
                    "bench: the driver reads the server's CPU time and memory in /proc: it runs on Linux only");
        }
        if (Wrk.find().isEmpty() && scenarios.stream().anyMatch(s -> !s.startsItsOwnServers())) {
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
}
