package io.rescind.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How scenarios run, once the command line is resolved: wrk's shape (a scenario may have its own default threads and
 * connections, which the command line overrides), the warm-up and the measured window, pool sizes, pinning.
 *
 * @param threads wrk threads when given on the command line
 * @param connections wrk connections when given on the command line
 * @param pool pool size when given on the command line (else each scenario's own)
 * @param grantsPerUser the sizes of the global revocation scenario
 * @param starts starts of each kind in the startup scenario, when given on the command line
 * @param soak the soak's run (it has no warm-up: the server's start is part of what it watches)
 */
record RunSettings(
        Duration warmup,
        Duration duration,
        Duration soak,
        OptionalInt threads,
        OptionalInt connections,
        Duration timeout,
        OptionalInt pool,
        List<Integer> grantsPerUser,
        OptionalInt starts,
        Pinning pinning,
        Mode mode,
        Optional<Path> out) {
    /** The conditions of issue 5: wrk with 2 threads and 16 connections, 10 s warm-up, 30 s measured. */
    static final int THREADS = 2;

    static final int CONNECTIONS = 16;
    static final Duration WARMUP = Duration.ofSeconds(10);
    static final Duration DURATION = Duration.ofSeconds(30);
    static final Duration SMOKE_WARMUP = Duration.ofSeconds(1);
    static final Duration SMOKE_DURATION = Duration.ofSeconds(2);
    /** The soak of issue 5: 10 minutes, unless {@code --duration} says otherwise. */
    static final Duration SOAK = Duration.ofMinutes(10);

    static final Duration SMOKE_SOAK = Duration.ofSeconds(6);
    static final List<Integer> GRANTS_PER_USER = List.of(1, 100, 10_000, 100_000);
    static final List<Integer> SMOKE_GRANTS_PER_USER = List.of(1, 100, 1_000);

    RunSettings {
        grantsPerUser = List.copyOf(grantsPerUser);
    }

    /** Whether server and database run on CPU 0 and wrk on CPU 1 ({@code taskset}). */
    enum Pinning {
        NONE,
        PINNED;

        List<String> server() {
            return this == PINNED ? List.of("taskset", "-c", "0") : List.of();
        }

        List<String> wrk() {
            return this == PINNED ? List.of("taskset", "-c", "1") : List.of();
        }
    }

    /** A measurement, or the CI smoke: seconds per scenario, small pools, one server for {@code all}. */
    enum Mode {
        MEASURE,
        SMOKE
    }

    boolean smoke() {
        return mode == Mode.SMOKE;
    }

    /** wrk's shape for a scenario whose defaults are {@code threads} and {@code connections}. */
    Wrk.Shape shape(int defaultThreads, int defaultConnections, Duration length) {
        int t = threads.orElse(defaultThreads);
        int c = connections.orElse(Math.max(defaultConnections, t));
        return new Wrk.Shape(t, Math.max(c, t), length);
    }

    /** The pool size: the command line's, else {@code measure} or, in the smoke, {@code smoke}. */
    int poolSize(int measure, int smoke) {
        return pool.orElse(smoke() ? smoke : measure);
    }
}
