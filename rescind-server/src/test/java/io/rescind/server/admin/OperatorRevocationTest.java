package io.rescind.server.admin;

import static io.rescind.server.testing.AdminApi.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rescind.core.client.ClientId;
import io.rescind.core.secret.Entropy;
import io.rescind.core.token.TokenTypes;
import io.rescind.server.testing.BesideTheServer;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.OwnTokens;
import io.rescind.server.testing.TestServer;
import io.rescind.server.testing.TestServer.RegisteredClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /admin/revocations}: the operator revokes a token, a user, a user's sessions, a client or a signing key,
 * with the cascade of DESIGN §1.3, and learns the log entry's sequence number.
 */
class OperatorRevocationTest {
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

    record Login(String uid, RegisteredClient client, Flows.LoggedIn session) {}

    static Login login(TestServer on, String scope) {
        var client = on.confidentialClient(unique("web"));
        String uid = unique("user");
        on.user(uid, "pw-of-" + uid);
        return new Login(uid, client, Flows.login(on, client, uid, "pw-of-" + uid, scope));
    }

    static Login login() {
        return login(server, "openid api");
    }

    static boolean active(TestServer on, String token) {
        var rs = new ClientId("resource-server");
        if (on.store.clients().find(rs).isEmpty()) {
            on.confidentialClient(rs.value());
        }
        return Flows.active(on, new RegisteredClient(rs, "secret-of-resource-server"), token);
    }

    static JsonNode revoked(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    @Nested
    class Token {
        @Test
        void anAccessTokenRevokesItsWholeGrantWithoutClientAuthentication() {
            Login alice = login();

            var answer = revoked(
                    server.admin.revoke(target("token", "token", alice.session().accessToken())));

            assertThat(answer.path("revoked").path("type").asText()).isEqualTo("grant");
            assertThat(answer.path("seq").isIntegralNumber()).isTrue();
            assertThat(active(server, alice.session().accessToken())).isFalse();
            assertThat(Flows.refresh(server, alice.client(), alice.session().refreshToken())
                            .status())
                    .isEqualTo(400);
        }

        @Test
        void aRefreshTokenRevokesItsWholeGrant() {
            Login alice = login();

            revoked(server.admin.revoke(target("token", "token", alice.session().refreshToken())));

            assertThat(active(server, alice.session().accessToken())).isFalse();
        }

        @Test
        void aTokenAlreadyRevokedAnswersWithoutASequenceNumber() {
            Login alice = login();
            revoked(server.admin.revoke(target("token", "token", alice.session().refreshToken())));

            var again = revoked(
                    server.admin.revoke(target("token", "token", alice.session().refreshToken())));

            assertThat(again.has("seq")).isFalse();
        }

        @Test
        void aTokenNotIssuedHereIsRefused() {
            var reply = server.admin.revoke(target("token", "token", "eyJhbGciOiJub25lIn0.e30."));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("unsupported_token_type");
        }

        @Test
        void ourClaimsUnderAnotherSignatureAreRefusedAndRevokeNothing() {
            Login alice = login();
            String token = alice.session().accessToken();
            int signature = token.lastIndexOf('.') + 1;
            String forged = token.substring(0, signature)
                    + (token.charAt(signature) == 'A' ? 'B' : 'A')
                    + token.substring(signature + 1);

            var reply = server.admin.revoke(target("token", "token", forged));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("unsupported_token_type");
            assertThat(active(server, token)).isTrue();
        }

        @Test
        void anIdTokenIsNotAnAccessToken() {
            Login alice = login();

            var reply = server.admin.revoke(target(
                    "token", "token", alice.session().tokens().path("id_token").asText()));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(active(server, alice.session().accessToken())).isTrue();
        }

        /**
         * Only the typ differs: the access token's claims, signed again by the server's key as an ID token, are
         * refused and revoke nothing (the same claims under {@code at+jwt} would revoke the grant).
         */
        @Test
        void anAccessTokenTypedAsAnIdTokenIsRefusedAndRevokesNothing() {
            Login alice = login();
            String asIdToken = OwnTokens.resigned(server, alice.session().accessToken(), TokenTypes.ID_TOKEN, b -> b);

            var reply = server.admin.revoke(target("token", "token", asIdToken));

            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("unsupported_token_type");
            assertThat(active(server, alice.session().accessToken())).isTrue();

            String asAccessToken =
                    OwnTokens.resigned(server, alice.session().accessToken(), TokenTypes.ACCESS_TOKEN, b -> b);
            revoked(server.admin.revoke(target("token", "token", asAccessToken)));
            assertThat(active(server, alice.session().accessToken())).isFalse();
        }
    }

    @Nested
    class User {
        @Test
        void everyTokenOfTheUserNamedByEmailDies() {
            Login alice = login();

            var answer = revoked(server.admin.revoke(target("user", "email", alice.uid() + "@example.com")));

            assertThat(answer.path("revoked").path("type").asText()).isEqualTo("user");
            assertThat(active(server, alice.session().accessToken())).isFalse();
            assertThat(Flows.sessionLetsThrough(alice.session().browser(), alice.client()))
                    .isFalse();
        }

        @Test
        void anUnknownUserIs404() {
            var reply = server.admin.revoke(target("user", "uid", "nobody-at-all"));

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.error()).isEqualTo("unknown_user");
        }
    }

