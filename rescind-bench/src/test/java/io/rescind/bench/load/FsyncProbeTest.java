package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsyncProbeTest {
    @TempDir
    Path dir;

    @Test
    void measuresEachWriteAndLeavesNoFileBehind() throws Exception {
        var latency = FsyncProbe.measure(dir, 20);

        assertThat(latency.count()).isEqualTo(20);
        assertThat(latency.p50Micros()).isNotNegative().isLessThanOrEqualTo(latency.p99Micros());
        assertThat(latency.p99Micros()).isLessThanOrEqualTo(latency.maxMicros());
        assertThat(latency.describe()).startsWith("20 writes of 8 KiB + fdatasync: p50 ");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aPercentileIsTheNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(FsyncProbe.percentile(sorted, 50)).isEqualTo(50);
        assertThat(FsyncProbe.percentile(sorted, 99)).isEqualTo(99);
        assertThat(FsyncProbe.percentile(new long[] {7}, 99)).isEqualTo(7);
    }

    /** Issue 5's two comparisons for the global revocation, on the largest size. */
    @Test
    void theLargestSizeIsComparedWithTheSmallestAndWithFsync() {
        Measurement one = withP99(ReportTest.measurement(ReportTest.EXTERNAL), "global-revocation grants=1", 4_000);
        Measurement many = withP99(one, "global-revocation grants=100000", 4_400);

        var noted = Scenarios.withFsyncComparison(
                java.util.List.of(one, many), new FsyncProbe.Latency(1_000, 1_000, 3_000, 9_000));

        assertThat(noted.getFirst()).isEqualTo(one);
        assertThat(noted.getLast().notes())
                .contains(
                        "disk fsync, probed in the data folder: 1000 writes of 8 KiB + fdatasync: p50 1.00 ms,"
                                + " p99 3.00 ms, max 9.00 ms",
                        "p99 4.40 ms against 4.00 ms at global-revocation grants=1: x1.10; against fsync p99 + 2 ms"
                                + " = 5.00 ms");
    }

    private static Measurement withP99(Measurement m, String label, long p99Micros) {
        var w = m.wrk();
        var latency = new WrkResult.Latency(
                w.latency().p50(),
                w.latency().p90(),
                p99Micros,
                w.latency().max(),
                w.latency().mean());
        return new Measurement(
                m.scenario(),
                label,
                m.shape(),
                m.warmup(),
                m.pinning(),
                new WrkResult(w.requests(), w.durationMicros(), w.bytes(), latency, w.errors(), w.counters()),
                m.cpu(),
                m.idle(),
                m.end(),
                m.peak(),
                m.memory(),
                m.setup(),
                java.util.List.of(),
                m.store());
    }

    @Test
    void aFolderThatIsNotThereIsALoadError() {
        assertThatThrownBy(() -> FsyncProbe.measure(dir.resolve("missing"), 1))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("cannot measure fsync");
    }
}
