package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./bench}: its command line, and one scenario end to end in smoke mode. */
class LoadDriverTest {
    /** The repository, seen from this module (Maven runs tests in the module's folder). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int bench(String... args) {
        return LoadDriver.commandLine(new LoadDriver(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class CommandLine {
        @Test
        void helpListsEveryScenarioAndAll() {
            assertThat(bench("--help")).isZero();

            Arrays.stream(Scenario.values()).forEach(s -> assertThat(stdout()).contains(s.id()));
            assertThat(stdout()).contains("all").contains("--smoke").contains("--pin");
        }

        @Test
        void anUnknownScenarioIsAUsageError() {
            assertThat(bench("no-such-scenario", "--root", ROOT.toString())).isEqualTo(2);
            assertThat(stderr()).contains("unknown scenario 'no-such-scenario'");
        }

        @Test
        void aDbUrlThatIsNotPostgresqlIsAUsageError() {
            assertThat(bench("issuance", "--db-url", "jdbc:mysql://127.0.0.1/x", "--root", ROOT.toString()))
                    .isEqualTo(2);
            assertThat(stderr()).contains("--db-url: not a PostgreSQL JDBC URL");
        }
    }

    /**
     * The CI smoke of one scenario against the packaged server: it skips without wrk or without the server jar,
     * except under CI, where both must be there (the smoke keeps the suite from rotting).
     */
    @Nested
    class Smoke {
        boolean ci = "true".equals(System.getenv("CI"));
        Path jar = ROOT.resolve("rescind-server/target/rescind-server.jar");

        void assumePackagedServer() {
            if (!ci) {
                assumeThat(jar).as("the packaged server (./mvnw package)").exists();
            }
        }

        void assumeWrk() {
            if (!ci) {
                assumeThat(Wrk.find()).as("wrk on the PATH").isPresent();
            }
        }

        List<JsonNode> jsonLines(Path file) throws Exception {
            var mapper = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                lines.add(mapper.readTree(line));
            }
            return lines;
        }

        @Test
        void startupTimesAFirstStartAndARestartToTheFirstToken(@TempDir Path dir) throws Exception {
            assumePackagedServer();
            Path results = dir.resolve("results.jsonl");

            int exit = bench("startup", "--smoke", "--root", ROOT.toString(), "--out", results.toString());

            assertThat(exit).as(stdout() + stderr()).isZero();
            assertThat(stdout())
                    .contains("== startup first-start")
                    .contains("== startup restart")
                    .contains("from the java command to the first 200 of POST /token");
            assertThat(jsonLines(results))
                    .extracting(j -> j.path("start").asText())
                    .containsExactly("first-start", "restart");
            assertThat(jsonLines(results))
                    .allSatisfy(
                            j -> assertThat(j.path("first_token_ms").path("min").asLong())
                                    .isPositive());
        }

        @Test
        void everyScenarioCanRunOnAFreshDatabaseOfAnExternalPostgresql(@TempDir Path dir) throws Exception {
            assumePackagedServer();
            assumeWrk();
            Jdbc postgres = TestPostgres.required();
            var before = ExternalPostgresTest.benchDatabases(postgres);
            Path results = dir.resolve("results.jsonl");

            int exit = bench(
                    "global-revocation", // seeds grants in SQL: the seeder reaches the external database too
                    "--smoke",
                    "--warmup",
                    "0",
                    "--duration",
                    "1",
                    "--grants-per-user",
                    "1,100",
                    "--db-url",
                    postgres.url(),
                    "--db-user",
                    postgres.user(),
                    "--root",
                    ROOT.toString(),
                    "--out",
                    results.toString());

            assertThat(exit).as(stdout() + stderr()).isZero();
            assertThat(stdout()).contains("external PostgreSQL").contains(Report.NOT_COUNTED);
            assertThat(jsonLines(results)).hasSize(2).allSatisfy(j -> {
                assertThat(j.path("database").asText()).isEqualTo("external");
                assertThat(j.path("requests").asLong()).isPositive();
            });
            assertThat(ExternalPostgresTest.benchDatabases(postgres)).isSubsetOf(before);
        }

        @Test
        void issuanceRunsEndToEndAndReportsEveryFigure(@TempDir Path dir) throws Exception {
            assumeWrk();
            assumePackagedServer();
            Path results = dir.resolve("results.jsonl");

            int exit = bench(
                    "issuance",
                    "--smoke",
                    "--warmup",
                    "1",
                    "--duration",
                    "1",
                    "--root",
                    ROOT.toString(),
                    "--out",
                    results.toString());

            assertThat(exit).as(stdout() + stderr()).isZero();
            assertThat(stdout())
                    .contains("== issuance")
                    .contains("req/s")
                    .contains("p50")
                    .contains("p99")
                    .contains("non-2xx/3xx")
                    .contains("us/request in the JVM")
                    .contains("us/request in PostgreSQL")
                    .contains("JVM RSS")
                    .contains("PSS");
            var json = new ObjectMapper().readTree(Files.readString(results));
            assertThat(json.path("scenario").asText()).isEqualTo("issuance");
            assertThat(json.path("requests").asLong()).isPositive();
            assertThat(json.path("cpu_us_per_request").has("jvm")).isTrue();
            assertThat(json.path("database_pss_kib").path("end").asLong()).isPositive();
        }

        @Test
        void theSoakRunsForSecondsAndReportsTheMemoryTrend() {
            boolean ci = "true".equals(System.getenv("CI"));
            if (!ci) {
                assumeThat(Wrk.find()).as("wrk on the PATH").isPresent();
                assumeThat(ROOT.resolve("rescind-server/target/rescind-server.jar"))
                        .as("the packaged server (./mvnw package)")
                        .exists();
            }

            int exit = bench("soak", "--smoke", "--root", ROOT.toString());

            assertThat(exit).as(stdout() + stderr()).isZero();
            assertThat(stdout())
                    .contains("== soak")
                    .contains("6 s measured")
                    .contains("issued")
                    .containsPattern("JVM RSS: start \\d+ MiB, max \\d+ MiB, end \\d+ MiB; slope over the last 2 s")
                    .contains("PostgreSQL PSS: start");
        }
    }
}
