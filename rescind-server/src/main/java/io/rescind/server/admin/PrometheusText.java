package io.rescind.server.admin;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds a page of the Prometheus text exposition format (version 0.0.4): each metric with its help and type. */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder page = new StringBuilder();

    PrometheusText gauge(String name, String help, double value) {
        return metric(name, "gauge", help, Map.of(name, value));
    }

    PrometheusText counter(String name, String help, double value) {
        return metric(name, "counter", help, Map.of(name, value));
    }

    /** A gauge with one sample per label value, e.g. {@code name{state="idle"} 3}. */
    PrometheusText gauge(String name, String help, String label, Map<String, ? extends Number> values) {
        return metric(
                name,
                "gauge",
                help,
                values.entrySet().stream()
                        .collect(Collectors.toMap(
                                e -> name + "{" + label + "=\"" + escape(e.getKey()) + "\"}",
                                e -> e.getValue().doubleValue(),
                                (a, b) -> a,
                                TreeMap::new)));
    }

    private PrometheusText metric(String name, String type, String help, Map<String, Double> samples) {
        page.append("# HELP ").append(name).append(' ').append(help).append('\n');
        page.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        samples.forEach((sample, value) ->
                page.append(sample).append(' ').append(format(value)).append('\n'));
        return this;
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.6f", value);
    }

    /** Label values escape backslash, quote and newline. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    String text() {
        return page.toString();
    }
}
