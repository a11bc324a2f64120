package io.rescind.bench.load;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** Runs wrk with one of the scenario scripts of {@code rescind-bench/wrk} and reads what its {@code done()} printed. */
final class Wrk {
    /** What to tell a user without wrk. */
    static final String INSTALL = """
            wrk is not installed (or not on the PATH). The load driver installs nothing itself; install it with
              sudo apt-get install wrk        (Debian, Ubuntu)
              sudo dnf install wrk            (Fedora)
              brew install wrk                (macOS)
            or build it from https://github.com/wg/wrk, then run ./bench again.""";

    private final Path executable;
    private final Path scripts;
    private final List<String> launcher;
    private final Duration timeout;
    private final AtomicReference<Process> running = new AtomicReference<>();

    /**
     * @param launcher the command that runs wrk ({@code taskset -c 1} when pinned), before wrk
     * @param timeout wrk's {@code --timeout}: a request slower than this counts as a timeout error
     */
    Wrk(Path executable, Path scripts, List<String> launcher, Duration timeout) {
        this.executable = executable;
        this.scripts = scripts;
        this.launcher = List.copyOf(launcher);
        this.timeout = timeout;
    }

    /** wrk on the {@code PATH}, if there is one. */
    static Optional<Path> find() {
        return onPath("wrk");
    }

    static Optional<Path> onPath(String name) {
        return Arrays.stream(
                        Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The shape of one run: threads, connections, how long. */
    record Shape(int threads, int connections, Duration duration) {
        Shape {
            if (threads < 1 || connections < threads) {
                throw new IllegalArgumentException("wrk needs at least one thread and a connection per thread");
            }
        }
    }

    /**
     * Runs {@code script} against {@code base} and answers its result.
     *
     * @param args the script's key=value arguments ({@code threads=} is added)
     */
    WrkResult run(String script, URI base, Shape shape, Map<String, String> args) {
        Path file = scripts.resolve(script);
        if (!Files.isRegularFile(file)) {
            throw new LoadException("no wrk script " + file);
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                executable.toString(),
                "--threads",
                Integer.toString(shape.threads()),
                "--connections",
                Integer.toString(shape.connections()),
                "--duration",
                Math.max(1, shape.duration().toSeconds()) + "s",
                "--timeout",
                Math.max(1, timeout.toSeconds()) + "s",
                "--script",
                file.toString(),
                base.toString(),
                "--",
                "threads=" + shape.threads()));
        args.forEach((k, v) -> command.add(k + "=" + v));
        try {
            var builder = new ProcessBuilder(command);
            // The scenario scripts require("common") from their own folder.
            builder.environment().put("LUA_PATH", scripts + "/?.lua;;");
            Process process = builder.start();
            running.set(process);
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process, true));
            String stdout = read(process, false);
            int exit = process.waitFor();
            running.set(null);
            if (exit != 0) {
                throw new LoadException("wrk exited with " + exit + ":\n" + stdout + stderr.join());
            }
            return WrkResult.parse(stdout + "\n" + stderr.join());
        } catch (IOException e) {
            throw new LoadException("cannot run wrk: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted", e);
        }
    }

    /** Stops a run in progress (the driver is exiting). */
    void stop() {
        Optional.ofNullable(running.getAndSet(null)).ifPresent(Process::destroyForcibly);
    }

    private static String read(Process process, boolean errors) {
        try (var in = errors ? process.getErrorStream() : process.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
