package io.rescind.store;

import static io.rescind.store.testing.TestGrants.tokenHash;
import static io.rescind.store.testing.TestRevocations.revoke;
import static io.rescind.store.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.session.LoginSession;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Login sessions: live means not ended, within the absolute lifetime and the idle timeout, of an active user. */
class PgSessionsTest {
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration LIFETIME = Duration.ofHours(8);

    @RegisterExtension
    final FreshStores stores = new FreshStores();

    private PostgresStore store;
    private User alice;
    private LoginSession session;
    private byte[] cookie;

    private Instant start() {
        return FreshStores.START;
    }

    /** Opens a store with an active user who logged in at {@link FreshStores#START}. */
    private void logIn(Target target) {
        store = stores.open(target);
        alice = user("alice").build();
        store.users().save(alice);
        session = new LoginSession(SessionId.random(), alice.sub(), start(), start(), start().plus(LIFETIME));
        cookie = tokenHash();
        store.sessions().create(session, cookie);
    }

    private boolean isLiveAt(Instant now) {
        return store.sessions().findLive(cookie, now, IDLE).isPresent();
    }

    @Nested
    class Finding {
        @OnEachDatabase
        void aFreshSessionIsFoundByItsCookie(Target target) {
            logIn(target);

            assertThat(store.sessions().findLive(cookie, start(), IDLE)).contains(session);
        }

        @OnEachDatabase
        void anUnknownCookieFindsNothing(Target target) {
            logIn(target);

            assertThat(store.sessions().findLive(tokenHash(), start(), IDLE)).isEmpty();
        }

        @OnEachDatabase
        void findingASessionCountsAsActivity(Target target) {
            logIn(target);
            Instant later = start().plus(Duration.ofMinutes(10));

            var found = store.sessions().findLive(cookie, later, IDLE);

            assertThat(found).map(LoginSession::lastSeenAt).contains(later);
            assertThat(TestSql.on(store)
                            .one(
                                    "SELECT last_seen_at FROM sessions WHERE sid = ?",
                                    row -> Jdbc.instant(row, "last_seen_at"),
                                    session.sid().value()))
                    .contains(later);
        }
    }

    @Nested
    class IdleTimeout {
        @OnEachDatabase
        void aSessionSeenWithinTheIdleTimeoutIsLive(Target target) {
            logIn(target);

            assertThat(isLiveAt(start().plus(IDLE).minusSeconds(1))).isTrue();
        }

        @OnEachDatabase
        void aSessionIdleForTheTimeoutIsNotLive(Target target) {
            logIn(target);

            assertThat(isLiveAt(start().plus(IDLE))).isFalse();
        }

        @OnEachDatabase
        void activityPushesTheIdleTimeoutBack(Target target) {
            logIn(target);
            Instant seen = start().plus(IDLE).minusSeconds(1);
            isLiveAt(seen);

            assertThat(isLiveAt(seen.plus(IDLE).minusSeconds(1))).isTrue();
        }

        @OnEachDatabase
        void aMissedLookupDoesNotRevive(Target target) {
            logIn(target);
            isLiveAt(start().plus(IDLE));

            assertThat(isLiveAt(start().plus(IDLE).plusSeconds(1))).isFalse();
        }
    }

    @Nested
    class AbsoluteLifetime {
        @OnEachDatabase
        void aSessionIsNotLiveFromTheEndOfItsLifetimeWhateverItsActivity(Target target) {
            logIn(target);
            for (Instant t = start(); t.isBefore(start().plus(LIFETIME)); t = t.plus(IDLE.dividedBy(2))) {
                assertThat(isLiveAt(t)).as("live at %s", t).isTrue();
            }

            assertThat(isLiveAt(start().plus(LIFETIME))).isFalse();
        }
    }

    @Nested
    class Ending {
        @OnEachDatabase
        void anEndedSessionIsNotLive(Target target) {
            logIn(target);

            end(session);

            assertThat(isLiveAt(start())).isFalse();
        }
    }

    /** A login of the same user again: the session goes on under a new cookie. */
    @Nested
    class Renewal {
        @OnEachDatabase
        void theSessionMovesToTheNewCookieWithItsNewTimes(Target target) {
            logIn(target);
            Instant later = start().plus(Duration.ofMinutes(20));
            var renewed = new LoginSession(session.sid(), alice.sub(), later, later, later.plus(LIFETIME));
            byte[] newCookie = tokenHash();

            assertThat(store.sessions().renew(renewed, newCookie)).isTrue();

            assertThat(isLiveAt(later)).as("the old cookie").isFalse();
            assertThat(store.sessions().findLive(newCookie, later, IDLE)).contains(renewed);
        }

        @OnEachDatabase
        void anEndedSessionIsNotRenewed(Target target) {
            logIn(target);
            end(session);
            byte[] newCookie = tokenHash();

            assertThat(store.sessions().renew(session, newCookie)).isFalse();

            assertThat(store.sessions().findLive(newCookie, start(), IDLE)).isEmpty();
        }

        @OnEachDatabase
        void anotherUsersSessionIsNotRenewed(Target target) {
            logIn(target);
            var bob = user("bob").build();
            store.users().save(bob);
            var claimed = new LoginSession(session.sid(), bob.sub(), start(), start(), start().plus(LIFETIME));

            assertThat(store.sessions().renew(claimed, tokenHash())).isFalse();

            assertThat(isLiveAt(start())).isTrue();
        }
    }

    /** Ends a session through its revocation's cascade: a revocation is the only way a session ends. */
    private void end(LoginSession ended) {
        revoke(store, new RevocationTarget.Sessions(ended.sub(), Optional.of(ended.sid())), start());
    }

    /** DESIGN §1.3: a disabled or deleted user has no live session. */
    @Nested
    class UserState {
        @OnEachDatabase
        void aSessionOfADisabledUserIsNotLive(Target target) {
            logIn(target);

            store.users().save(alice.withStatus(UserStatus.DISABLED));

            assertThat(isLiveAt(start())).isFalse();
        }

        @OnEachDatabase
        void aSessionOfAReEnabledUserIsLiveAgain(Target target) {
            logIn(target);
            store.users().save(alice.withStatus(UserStatus.DISABLED));

            store.users().save(alice);

            assertThat(isLiveAt(start())).isTrue();
        }

        @OnEachDatabase
        void aSessionOfADeletedUserIsNotLive(Target target) {
            logIn(target);

            store.users().remove(alice.sub());

            assertThat(isLiveAt(start())).isFalse();
        }
    }
}
