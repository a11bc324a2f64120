package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The soak's memory figures: first, highest, last, and the slope over the run's end. */
class MemorySeriesTest {
    static MemorySeries.Sample rss(double seconds, long kib) {
        return new MemorySeries.Sample(seconds, new ServerProcesses.Memory(kib, 2 * kib, 0, 1));
    }

    /** One sample a second for {@code seconds}, rising by {@code kibPerSecond}. */
    static MemorySeries line(int seconds, long startKib, long kibPerSecond) {
        return new MemorySeries(IntStream.rangeClosed(0, seconds)
                .mapToObj(t -> rss(t, startKib + t * kibPerSecond))
                .toList());
    }

    @Test
    void aSteadyRiseHasItsSlopeInMibAMinute() {
        var series = line(600, 200 * 1024, 1024 / 60); // about 1 MiB a minute

        assertThat(series.slopeMibPerMinute(ServerProcesses.Memory::jvmRssKib))
                .isCloseTo(17.0 * 60 / 1024, within(1e-9));
        assertThat(series.slopeMibPerMinute(ServerProcesses.Memory::databasePssKib))
                .isCloseTo(2 * 17.0 * 60 / 1024, within(1e-9));
    }

    @Test
    void aFlatSeriesHasSlopeZero() {
        assertThat(line(60, 300_000, 0).slopeMibPerMinute(ServerProcesses.Memory::jvmRssKib))
                .isZero();
    }

    @Test
    void theTailKeepsOnlyTheLastSamples() {
        // Rises for 400 s, then flat for 200 s: the whole run slopes, its last 200 s do not.
        var series = new MemorySeries(IntStream.rangeClosed(0, 600)
                .mapToObj(t -> rss(t, 100_000 + Math.min(t, 400) * 100L))
                .toList());

        MemorySeries tail = series.tail(Duration.ofSeconds(200));

        assertThat(tail.samples()).hasSize(201);
        assertThat(tail.slopeMibPerMinute(ServerProcesses.Memory::jvmRssKib)).isZero();
        assertThat(series.slopeMibPerMinute(ServerProcesses.Memory::jvmRssKib)).isPositive();
    }

    @Test
    void firstMaxAndLast() {
        var series = new MemorySeries(List.of(rss(0, 10), rss(1, 30), rss(2, 20)));

        assertThat(series.first(ServerProcesses.Memory::jvmRssKib)).isEqualTo(10);
        assertThat(series.max(ServerProcesses.Memory::jvmRssKib)).isEqualTo(30);
        assertThat(series.last(ServerProcesses.Memory::jvmRssKib)).isEqualTo(20);
    }

    @Test
    void oneSampleHasNoSlope() {
        assertThat(new MemorySeries(List.of(rss(0, 10))).slopeMibPerMinute(ServerProcesses.Memory::jvmRssKib))
                .isZero();
    }

    @Test
    void theRecorderEndsWithTheLastReading() {
        var recorder = new MemorySeries.Recorder();
        recorder.add(new ServerProcesses.Memory(1, 1, 1, 1));

        MemorySeries series = recorder.done(new ServerProcesses.Memory(5, 5, 5, 1));

        assertThat(series.samples()).hasSize(2);
        assertThat(series.last(ServerProcesses.Memory::jvmRssKib)).isEqualTo(5);
    }
}
