package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failed logins counted per key in PostgreSQL, so throttling holds across nodes. */
class PgLoginAttemptsTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    private static Instant at(int seconds) {
        return FreshStores.START.plusSeconds(seconds);
    }

    @Nested
    class Counting {
        @OnEachDatabase
        void failuresAfterTheGivenInstantAreCounted(Target target) {
            var store = stores.open(target);
            store.loginAttempts().recordFailure("alice", at(10));
            store.loginAttempts().recordFailure("alice", at(20));
            store.loginAttempts().recordFailure("alice", at(30));

            assertThat(store.loginAttempts().failuresSince("alice", at(10))).isEqualTo(2);
        }

        @OnEachDatabase
        void failuresOfOtherKeysAreNotCounted(Target target) {
            var store = stores.open(target);
            store.loginAttempts().recordFailure("alice", at(10));
            store.loginAttempts().recordFailure("bob", at(10));
            store.loginAttempts().recordFailure("203.0.113.7", at(10));

            assertThat(store.loginAttempts().failuresSince("alice", at(0))).isEqualTo(1);
        }

        @OnEachDatabase
        void aKeyWithoutFailuresCountsZero(Target target) {
            var store = stores.open(target);

            assertThat(store.loginAttempts().failuresSince("alice", at(0))).isZero();
        }
    }

    @Nested
    class Clearing {
        @OnEachDatabase
        void clearForgetsTheKeysFailures(Target target) {
            var store = stores.open(target);
            store.loginAttempts().recordFailure("alice", at(10));
            store.loginAttempts().recordFailure("alice", at(20));

            store.loginAttempts().clear("alice");

            assertThat(store.loginAttempts().failuresSince("alice", at(0))).isZero();
        }

        @OnEachDatabase
        void clearLeavesOtherKeysAlone(Target target) {
            var store = stores.open(target);
            store.loginAttempts().recordFailure("alice", at(10));
            store.loginAttempts().recordFailure("bob", at(10));

            store.loginAttempts().clear("alice");

            assertThat(store.loginAttempts().failuresSince("bob", at(0))).isEqualTo(1);
        }
    }
}
