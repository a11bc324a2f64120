package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The startup scenario's times: min, median and max of the starts, and how they are reported. */
class StartupTimesTest {
    static StartupTimes times(StartupTimes.Start start, StartupTimes.Cache cache, long... millis) {
        return new StartupTimes(
                start,
                cache,
                "embedded",
                RunSettings.Pinning.NONE,
                java.util.Arrays.stream(millis).mapToObj(Duration::ofMillis).toList(),
                List.of());
    }

    static StartupTimes restarts(long... millis) {
        return times(StartupTimes.Start.RESTART, StartupTimes.Cache.NONE, millis);
    }

    @Nested
    class Statistics {
        @Test
        void minMedianAndMaxOfAnOddNumberOfStarts() {
            StartupTimes t = restarts(2_400, 1_900, 3_100);

            assertThat(t.min()).isEqualTo(Duration.ofMillis(1_900));
            assertThat(t.median()).isEqualTo(Duration.ofMillis(2_400));
            assertThat(t.max()).isEqualTo(Duration.ofMillis(3_100));
        }

        @Test
        void theMedianOfAnEvenNumberIsTheMeanOfTheMiddleTwo() {
            assertThat(restarts(4_000, 1_000, 2_000, 3_000).median()).isEqualTo(Duration.ofMillis(2_500));
        }

        @Test
        void oneStartIsItsOwnMinMedianAndMax() {
            StartupTimes t = restarts(1_234);

            assertThat(List.of(t.min(), t.median(), t.max())).containsOnly(Duration.ofMillis(1_234));
        }

        @Test
        void noStartIsNoMeasurement() {
            assertThatThrownBy(StartupTimesTest::restarts).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Reported {
        @Test
        void theLabelSaysTheKindOfStartAndTheCache() {
            assertThat(times(StartupTimes.Start.FIRST, StartupTimes.Cache.NONE, 1)
                            .label())
                    .isEqualTo("startup first-start");
            assertThat(times(StartupTimes.Start.RESTART, StartupTimes.Cache.AOT, 1)
                            .label())
                    .isEqualTo("startup restart aot");
        }

        @Test
        void theBlockPrintsMinMedianMaxAndEverySample() {
            String block = Report.block(restarts(2_000, 1_500, 1_750).withNote("made by a training start"));

            assertThat(block)
                    .contains("== startup restart")
                    .contains("restart on the existing data folder, no AOT cache, embedded PostgreSQL")
                    .contains("min 1.50 s, median 1.75 s, max 2.00 s over 3 start(s)")
                    .contains("2.00 s, 1.50 s, 1.75 s")
                    .contains("note       made by a training start");
        }

        @Test
        void theJsonLineHoldsTheTimesInMilliseconds() throws Exception {
            var json = new ObjectMapper()
                    .readTree(Report.jsonLine(times(StartupTimes.Start.FIRST, StartupTimes.Cache.AOT, 6_000, 5_000)));

            assertThat(json.path("scenario").asText()).isEqualTo("startup");
            assertThat(json.path("start").asText()).isEqualTo("first-start");
            assertThat(json.path("aot_cache").asBoolean()).isTrue();
            assertThat(json.path("database").asText()).isEqualTo("embedded");
            assertThat(json.path("first_token_ms").path("median").asLong()).isEqualTo(5_500);
            assertThat(json.path("samples_ms")).hasSize(2);
        }
    }

    @Nested
    class Plans {
        @Test
        void measuredStartsAreTimedWithoutAndWithTheCache() {
            assertThat(Startup.Plan.MEASURE.cache()).isEqualTo(Startup.Plan.Cache.WITHOUT_AND_WITH);
            assertThat(Startup.Plan.MEASURE.firstStarts()).isGreaterThan(1);
            assertThat(Startup.Plan.MEASURE.restarts()).isGreaterThan(1);
        }

        @Test
        void theSmokeIsOneStartOfEachKindWithoutTraining() {
            assertThat(Startup.Plan.SMOKE).isEqualTo(new Startup.Plan(1, 1, Startup.Plan.Cache.WITHOUT));
        }

        @Test
        void startsFromTheCommandLineApplyToBothKinds() {
            assertThat(Startup.Plan.MEASURE.withStarts(7))
                    .isEqualTo(new Startup.Plan(7, 7, Startup.Plan.Cache.WITHOUT_AND_WITH));
        }

        @Test
        void atLeastOneStartOfEachKind() {
            assertThatThrownBy(() -> Startup.Plan.SMOKE.withStarts(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
