package io.rescind.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One scenario against one server: what it pre-issues (timed, written to pool files wrk's scripts read), its warm-up
 * and its measured run, around which the server's CPU ticks and memory are sampled.
 */
final class Bench {
    /** Each sample reads every process's /proc files: often enough for a peak, rarely enough not to load the server. */
    private static final Duration MEMORY_POLL = Duration.ofSeconds(1);

    private final RunSettings settings;
    private final ServerUnderTest server;
    private final BenchConfig config;
    private final Wrk wrk;
    private final Path workDir;
    private final PrintStream out;
    private final long ticksPerSecond;
    private final Issuer issuer;
    private final String scenario;
    private final List<String> setup = new ArrayList<>();

    Bench(
            String scenario,
            RunSettings settings,
            ServerUnderTest server,
            BenchConfig config,
            Wrk wrk,
            Path workDir,
            PrintStream out,
            long ticksPerSecond) {
        this.scenario = scenario;
        this.settings = settings;
        this.server = server;
        this.config = config;
        this.wrk = wrk;
        this.workDir = workDir;
        this.out = out;
        this.ticksPerSecond = ticksPerSecond;
        this.issuer = new Issuer(server.http(), config);
    }

    RunSettings settings() {
        return settings;
    }

    BenchConfig config() {
        return config;
    }

    Issuer issuer() {
        return issuer;
    }

    ServerUnderTest server() {
        return server;
    }

    /** Runs a set-up step, says how long it took, and keeps that for the report. */
    <T> T timed(String what, Supplier<T> step) {
        out.printf("  %s...%n", what);
        long start = System.nanoTime();
        T result = step.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        String done = "%s in %.1f s".formatted(what, seconds);
        setup.add(done);
        out.printf("  %s%n", done);
        return result;
    }

    void timed(String what, Runnable step) {
        timed(what, () -> {
            step.run();
            return null;
        });
    }

    /** Writes a pool file (one entry a line) for wrk's scripts; answers its path. */
    Path pool(String name, List<String> lines) {
        try {
            Path pools = Files.createDirectories(workDir.resolve("pools"));
            return Files.write(pools.resolve(name + ".txt"), lines);
        } catch (IOException e) {
            throw new LoadException("cannot write the pool " + name + ": " + e.getMessage(), e);
        }
    }

    /** The scenario's arguments plus a pool file. */
    static Map<String, String> with(Map<String, String> args, Path pool) {
        var all = new LinkedHashMap<>(args);
        all.put("pool", pool.toString());
        return all;
    }

    /** The warm-up run, not measured; answers its result (scenarios size their pools from its rate). */
    WrkResult warmUp(String script, Wrk.Shape shape, Map<String, String> args) {
        out.printf("  warm-up: %d s%n", settings.warmup().toSeconds());
        return wrk.run(script, server.base(), withDuration(shape, settings.warmup()), args);
    }

    boolean warmsUp() {
        return !settings.warmup().isZero();
    }

    /** The measured run: wrk for the shape's duration, the server's CPU and memory sampled around and during it. */
    Measurement measure(String label, String script, Wrk.Shape measured, Map<String, String> args) {
        out.printf("  measuring: %d s%n", measured.duration().toSeconds());
        ServerProcesses processes = server.processes();
        var peak = new AtomicReference<>(processes.memory());
        var series = new MemorySeries.Recorder();
        var running = new AtomicBoolean(true);
        Thread poller = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                ServerProcesses.Memory now = processes.memory();
                series.add(now);
                peak.accumulateAndGet(now, ServerProcesses.Memory::max);
                try {
                    Thread.sleep(MEMORY_POLL);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ServerProcesses.CpuTicks before = processes.cpu();
        WrkResult result;
        try {
            result = wrk.run(script, server.base(), measured, args);
        } finally {
            running.set(false);
            poller.interrupt();
        }
        ServerProcesses.CpuTicks after = processes.cpu();
        ServerProcesses.Memory end = processes.memory();
        var measurement = new Measurement(
                scenario,
                label,
                measured,
                settings.warmup(),
                settings.pinning(),
                result,
                new CpuWindow(before, after, ticksPerSecond),
                server.idleMemory(),
                end,
                peak.get().max(end),
                series.done(end),
                setup,
                List.of(),
                server.store());
        setup.clear();
        long repeats = result.counter("repeats");
        return repeats == 0
                ? measurement
                : measurement.withNote("the pool ran out: %d requests (%.1f%%) reused a token already sent"
                        .formatted(repeats, 100.0 * repeats / Math.max(1, result.requests())));
    }

    private static Wrk.Shape withDuration(Wrk.Shape shape, Duration duration) {
        return new Wrk.Shape(shape.threads(), shape.connections(), duration);
    }
}
