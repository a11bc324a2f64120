package io.rescind.server.testing;

import io.rescind.store.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An ahead-of-time cache (JDK 25, JEP 483 and 514) of the packaged server, for the process tests' JVMs: made once per
 * build of the jar by one training start ({@code serve} until healthy, then SIGTERM, when the JVM writes the cache),
 * then given to every {@code rescind} process the tests start, which then loads and links its classes from it (about a
 * second less per start here, over a hundred starts). A cache is only valid for the jar it was made with, so its name
 * carries the jar's size and time; a training that fails leaves no cache, and the processes start without one.
 */
final class AotCache {
    private static final Duration TRAINING_LIMIT = Duration.ofSeconds(120);

    private static Optional<Path> cache;

    private AotCache() {}

    /** The JVM options that use the cache of {@code jar}, made first if there is none. */
    static synchronized List<String> options(Path jar, Map<String, String> environment) {
        if (cache == null) {
            cache = made(jar, environment);
        }
        // JDK 25 warns on standard output about code it cannot link from the cache (it runs on without): keep it quiet,
        // the tests read what the server writes there.
        return cache.map(file -> List.of("-XX:AOTCache=" + file, "-Xlog:aot*=off"))
                .orElse(List.of());
    }

    private static Optional<Path> made(Path jar, Map<String, String> environment) {
        try {
            // Bound to the jar and to this JDK: a cache of another build of either is refused (quietly, see below).
            Path file = jar.resolveSibling("rescind-server-%d-%d-jdk%s.aot"
                    .formatted(
                            Files.getLastModifiedTime(jar).toMillis(),
                            Files.size(jar),
                            Runtime.version().toString().replaceAll("[^A-Za-z0-9.]", "_")));
            if (Files.exists(file)) {
                return Optional.of(file);
            }
            Path training = Files.createTempDirectory("rescind-aot-training");
            try {
                Path output = training.resolve("rescind.aot");
                train(jar, output, training.resolve("data"), environment);
                Files.move(output, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return Optional.of(file);
            } finally {
                TestDatabases.deleteRecursively(training);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("process tests run without an AOT cache: " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void train(Path jar, Path output, Path dataDir, Map<String, String> environment)
            throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        var builder = new ProcessBuilder(
                        ServerProcess.java(),
                        "-XX:AOTCacheOutput=" + output,
                        "-jar",
                        jar.toString(),
                        "serve",
                        "--data-dir",
                        dataDir.toString(),
                        "--port",
                        Integer.toString(port))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        builder.environment().put("RESCIND_ADMIN_PORT", Integer.toString(ServerProcess.freePort()));
        Process server = builder.start();
        try {
            awaitHealthy(server, port);
        } finally {
            server.destroy(); // SIGTERM: the JVM exits normally, stops its PostgreSQL, and writes the cache
            if (!server.waitFor(TRAINING_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                server.destroyForcibly();
                // Its embedded PostgreSQL runs in a session of its own: it would outlive the folder deleted next.
                ServerProcess.postmasterPid(dataDir)
                        .ifPresent(postmaster -> ServerProcess.signal("-KILL", Long.toString(postmaster)));
            }
        }
        if (!Files.exists(output)) {
            throw new IllegalStateException("the training start wrote no AOT cache");
        }
    }

    private static void awaitHealthy(Process server, int port) throws InterruptedException {
        var client = HttpClient.newHttpClient();
        var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .build();
        long deadline = System.nanoTime() + TRAINING_LIMIT.toNanos();
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the training start did not become healthy");
    }

    /** The command up to {@code -jar}: this JVM's {@code java}, with the cache when there is one. */
    static List<String> javaWith(Path jar, Map<String, String> environment) {
        var command = new ArrayList<String>();
        command.add(ServerProcess.java());
        command.addAll(options(jar, environment));
        return command;
    }
}
