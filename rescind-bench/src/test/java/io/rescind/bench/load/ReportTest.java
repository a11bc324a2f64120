package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a load measurement is reported when the server's PostgreSQL is external: its processes are not counted. */
class ReportTest {
    static Measurement measurement(Store store) {
        var wrk = new WrkResult(
                1_000,
                2_000_000,
                100_000,
                new WrkResult.Latency(1_000, 2_000, 5_000, 9_000, 1_500),
                new WrkResult.Errors(0, 0, 0, 0, 0),
                Map.of());
        var memory = new ServerProcesses.Memory(300_000, 50_000, 400_000, 20);
        return new Measurement(
                "issuance",
                "issuance",
                new Wrk.Shape(2, 16, Duration.ofSeconds(2)),
                Duration.ofSeconds(1),
                RunSettings.Pinning.NONE,
                wrk,
                new CpuWindow(new ServerProcesses.CpuTicks(0, 0), new ServerProcesses.CpuTicks(100, 20), 100),
                memory,
                memory,
                memory,
                new MemorySeries(List.of()),
                List.of(),
                List.of(),
                store);
    }

    static final Store.External EXTERNAL = new Store.External(
            new Jdbc("jdbc:postgresql://127.0.0.1:5432/rescind_bench_1_a", "postgres", Optional.empty()),
            Optional.empty());

    @Test
    void anEmbeddedDatabaseIsCounted() throws Exception {
        Measurement m = measurement(new Store.Embedded());

        assertThat(Report.block(m)).contains("200 us/request in PostgreSQL").contains("PSS 49 MiB idle");
        var json = new ObjectMapper().readTree(Report.jsonLine(m));
        assertThat(json.path("database").asText()).isEqualTo("embedded");
        assertThat(json.path("cpu_us_per_request").path("database").asDouble()).isEqualTo(200.0);
        assertThat(json.path("database_pss_kib").path("end").asLong()).isEqualTo(50_000);
    }

    @Test
    void anExternalDatabaseIsSaidNotToBeCounted() {
        String block = Report.block(measurement(EXTERNAL));

        assertThat(block)
                .contains("PostgreSQL not counted (external)")
                .contains(Report.NOT_COUNTED)
                .doesNotContain("us/request in PostgreSQL")
                .doesNotContain("PSS");
        assertThat(Report.summary(List.of(measurement(EXTERNAL)))).contains("external");
    }

    @Test
    void anExternalDatabaseHasNoFiguresInTheJsonLine() throws Exception {
        var json = new ObjectMapper().readTree(Report.jsonLine(measurement(EXTERNAL)));

        assertThat(json.path("database").asText()).isEqualTo("external");
        assertThat(json.path("cpu_us_per_request").path("database").isNull()).isTrue();
        assertThat(json.path("cpu_us_per_request").path("jvm").asDouble()).isEqualTo(1_000.0);
        assertThat(json.path("database_pss_kib").isNull()).isTrue();
        assertThat(json.path("database_processes").isNull()).isTrue();
    }
}
