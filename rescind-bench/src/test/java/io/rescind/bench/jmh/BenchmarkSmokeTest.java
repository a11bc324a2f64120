package io.rescind.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Keeps the benchmarks from rotting: every benchmark method runs once through the JMH runner, in this JVM, with the
 * smallest settings, and must produce a result. The numbers mean nothing here (docs/benchmarks.md has real runs).
 */
class BenchmarkSmokeTest {
    /** Every benchmark class; a class missing here is caught by its unexpected result. */
    static final List<Class<? extends HotPathBenchmark>> BENCHMARKS = List.of(
            AccessTokenValidatorBenchmark.class,
            RevocationStateBenchmark.class,
            SignatureBenchmark.class,
            ClientAuthenticationBenchmark.class,
            RefreshTokenBenchmark.class);

    @Test
    void everyBenchmarkRunsAndGivesAResult() throws Exception {
        var options = new OptionsBuilder()
                .include(HotPathBenchmark.class.getPackageName() + "\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .timeUnit(TimeUnit.MICROSECONDS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results)
                .extracting(r -> r.getParams().getBenchmark())
                .containsExactlyInAnyOrderElementsOf(expectedBenchmarks());
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getPrimaryResult().getSampleCount()).isPositive();
            assertThat(r.getPrimaryResult().getScore()).isPositive();
        });
    }

    static List<String> expectedBenchmarks() {
        return BENCHMARKS.stream()
                .flatMap(type -> Stream.of(type.getDeclaredMethods())
                        .filter(m -> m.isAnnotationPresent(Benchmark.class))
                        .map(Method::getName)
                        .map(name -> type.getName() + "." + name))
                .toList();
    }
}
