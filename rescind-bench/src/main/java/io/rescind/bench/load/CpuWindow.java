package io.rescind.bench.load;

/**
 * The server's CPU time over a measured window, from two samples of clock ticks ({@code getconf CLK_TCK} a second),
 * and what it comes to per request.
 */
record CpuWindow(ServerProcesses.CpuTicks before, ServerProcesses.CpuTicks after, long ticksPerSecond) {
    CpuWindow {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks a second must be positive: " + ticksPerSecond);
        }
    }

    double jvmMicros() {
        return micros(after.jvm() - before.jvm());
    }

    double databaseMicros() {
        return micros(after.database() - before.database());
    }

    /** The JVM's CPU microseconds per request; NaN without requests. */
    double jvmMicrosPerRequest(long requests) {
        return perRequest(jvmMicros(), requests);
    }

    /** The database's CPU microseconds per request; NaN without requests. */
    double databaseMicrosPerRequest(long requests) {
        return perRequest(databaseMicros(), requests);
    }

    private double micros(long ticks) {
        return ticks * 1_000_000.0 / ticksPerSecond;
    }

    private static double perRequest(double micros, long requests) {
        return requests > 0 ? micros / requests : Double.NaN;
    }
}
