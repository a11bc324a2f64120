package io.rescind.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Rescind server the driver starts from the packaged jar ({@code java -jar rescind-server.jar serve}) on a data
 * folder, with its embedded PostgreSQL or a database of an external one, and the bench's config file, and stops
 * again: SIGTERM, on which the server stops its PostgreSQL; SIGKILL to both if that takes too long.
 */
final class ServerUnderTest implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(180);
    /** How long a SIGTERM may take before SIGKILL: a server stops its PostgreSQL first. */
    static final Duration SHUTDOWN = Duration.ofSeconds(60);

    private static final Duration POSTMASTER_EXIT = Duration.ofSeconds(15);

    private final Process process;
    private final long launched;
    private final Path dataDir;
    private final Store store;
    private final Path log;
    private final int port;
    private final int adminPort;
    private final ServerProcesses processes;
    private final Http http;
    private ServerProcesses.Memory idle = new ServerProcesses.Memory(0, 0, 0, 0);

    private ServerUnderTest(
            Process process, long launched, Path dataDir, Store store, Path log, int port, int adminPort) {
        this.process = process;
        this.launched = launched;
        this.dataDir = dataDir;
        this.store = store;
        this.log = log;
        this.port = port;
        this.adminPort = adminPort;
        this.processes = new ServerProcesses(Path.of("/proc"), process.pid(), store.postmasterPidFile(dataDir));
        this.http = new Http(URI.create("http://127.0.0.1:" + port));
    }

    /**
     * Starts the server in {@code workDir} (data folder {@code data}, config file {@code rescind.yaml}, output
     * appended to {@code server.log}) on {@code store} and waits until {@code /health} answers 200.
     */
    static ServerUnderTest start(ServerCommand command, Path workDir, Store store) {
        var server = launch(command, workDir, store);
        try {
            server.awaitHealthy();
            server.idle = server.processes.memory();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts the server as {@link #start} does, without waiting for it: {@link #untilFirstToken} does. */
    static ServerUnderTest launch(ServerCommand command, Path workDir, Store store) {
        if (!Files.isRegularFile(command.jar())) {
            throw new LoadException("no server jar at " + command.jar()
                    + ": build it with ./mvnw -pl rescind-server -am package -DskipTests (./bench does)");
        }
        try {
            Path dataDir = workDir.resolve("data");
            Path config = Files.writeString(workDir.resolve("rescind.yaml"), command.configYaml());
            Path log = workDir.resolve("server.log");
            int port = freePort();
            int adminPort = freePort();
            var builder = new ProcessBuilder(command.serve(dataDir, config, port, store))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("RESCIND_ADMIN_PORT", Integer.toString(adminPort));
            long launched = System.nanoTime();
            return new ServerUnderTest(builder.start(), launched, dataDir, store, log, port, adminPort);
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

    Store store() {
        return store;
    }

    /** How the driver reaches the server's database (to seed it). */
    Jdbc jdbc() {
        return store.jdbc(dataDir);
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

    /**
     * Polls {@code POST /token grant_type=client_credentials} every {@code poll} until it answers 200; answers the time
     * from the {@code java} command's start to that answer.
     */
    Duration untilFirstToken(String basicAuthorization, Duration poll) {
        Map<String, String> form = Map.of("grant_type", "client_credentials");
        long deadline = launched + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LoadException("the server exited (" + process.exitValue() + "):\n" + logTail());
            }
            try {
                if (http.postForm("/token", form, "Authorization", basicAuthorization)
                                .status()
                        == 200) {
                    return Duration.ofNanos(System.nanoTime() - launched);
                }
            } catch (LoadException e) {
                // not listening yet
            }
            sleep(poll);
        }
        throw new LoadException("the server served no token within " + STARTUP.toSeconds() + " s:\n" + logTail());
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
        close(SHUTDOWN);
    }

    /** As {@link #close()}, waiting up to {@code shutdown} for the JVM (one writing an AOT cache takes longer). */
    void close(Duration shutdown) {
        var postmaster = processes.postmasterPid();
        process.destroy();
        try {
            if (!process.waitFor(shutdown.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println("bench: the server did not stop within " + shutdown.toSeconds() + " s; killing it");
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
