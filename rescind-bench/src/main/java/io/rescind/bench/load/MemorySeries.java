package io.rescind.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The server's memory sampled during a measured run (one sample a second), and what the soak reports of it: the
 * first sample, the highest, the last, and the least-squares slope over the run's end, so "flat at the end" is a
 * number (issue 5).
 */
record MemorySeries(List<Sample> samples) {
    /** Memory {@code seconds} after the run's start. */
    record Sample(double seconds, ServerProcesses.Memory memory) {}

    MemorySeries {
        samples = List.copyOf(samples);
    }

    /** The samples {@code window} or less before the last one (all of them if the run was shorter). */
    MemorySeries tail(Duration window) {
        if (samples.isEmpty()) {
            return this;
        }
        double from = samples.getLast().seconds() - window.toNanos() / 1e9;
        return new MemorySeries(
                samples.stream().filter(s -> s.seconds() >= from).toList());
    }

    long first(ToLongFunction<ServerProcesses.Memory> kib) {
        return samples.isEmpty() ? 0 : kib.applyAsLong(samples.getFirst().memory());
    }

    long last(ToLongFunction<ServerProcesses.Memory> kib) {
        return samples.isEmpty() ? 0 : kib.applyAsLong(samples.getLast().memory());
    }

    long max(ToLongFunction<ServerProcesses.Memory> kib) {
        return samples.stream()
                .mapToLong(s -> kib.applyAsLong(s.memory()))
                .max()
                .orElse(0);
    }

    /** Least-squares slope of {@code kib} in MiB a minute; 0 with fewer than two samples at different times. */
    double slopeMibPerMinute(ToLongFunction<ServerProcesses.Memory> kib) {
        int n = samples.size();
        double meanT = samples.stream().mapToDouble(Sample::seconds).sum() / Math.max(1, n);
        double meanY =
                samples.stream().mapToDouble(s -> kib.applyAsLong(s.memory())).sum() / Math.max(1, n);
        double covariance = 0;
        double variance = 0;
        for (Sample s : samples) {
            double dt = s.seconds() - meanT;
            covariance += dt * (kib.applyAsLong(s.memory()) - meanY);
            variance += dt * dt;
        }
        return variance == 0 ? 0 : covariance / variance * 60 / 1024;
    }

    /** Collects samples as the poller takes them, timed from its creation. */
    static final class Recorder {
        private final long start = System.nanoTime();
        private final List<Sample> samples = new ArrayList<>();

        synchronized void add(ServerProcesses.Memory memory) {
            samples.add(new Sample((System.nanoTime() - start) / 1e9, memory));
        }

        /** The series, with {@code end} as its last sample. */
        synchronized MemorySeries done(ServerProcesses.Memory end) {
            add(end);
            return new MemorySeries(samples);
        }
    }
}
