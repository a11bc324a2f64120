package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.feature.Feature;
import io.rescind.core.protocol.Scope;
import io.rescind.server.testing.Database;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.OwnTokens;
import io.rescind.server.testing.TestServer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /revoke_session} (Janssen): DESIGN §1 row 2 and the "a user's sessions" row of the cascade (§1.3),
 * including the departure from Janssen: the online grants bound to the ended sessions are revoked, offline_access
 * grants are kept.
 */
class SessionRevocationTest {
    static final String PATH = "/revoke_session";
    static final AtomicInteger PHONES = new AtomicInteger(2000);

    static TestServer server;
    static TestServer.RegisteredClient app;
    static TestServer.RegisteredClient admin;
    static ECKey signingClientKey;
    static final String SIGNING_ADMIN = "rs-signing-admin";

    @BeforeAll
    static void start() {
        // The test clock stands still, so the default limit (60 a minute per caller) would count the whole class.
        server = TestServer.start(Map.of("revocation_rate_limit", "100000"));
        app = server.confidentialClient("rs-app");
        admin = GlobalTokenRevocationTest.registerAdmin(server, "rs-admin");
        signingClientKey = ClientJwts.newKey("rs-signing-key");
        server.register(
                Fixtures.webClient(SIGNING_ADMIN)
                        .authMethod(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)
                        .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                        .scope(Scope.of("revoke_session"))
                        .jwks(Optional.of(new JWKSet(signingClientKey.toPublicJWK()))),
                Optional.empty());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Http.Reply revoke(TestServer at, Map<String, String> form, String... headers) {
        return at.http.postForm(PATH, form, headers);
    }

    static Map<String, String> criterion(String key, String value) {
        return Http.params("user_criterion_key", key, "user_criterion_value", value);
    }

    static Map<String, String> byUid(LoggedIn user) {
        return criterion("uid", user.user.uid().value());
    }

    static Http.Reply revokeAs(TestServer.RegisteredClient caller, Map<String, String> form) {
        return revoke(server, form, "Authorization", caller.basic());
    }

    static Http.Reply revokeWithBearer(String token, Map<String, String> form) {
        return revoke(server, form, "Authorization", "Bearer " + token);
    }

    static void assert200(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    static void assertError(Http.Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.error()).isEqualTo(error);
    }

    static String adminToken(String scope) {
        return Flows.clientCredentialsToken(server, admin, scope);
    }

    @Nested
    class Effect {
        @Test
        void answers200WithAnEmptyBodyAndNoStore() {
            var user = LoggedIn.newUser(server, app);
            var reply = revokeAs(admin, byUid(user));
            assert200(reply);
            assertThat(reply.header("Cache-Control")).contains("no-store");
        }

        @Test
        void everySessionOfTheUserEnds() {
            var user = LoggedIn.newUser(server, app);
            var otherBrowser = LoggedIn.as(server, app, user.user);

            assert200(revokeAs(admin, byUid(user)));

            assertThat(user.asksForLogin()).isTrue();
            assertThat(otherBrowser.asksForLogin()).isTrue();
        }

        @Test
        void theOnlineGrantsOfThoseSessionsDie() {
            var user = LoggedIn.newUser(server, app);
            var first = user.grant("openid");
            var second = user.grant("openid profile");

            assert200(revokeAs(admin, byUid(user)));

            assertThat(user.isActive(first.accessToken())).isFalse();
            assertThat(user.isActive(second.accessToken())).isFalse();
            assertThat(user.userinfo(first.accessToken()).status()).isEqualTo(401);
            assertThat(user.refreshes(first.refreshToken())).isFalse();
            assertThat(user.refreshes(second.refreshToken())).isFalse();
        }

        @Test
        void anOfflineAccessGrantSurvives() {
            var user = LoggedIn.newUser(server, app);
            var offline = user.grant("openid offline_access");

            assert200(revokeAs(admin, byUid(user)));

            assertThat(user.isActive(offline.accessToken())).isTrue();
            var refreshed = user.refresh(offline.refreshToken());
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            assertThat(user.isActive(refreshed.json().path("access_token").asText()))
                    .isTrue();
        }

        @Test
        void pendingCodesOfThoseSessionsDie() {
            var user = LoggedIn.newUser(server, app);
            var code = user.pendingCode("openid");
            var offlineCode = user.pendingCode("openid offline_access");

            assert200(revokeAs(admin, byUid(user)));

            assertError(user.exchange(code), 400, "invalid_grant");
            assertError(user.exchange(offlineCode), 400, "invalid_grant");
        }

        @Test
        void anotherUserIsUntouched() {
            var target = LoggedIn.newUser(server, app);
            var bystander = LoggedIn.newUser(server, app);
            var tokens = bystander.grant("openid");
            var code = bystander.pendingCode("openid");

            assert200(revokeAs(admin, byUid(target)));

            assertThat(bystander.isActive(tokens.accessToken())).isTrue();
            assertThat(bystander.refreshes(tokens.refreshToken())).isTrue();
            assertThat(bystander.exchange(code).status()).isEqualTo(200);
            assertThat(bystander.asksForLogin()).isFalse();
        }

        @Test
        void theUserCanLogInAgainAtOnce() {
            var user = LoggedIn.newUser(server, app);
            assert200(revokeAs(admin, byUid(user)));

            var again = LoggedIn.as(server, app, user.user);
            var tokens = again.grant("openid");
            assertThat(again.isActive(tokens.accessToken())).isTrue();
            assertThat(again.asksForLogin()).isFalse();
        }

        @Test
        void eachEndedSessionIsLoggedWithItsCallerAndInterface() {
            var user = LoggedIn.newUser(server, app);
            LoggedIn.as(server, app, user.user);

            assert200(revokeAs(admin, byUid(user)));

            var rows = Database.rows(
                    server,
                    "SELECT initiator, interface, caller_ip FROM revocation_log WHERE kind = 'session' AND detail = ?",
                    user.user.sub().value());
            assertThat(rows)
                    .hasSize(2)
                    .allSatisfy(row -> assertThat(row)
                            .containsEntry("initiator", "client:rs-admin")
                            .containsEntry("interface", "revoke-session")
                            .containsEntry("caller_ip", "127.0.0.1"));
        }

        @Test
        void anUnknownUserIs200() {
            assert200(revokeAs(admin, criterion("mail", "nobody@example.com")));
        }

        @Test
        void aUserWithoutSessionsIs200() {
            assert200(revokeAs(
                    admin, criterion("uid", LoggedIn.newUser(server).uid().value())));
        }
    }

    /** The attribute allow-list of DESIGN §1.1, as Janssen's {@code user_criterion_key}. */
    @Nested
    class UserCriteria {
        void assertEndsTheSessionOf(LoggedIn user, String key, String value) {
            assertThat(user.asksForLogin()).isFalse();
            assert200(revokeAs(admin, criterion(key, value)));
            assertThat(user.asksForLogin()).as(key).isTrue();
        }

        @Test
        void uid() {
            var user = LoggedIn.newUser(server, app);
            assertEndsTheSessionOf(user, "uid", user.user.uid().value());
        }

        @Test
        void mail() {
            var user = LoggedIn.newUser(server, app);
            assertEndsTheSessionOf(user, "mail", user.user.email().orElseThrow().value());
        }

        @Test
        void email() {
            var user = LoggedIn.newUser(server, app);
            assertEndsTheSessionOf(
                    user, "email", user.user.email().orElseThrow().value());
        }

        @Test
        void sub() {
            var user = LoggedIn.newUser(server, app);
            assertEndsTheSessionOf(user, "sub", user.user.sub().value());
        }

        @Test
        void phoneNumber() {
            String phone = "+1415555" + PHONES.incrementAndGet();
            var user = LoggedIn.as(server, app, LoggedIn.newUserWithPhone(server, phone));
            assertEndsTheSessionOf(user, "phone_number", phone);
        }

        @Test
        void anUnknownKeyIsInvalidRequest() {
            assertError(revokeAs(admin, criterion("password", "x")), 400, "invalid_request");
        }

        @Test
        void aMissingKeyIsInvalidRequest() {
            assertError(revokeAs(admin, Map.of("user_criterion_value", "x")), 400, "invalid_request");
        }

        @Test
        void aMissingValueIsInvalidRequest() {
            assertError(revokeAs(admin, Map.of("user_criterion_key", "uid")), 400, "invalid_request");
        }

        @Test
        void anEmptyValueIsInvalidRequest() {
            assertError(revokeAs(admin, criterion("uid", "")), 400, "invalid_request");
        }

        @Test
        void aJsonBodyIsInvalidRequest() {
            var reply = server.http.post(
                    PATH,
                    "application/json",
                    "{\"user_criterion_key\":\"uid\",\"user_criterion_value\":\"x\"}",
                    "Authorization",
                    admin.basic());
            assertError(reply, 400, "invalid_request");
        }
    }

    /** Who may call: as for the global token revocation (DESIGN §1.2), with the scope {@code revoke_session}. */
    @Nested
    class Callers {
        final Map<String, String> nobody = criterion("uid", "nobody");

        @Test
        void withoutCredentialsIs401InvalidClient() {
            var reply = revoke(server, nobody);
            assertError(reply, 401, "invalid_client");
            assertThat(reply.header("WWW-Authenticate")).isPresent();
        }

        @Test
        void aWrongSecretIs401InvalidClient() {
            var reply = revoke(server, nobody, "Authorization", Http.basic("rs-admin", "wrong"));
            assertError(reply, 401, "invalid_client");
            assertThat(reply.header("WWW-Authenticate")).isPresent();
        }

        @Test
        void aClientNotRegisteredWithTheScopeIs403InsufficientScope() {
            var user = LoggedIn.newUser(server, app);
            assertError(revokeAs(app, byUid(user)), 403, "insufficient_scope");
            assertThat(user.asksForLogin()).isFalse();
        }

        @Test
        void clientSecretPost() {
            String secret = "secret-of-rs-post-admin";
            server.register(
                    Fixtures.webClient("rs-post-admin")
                            .authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_POST)
                            .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                            .scope(Scope.of("revoke_session")),
                    Optional.of(secret));
            var user = LoggedIn.newUser(server, app);
            var form = new java.util.LinkedHashMap<>(byUid(user));
            form.put("client_id", "rs-post-admin");
            form.put("client_secret", secret);
            assert200(revoke(server, form));
            assertThat(user.asksForLogin()).isTrue();
        }

        @Test
        void privateKeyJwt() {
            var user = LoggedIn.newUser(server, app);
            var form = new java.util.LinkedHashMap<>(byUid(user));
            form.put("client_assertion_type", ClientJwts.ASSERTION_TYPE);
            form.put(
                    "client_assertion",
                    ClientJwts.sign(
                            signingClientKey,
                            ClientJwts.claims(server, SIGNING_ADMIN, server.issuer())
                                    .build()));
            assert200(revoke(server, form));
            assertThat(user.asksForLogin()).isTrue();
        }

        @Test
        void aBearerAdminTokenWithTheScope() {
            var user = LoggedIn.newUser(server, app);
            assert200(revokeWithBearer(adminToken("revoke_session"), byUid(user)));
            assertThat(user.asksForLogin()).isTrue();
        }

        @Test
        void aBearerTokenBesideAClientSecretInTheFormIsInvalidRequest() {
            var user = LoggedIn.newUser(server, app);
            var form = new java.util.LinkedHashMap<>(byUid(user));
            form.put("client_id", "rs-admin");
            form.put("client_secret", admin.secret());
            assertError(
                    revoke(server, form, "Authorization", "Bearer " + adminToken("revoke_session")),
                    400,
                    "invalid_request");
            assertThat(user.asksForLogin()).isFalse();
        }

        @Test
        void aBearerTokenWithOnlyTheGlobalRevocationScopeIs403InsufficientScope() {
            var user = LoggedIn.newUser(server, app);
            assertError(
                    revokeWithBearer(adminToken("global_token_revocation"), byUid(user)), 403, "insufficient_scope");
            assertThat(user.asksForLogin()).isFalse();
        }

        @Test
        void aUserTokenIs403InsufficientScope() {
            var user = LoggedIn.newUser(server, app);
            var tokens = user.grant("openid");
            assertError(revokeWithBearer(tokens.accessToken(), byUid(user)), 403, "insufficient_scope");
            assertThat(user.asksForLogin()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"forged", "unsigned", "expired", "id_token"})
        void aBearerThatIsNotALiveAdminTokenIs401InvalidToken(String kind) {
            var user = LoggedIn.newUser(server, app);
            String token = adminToken("revoke_session");
            String bearer = switch (kind) {
                case "forged" ->
                    token.substring(0, token.lastIndexOf('.') + 1) + "AAAA"
                            + token.substring(token.lastIndexOf('.') + 5);
                case "unsigned" -> OwnTokens.unsigned(token);
                case "expired" -> {
                    server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
                    yield token;
                }
                default -> user.grant("openid").idToken();
            };
            assertError(revokeWithBearer(bearer, byUid(user)), 401, "invalid_token");
            assertThat(user.asksForLogin()).isFalse();
        }

        @Test
        void aGarbageBearerIs401InvalidToken() {
            var reply = revokeWithBearer("garbage", nobody);
            assertError(reply, 401, "invalid_token");
            assertThat(reply.header("WWW-Authenticate"))
                    .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer "));
        }

        @Test
        void aSignedBearerJwtForThisEndpoint() {
            var user = LoggedIn.newUser(server, app);
            String jwt = ClientJwts.sign(
                    signingClientKey,
                    ClientJwts.claims(server, SIGNING_ADMIN, server.issuer() + PATH)
                            .build());
            assert200(revokeWithBearer(jwt, byUid(user)));
            assertThat(user.asksForLogin()).isTrue();
        }

        @Test
        void aSignedBearerJwtForTheGlobalRevocationEndpointIs401() {
            String jwt = ClientJwts.sign(
                    signingClientKey,
                    ClientJwts.claims(server, SIGNING_ADMIN, server.issuer() + "/global-token-revocation")
                            .build());
            assertError(revokeWithBearer(jwt, nobody), 401, "invalid_token");
        }
    }

