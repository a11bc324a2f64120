package io.rescind.store;

import static io.rescind.store.testing.TestGrants.code;
import static io.rescind.store.testing.TestGrants.redemption;
import static io.rescind.store.testing.TestRevocations.revoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.grant.CodeOutcome;
import io.rescind.core.grant.Grant;
import io.rescind.core.grant.GrantOwner;
import io.rescind.core.grant.LiveGrant;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.session.LoginSession;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestGrants;
import io.rescind.store.testing.TestSql;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the admin API lists: a user's live sessions, a user's or a client's live grants. */
class PgLiveListingsTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    static final Duration IDLE = Duration.ofMinutes(30);

    static Instant now() {
        return FreshStores.START;
    }

    static Grant grant(PostgresStore store) {
        byte[] hash = TestGrants.tokenHash();
        store.grants().saveCode(hash, code(now()).build());
        var outcome = store.grants().redeemCode(redemption(hash, now()).build());
        assertThat(outcome).isInstanceOf(CodeOutcome.Redeemed.class);
        return ((CodeOutcome.Redeemed) outcome).grant();
    }

    @Nested
    class Grants {
        @OnEachDatabase
        void aFreshGrantIsLiveForItsUserAndItsClient(Target target) {
            var store = stores.openWithGrantUser(target);
            Grant grant = grant(store);

            assertThat(store.grants().live(new GrantOwner.OfUser(TestGrants.SUB), now(), 10))
                    .extracting(LiveGrant::grant)
                    .containsExactly(grant);
            assertThat(store.grants().live(new GrantOwner.OfClient(TestGrants.CLIENT), now(), 10))
                    .extracting(LiveGrant::grant)
                    .containsExactly(grant);
        }

        @OnEachDatabase
        void aRevokedGrantIsNotLive(Target target) {
            var store = stores.openWithGrantUser(target);
            Grant grant = grant(store);

            revoke(store, new RevocationTarget.Grant(grant.id(), now()), now());

            assertThat(store.grants().live(new GrantOwner.OfUser(TestGrants.SUB), now(), 10))
                    .isEmpty();
        }

        @OnEachDatabase
        void aGrantBehindItsSubjectEpochIsNotLive(Target target) {
            var store = stores.openWithGrantUser(target);
            grant(store);

            TestSql.on(store).advanceSubjectEpoch(TestGrants.SUB);

            assertThat(store.grants().live(new GrantOwner.OfUser(TestGrants.SUB), now(), 10))
                    .isEmpty();
        }

        @OnEachDatabase
        void aGrantBehindItsClientEpochIsNotLive(Target target) {
            var store = stores.openWithGrantUser(target);
            grant(store);

            TestSql.on(store).advanceClientEpoch(TestGrants.CLIENT);

            assertThat(store.grants().live(new GrantOwner.OfClient(TestGrants.CLIENT), now(), 10))
                    .isEmpty();
        }

        @OnEachDatabase
        void aGrantWhoseTokensHaveAllExpiredIsNotLive(Target target) {
            var store = stores.openWithGrantUser(target);
            grant(store);

            var later = now().plus(TestGrants.REFRESH_TTL).plusSeconds(1);

            assertThat(store.grants().live(new GrantOwner.OfUser(TestGrants.SUB), later, 10))
                    .isEmpty();
        }

        @OnEachDatabase
        void aLiveGrantTellsUntilWhenItsTokensLive(Target target) {
            var store = stores.openWithGrantUser(target);
            grant(store);

            LiveGrant live = store.grants()
                    .live(new GrantOwner.OfUser(TestGrants.SUB), now(), 10)
                    .getFirst();

            assertThat(live.accessExpiresAt()).isEqualTo(now().plus(TestGrants.ACCESS_TTL));
            assertThat(live.refreshExpiresAt()).contains(now().plus(TestGrants.REFRESH_TTL));
        }
    }

    @Nested
    class Sessions {
        @OnEachDatabase
        void theUsersLiveSessionIsListed(Target target) {
            var store = stores.openWithGrantUser(target);

            assertThat(store.sessions().live(TestGrants.SUB, now(), IDLE, 10))
                    .extracting(LoginSession::sid)
                    .containsExactly(TestGrants.SID);
        }

        @OnEachDatabase
        void anEndedSessionIsNotListed(Target target) {
            var store = stores.openWithGrantUser(target);

            revoke(store, new RevocationTarget.Sessions(TestGrants.SUB, Optional.empty()), now());

            assertThat(store.sessions().live(TestGrants.SUB, now(), IDLE, 10)).isEmpty();
        }

        @OnEachDatabase
        void anIdleSessionIsNotListed(Target target) {
            var store = stores.openWithGrantUser(target);

            assertThat(store.sessions().live(TestGrants.SUB, now().plus(IDLE).plusSeconds(1), IDLE, 10))
                    .isEmpty();
        }
    }
}
