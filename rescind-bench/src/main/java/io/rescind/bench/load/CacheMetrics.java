package io.rescind.bench.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The introspection cache's hit rate over a run, from two pages of {@code GET /admin/metrics} (Prometheus text): the
 * change of the series whose name has {@code cache} and {@code hit} against the change of those with {@code cache}
 * and {@code miss}. Empty while the server exposes no such series.
 */
final class CacheMetrics {
    private CacheMetrics() {}

    /** The samples of a Prometheus text page: series (name and labels) to value; comments and bad lines skipped. */
    static Map<String, Double> samples(String page) {
        var samples = new LinkedHashMap<String, Double>();
        for (String line : page.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int space = l.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                samples.put(l.substring(0, space).strip(), Double.parseDouble(l.substring(space + 1)));
            } catch (NumberFormatException e) {
                // a timestamp or a value we do not read: not a cache counter
            }
        }
        return samples;
    }

    /** hits / (hits + misses) over the run, when the page has cache hit and miss counters that moved. */
    static Optional<Double> hitRate(String before, String after) {
        double hits = change(samples(before), samples(after), "hit");
        double misses = change(samples(before), samples(after), "miss");
        return hits + misses > 0 ? Optional.of(hits / (hits + misses)) : Optional.empty();
    }

    private static double change(Map<String, Double> before, Map<String, Double> after, String kind) {
        double sum = 0;
        for (var e : after.entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            int brace = name.indexOf('{');
            String metric = brace < 0 ? name : name.substring(0, brace);
            if (metric.contains("cache") && metric.contains(kind)) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            }
        }
        return sum;
    }
}
