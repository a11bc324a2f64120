package io.rescind.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every hot-path benchmark shares (JMH annotations are inherited): the average time of one call, one
 * fork, and short iterations, so that running the whole jar without options takes minutes, not hours. Options on the
 * command line ({@code -f}, {@code -wi}, {@code -i}, {@code -tu} ...) override them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class HotPathBenchmark {
    /** Fails the setup when a benchmark would measure another path than the one it names (a rejection, say). */
    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark setup: " + what);
        }
    }
}