    @Nested
    class Sessions {
        @Test
        void theSessionsEndWithTheirOnlineGrants() {
            Login alice = login();

            revoked(server.admin.revoke(target("sessions", "uid", alice.uid())));

            assertThat(Flows.sessionLetsThrough(alice.session().browser(), alice.client()))
                    .isFalse();
            assertThat(Flows.refresh(server, alice.client(), alice.session().refreshToken())
                            .status())
                    .isEqualTo(400);
        }

        @Test
        void anOfflineAccessGrantSurvives() {
            Login alice = login(server, "openid offline_access");

            revoked(server.admin.revoke(target("sessions", "uid", alice.uid())));

            assertThat(Flows.refresh(server, alice.client(), alice.session().refreshToken())
                            .status())
                    .isEqualTo(200);
        }
    }

    @Nested
    class Client {
        @Test
        void everyTokenIssuedToTheClientDies() {
            var batch = server.confidentialClient(unique("batch"));
            String token = Flows.clientCredentials(server, batch, "api")
                    .json()
                    .path("access_token")
                    .asText();

            var answer = revoked(
                    server.admin.revoke(target("client", "client_id", batch.id().value())));

            assertThat(answer.path("revoked").path("id").asText())
                    .isEqualTo(batch.id().value());
            assertThat(active(server, token)).isFalse();
        }

        @Test
        void anUnknownClientIs404() {
            assertThat(server.admin
                            .revoke(target("client", "client_id", "nobody"))
                            .status())
                    .isEqualTo(404);
        }
    }

    /** Each test revokes keys, so each has a server of its own. */
    @Nested
    class Key {
        TestServer keyed;
        RegisteredClient batch;

        @BeforeEach
        void start() {
            keyed = TestServer.start();
            batch = keyed.confidentialClient("batch");
        }

        @AfterEach
        void stop() {
            keyed.close();
        }

        String token() {
            var reply = Flows.clientCredentials(keyed, batch, "api");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            return reply.json().path("access_token").asText();
        }

        /** Rotates beside the server (as {@code rescind keys rotate --activate-in 0}) and waits until it serves them. */
        void rotateNow() {
            int before = kids(keyed.http.get("/jwks").json()).size();
            new BesideTheServer(keyed).signingKeys().rotate(Duration.ZERO);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> kids(keyed.http.get("/jwks").json()).size() == before + 2);
        }

        @Test
        void tokensSignedByTheRevokedKeyDieAndItIsNoLongerPublished() {
            String old = token();
            rotateNow();

            revoked(keyed.admin.revoke(target("key", "kid", kid(old))));

            assertThat(active(keyed, old)).isFalse();
            assertThat(kids(keyed.http.get("/jwks").json())).doesNotContain(kid(old));
        }

        @Test
        void issuanceGoesOnWithAnotherKeyOfTheAlgorithm() {
            String old = token();
            rotateNow();

            revoked(keyed.admin.revoke(target("key", "kid", kid(old))));

            String fresh = token();
            assertThat(kid(fresh)).isNotEqualTo(kid(old));
            assertThat(active(keyed, fresh)).isTrue();
        }

        @Test
        void withoutAnotherKeyIssuanceAnswers503UntilAKeyIsRotatedIn() {
            String old = token();

            revoked(keyed.admin.revoke(target("key", "kid", kid(old))));

            var refused = Flows.clientCredentials(keyed, batch, "api");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.error()).isEqualTo("temporarily_unavailable");
            rotateNow();
            assertThat(active(keyed, token())).isTrue();
        }

        @Test
        void anUnknownKeyIs404() {
            assertThat(keyed.admin.revoke(target("key", "kid", "no-such-kid")).status())
                    .isEqualTo(404);
        }
    }

    static String kid(String jwt) {
        try {
            JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
            return header.path("kid").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> kids(JsonNode jwks) {
        var kids = new HashSet<String>();
        jwks.path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }
}
