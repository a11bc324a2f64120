package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.feature.Feature;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Persistent feature flags (DESIGN §1.4): what was set is what loads. */
class PgFeaturesTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    @Nested
    class Flags {
        @OnEachDatabase
        void noFlagIsLoadedBeforeAnyIsSet(Target target) {
            var store = stores.open(target);

            assertThat(store.features().load()).isEmpty();
        }

        @OnEachDatabase
        void aDisabledFeatureLoadsDisabled(Target target) {
            var store = stores.open(target);

            store.features().set(Feature.INTROSPECTION, Feature.State.DISABLED);

            assertThat(store.features().load()).isEqualTo(Map.of(Feature.INTROSPECTION, Feature.State.DISABLED));
        }

        @OnEachDatabase
        void settingAgainReplacesTheState(Target target) {
            var store = stores.open(target);
            store.features().set(Feature.INTROSPECTION, Feature.State.DISABLED);

            store.features().set(Feature.INTROSPECTION, Feature.State.ENABLED);

            assertThat(store.features().load()).isEqualTo(Map.of(Feature.INTROSPECTION, Feature.State.ENABLED));
        }

        @OnEachDatabase
        void flagsOfFeaturesThisVersionDoesNotKnowAreIgnored(Target target) {
            var store = stores.open(target);
            TestSql.on(store)
                    .update(
                            "INSERT INTO flags (name, enabled, updated_at) VALUES ('FEATURE_OF_A_LATER_VERSION', true, ?)",
                            FreshStores.START);

            assertThat(store.features().load()).isEmpty();
        }
    }
}
