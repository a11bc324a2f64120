package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Server CPU microseconds per request: ticks over the window, at CLK_TCK a second, over the requests. */
class CpuWindowTest {
    final CpuWindow window =
            new CpuWindow(new ServerProcesses.CpuTicks(1_000, 50), new ServerProcesses.CpuTicks(1_250, 60), 100);

    @Test
    void ticksBecomeMicrosecondsAtClockTicksASecond() {
        assertThat(window.jvmMicros()).isEqualTo(2_500_000.0);
        assertThat(window.databaseMicros()).isEqualTo(100_000.0);
    }

    @Test
    void perRequestDividesTheWindowsCpuByTheRequests() {
        assertThat(window.jvmMicrosPerRequest(1_000)).isEqualTo(2_500.0);
        assertThat(window.databaseMicrosPerRequest(1_000)).isEqualTo(100.0);
    }

    @Test
    void anotherClockTickRate() {
        var at250 = new CpuWindow(new ServerProcesses.CpuTicks(0, 0), new ServerProcesses.CpuTicks(250, 25), 250);

        assertThat(at250.jvmMicrosPerRequest(10)).isEqualTo(100_000.0);
        assertThat(at250.databaseMicrosPerRequest(10)).isEqualTo(10_000.0);
    }

    @Test
    void withoutRequestsThereIsNoPerRequestFigure() {
        assertThat(window.jvmMicrosPerRequest(0)).isNaN();
        assertThat(Report.perRequest(window.jvmMicrosPerRequest(0))).isEqualTo("n/a");
    }

    @Test
    void clockTicksMustBePositive() {
        assertThatThrownBy(
                        () -> new CpuWindow(new ServerProcesses.CpuTicks(0, 0), new ServerProcesses.CpuTicks(0, 0), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
