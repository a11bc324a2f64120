package io.rescind.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Rescind server the driver starts from the packaged jar ({@code java -jar rescind-server.jar serve}) on a fresh
 * data folder, with its embedded PostgreSQL and the bench's config file, and stops again: SIGTERM, on which the
 * server stops its PostgreSQL; SIGKILL to both if that takes too long.
 */
final class ServerUnderTest implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);
    private static final Duration POSTMASTER_EXIT = Duration.ofSeconds(15);

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final int adminPort;
    private final ServerProcesses processes;
    private final Http http;
    private ServerProcesses.Memory idle = new ServerProcesses.Memory(0, 0, 0, 0);

    private ServerUnderTest(Process process, Path dataDir, Path log, int port, int adminPort) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.adminPort = adminPort;
        this.processes = new ServerProcesses(Path.of("/proc"), process.pid(), dataDir.resolve("pg/postmaster.pid"));
        this.http = new Http(URI.create("http://127.0.0.1:" + port));
    }

    /**
     * Starts the server in {@code workDir} (data folder {@code data}, config file {@code rescind.yaml}, output
     * {@code server.log}) and waits until {@code /health} answers 200.
     *
     * @param launcher the command that runs it ({@code taskset -c 0} when pinned), before {@code java}
     */
    static ServerUnderTest start(
            Path jar, Path workDir, String configYaml, List<String> launcher, List<String> jvmOptions) {
        if (!Files.isRegularFile(jar)) {
            throw new LoadException("no server jar at " + jar + ": build it with ./mvnw -pl rescind-server -am package"
                    + " -DskipTests (./bench does)");
        }
        try {
            Path dataDir = workDir.resolve("data");
            Path config = Files.writeString(workDir.resolve("rescind.yaml"), configYaml);
            Path log = workDir.resolve("server.log");
            int port = freePort();
            int adminPort = freePort();
            List<String> command = new ArrayList<>(launcher);
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-jar",
                    jar.toString(),
                    "serve",
                    "--data-dir",
                    dataDir.toString(),
                    "--port",
                    Integer.toString(port),
                    "--config",
                    config.toString()));
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("RESCIND_ADMIN_PORT", Integer.toString(adminPort));
            var server = new ServerUnderTest(builder.start(), dataDir, log, port, adminPort);
            try {
                server.awaitHealthy();
                server.idle = server.processes.memory();
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new LoadException("cannot start the server: " + e.getMessage(), e);
        }
    }

    Http http() {
        return http;
    }

    URI base() {
        return http.base();
    }

    Path dataDir() {
        return dataDir;
    }

    ServerProcesses processes() {
        return processes;
    }

    /** Memory right after the start, before any set-up or load. */
    ServerProcesses.Memory idleMemory() {
        return idle;
    }

    /** {@code GET /admin/metrics} (Prometheus text), with the admin credential the server wrote at its start. */
    String metrics() {
        try {
            String credential =
                    Files.readString(dataDir.resolve("admin-credential")).strip();
            return new Http(URI.create("http://127.0.0.1:" + adminPort))
                    .get("/admin/metrics", "Authorization", "Bearer " + credential)
                    .expect(200, "admin metrics")
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LoadException("the server exited (" + process.exitValue() + "):\n" + logTail());
            }
            try {
                if (http.get("/health").status() == 200) {
                    return;
                }
            } catch (LoadException e) {
                // not listening yet
            }
            sleep(Duration.ofMillis(200));
        }
        throw new LoadException(
                "the server did not answer /health within " + STARTUP.toSeconds() + " s:\n" + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM and a wait; then SIGKILL to the server and to its PostgreSQL if either still runs. */
    @Override
    public void close() {
        var postmaster = processes.postmasterPid();
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println("bench: the server did not stop within " + SHUTDOWN.toSeconds() + " s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        postmaster.stream()
                .mapToObj(ProcessHandle::of)
                .flatMap(Optional::stream)
                .forEach(pg -> {
                    // The server stops its PostgreSQL as it exits; the postmaster may take a moment to be gone.
                    try {
                        pg.onExit().get(POSTMASTER_EXIT.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException | TimeoutException e) {
                        // still there: killed below
                    }
                    if (pg.isAlive()) {
                        System.err.println("bench: the embedded PostgreSQL (pid " + pg.pid()
                                + ") outlived the server; killing it");
                        pg.destroyForcibly();
                    }
                });
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted", e);
        }
    }
}
