package io.rescind.store;

import static io.rescind.store.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Users in PostgreSQL; uid, email and phone number each name one user (DESIGN §1.1). */
class PgUsersTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    private static Optional<Long> subjectEpoch(PostgresStore store, Subject sub) {
        return TestSql.on(store)
                .one("SELECT epoch FROM subject_epochs WHERE sub = ?", row -> row.getLong(1), sub.value());
    }

    @Nested
    class Storage {
        @OnEachDatabase
        void aSavedUserIsFoundBySubWithEveryField(Target target) {
            var store = stores.open(target);
            User alice = user("alice")
                    .email("alice@example.com")
                    .phoneNumber("+14155550100")
                    .name("Alice Liddell")
                    .roles("admin", "auditor")
                    .status(UserStatus.DISABLED)
                    .build();

            store.users().save(alice);

            assertThat(store.users().find(alice.sub())).contains(alice);
        }

        @OnEachDatabase
        void aUserWithoutOptionalFieldsRoundTrips(Target target) {
            var store = stores.open(target);
            User bob = user("bob").build();

            store.users().save(bob);

            assertThat(store.users().find(bob.sub())).contains(bob);
        }

        @OnEachDatabase
        void aUserIsFoundByUid(Target target) {
            var store = stores.open(target);
            User alice = user("alice").build();
            store.users().save(alice);
            store.users().save(user("bob").build());

            assertThat(store.users().findByUid(new Uid("alice"))).contains(alice);
            assertThat(store.users().findByUid(new Uid("carol"))).isEmpty();
        }

        @OnEachDatabase
        void listAnswersEveryUserOrderedByUid(Target target) {
            var store = stores.open(target);
            User carol = user("carol").build();
            User alice = user("alice").build();
            User bob = user("bob").build();
            store.users().save(carol);
            store.users().save(alice);
            store.users().save(bob);

            assertThat(store.users().list()).containsExactly(alice, bob, carol);
        }

        @OnEachDatabase
        void savingAgainReplacesTheUserKeyedBySub(Target target) {
            var store = stores.open(target);
            User alice = user("alice").email("alice@example.com").build();
            store.users().save(alice);
            User renamed = user("alice.liddell")
                    .sub(alice.sub())
                    .status(UserStatus.DISABLED)
                    .build();

            store.users().save(renamed);

            assertThat(store.users().find(alice.sub())).contains(renamed);
            assertThat(store.users().findByUid(new Uid("alice"))).isEmpty();
            assertThat(store.users().list()).hasSize(1);
        }

        @OnEachDatabase
        void removeDeletesTheUserAndAnswersWhetherItExisted(Target target) {
            var store = stores.open(target);
            User alice = user("alice").build();
            store.users().save(alice);

            assertThat(store.users().remove(alice.sub())).isTrue();
            assertThat(store.users().find(alice.sub())).isEmpty();
            assertThat(store.users().remove(alice.sub())).isFalse();
        }
    }

    /** DESIGN §2: epochs are keyed by sub, start at 0, and outlive the user. */
    @Nested
    class SubjectEpochs {
        @OnEachDatabase
        void aNewUserStartsAtSubjectEpochZero(Target target) {
            var store = stores.open(target);
            User alice = user("alice").build();

            store.users().save(alice);

            assertThat(subjectEpoch(store, alice.sub())).contains(0L);
        }

        @OnEachDatabase
        void savingAgainKeepsAnAdvancedEpoch(Target target) {
            var store = stores.open(target);
            User alice = user("alice").build();
            store.users().save(alice);
            TestSql.on(store).advanceSubjectEpoch(alice.sub());

            store.users().save(alice.withStatus(UserStatus.DISABLED));

            assertThat(subjectEpoch(store, alice.sub())).contains(1L);
        }

        @OnEachDatabase
        void removingAUserKeepsItsEpoch(Target target) {
            var store = stores.open(target);
            User alice = user("alice").build();
            store.users().save(alice);
            TestSql.on(store).advanceSubjectEpoch(alice.sub());

            store.users().remove(alice.sub());

            assertThat(subjectEpoch(store, alice.sub())).contains(1L);
        }
    }

    /** DESIGN §1.1: "the first user found" is always the only one. */
    @Nested
    class Uniqueness {
        @OnEachDatabase
        void aTakenUidIsRefusedNamingUid(Target target) {
            var store = stores.open(target);
            store.users().save(user("alice").build());

            assertThatThrownBy(() -> store.users().save(user("alice").build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("uid ");
        }

        @OnEachDatabase
        void aTakenEmailIsRefusedNamingEmailWhateverItsCase(Target target) {
            var store = stores.open(target);
            store.users().save(user("alice").email("alice@example.com").build());

            assertThatThrownBy(() -> store.users()
                            .save(user("alice2").email("Alice@EXAMPLE.com").build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("email ");
        }

        @OnEachDatabase
        void aTakenPhoneNumberIsRefusedNamingPhoneNumberWhateverItsFormat(Target target) {
            var store = stores.open(target);
            store.users().save(user("alice").phoneNumber("+14155550100").build());

            assertThatThrownBy(() -> store.users()
                            .save(user("bob").phoneNumber("+1 (415) 555-0100").build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("phone_number ");
        }

        @OnEachDatabase
        void aRefusedUserLeavesNoTrace(Target target) {
            var store = stores.open(target);
            store.users().save(user("alice").build());
            User duplicate = user("alice").build();

            assertThatThrownBy(() -> store.users().save(duplicate)).isInstanceOf(IllegalArgumentException.class);

            assertThat(store.users().find(duplicate.sub())).isEmpty();
            assertThat(subjectEpoch(store, duplicate.sub())).isEmpty();
        }

        @OnEachDatabase
        void aUserMayKeepItsOwnEmailWhenSavedAgain(Target target) {
            var store = stores.open(target);
            User alice = user("alice").email("alice@example.com").build();
            store.users().save(alice);

            store.users().save(alice.withStatus(UserStatus.DISABLED));

            assertThat(store.users().find(alice.sub()).map(User::email)).contains(alice.email());
        }
    }
}
