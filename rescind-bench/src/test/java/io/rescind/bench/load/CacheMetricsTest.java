package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The introspection cache's hit rate, from two pages of /admin/metrics. */
class CacheMetricsTest {
    static final String WITHOUT_CACHE = """
            # HELP rescind_revocation_state_entries Entries of the in-memory revocation state.
            # TYPE rescind_revocation_state_entries gauge
            rescind_revocation_state_entries 12
            rescind_revocation_log_generation_info{generation="abc"} 1
            """;

    static String withCache(long hits, long misses) {
        return WITHOUT_CACHE + """
                # TYPE rescind_introspection_cache_hits_total counter
                rescind_introspection_cache_hits_total %d
                rescind_introspection_cache_misses_total{reason="absent"} %d
                """.formatted(hits, misses);
    }

    @Test
    void noCacheCountersMeansNoHitRate() {
        assertThat(CacheMetrics.hitRate(WITHOUT_CACHE, WITHOUT_CACHE)).isEmpty();
    }

    @Test
    void theRateIsOverTheChangeBetweenThePages() {
        assertThat(CacheMetrics.hitRate(withCache(100, 50), withCache(1_000, 150)))
                .hasValue(0.9);
    }

    @Test
    void countersThatDidNotMoveGiveNoRate() {
        assertThat(CacheMetrics.hitRate(withCache(5, 5), withCache(5, 5))).isEmpty();
    }

    @Test
    void readsSeriesWithLabelsAndSkipsComments() {
        assertThat(CacheMetrics.samples(withCache(3, 4)))
                .containsEntry("rescind_revocation_state_entries", 12.0)
                .containsEntry("rescind_introspection_cache_misses_total{reason=\"absent\"}", 4.0)
                .doesNotContainKey("# TYPE rescind_introspection_cache_hits_total");
    }
}
