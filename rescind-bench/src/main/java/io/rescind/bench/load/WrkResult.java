package io.rescind.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one wrk run measured, as the {@code done()} of {@code rescind-bench/wrk/common.lua} prints it: one line
 * {@code RESCIND_WRK_RESULT {json}} among wrk's own output. Latencies are microseconds.
 */
record WrkResult(
        long requests, long durationMicros, long bytes, Latency latency, Errors errors, Map<String, Long> counters) {
    static final String MARKER = "RESCIND_WRK_RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    WrkResult {
        counters = Map.copyOf(counters);
    }

    /** Latency percentiles of the completed requests, in microseconds. */
    record Latency(long p50, long p90, long p99, long max, double mean) {}

    /**
     * wrk's error counts: {@code status} is the responses with a status above 399 (non-2xx/3xx); the others are socket
     * errors.
     */
    record Errors(long status, long connect, long read, long write, long timeout) {
        long socket() {
            return connect + read + write + timeout;
        }
    }

    /** The result in wrk's standard output; throws {@link LoadException} without one. */
    static WrkResult parse(String wrkOutput) {
        String json = wrkOutput
                .lines()
                .filter(line -> line.startsWith(MARKER))
                .reduce((first, second) -> second)
                .map(line -> line.substring(MARKER.length()))
                .orElseThrow(
                        () -> new LoadException("wrk printed no result line (" + MARKER.strip() + "):\n" + wrkOutput));
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LoadException("unreadable wrk result: " + json, e);
        }
        JsonNode latency = required(root, "latency_us");
        JsonNode errors = required(root, "errors");
        Map<String, Long> counters = new TreeMap<>();
        root.path("counters")
                .properties()
                .forEach(e -> counters.put(e.getKey(), e.getValue().asLong()));
        return new WrkResult(
                number(root, "requests"),
                number(root, "duration_us"),
                number(root, "bytes"),
                new Latency(
                        number(latency, "p50"),
                        number(latency, "p90"),
                        number(latency, "p99"),
                        number(latency, "max"),
                        required(latency, "mean").asDouble()),
                new Errors(
                        number(errors, "status"),
                        number(errors, "connect"),
                        number(errors, "read"),
                        number(errors, "write"),
                        number(errors, "timeout")),
                counters);
    }

    double seconds() {
        return durationMicros / 1e6;
    }

    double requestsPerSecond() {
        return durationMicros > 0 ? requests / seconds() : 0;
    }

    long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new LoadException("wrk result without '" + field + "': " + node);
        }
        return value;
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isNumber()) {
            throw new LoadException("wrk result field '" + field + "' is not a number: " + node);
        }
        return value.asLong();
    }
}