    @Test
    void discoveryAdvertisesTheEndpoint() {
        var metadata = server.http.get("/.well-known/openid-configuration").json();
        assertThat(metadata.path("session_revocation_endpoint").asText()).isEqualTo(server.issuer() + PATH);
    }

    @Nested
    class WhenDisabled {
        @BeforeAll
        static void disable() {
            server.store.features().set(Feature.REVOKE_SESSION, Feature.State.DISABLED);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> revokeAs(admin, criterion("uid", "nobody")).status() == 403);
        }

        @AfterAll
        static void enable() {
            server.store.features().set(Feature.REVOKE_SESSION, Feature.State.ENABLED);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> revokeAs(admin, criterion("uid", "nobody")).status() == 200);
        }

        @Test
        void anAuthenticatedCallerGets403AccessDeniedAndTheSessionLives() {
            var user = LoggedIn.newUser(server, app);
            assertError(revokeAs(admin, byUid(user)), 403, "access_denied");
            assertThat(user.asksForLogin()).isFalse();
        }

        @Test
        void aWrongSecretStillGets401First() {
            assertError(
                    revoke(server, criterion("uid", "x"), "Authorization", Http.basic("rs-admin", "wrong")),
                    401,
                    "invalid_client");
        }

        @Test
        void noCredentialsStillGet401First() {
            assertError(revoke(server, criterion("uid", "x")), 401, "invalid_client");
        }

        @Test
        void discoveryNoLongerAdvertisesIt() {
            var metadata = server.http.get("/.well-known/openid-configuration").json();
            assertThat(metadata.has("session_revocation_endpoint")).isFalse();
            assertThat(metadata.has("global_token_revocation_endpoint")).isTrue();
        }
    }

    @Nested
    class RateLimit {
        static TestServer tuned;

        @BeforeAll
        static void startTuned() {
            tuned = TestServer.start(Map.of("revocation_rate_limit", "3"));
        }

        @AfterAll
        static void stopTuned() {
            tuned.close();
        }

        @Test
        void pastTheLimitACallerGets429WithRetryAfter() {
            var caller = GlobalTokenRevocationTest.registerAdmin(tuned, "rs-limited");
            var other = GlobalTokenRevocationTest.registerAdmin(tuned, "rs-other");
            for (int i = 0; i < 3; i++) {
                assert200(revoke(tuned, criterion("uid", "nobody"), "Authorization", caller.basic()));
            }

            var refused = revoke(tuned, criterion("uid", "nobody"), "Authorization", caller.basic());
            assertError(refused, 429, "too_many_requests");
            assertThat(refused.header("Retry-After")).isPresent();
            assert200(revoke(tuned, criterion("uid", "nobody"), "Authorization", other.basic()));
        }
    }
}
