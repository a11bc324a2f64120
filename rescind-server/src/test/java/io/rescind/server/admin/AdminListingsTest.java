package io.rescind.server.admin;

import static io.rescind.server.testing.AdminApi.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.core.secret.Entropy;
import io.rescind.core.user.User;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.TestServer;
import io.rescind.server.testing.TestServer.RegisteredClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the admin API shows: users, clients, live sessions and live grants, never a secret or a token. */
class AdminListingsTest {
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

    record Login(User user, RegisteredClient client, Flows.LoggedIn session) {}

    static Login login() {
        return login("openid api");
    }

    static Login login(String scope) {
        var client = server.confidentialClient(unique("web"));
        String uid = unique("user");
        User user = server.user(uid, "pw-of-" + uid);
        return new Login(user, client, Flows.login(server, client, uid, "pw-of-" + uid, scope));
    }

    @Nested
    class Users {
        @Test
        void aUserIsFoundByUid() {
            User user = server.user(unique("found"), "pw");

            var users =
                    server.admin.get("/admin/users?uid=" + user.uid()).json().path("users");

            assertThat(users).hasSize(1);
            assertThat(users.get(0).path("sub").asText()).isEqualTo(user.sub().value());
            assertThat(users.get(0).path("status").asText()).isEqualTo("active");
        }

        @Test
        void aUserIsFoundByEmailWhateverItsCase() {
            User user = server.user(unique("mailed"), "pw");

            var users = server.admin
                    .get("/admin/users?email=" + user.uid().value().toUpperCase() + "@EXAMPLE.com")
                    .json()
                    .path("users");

            assertThat(users).hasSize(1);
            assertThat(users.get(0).path("uid").asText()).isEqualTo(user.uid().value());
        }

        @Test
        void theListHoldsEveryUserAndNoPasswordHash() {
            User user = server.user(unique("listed"), "pw");

            var reply = server.admin.get("/admin/users");

            assertThat(reply.json().path("users").findValuesAsText("uid"))
                    .contains(user.uid().value());
            assertThat(reply.body()).doesNotContain("argon2").doesNotContain("password");
        }

        @Test
        void oneUserIsShownByUid() {
            User user = server.user(unique("shown"), "pw");

            var reply = server.admin.get("/admin/users/" + user.uid());

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("email").asText()).isEqualToIgnoringCase(user.uid() + "@example.com");
        }
    }

    @Nested
    class Clients {
        @Test
        void aClientIsShownWithoutItsSecret() {
            var client = server.confidentialClient(unique("shown"));

            var reply = server.admin.get("/admin/clients/" + client.id());

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("token_endpoint_auth_method").asText()).isEqualTo("client_secret_basic");
            assertThat(reply.body())
                    .doesNotContain("hmac")
                    .doesNotContain("argon2")
                    .doesNotContain("secret-of");
        }

        @Test
        void theListHoldsEveryClient() {
            var client = server.confidentialClient(unique("listed"));

            assertThat(server.admin.get("/admin/clients").json().path("clients").findValuesAsText("client_id"))
                    .contains(client.id().value());
        }
    }

    @Nested
    class Sessions {
        @Test
        void theLiveSessionOfALoggedInUserIsListed() {
            Login alice = login();

            var sessions = server.admin
                    .get("/admin/sessions?sub=" + alice.user().sub())
                    .json()
                    .path("sessions");

            assertThat(sessions).hasSize(1);
            assertThat(sessions.get(0).path("sub").asText())
                    .isEqualTo(alice.user().sub().value());
            assertThat(sessions.get(0).path("sid").asText()).isNotEmpty();
        }

        @Test
        void anEndedSessionIsNotListed() {
            Login alice = login();
            server.admin.revoke(target("sessions", "sub", alice.user().sub().value()));

            assertThat(server.admin
                            .get("/admin/sessions?sub=" + alice.user().sub())
                            .json()
                            .path("sessions"))
                    .isEmpty();
        }
    }

    @Nested
    class Grants {
        @Test
        void theLiveGrantOfAUserIsListedWithoutTokenMaterial() {
            Login alice = login();

            var reply = server.admin.get("/admin/grants?sub=" + alice.user().sub());

            JsonNode grants = reply.json().path("grants");
            assertThat(grants).hasSize(1);
            assertThat(grants.get(0).path("client_id").asText())
                    .isEqualTo(alice.client().id().value());
            assertThat(grants.get(0).has("refresh_expires_at")).isTrue();
            assertThat(reply.body())
                    .doesNotContain(alice.session().refreshToken())
                    .doesNotContain(alice.session().accessToken())
                    .doesNotContain("access_token\"")
                    .doesNotContain("refresh_token\"");
        }

        @Test
        void theGrantsOfAClientAreListed() {
            Login alice = login();

            var grants = server.admin
                    .get("/admin/grants?client_id=" + alice.client().id())
                    .json()
                    .path("grants");

            assertThat(grants.findValuesAsText("sub"))
                    .containsExactly(alice.user().sub().value());
        }

        @Test
        void aRevokedGrantIsNotListed() {
            Login alice = login();
            server.admin.revoke(target("token", "token", alice.session().refreshToken()));

            assertThat(server.admin
                            .get("/admin/grants?sub=" + alice.user().sub())
                            .json()
                            .path("grants"))
                    .isEmpty();
        }

        @Test
        void theOfflineGrantsOfARevokedUserAreNotListed() {
            // An offline_access grant outlives the user's sessions; only the subject epoch says it is dead.
            Login alice = login("openid offline_access");
            server.admin.revoke(target("user", "sub", alice.user().sub().value()));

            assertThat(server.admin
                            .get("/admin/grants?sub=" + alice.user().sub())
                            .json()
                            .path("grants"))
                    .isEmpty();
        }
    }
}
