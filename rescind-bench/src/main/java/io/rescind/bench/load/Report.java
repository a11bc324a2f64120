package io.rescind.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A measurement as the block the driver prints, and as the JSON line it appends to {@code --out}. */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the reports say of an external PostgreSQL's CPU and memory. */
    static final String NOT_COUNTED =
            "external, not counted (its processes are not the server's children and serve other users too)";

    private Report() {}

    static String block(Measurement m) {
        WrkResult w = m.wrk();
        var s = new StringBuilder();
        s.append("== ").append(m.label()).append('\n');
        line(
                s,
                "load",
                "wrk %d threads, %d connections, %d s warm-up, %d s measured, %s"
                        .formatted(
                                m.shape().threads(),
                                m.shape().connections(),
                                m.warmup().toSeconds(),
                                m.shape().duration().toSeconds(),
                                m.pinning() == RunSettings.Pinning.PINNED
                                        ? "pinned (server and PostgreSQL on CPU 0, wrk on CPU 1)"
                                        : "not pinned"));
        line(s, "requests", "%,d in %.1f s = %,.1f req/s".formatted(w.requests(), w.seconds(), w.requestsPerSecond()));
        line(
                s,
                "latency",
                "p50 %s, p90 %s, p99 %s, max %s"
                        .formatted(
                                millis(w.latency().p50()),
                                millis(w.latency().p90()),
                                millis(w.latency().p99()),
                                millis(w.latency().max())));
        WrkResult.Errors e = w.errors();
        line(
                s,
                "errors",
                "%,d non-2xx/3xx, %,d socket (connect %d, read %d, write %d, timeout %d)"
                        .formatted(e.status(), e.socket(), e.connect(), e.read(), e.write(), e.timeout()));
        line(
                s,
                "server CPU",
                m.store().processesCounted()
                        ? "%s us/request in the JVM, %s us/request in PostgreSQL (%.1f s and %.1f s of CPU in %.1f s)"
                                .formatted(
                                        perRequest(m.cpu().jvmMicrosPerRequest(w.requests())),
                                        perRequest(m.cpu().databaseMicrosPerRequest(w.requests())),
                                        m.cpu().jvmMicros() / 1e6,
                                        m.cpu().databaseMicros() / 1e6,
                                        w.seconds())
                        : "%s us/request in the JVM (%.1f s of CPU in %.1f s); PostgreSQL not counted (external)"
                                .formatted(
                                        perRequest(m.cpu().jvmMicrosPerRequest(w.requests())),
                                        m.cpu().jvmMicros() / 1e6,
                                        w.seconds()));
        line(
                s,
                "JVM RSS",
                "%s idle, %s at the end (peak %s)"
                        .formatted(
                                mib(m.idle().jvmRssKib()),
                                mib(m.end().jvmRssKib()),
                                mib(m.peak().jvmRssKib())));
        line(
                s,
                "PostgreSQL",
                !m.store().processesCounted()
                        ? NOT_COUNTED
                        : "PSS %s idle, %s at the end (peak %s); %d processes, RSS added up %s"
                                .formatted(
                                        mib(m.idle().databasePssKib()),
                                        mib(m.end().databasePssKib()),
                                        mib(m.peak().databasePssKib()),
                                        m.end().databaseProcesses(),
                                        mib(m.end().databaseRssKib())));
        if (!w.counters().isEmpty()) {
            line(
                    s,
                    "counters",
                    w.counters().entrySet().stream()
                            .map(c -> "%s %,d".formatted(c.getKey(), c.getValue()))
                            .collect(Collectors.joining(", ")));
        }
        m.setup().forEach(step -> line(s, "set-up", step));
        m.notes().forEach(note -> line(s, "note", note));
        return s.toString();
    }

    static String jsonLine(Measurement m) {
        WrkResult w = m.wrk();
        ObjectNode root = JSON.createObjectNode();
        root.put("time", Instant.now().toString());
        root.put("scenario", m.scenario());
        root.put("label", m.label());
        root.put("threads", m.shape().threads());
        root.put("connections", m.shape().connections());
        root.put("warmup_s", m.warmup().toSeconds());
        root.put("duration_s", m.shape().duration().toSeconds());
        root.put("pinned", m.pinning() == RunSettings.Pinning.PINNED);
        root.put("database", m.store().kind());
        boolean counted = m.store().processesCounted();
        root.put("requests", w.requests());
        root.put("measured_s", w.seconds());
        root.put("requests_per_s", w.requestsPerSecond());
        ObjectNode latency = root.putObject("latency_ms");
        latency.put("p50", w.latency().p50() / 1000.0);
        latency.put("p90", w.latency().p90() / 1000.0);
        latency.put("p99", w.latency().p99() / 1000.0);
        latency.put("max", w.latency().max() / 1000.0);
        latency.put("mean", w.latency().mean() / 1000.0);
        ObjectNode errors = root.putObject("errors");
        errors.put("non_2xx_3xx", w.errors().status());
        errors.put("socket", w.errors().socket());
        errors.put("timeout", w.errors().timeout());
        ObjectNode cpu = root.putObject("cpu_us_per_request");
        number(cpu, "jvm", m.cpu().jvmMicrosPerRequest(w.requests()));
        number(cpu, "database", counted ? m.cpu().databaseMicrosPerRequest(w.requests()) : Double.NaN);
        ObjectNode jvm = root.putObject("jvm_rss_kib");
        jvm.put("idle", m.idle().jvmRssKib());
        jvm.put("end", m.end().jvmRssKib());
        jvm.put("peak", m.peak().jvmRssKib());
        if (counted) {
            ObjectNode db = root.putObject("database_pss_kib");
            db.put("idle", m.idle().databasePssKib());
            db.put("end", m.end().databasePssKib());
            db.put("peak", m.peak().databasePssKib());
            root.put("database_rss_sum_kib", m.end().databaseRssKib());
            root.put("database_processes", m.end().databaseProcesses());
        } else {
            root.putNull("database_pss_kib");
            root.putNull("database_rss_sum_kib");
            root.putNull("database_processes");
        }
        ObjectNode counters = root.putObject("counters");
        w.counters().forEach(counters::put);
        m.setup().forEach(root.putArray("setup")::add);
        m.notes().forEach(root.putArray("notes")::add);
        return root.toString();
    }

    /** The startup scenario's times for one kind of start. */
    static String block(StartupTimes t) {
        var s = new StringBuilder();
        s.append("== ").append(t.label()).append('\n');
        String pinned = t.pinning() == RunSettings.Pinning.PINNED ? "pinned (CPU 0)" : "not pinned";
        String kind =
                String.join(", ", t.start().description, t.cache().description, t.store() + " PostgreSQL", pinned);
        line(s, "start", kind);
        line(
                s,
                "time",
                "min %s, median %s, max %s over %d start(s), from the java command to the first 200 of POST /token"
                        .formatted(
                                seconds(t.min()),
                                seconds(t.median()),
                                seconds(t.max()),
                                t.samples().size()));
        line(s, "samples", t.samples().stream().map(Report::seconds).collect(Collectors.joining(", ")));
        t.notes().forEach(note -> line(s, "note", note));
        return s.toString();
    }

    static String jsonLine(StartupTimes t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("time", Instant.now().toString());
        root.put("scenario", "startup");
        root.put("label", t.label());
        root.put("start", t.start().id);
        root.put("aot_cache", t.cache() == StartupTimes.Cache.AOT);
        root.put("database", t.store());
        root.put("pinned", t.pinning() == RunSettings.Pinning.PINNED);
        ObjectNode ms = root.putObject("first_token_ms");
        ms.put("min", t.min().toMillis());
        ms.put("median", t.median().toMillis());
        ms.put("max", t.max().toMillis());
        t.samples().forEach(d -> root.withArray("samples_ms").add(d.toMillis()));
        t.notes().forEach(root.putArray("notes")::add);
        return root.toString();
    }

    /** The summary table after several measured runs. */
    static String summary(List<Measurement> results) {
        var s = new StringBuilder("%n# Summary%n".formatted());
        s.append("%-34s %10s %10s %10s %9s %9s %9s%n"
                .formatted("", "req/s", "p50 ms", "p99 ms", "errors", "JVM us", "PG us"));
        for (Measurement m : results) {
            WrkResult w = m.wrk();
            s.append("%-34s %10.1f %10.2f %10.2f %9d %9s %9s%n"
                    .formatted(
                            m.label(),
                            w.requestsPerSecond(),
                            w.latency().p50() / 1000.0,
                            w.latency().p99() / 1000.0,
                            w.errors().status() + w.errors().socket(),
                            perRequest(m.cpu().jvmMicrosPerRequest(w.requests())),
                            m.store().processesCounted()
                                    ? perRequest(m.cpu().databaseMicrosPerRequest(w.requests()))
                                    : "external"));
        }
        return s.toString();
    }

    static void append(Path file, String jsonLine) {
        try {
            Files.writeString(
                    file,
                    jsonLine + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new LoadException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, Math.round(value * 10) / 10.0);
        }
    }

    private static void line(StringBuilder s, String name, String text) {
        s.append("   ").append("%-11s".formatted(name)).append(text).append('\n');
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    static String perRequest(double micros) {
        return Double.isNaN(micros) ? "n/a" : String.format(Locale.ROOT, "%,.0f", micros);
    }

    static String mib(long kib) {
        return String.format(Locale.ROOT, "%,.0f MiB", kib / 1024.0);
    }
}
