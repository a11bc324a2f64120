package io.rescind.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.store.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged server ({@code target/rescind-server.jar}) as a separate process in its own process group, for tests
 * of what only a real process shows: start-up, signals, crashes, the admin CLI beside a running server.
 */
public final class ServerProcess implements AutoCloseable {
    /** Cheap password hashing, as in {@link TestServer}. */
    public static final Map<String, String> ENV =
            Map.of("RESCIND_ARGON2_MEMORY_KIB", "64", "RESCIND_ARGON2_ITERATIONS", "1");

    /**
     * An issuer for tests that start a server again on the same data folder and check its earlier tokens. Each start
     * listens on another free port and the default issuer names the port, so without a fixed one an access token of
     * an earlier start is dead by its {@code iss} alone, revoked or not.
     */
    public static final String STABLE_ISSUER = "http://rescind.test";

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Path dataDir;
    public final int port;
    public final Http http;
    /** The admin API's port (a free one, so servers of several tests never collide on the default 8081). */
    public final int adminPort;

    private ServerProcess(Process process, Path stdout, Path stderr, Path dataDir, int port, int adminPort) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.dataDir = dataDir;
        this.port = port;
        this.adminPort = adminPort;
        this.http = new Http(URI.create("http://127.0.0.1:" + port));
    }

    public static Path jar() {
        Path jar = Path.of("target", "rescind-server.jar").toAbsolutePath();
        assertThat(jar)
                .as("the packaged server; run these tests with ./mvnw verify")
                .exists();
        return jar;
    }

    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Starts {@code rescind serve} on a free port in a new session (so its process group can be killed). */
    public static ServerProcess serve(Path dataDir, String... extraArgs) {
        return serve(dataDir, Map.of(), extraArgs);
    }

    /** As {@link #serve(Path, String...)}, with more environment variables (settings as {@code RESCIND_<KEY>}). */
    public static ServerProcess serve(Path dataDir, Map<String, String> environment, String... extraArgs) {
        int port = freePort();
        int adminPort = freePort();
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(AotCache.javaWith(jar(), ENV));
        command.addAll(List.of(
                "-jar", jar().toString(), "serve", "--data-dir", dataDir.toString(), "--port", Integer.toString(port)));
        command.addAll(List.of(extraArgs));
        try {
            Files.createDirectories(dataDir);
            Path out = Files.createTempFile("rescind-out", ".log");
            Path err = Files.createTempFile("rescind-err", ".log");
            var builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(ENV);
            builder.environment().put("RESCIND_ADMIN_PORT", Integer.toString(adminPort));
            builder.environment().putAll(environment);
            return new ServerProcess(builder.start(), out, err, dataDir, port, adminPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /health} answers 200. */
    public ServerProcess awaitHealthy() {
        var client = HttpClient.newHttpClient();
        try {
            Awaitility.await("health of the server on port " + port)
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("the server exited (" + process.exitValue() + "):\n" + stderr());
                        }
                        try {
                            return client.send(
                                                    HttpRequest.newBuilder(
                                                                    URI.create("http://127.0.0.1:" + port + "/health"))
                                                            .build(),
                                                    HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    == 200;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            // Read only now: what the server wrote while it was starting, not the empty file of its first instant.
            killProcessGroup();
            throw new AssertionError(e.getMessage() + "\n" + stderr(), e);
        } catch (RuntimeException | Error e) {
            killProcessGroup(); // nothing else holds the process of a start that failed
            throw e;
        }
        return this;
    }

    /** The admin API, with the credential the server created in its data folder. */
    public AdminApi admin() {
        try {
            return admin(Files.readString(dataDir.resolve("admin-credential")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The admin API, with {@code credential} (one the operator chose, say). */
    public AdminApi admin(String credential) {
        return new AdminApi(new Http(URI.create("http://127.0.0.1:" + adminPort)), credential);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then waits for the exit; answers the exit code. */
    public int terminate() {
        process.destroy();
        return waitForExit();
    }

    /** SIGKILL to the server's whole process group. */
    public void killProcessGroup() {
        signal("-KILL", "-" + process.pid());
        waitForExit();
    }

    /**
     * SIGKILL to the server's process group and to its embedded PostgreSQL's (pg_ctl starts the postmaster in a
     * session of its own): what a machine crash does to both.
     */
    public void crashWithItsDatabase() {
        long postmaster = postmasterPid(dataDir).orElseThrow(() -> new AssertionError("no embedded PostgreSQL"));
        killProcessGroup();
        signal("-KILL", "-" + postmaster);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> hasDied(postmaster));
    }

    /** The embedded PostgreSQL's postmaster of a data folder: the first line of its {@code postmaster.pid}. */
    static OptionalLong postmasterPid(Path dataDir) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid"))
                    .getFirst()
                    .strip()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether the process is gone or a zombie. The postmaster is no child of ours: its zombie waits for the
     * machine's init to reap it, which here can take seconds, and {@link ProcessHandle#isAlive} counts a zombie as
     * alive. A dead process's pid file is what a machine crash leaves, and the server's start handles both.
     */
    private static boolean hasDied(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    public int waitForExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the server did not exit");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminate();
        }
    }

    /** A finished admin command. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /**
     * Runs {@code rescind <args>} to completion with {@code stdin} as its standard input. Its output goes to files, as
     * {@link #serve}'s does: a command that fills a pipe nobody reads would block, and the timeout could never fire.
     */
    public static Result run(String stdin, String... args) {
        List<String> command = new ArrayList<>(AotCache.javaWith(jar(), ENV));
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("rescind-cli-out", ".log");
            err = Files.createTempFile("rescind-cli-err", ".log");
            var builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(ENV);
            Process p = builder.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("rescind " + String.join(" ", args) + " did not finish:\n" + read(err));
            }
            return new Result(p.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /**
     * The machine's PostgreSQL as the one target, when the tests have one (always under CI), else none: for tests that
     * point servers at an external database with {@code --db-url}.
     */
    public static List<TestDatabases.Target> externalTargets() {
        return TestDatabases.targets().stream()
                .filter(t -> t == TestDatabases.Target.EXTERNAL)
                .toList();
    }

    /** Every live process whose command line mentions {@code path} (a data folder): what a stop must leave behind. */
    public static List<ProcessHandle> processesUsing(Path path) {
        String needle = path.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .toList();
    }

    public static void signal(String signal, String target) {
        try {
            new ProcessBuilder("kill", signal, "--", target).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left behind: nothing a test needs to fail for.
            }
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
