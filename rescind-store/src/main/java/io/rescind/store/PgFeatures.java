package io.rescind.store;

import io.rescind.core.feature.Feature;
import io.rescind.core.feature.FeatureStore;
import io.rescind.store.sql.Jdbc;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/** Feature flags in PostgreSQL; flags of features this version does not know are kept and ignored. */
public final class PgFeatures implements FeatureStore {
    private final Jdbc jdbc;
    private final Clock clock;

    public PgFeatures(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Map<Feature, Feature.State> load() {
        record Row(String name, boolean enabled) {}
        var states = new EnumMap<Feature, Feature.State>(Feature.class);
        jdbc.run(c -> Jdbc.list(
                        c, "SELECT name, enabled FROM flags", row -> new Row(row.getString(1), row.getBoolean(2))))
                .forEach(row -> Feature.fromName(row.name())
                        .ifPresent(f -> states.put(f, row.enabled() ? Feature.State.ENABLED : Feature.State.DISABLED)));
        return states;
    }

    @Override
    public void set(Feature feature, Feature.State state) {
        jdbc.inTransaction(c -> {
            PgChangeNotices.publish(c, ChangeTopic.FEATURES);
            return Jdbc.update(c, """
                INSERT INTO flags (name, enabled, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at
                """, feature.name(), state == Feature.State.ENABLED, clock.instant());
        });
    }
}
