package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The line {@code done()} of {@code rescind-bench/wrk/common.lua} prints, as the driver reads it. */
class WrkResultTest {
    /** What wrk prints with a scenario script: its own summary, then the line of done(). */
    static final String OUTPUT = """
            Running 2s test @ http://127.0.0.1:41957
              2 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    27.49ms   37.70ms 364.40ms   89.78%
                Req/Sec   461.82    235.37     1.15k    71.00%
              4648 requests in 5.06s, 3.44MB read
              Non-2xx or 3xx responses: 3
            Requests/sec:    917.85
            Transfer/sec:    695.97KB
            RESCIND_WRK_RESULT {"requests":4648,"duration_us":5064000,"bytes":3607000,\
            "latency_us":{"p50":13240,"p90":38090,"p99":89930,"max":364400,"mean":27490.5},\
            "errors":{"status":3,"connect":0,"read":1,"write":0,"timeout":2},"counters":{"active":4640,"inactive":5}}
            """;

    @Nested
    class Parse {
        @Test
        void readsRequestsDurationAndLatencyInMicroseconds() {
            WrkResult r = WrkResult.parse(OUTPUT);

            assertThat(r.requests()).isEqualTo(4648);
            assertThat(r.durationMicros()).isEqualTo(5_064_000);
            assertThat(r.latency()).isEqualTo(new WrkResult.Latency(13_240, 38_090, 89_930, 364_400, 27_490.5));
        }

        @Test
        void statusErrorsAreTheNon2xx3xxResponsesAndTheRestAreSocketErrors() {
            WrkResult r = WrkResult.parse(OUTPUT);

            assertThat(r.errors().status()).isEqualTo(3);
            assertThat(r.errors().socket()).isEqualTo(3);
        }

        @Test
        void readsTheScenariosCounters() {
            WrkResult r = WrkResult.parse(OUTPUT);

            assertThat(r.counters()).containsEntry("active", 4640L).containsEntry("inactive", 5L);
            assertThat(r.counter("repeats")).isZero();
        }

        @Test
        void anEmptyCounterTableIsNoCounters() {
            WrkResult r = WrkResult.parse(OUTPUT.replaceAll("\"counters\":\\{[^}]*}", "\"counters\":{}"));

            assertThat(r.counters()).isEmpty();
        }

        @Test
        void requestsPerSecondIsRequestsOverTheMeasuredDuration() {
            assertThat(WrkResult.parse(OUTPUT).requestsPerSecond())
                    .isCloseTo(917.85, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Nested
    class Refusals {
        @Test
        void outputWithoutTheResultLine() {
            assertThatThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused\n"))
                    .isInstanceOf(LoadException.class)
                    .hasMessageContaining("RESCIND_WRK_RESULT")
                    .hasMessageContaining("Connection refused");
        }

        @Test
        void aResultLineThatIsNotJson() {
            assertThatThrownBy(() -> WrkResult.parse("RESCIND_WRK_RESULT {\"requests\":nan}\n"))
                    .isInstanceOf(LoadException.class);
        }

        @Test
        void aResultWithoutLatency() {
            assertThatThrownBy(() ->
                            WrkResult.parse("RESCIND_WRK_RESULT {\"requests\":1,\"duration_us\":1,\"bytes\":1}\n"))
                    .isInstanceOf(LoadException.class)
                    .hasMessageContaining("latency_us");
        }
    }
}
