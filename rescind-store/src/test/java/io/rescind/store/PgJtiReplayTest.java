package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RFC 7523 §3 item 7: a JWT used for authentication is accepted once per jti and issuer. */
class PgJtiReplayTest {
    private static final Instant EXPIRES = FreshStores.START.plusSeconds(300);

    @RegisterExtension
    final FreshStores stores = new FreshStores();

    @Nested
    class SingleUse {
        @OnEachDatabase
        void theFirstUseOfAJtiIsAccepted(Target target) {
            var store = stores.open(target);

            assertThat(store.jtiReplay().firstUse("client-a", "jti-1", EXPIRES)).isTrue();
        }

        @OnEachDatabase
        void aSecondUseOfTheJtiIsRefused(Target target) {
            var store = stores.open(target);
            store.jtiReplay().firstUse("client-a", "jti-1", EXPIRES);

            assertThat(store.jtiReplay().firstUse("client-a", "jti-1", EXPIRES)).isFalse();
        }

        @OnEachDatabase
        void theSameJtiFromAnotherIssuerIsAFirstUse(Target target) {
            var store = stores.open(target);
            store.jtiReplay().firstUse("client-a", "jti-1", EXPIRES);

            assertThat(store.jtiReplay().firstUse("client-b", "jti-1", EXPIRES)).isTrue();
        }
    }
}
