package io.rescind.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTParser;
import io.rescind.core.logout.OutboxEntry;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.secret.Entropy;
import io.rescind.core.user.User;
import io.rescind.server.testing.BesideTheServer;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.TestServer;
import io.rescind.server.testing.TestServer.RegisteredClient;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The admin rows of the cascade (DESIGN §1.3) over real HTTP: a user disabled, deleted or given a new password, a
 * client disabled, deleted or given a new secret. Changes through the admin API take effect before it answers;
 * changes made beside the server (as the CLI makes them) reach it through the store's change notice.
 */
class AdminCascadeTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String unique(String prefix) {
        return prefix + "-"
                + Entropy.identifier().substring(0, 8).replace('_', 'x').replace('-', 'y');
    }

    /** A fresh user of a fresh client, logged in with the code flow (online grant, session cookie kept). */
    record Login(User user, RegisteredClient client, Flows.LoggedIn session) {}

    static Login login(TestServer on) {
        return login(on, on.confidentialClient(unique("web")));
    }

    /** A fresh user of {@code client}, logged in with the code flow. */
    static Login login(TestServer on, RegisteredClient client) {
        String uid = unique("user");
        User user = on.user(uid, "pw-of-" + uid);
        return new Login(user, client, Flows.login(on, client, uid, "pw-of-" + uid, "openid api"));
    }

    static Login login() {
        return login(server);
    }

    /** Introspected by a resource server of that server's own (registered on first use). */
    static boolean active(TestServer on, String token) {
        var rs = new io.rescind.core.client.ClientId("resource-server");
        if (on.store.clients().find(rs).isEmpty()) {
            on.confidentialClient(rs.value());
        }
        return Flows.active(on, new RegisteredClient(rs, "secret-of-resource-server"), token);
    }

    static boolean active(String token) {
        return active(server, token);
    }

    static int refresh(TestServer on, Login login) {
        return Flows.refresh(on, login.client(), login.session().refreshToken()).status();
    }

    /**
     * Waits until a revocation committed beside the server after every earlier one has reached it: the notices come
     * in commit order and each reload reads the whole log, so what an earlier change revoked is in force by then.
     */
    static void fence(TestServer on) {
        Login other = login(on);
        new BesideTheServer(on)
                .revocations()
                .revoke(
                        new RevocationTarget.User(other.user().sub()),
                        RevocationAudit.system(RevocationInterface.CLI, "fence"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !active(on, other.session().accessToken()));
    }

    @Nested
    class UserDisabledThroughTheAdminApi {
        Login alice;
        /** Another user of alice's client, logged in before alice is disabled. */
        Login bob;

        @BeforeEach
        void disable() {
            alice = login();
            bob = login(server, alice.client());
            var reply = server.admin.post("/admin/users/" + alice.user().uid() + "/disable", "{}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }

        @Test
        void itsAccessTokensIntrospectInactive() {
            assertThat(active(alice.session().accessToken())).isFalse();
        }

        @Test
        void itsRefreshTokensAreRefused() {
            assertThat(refresh(server, alice)).isEqualTo(400);
        }

        @Test
        void itsOldSessionCookieGetsTheLoginPage() {
            assertThat(Flows.sessionLetsThrough(alice.session().browser(), alice.client()))
                    .isFalse();
        }

        @Test
        void anotherUserIsUntouched() {
            assertThat(active(alice.session().accessToken())).isFalse();
            assertThat(active(bob.session().accessToken())).isTrue();
            assertThat(refresh(server, bob)).isEqualTo(200);
            assertThat(Flows.sessionLetsThrough(bob.session().browser(), bob.client()))
                    .isTrue();
        }
    }

    @Nested
    class UserDeletedThroughTheAdminApi {
        Login alice;

        @BeforeEach
        void delete() {
            alice = login();
            var reply = server.admin.delete("/admin/users/" + alice.user().uid());
            assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        }

        @Test
        void itsAccessTokensIntrospectInactive() {
            assertThat(active(alice.session().accessToken())).isFalse();
        }

        @Test
        void itsRefreshTokensAreRefused() {
            assertThat(refresh(server, alice)).isEqualTo(400);
        }

        @Test
        void itsOldSessionCookieGetsTheLoginPage() {
            assertThat(Flows.sessionLetsThrough(alice.session().browser(), alice.client()))
                    .isFalse();
        }

        @Test
        void theUserIsGone() {
            assertThat(server.admin.get("/admin/users/" + alice.user().uid()).status())
                    .isEqualTo(404);
        }
    }

    @Nested
    class UserDisabledBesideTheServer {
        @Test
        void itsAccessTokensDieOnceTheServerHearsOfIt() {
            Login alice = login();

            new BesideTheServer(server).users().disable(alice.user(), BesideTheServer.OPERATOR);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !active(alice.session().accessToken()));
        }
    }

    @Nested
    class PasswordChanged {
        @Test
        void itsAccessTokensDie() {
            Login alice = login();

            changePassword(alice);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !active(alice.session().accessToken()));
        }

        @Test
        void itsRefreshTokensAreRefused() {
            Login alice = login();

            changePassword(alice);

            assertThat(refresh(server, alice)).isEqualTo(400);
        }

        @Test
        void itsOldSessionCookieGetsTheLoginPage() {
            Login alice = login();

            changePassword(alice);

            assertThat(Flows.sessionLetsThrough(alice.session().browser(), alice.client()))
                    .isFalse();
        }

        @Test
        void theUserStaysEnabledAndLogsInWithTheNewPassword() {
            Login alice = login();

            changePassword(alice);

            String uid = alice.user().uid().value();
            assertThat(Flows.login(server, alice.client(), uid, "new-pw-of-" + uid, "openid")
                            .accessToken())
                    .isNotEmpty();
        }

        private void changePassword(Login login) {
            String uid = login.user().uid().value();
            var changed = new BesideTheServer(server)
                    .users()
                    .changePassword(
                            login.user(), server.hashing.hashPassword("new-pw-of-" + uid), BesideTheServer.OPERATOR);
            assertThat(changed).isPresent();
        }
    }

    @Nested
    class PasswordChangedWhenTheSettingKeepsTokens {
        TestServer keeping;

        @BeforeEach
        void start() {
            keeping = TestServer.start(Map.of("revoke_on_password_change", "false"));
        }

        @AfterEach
        void stop() {
            keeping.close();
        }

        @Test
        void itsTokensAndSessionSurvive() {
            Login alice = login(keeping);
            String uid = alice.user().uid().value();

            var changed = new BesideTheServer(keeping)
                    .users()
                    .changePassword(alice.user(), keeping.hashing.hashPassword("new-" + uid), BesideTheServer.OPERATOR);
            fence(keeping);

            assertThat(changed).isEmpty();
            assertThat(active(keeping, alice.session().accessToken())).isTrue();
            assertThat(refresh(keeping, alice)).isEqualTo(200);
            assertThat(Flows.sessionLetsThrough(alice.session().browser(), alice.client()))
                    .isTrue();
        }
    }

    /**
     * A user revoked by an admin change is logged out at the clients of its sessions too: the notices are queued in
     * the revocation's transaction, even when the user row goes with it.
     */
    @Nested
    class BackChannelNoticesOfAUserChange {
        Login loginAtAListener() {
            String id = unique("bcl");
            var client = server.confidentialClient(
                    id, b -> b.backchannelLogoutUri(Optional.of(URI.create("https://rp.example.com/bcl/" + id))));
            String uid = unique("user");
            User user = server.user(uid, "pw-of-" + uid);
            return new Login(user, client, Flows.login(server, client, uid, "pw-of-" + uid, "openid"));
        }

        /** Every notice queued for the login's client, whatever its delivery state. */
        List<OutboxEntry> notices(Login login) {
            return Arrays.stream(OutboxEntry.State.values())
                    .flatMap(state -> server.store.backChannelOutbox().list(state, 1000).stream())
                    .filter(e -> e.clientId().equals(login.client().id()))
                    .toList();
        }

        void assertOneNoticeForTheSession(Login login) throws Exception {
            String sid = JWTParser.parse(
                            login.session().tokens().path("id_token").asText())
                    .getJWTClaimsSet()
                    .getStringClaim("sid");
            assertThat(notices(login)).singleElement().satisfies(notice -> {
                assertThat(notice.sub()).isEqualTo(login.user().sub());
                assertThat(notice.sid())
                        .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(sid));
            });
        }

        @Test
        void aDisabledUserIsLoggedOutAtTheClientsOfItsSession() throws Exception {
            Login alice = loginAtAListener();

            var reply = server.admin.post("/admin/users/" + alice.user().uid() + "/disable", "{}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);

            assertOneNoticeForTheSession(alice);
        }

        @Test
        void aDeletedUserIsLoggedOutAtTheClientsOfItsSession() throws Exception {
            Login alice = loginAtAListener();

            var reply = server.admin.delete("/admin/users/" + alice.user().uid());
            assertThat(reply.status()).as(reply.body()).isEqualTo(204);

            assertOneNoticeForTheSession(alice);
        }

        @Test
        void aUserWithANewPasswordIsLoggedOutAtTheClientsOfItsSession() throws Exception {
            Login alice = loginAtAListener();

            new BesideTheServer(server)
                    .users()
                    .changePassword(
                            alice.user(), server.hashing.hashPassword("another password"), BesideTheServer.OPERATOR);

            assertOneNoticeForTheSession(alice);
        }
    }

    @Nested
    class ClientDisabledThroughTheAdminApi {
        @Test
        void itsClientCredentialsTokensDie() {
            var client = server.confidentialClient(unique("batch"));
            String token = clientCredentialsToken(server, client);

            disable(client);

            assertThat(active(token)).isFalse();
        }

        @Test
        void theTokensOfItsUsersDie() {
            Login alice = login();

            disable(alice.client());

            assertThat(active(alice.session().accessToken())).isFalse();
        }

        /** DESIGN §1.3: a client's revocation ends no login session; the user still signs in elsewhere at once. */
        @Test
        void theLoginSessionsOfItsUsersLiveOn() {
            Login alice = login();
            var elsewhere = server.confidentialClient(unique("web"));

            disable(alice.client());

            assertThat(Flows.sessionLetsThrough(alice.session().browser(), elsewhere))
                    .isTrue();
        }

        @Test
        void itsRefreshTokensAreRefusedOnceItIsEnabledAgain() {
            Login alice = login();
            disable(alice.client());

            server.save(server.store
                    .clients()
                    .find(alice.client().id())
                    .orElseThrow()
                    .withStatus(io.rescind.core.client.ClientStatus.ACTIVE));

            assertThat(refresh(server, alice)).isEqualTo(400);
        }

        @Test
        void anotherClientIsUntouched() {
            Login other = login();

            disable(login().client());

            assertThat(active(other.session().accessToken())).isTrue();
            assertThat(refresh(server, other)).isEqualTo(200);
        }

        private void disable(RegisteredClient client) {
            var reply = server.admin.post("/admin/clients/" + client.id() + "/disable", "{}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
    }

    @Nested
    class ClientDeletedThroughTheAdminApi {
        @Test
        void itsClientCredentialsTokensDie() {
            var client = server.confidentialClient(unique("batch"));
            String token = clientCredentialsToken(server, client);

            delete(client);

            assertThat(active(token)).isFalse();
        }

        @Test
        void theTokensOfItsUsersDie() {
            Login alice = login();

            delete(alice.client());

            assertThat(active(alice.session().accessToken())).isFalse();
        }

        @Test
        void reRegisteredUnderTheSameIdItsOldRefreshTokensAreStillRefused() {
            Login alice = login();
            delete(alice.client());

            server.register(
                    Fixtures.webClient(alice.client().id().value()),
                    Optional.of(alice.client().secret()));

            assertThat(refresh(server, alice)).isEqualTo(400);
            assertThat(active(alice.session().accessToken())).isFalse();
        }

        @Test
        void reRegisteredUnderTheSameIdItGetsLiveNewTokens() {
            var client = server.confidentialClient(unique("batch"));
            delete(client);

            server.register(Fixtures.webClient(client.id().value()), Optional.of(client.secret()));

            assertThat(active(clientCredentialsToken(server, client))).isTrue();
        }

        private void delete(RegisteredClient client) {
            var reply = server.admin.delete("/admin/clients/" + client.id());
            assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        }
    }

    @Nested
    class ClientSecretRotatedWhenTheSettingRevokes {
        TestServer revoking;

        @BeforeEach
        void start() {
            revoking = TestServer.start(Map.of("revoke_on_client_secret_rotation", "true"));
        }

        @AfterEach
        void stop() {
            revoking.close();
        }

        @Test
        void theTokensIssuedToItDie() {
            Login alice = login(revoking);
            var client = revoking.store.clients().find(alice.client().id()).orElseThrow();

            new BesideTheServer(revoking)
                    .clients()
                    .rotateSecret(client, revoking.hashing.hashClientSecret("new-secret"), BesideTheServer.OPERATOR);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !active(revoking, alice.session().accessToken()));
            var withNewSecret = new RegisteredClient(alice.client().id(), "new-secret");
            assertThat(Flows.refresh(revoking, withNewSecret, alice.session().refreshToken())
                            .status())
                    .isEqualTo(400);
        }
    }

    @Nested
    class ClientSecretRotatedByDefault {
        @Test
        void theTokensIssuedToItSurviveAndOnlyTheNewSecretAuthenticates() {
            Login alice = login();
            var client = server.store.clients().find(alice.client().id()).orElseThrow();

            var changed = new BesideTheServer(server)
                    .clients()
                    .rotateSecret(client, server.hashing.hashClientSecret("new-secret"), BesideTheServer.OPERATOR);
            fence(server);

            assertThat(changed).isEmpty();
            assertThat(active(alice.session().accessToken())).isTrue();
            var withNewSecret = new RegisteredClient(alice.client().id(), "new-secret");
            assertThat(Flows.refresh(server, withNewSecret, alice.session().refreshToken())
                            .status())
                    .isEqualTo(200);
            assertThat(Flows.clientCredentials(server, alice.client(), "api").status())
                    .isEqualTo(401);
        }
    }

    static String clientCredentialsToken(TestServer on, RegisteredClient client) {
        var reply = Flows.clientCredentials(on, client, "api");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("access_token").asText();
    }
}
