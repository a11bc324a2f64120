package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.feature.Feature;
import io.rescind.core.protocol.Scope;
import io.rescind.core.user.User;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Database;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.OwnTokens;
import io.rescind.server.testing.TestServer;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /global-token-revocation} (Janssen; draft-parecki-oauth-global-token-revocation-06): DESIGN §1 row 1,
 * how the user is named (§1.1), who may call (§1.2), and the "whole user" row of the cascade (§1.3).
 */
class GlobalTokenRevocationTest {
    static final String PATH = "/global-token-revocation";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger PHONES = new AtomicInteger(1000);

    static TestServer server;
    /** The client users log in to; it also introspects. */
    static TestServer.RegisteredClient app;
    /** client_secret_basic, client_credentials only, registered with the admin scopes. */
    static TestServer.RegisteredClient admin;
    /** A client of users (the code grant) that is also registered with an admin scope. */
    static TestServer.RegisteredClient mixed;

    static ECKey signingClientKey;
    /** private_key_jwt, registered with the scope and a JWK Set. */
    static final String SIGNING_ADMIN = "gtr-signing-admin";

    @BeforeAll
    static void start() {
        // The test clock stands still, so the default limit (60 a minute per caller) would count the whole class.
        server = TestServer.start(Map.of("revocation_rate_limit", "100000"));
        app = server.confidentialClient("gtr-app");
        admin = registerAdmin(server, "gtr-admin");
        server.register(
                Fixtures.webClient("gtr-mixed").scope(Scope.of("openid", "global_token_revocation")),
                Optional.of("secret-of-gtr-mixed"));
        mixed = new TestServer.RegisteredClient(new ClientId("gtr-mixed"), "secret-of-gtr-mixed");
        signingClientKey = ClientJwts.newKey("gtr-signing-key");
        server.register(
                Fixtures.webClient(SIGNING_ADMIN)
                        .authMethod(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)
                        .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                        .scope(Scope.of("global_token_revocation"))
                        .jwks(Optional.of(new JWKSet(signingClientKey.toPublicJWK()))),
                Optional.empty());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.RegisteredClient registerAdmin(TestServer at, String id) {
        String secret = "secret-of-" + id;
        at.register(
                Fixtures.webClient(id)
                        .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                        .scope(Scope.of("api", "global_token_revocation", "revoke_session")),
                Optional.of(secret));
        return new TestServer.RegisteredClient(new ClientId(id), secret);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, Object> subId(Object... pairs) {
        var map = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static Map<String, Object> uid(User user) {
        return subId("format", "uid", "id", user.uid().value());
    }

    static Http.Reply revoke(TestServer at, String body, String... headers) {
        return at.http.post(PATH, "application/json", body, headers);
    }

    static Http.Reply revokeAs(TestServer.RegisteredClient caller, Object subId) {
        return revoke(server, json(Map.of("sub_id", subId)), "Authorization", caller.basic());
    }

    static Http.Reply revokeWithBearer(String token, Object subId) {
        return revoke(server, json(Map.of("sub_id", subId)), "Authorization", "Bearer " + token);
    }

    static String adminToken(TestServer.RegisteredClient client, String scope) {
        return Flows.clientCredentialsToken(server, client, scope);
    }

    static void assert204(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
    }

    static void assertError(Http.Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.error()).isEqualTo(error);
    }

    /** A logged-in user's live access token: the witness of whether a revocation reached the user. */
    static String liveToken(LoggedIn user) {
        String token = user.grant("openid").accessToken();
        assertThat(user.isActive(token)).isTrue();
        return token;
    }

    static String newPhone() {
        return "+1415555" + PHONES.incrementAndGet();
    }

    @Nested
    class Effect {
        @Test
        void answers204WithAnEmptyBodyAndNoStore() {
            var user = LoggedIn.newUser(server, app);
            var reply = revokeAs(admin, uid(user.user));
            assert204(reply);
            assertThat(reply.header("Cache-Control")).contains("no-store");
        }

        @Test
        void everyAccessTokenOfTheUserIsInactiveAtOnce() {
            var user = LoggedIn.newUser(server, app);
            var online = user.grant("openid");
            var offline = user.grant("openid offline_access");
            var elsewhere = LoggedIn.as(server, app, user.user).grant("openid");
            String clientCredentialsOfApp = Flows.clientCredentialsToken(server, app, "api");

            assert204(revokeAs(admin, uid(user.user)));

            assertThat(user.isActive(online.accessToken())).isFalse();
            assertThat(user.isActive(offline.accessToken())).isFalse();
            assertThat(user.isActive(elsewhere.accessToken())).isFalse();
            assertThat(user.isActive(clientCredentialsOfApp))
                    .as("the client's own token carries no user")
                    .isTrue();
        }

        @Test
        void everyRefreshTokenOfTheUserFailsWithInvalidGrant() {
            var user = LoggedIn.newUser(server, app);
            var online = user.grant("openid");
            var offline = user.grant("openid offline_access");

            assert204(revokeAs(admin, uid(user.user)));

            assertThat(user.refreshes(online.refreshToken())).isFalse();
            assertThat(user.refreshes(offline.refreshToken())).isFalse();
        }

        @Test
        void aCodeIssuedBeforeFailsAtTheExchange() {
            var user = LoggedIn.newUser(server, app);
            var code = user.pendingCode("openid");

            assert204(revokeAs(admin, uid(user.user)));

            assertError(user.exchange(code), 400, "invalid_grant");
        }

        @Test
        void theOldSessionCookieGetsTheLoginPage() {
            var user = LoggedIn.newUser(server, app);
            var otherBrowser = LoggedIn.as(server, app, user.user);

            assert204(revokeAs(admin, uid(user.user)));

            assertThat(user.asksForLogin()).isTrue();
            assertThat(otherBrowser.asksForLogin()).isTrue();
        }

        @Test
        void userinfoAnswers401() {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            assertThat(user.userinfo(token).status()).isEqualTo(200);

            assert204(revokeAs(admin, uid(user.user)));

            var reply = user.userinfo(token);
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate"))
                    .hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
        }

        /** DESIGN §2: epochs, not clocks. The same second as the revocation, a new login is alive. */
        @Test
        void aLoginRightAfterTheRevocationGetsLiveTokens() {
            var user = LoggedIn.newUser(server, app);
            assert204(revokeAs(admin, uid(user.user)));

            var again = LoggedIn.as(server, app, user.user);
            var tokens = again.grant("openid");

            assertThat(again.isActive(tokens.accessToken())).isTrue();
            assertThat(again.userinfo(tokens.accessToken()).status()).isEqualTo(200);
            assertThat(again.refreshes(tokens.refreshToken())).isTrue();
            assertThat(again.asksForLogin()).isFalse();
        }

        @Test
        void otherUsersAreUntouched() {
            var target = LoggedIn.newUser(server, app);
            var bystander = LoggedIn.newUser(server, app);
            var tokens = bystander.grant("openid");
            var code = bystander.pendingCode("openid");

            assert204(revokeAs(admin, uid(target.user)));

            assertThat(bystander.isActive(tokens.accessToken())).isTrue();
            assertThat(bystander.refreshes(tokens.refreshToken())).isTrue();
            assertThat(bystander.exchange(code).status()).isEqualTo(200);
            assertThat(bystander.asksForLogin()).isFalse();
        }

        @Test
        void theRevocationIsLoggedWithItsCallerAndInterface() {
            var user = LoggedIn.newUser(server, app);
            assert204(revokeAs(admin, uid(user.user)));

            var rows = Database.rows(
                    server,
                    "SELECT initiator, interface, caller_ip, detail FROM revocation_log"
                            + " WHERE kind = 'subject_epoch' AND target = ?",
                    user.user.sub().value());
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst())
                    .containsEntry("initiator", "client:gtr-admin")
                    .containsEntry("interface", "global-token-revocation")
                    .containsEntry("caller_ip", "127.0.0.1")
                    .containsEntry("detail", "1");
        }
    }

    /** DESIGN §1.1: each form of {@code sub_id} names the user; the token witness proves which user was revoked. */
    @Nested
    class SubjectIdentifiers {
        void assertRevokes(LoggedIn user, Object subId) {
            String token = liveToken(user);
            assert204(revokeAs(admin, subId));
            assertThat(user.isActive(token)).as("revoked by " + subId).isFalse();
        }

        void assertRevokesNobody(LoggedIn user, Object subId) {
            String token = liveToken(user);
            assert204(revokeAs(admin, subId));
            assertThat(user.isActive(token)).as("untouched by " + subId).isTrue();
        }

        LoggedIn withPhone(String phone) {
            return LoggedIn.as(server, app, LoggedIn.newUserWithPhone(server, phone));
        }

        @Test
        void janssenUid() {
            var user = LoggedIn.newUser(server, app);
            assertRevokes(user, subId("format", "uid", "id", user.user.uid().value()));
        }

        @Test
        void janssenMail() {
            var user = LoggedIn.newUser(server, app);
            assertRevokes(
                    user,
                    subId(
                            "format",
                            "mail",
                            "id",
                            user.user.email().orElseThrow().value()));
        }

        @Test
        void janssenEmail() {
            var user = LoggedIn.newUser(server, app);
            assertRevokes(
                    user,
                    subId(
                            "format",
                            "email",
                            "id",
                            user.user.email().orElseThrow().value()));
        }

        @Test
        void janssenSub() {
            var user = LoggedIn.newUser(server, app);
            assertRevokes(user, subId("format", "sub", "id", user.user.sub().value()));
        }

        @Test
        void janssenPhoneNumber() {
            String phone = newPhone();
            var user = withPhone(phone);
            assertRevokes(user, subId("format", "phone_number", "id", phone));
        }

        @Test
        void rfc9493Email() {
            var user = LoggedIn.newUser(server, app);
            assertRevokes(
                    user,
                    subId(
                            "format",
                            "email",
                            "email",
                            user.user.email().orElseThrow().value()));
        }

        @Test
        void rfc9493EmailIsComparedCaseInsensitively() {
            var user = LoggedIn.newUser(server, app);
            String upper = user.user.email().orElseThrow().value().toUpperCase(java.util.Locale.ROOT);
            assertRevokes(user, subId("format", "email", "email", upper));
        }

        @Test
        void rfc9493PhoneNumberInE164() {
            String phone = newPhone();
            var user = withPhone(phone);
            assertRevokes(user, subId("format", "phone_number", "phone_number", phone));
        }

        @Test
        void rfc9493PhoneNumberWrittenWithSpacesIsTheSameNumber() {
            String phone = newPhone();
            var user = withPhone(phone);
            String spaced = phone.substring(0, 2) + " " + phone.substring(2, 5) + " " + phone.substring(5, 8) + " "
                    + phone.substring(8);
            assertRevokes(user, subId("format", "phone_number", "phone_number", spaced));
        }

        @Test
        void rfc9493Opaque() {
            var user = LoggedIn.newUser(server, app);
            assertRevokes(user, subId("format", "opaque", "id", user.user.sub().value()));
        }

        @Test
        void rfc9493IssSubOfThisIssuer() {
            var user = LoggedIn.newUser(server, app);
            assertRevokes(
                    user,
                    subId(
                            "format",
                            "iss_sub",
                            "iss",
                            server.issuer(),
                            "sub",
                            user.user.sub().value()));
        }

        @Test
        void rfc9493IssSubOfAnotherIssuerIsAnUnknownUser() {
            var user = LoggedIn.newUser(server, app);
            assertRevokesNobody(
                    user,
                    subId(
                            "format",
                            "iss_sub",
                            "iss",
                            "https://elsewhere.example.com",
                            "sub",
                            user.user.sub().value()));
        }

        @Test
        void rfc9493Account() {
            var user = LoggedIn.newUser(server, app);
            assertRevokes(
                    user,
                    subId(
                            "format",
                            "account",
                            "uri",
                            "acct:" + user.user.email().orElseThrow().value()));
        }

        @Test
        void anAccountThatIsNotAnAcctUriIsInvalidRequest() {
            var user = LoggedIn.newUser(server, app);
            assertError(
                    revokeAs(
                            admin,
                            subId(
                                    "format",
                                    "account",
                                    "uri",
                                    "mailto:" + user.user.email().orElseThrow())),
                    400,
                    "invalid_request");
        }

        @Test
        void aliasesThatAllNameOneUser() {
            String phone = newPhone();
            var user = withPhone(phone);
            assertRevokes(
                    user,
                    subId(
                            "format",
                            "aliases",
                            "identifiers",
                            List.of(
                                    subId(
                                            "format",
                                            "email",
                                            "email",
                                            user.user.email().orElseThrow().value()),
                                    subId("format", "phone_number", "phone_number", phone),
                                    subId(
                                            "format",
                                            "opaque",
                                            "id",
                                            user.user.sub().value()),
                                    subId("format", "uid", "id", user.user.uid().value()))));
        }

        @Test
        void aliasesNamingTwoUsersAreInvalidRequestAndRevokeNeither() {
            var one = LoggedIn.newUser(server, app);
            var two = LoggedIn.newUser(server, app);
            String tokenOne = liveToken(one);
            String tokenTwo = liveToken(two);

            var reply = revokeAs(
                    admin,
                    subId(
                            "format",
                            "aliases",
                            "identifiers",
                            List.of(
                                    subId(
                                            "format",
                                            "email",
                                            "email",
                                            one.user.email().orElseThrow().value()),
                                    subId(
                                            "format",
                                            "email",
                                            "email",
                                            two.user.email().orElseThrow().value()))));

            assertError(reply, 400, "invalid_request");
            assertThat(one.isActive(tokenOne)).isTrue();
            assertThat(two.isActive(tokenTwo)).isTrue();
        }

        /** Strict on purpose (docs/revocation.md): an alias that names nobody cannot be proved to be the same user. */
        @Test
        void aliasesWhereOneNamesNobodyAreInvalidRequest() {
            var user = LoggedIn.newUser(server, app);
            String token = liveToken(user);
            var reply = revokeAs(
                    admin,
                    subId(
                            "format",
                            "aliases",
                            "identifiers",
                            List.of(
                                    subId(
                                            "format",
                                            "email",
                                            "email",
                                            user.user.email().orElseThrow().value()),
                                    subId("format", "email", "email", "nobody-at-all@example.com"))));
            assertError(reply, 400, "invalid_request");
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void nestedAliasesAreInvalidRequest() {
            var user = LoggedIn.newUser(server, app);
            var inner = subId(
                    "format",
                    "aliases",
                    "identifiers",
                    List.of(subId("format", "opaque", "id", user.user.sub().value())));
            assertError(
                    revokeAs(admin, subId("format", "aliases", "identifiers", List.of(inner))), 400, "invalid_request");
        }

        @Test
        void emptyAliasesAreInvalidRequest() {
            assertError(revokeAs(admin, subId("format", "aliases", "identifiers", List.of())), 400, "invalid_request");
        }

        /** The attribute allow-list (DESIGN §1.1): a column that is not on it is refused, never looked up. */
        @Test
        void aJanssenFormatOutsideTheAllowListIsInvalidRequest() {
            assertError(revokeAs(admin, subId("format", "password_hash", "id", "x")), 400, "invalid_request");
        }
    }

    @Nested
    class UnknownUser {
        @Test
        void is204ByDefaultSoNothingIsDisclosed() {
            assert204(revokeAs(admin, subId("format", "email", "email", "nobody@example.com")));
        }

        @Test
        void aMalformedValueNamesNobodyAnd204() {
            assert204(revokeAs(admin, subId("format", "phone_number", "phone_number", "not a number")));
        }
    }

    @Nested
    class MalformedRequests {
        @Test
        void malformedJsonIsInvalidRequest() {
            assertError(revoke(server, "{\"sub_id\": {", "Authorization", admin.basic()), 400, "invalid_request");
        }

        @Test
        void aJsonArrayIsInvalidRequest() {
            assertError(revoke(server, "[{\"sub_id\": {}}]", "Authorization", admin.basic()), 400, "invalid_request");
        }

        @Test
        void aMissingSubIdIsInvalidRequest() {
            assertError(revoke(server, "{}", "Authorization", admin.basic()), 400, "invalid_request");
        }

        @Test
        void aSubIdThatIsNotAnObjectIsInvalidRequest() {
            assertError(
                    revoke(server, "{\"sub_id\": \"someone@example.com\"}", "Authorization", admin.basic()),
                    400,
                    "invalid_request");
        }

        @Test
        void anUnknownFormatIsInvalidRequest() {
            assertError(revokeAs(admin, subId("format", "did", "url", "did:example:123")), 400, "invalid_request");
        }

        @Test
        void aMissingFormatIsInvalidRequest() {
            assertError(revokeAs(admin, subId("email", "someone@example.com")), 400, "invalid_request");
        }

        @Test
        void aNonStringIdentifierIsInvalidRequest() {
            assertError(revokeAs(admin, subId("format", "uid", "id", 42)), 400, "invalid_request");
        }

        @Test
        void aFormBodyIsInvalidRequest() {
            var reply = server.http.postForm(
                    PATH, Map.of("sub_id", "{\"format\":\"uid\",\"id\":\"x\"}"), "Authorization", admin.basic());
            assertError(reply, 400, "invalid_request");
        }

        @Test
        void noContentTypeIsInvalidRequest() {
            var reply = server.http.post(
                    PATH,
                    null,
                    json(Map.of("sub_id", subId("format", "uid", "id", "x"))),
                    "Authorization",
                    admin.basic());
            assertError(reply, 400, "invalid_request");
        }

        @Test
        void aGetIsMethodNotAllowed() {
            var reply = server.http.get(PATH, "Authorization", admin.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(405);
            assertThat(reply.header("Allow")).contains("POST");
        }
    }

    /** DESIGN §1.2: who may call. Credentials first (401), then the scope (403). */
    @Nested
    class Callers {
        final Map<String, Object> nobody = subId("format", "email", "email", "nobody@example.com");

        void assert401InvalidClient(Http.Reply reply) {
            assertError(reply, 401, "invalid_client");
            assertThat(reply.header("WWW-Authenticate")).isPresent();
        }

        void assert401InvalidToken(Http.Reply reply) {
            assertError(reply, 401, "invalid_token");
            assertThat(reply.header("WWW-Authenticate"))
                    .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer ").contains("error=\"invalid_token\""));
        }

        void assert403InsufficientScope(Http.Reply reply) {
            assertError(reply, 403, "insufficient_scope");
        }

        @Test
        void withoutCredentialsIs401InvalidClient() {
            assert401InvalidClient(revoke(server, json(Map.of("sub_id", nobody))));
        }

        @Test
        void aWrongSecretIs401InvalidClient() {
            assert401InvalidClient(
                    revoke(server, json(Map.of("sub_id", nobody)), "Authorization", Http.basic("gtr-admin", "wrong")));
        }

        @Test
        void anUnknownClientIs401InvalidClient() {
            assert401InvalidClient(
                    revoke(server, json(Map.of("sub_id", nobody)), "Authorization", Http.basic("gtr-stranger", "x")));
        }

        @Test
        void aClientNotRegisteredWithTheScopeIs403InsufficientScope() {
            var user = LoggedIn.newUser(server, app);
            String token = liveToken(user);
            assert403InsufficientScope(revokeAs(app, uid(user.user)));
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void clientSecretPostWithTheCredentialsInTheJsonBody() {
            String secret = "secret-of-gtr-post-admin";
            server.register(
                    Fixtures.webClient("gtr-post-admin")
                            .authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_POST)
                            .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                            .scope(Scope.of("global_token_revocation")),
                    Optional.of(secret));
            var user = LoggedIn.newUser(server, app);
            String token = liveToken(user);

            var reply = revoke(
                    server,
                    json(Map.of("client_id", "gtr-post-admin", "client_secret", secret, "sub_id", uid(user.user))));

            assert204(reply);
            assertThat(user.isActive(token)).isFalse();
        }

        @Test
        void aNonStringClientSecretIsInvalidRequest() {
            assertError(
                    revoke(server, json(Map.of("client_id", "gtr-post-admin", "client_secret", 7, "sub_id", nobody))),
                    400,
                    "invalid_request");
        }

        @Test
        void privateKeyJwtWithTheAssertionInTheJsonBody() {
            var user = LoggedIn.newUser(server, app);
            String token = liveToken(user);
            String assertion = ClientJwts.sign(
                    signingClientKey,
                    ClientJwts.claims(server, SIGNING_ADMIN, server.issuer()).build());

            var reply = revoke(
                    server,
                    json(Map.of(
                            "client_assertion_type",
                            ClientJwts.ASSERTION_TYPE,
                            "client_assertion",
                            assertion,
                            "sub_id",
                            uid(user.user))));

            assert204(reply);
            assertThat(user.isActive(token)).isFalse();
        }

        @Test
        void anAssertionSignedByAnotherKeyIs401() {
            String assertion = ClientJwts.sign(
                    ClientJwts.newKey("gtr-signing-key"),
                    ClientJwts.claims(server, SIGNING_ADMIN, server.issuer()).build());
            assert401InvalidClient(revoke(
                    server,
                    json(Map.of(
                            "client_assertion_type",
                            ClientJwts.ASSERTION_TYPE,
                            "client_assertion",
                            assertion,
                            "sub_id",
                            nobody))));
        }

        @Test
        void aBearerAdminTokenFromClientCredentials() {
            var user = LoggedIn.newUser(server, app);
            String token = liveToken(user);
            assert204(revokeWithBearer(adminToken(admin, "global_token_revocation"), uid(user.user)));
            assertThat(user.isActive(token)).isFalse();
        }

        /** RFC 6749 §2.3: one way of authenticating per request, so two parsers can never disagree on the caller. */
        @Test
        void aBearerTokenBesideClientCredentialsInTheBodyIsInvalidRequest() {
            var user = LoggedIn.newUser(server, app);
            String token = liveToken(user);
            var reply = revoke(
                    server,
                    json(Map.of("client_id", "gtr-admin", "client_secret", admin.secret(), "sub_id", uid(user.user))),
                    "Authorization",
                    "Bearer " + adminToken(admin, "global_token_revocation"));
            assertError(reply, 400, "invalid_request");
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void aBearerTokenBesideAnAssertionInTheBodyIsInvalidRequest() {
            String assertion = ClientJwts.sign(
                    signingClientKey,
                    ClientJwts.claims(server, SIGNING_ADMIN, server.issuer()).build());
            var reply = revoke(
                    server,
                    json(Map.of(
                            "client_assertion_type",
                            ClientJwts.ASSERTION_TYPE,
                            "client_assertion",
                            assertion,
                            "sub_id",
                            nobody)),
                    "Authorization",
                    "Bearer " + adminToken(admin, "global_token_revocation"));
            assertError(reply, 400, "invalid_request");
        }

        @Test
        void aBearerAccessTokenWithoutTheScopeIs403InsufficientScope() {
            var reply = revokeWithBearer(adminToken(admin, "api"), nobody);
            assert403InsufficientScope(reply);
            assertThat(reply.header("WWW-Authenticate"))
                    .hasValueSatisfying(h -> assertThat(h).contains("error=\"insufficient_scope\""));
        }

        @Test
        void aBearerTokenWithTheOtherAdminScopeIs403InsufficientScope() {
            assert403InsufficientScope(revokeWithBearer(adminToken(admin, "revoke_session"), nobody));
        }

        @Test
        void anExpiredBearerTokenIs401InvalidToken() {
            String token = adminToken(admin, "global_token_revocation");
            server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            assert401InvalidToken(revokeWithBearer(token, nobody));
        }

        @Test
        void aForgedBearerTokenIs401InvalidToken() {
            String[] parts = adminToken(admin, "global_token_revocation").split("\\.");
            char c = parts[1].charAt(20);
            String forged = parts[0] + "." + parts[1].substring(0, 20) + (c == 'A' ? 'B' : 'A') + parts[1].substring(21)
                    + "." + parts[2];
            assert401InvalidToken(revokeWithBearer(forged, nobody));
        }

        @Test
        void anUnsignedCopyOfAnAdminTokenIs401InvalidToken() {
            assert401InvalidToken(
                    revokeWithBearer(OwnTokens.unsigned(adminToken(admin, "global_token_revocation")), nobody));
        }

        @Test
        void anUnsignedClientJwtForThisEndpointIs401InvalidToken() {
            String jwt = ClientJwts.sign(
                    signingClientKey,
                    ClientJwts.claims(server, SIGNING_ADMIN, server.issuer() + "/global-token-revocation")
                            .build());
            assert401InvalidToken(revokeWithBearer(OwnTokens.unsigned(jwt), nobody));
        }

        @Test
        void anIdTokenAsBearerIs401InvalidToken() {
            var user = LoggedIn.newUser(server, app);
            assert401InvalidToken(revokeWithBearer(user.grant("openid").idToken(), nobody));
        }

        @Test
        void aGarbageBearerTokenIs401InvalidToken() {
            assert401InvalidToken(revokeWithBearer("not-a-token", nobody));
        }

        @Test
        void aRevokedBearerTokenIs401InvalidToken() {
            String token = adminToken(admin, "global_token_revocation");
            var revoked = server.http.postForm("/oauth/revoke", Map.of("token", token), "Authorization", admin.basic());
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
            assert401InvalidToken(revokeWithBearer(token, nobody));
        }

        /** A token for another audience is refused even when the server's own key signed it. */
        @Test
        void anAdminTokenWhoseAudienceIsNotTheIssuerIsRefused() {
            var user = LoggedIn.newUser(server, app);
            String token = liveToken(user);
            String elsewhere = OwnTokens.resignedAccessToken(
                    server,
                    adminToken(admin, "global_token_revocation"),
                    claims -> claims.audience("https://api.example.com"));
            assert403InsufficientScope(revokeWithBearer(elsewhere, uid(user.user)));
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void aUserTokenIsRefused() {
            var user = LoggedIn.newUser(server, app);
            var tokens = user.grant("openid");
            assert403InsufficientScope(revokeWithBearer(tokens.accessToken(), uid(user.user)));
            assertThat(user.isActive(tokens.accessToken())).isTrue();
        }

        /** Defence in depth: even a token that carries a user and the scope (never issued) acts on nobody. */
        @Test
        void aUserTokenCarryingTheScopeIsRefused() {
            var user = LoggedIn.newUser(server, app);
            var tokens = user.grant("openid");
            String withScope = OwnTokens.resignedAccessToken(
                    server, tokens.accessToken(), claims -> claims.claim("scope", "openid global_token_revocation"));
            assert403InsufficientScope(revokeWithBearer(withScope, uid(user.user)));
            assertThat(user.isActive(tokens.accessToken())).isTrue();
        }
    }

    /** The draft's §3.5: a Bearer JWT the client signs, {@code iss} = {@code sub} = its client_id. */
    @Nested
    class SignedBearerJwt {
        final String endpoint = server.issuer() + PATH;
        final Map<String, Object> nobody = subId("format", "email", "email", "nobody@example.com");

        String signed(JWTClaimsSet claims) {
            return ClientJwts.sign(signingClientKey, claims);
        }

        @Test
        void signedForTheEndpointUrlIsAccepted() {
            var user = LoggedIn.newUser(server, app);
            String token = liveToken(user);
            assert204(revokeWithBearer(
                    signed(ClientJwts.claims(server, SIGNING_ADMIN, endpoint).build()), uid(user.user)));
            assertThat(user.isActive(token)).isFalse();
        }

        @Test
        void anAudienceOfTheIssuerIs401() {
            assertError(
                    revokeWithBearer(
                            signed(ClientJwts.claims(server, SIGNING_ADMIN, server.issuer())
                                    .build()),
                            nobody),
                    401,
                    "invalid_token");
        }

        @Test
        void anAudienceThatIsNotExactlyTheEndpointIs401() {
            assertError(
                    revokeWithBearer(
                            signed(ClientJwts.claims(server, SIGNING_ADMIN, endpoint + "/")
                                    .build()),
                            nobody),
                    401,
                    "invalid_token");
        }

        @Test
        void anAudienceListThatAlsoNamesAnotherPartyIs401() {
            var claims = ClientJwts.claims(server, SIGNING_ADMIN, endpoint)
                    .audience(List.of(endpoint, "https://elsewhere.example.com"))
                    .build();
            assertError(revokeWithBearer(signed(claims), nobody), 401, "invalid_token");
        }

        @Test
        void signedByAClientWithoutTheScopeIs403InsufficientScope() {
            ECKey key = ClientJwts.newKey("gtr-unprivileged-key");
            server.register(
                    Fixtures.webClient("gtr-unprivileged-signer")
                            .authMethod(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)
                            .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                            .scope(Scope.of("api"))
                            .jwks(Optional.of(new JWKSet(key.toPublicJWK()))),
                    Optional.empty());
            String jwt = ClientJwts.sign(
                    key,
                    ClientJwts.claims(server, "gtr-unprivileged-signer", endpoint)
                            .build());
            assertError(revokeWithBearer(jwt, nobody), 403, "insufficient_scope");
        }

        @Test
        void aReplayedJtiIs401() {
            String jwt =
                    signed(ClientJwts.claims(server, SIGNING_ADMIN, endpoint).build());
            assert204(revokeWithBearer(jwt, nobody));
            assertError(revokeWithBearer(jwt, nobody), 401, "invalid_token");
        }

        @Test
        void anExpiryTooFarAheadIs401() {
            var claims = ClientJwts.claims(server, SIGNING_ADMIN, endpoint)
                    .expirationTime(Date.from(server.clock.instant().plus(Duration.ofMinutes(30))))
                    .build();
            assertError(revokeWithBearer(signed(claims), nobody), 401, "invalid_token");
        }

        @Test
        void anExpiredJwtIs401() {
            String jwt =
                    signed(ClientJwts.claims(server, SIGNING_ADMIN, endpoint).build());
            server.clock.advance(Duration.ofMinutes(3));
            assertError(revokeWithBearer(jwt, nobody), 401, "invalid_token");
        }

        @Test
        void issDifferentFromSubIs401() {
            var claims = ClientJwts.claims(server, SIGNING_ADMIN, endpoint)
                    .subject("someone-else")
                    .build();
            assertError(revokeWithBearer(signed(claims), nobody), 401, "invalid_token");
        }

        @Test
        void signedWithAKeyTheClientDidNotRegisterIs401() {
            String jwt = ClientJwts.sign(
                    ClientJwts.newKey("gtr-signing-key"),
                    ClientJwts.claims(server, SIGNING_ADMIN, endpoint).build());
            assertError(revokeWithBearer(jwt, nobody), 401, "invalid_token");
        }
    }

    /**
     * DESIGN §1.2, a departure from Janssen: a client registered with an admin scope gets it only through
     * client_credentials, only when it asks, for this server alone.
     */
    @Nested
    class AdminScopeIssuance {
        @Test
        void clientCredentialsWithoutAScopeLeavesTheAdminScopesOut() {
            var reply = server.http.postForm(
                    "/token", Map.of("grant_type", "client_credentials"), "Authorization", admin.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("scope").asText()).isEqualTo("api");
            assertError(
                    revokeWithBearer(reply.json().path("access_token").asText(), subId("format", "uid", "id", "x")),
                    403,
                    "insufficient_scope");
        }

        @Test
        void askedForItIsGrantedForThisServerAlone() throws ParseException {
            var reply = Flows.clientCredentials(server, admin, "global_token_revocation");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("scope").asText()).isEqualTo("global_token_revocation");
            var claims =
                    SignedJWT.parse(reply.json().path("access_token").asText()).getJWTClaimsSet();
            assertThat(claims.getAudience()).containsExactly(server.issuer());
        }

        @Test
        void askedForWithAnotherResourceIsInvalidTarget() {
            var reply = server.http.postForm(
                    "/token",
                    Map.of(
                            "grant_type",
                            "client_credentials",
                            "scope",
                            "global_token_revocation",
                            "resource",
                            "https://api.example.com"),
                    "Authorization",
                    admin.basic());
            assertError(reply, 400, "invalid_target");
        }

        @Test
        void theAuthorizationEndpointRefusesAnAdminScope() {
            var request = Browser.codeRequest("gtr-mixed", Fixtures.REDIRECT_URI, "openid global_token_revocation");
            var reply = new Browser(server.http).authorize(request.params());
            assertThat(reply.status()).as(reply.body()).isEqualTo(302);
            assertThat(Browser.query(reply.location()))
                    .containsEntry("error", "invalid_scope")
                    .doesNotContainKey("code");
        }

        @Test
        void aRefreshCannotWidenAUserGrantToAnAdminScope() {
            var user = LoggedIn.newUser(server, mixed);
            var tokens = user.grant("openid");
            var reply = server.http.postForm(
                    "/token",
                    Map.of(
                            "grant_type",
                            "refresh_token",
                            "refresh_token",
                            tokens.refreshToken(),
                            "scope",
                            "openid global_token_revocation"),
                    "Authorization",
                    mixed.basic());
            assertError(reply, 400, "invalid_scope");
        }
    }

    /** DESIGN §1.2, §1.4: discovery names the endpoint and the ways to call it while the flag is on. */
    @Nested
    class Discovery {
        @Test
        void advertisesTheEndpointAndItsAuthMethods() {
            var metadata =
                    server.http.get("/.well-known/oauth-authorization-server").json();
            assertThat(metadata.path("global_token_revocation_endpoint").asText())
                    .isEqualTo(server.issuer() + PATH);
            assertThat(metadata.path("global_token_revocation_endpoint_auth_methods_supported"))
                    .extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                    .containsExactlyInAnyOrder(
                            "client_secret_basic", "client_secret_post", "private_key_jwt", "Bearer");
        }
    }

    /** DESIGN §1.4: a disabled endpoint stays routed, authenticates its caller, then answers 403. */
    @Nested
    class WhenDisabled {
        @BeforeAll
        static void disable() {
            server.store.features().set(Feature.GLOBAL_TOKEN_REVOCATION, Feature.State.DISABLED);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> revokeAs(admin, subId("format", "uid", "id", "nobody"))
                                    .status()
                            == 403);
        }

        @AfterAll
        static void enable() {
            server.store.features().set(Feature.GLOBAL_TOKEN_REVOCATION, Feature.State.ENABLED);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> revokeAs(admin, subId("format", "uid", "id", "nobody"))
                                    .status()
                            == 204);
        }

        @Test
        void anAuthenticatedCallerGets403AccessDeniedAndNothingIsRevoked() {
            var user = LoggedIn.newUser(server, app);
            String token = liveToken(user);
            assertError(revokeAs(admin, uid(user.user)), 403, "access_denied");
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void aWrongSecretStillGets401First() {
            assertError(
                    revoke(
                            server,
                            json(Map.of("sub_id", subId("format", "uid", "id", "x"))),
                            "Authorization",
                            Http.basic("gtr-admin", "wrong")),
                    401,
                    "invalid_client");
        }

        @Test
        void noCredentialsStillGet401First() {
            assertError(
                    revoke(server, json(Map.of("sub_id", subId("format", "uid", "id", "x")))), 401, "invalid_client");
        }

        @Test
        void discoveryNoLongerAdvertisesIt() {
            for (String path :
                    new String[] {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"}) {
                var metadata = server.http.get(path).json();
                assertThat(metadata.has("global_token_revocation_endpoint"))
                        .as(path)
                        .isFalse();
                assertThat(metadata.has("global_token_revocation_endpoint_auth_methods_supported"))
                        .as(path)
                        .isFalse();
                assertThat(metadata.has("revocation_endpoint")).as(path).isTrue();
            }
        }

        @Test
        void aGarbageBearerStillGets401First() {
            assertError(revokeWithBearer("garbage", subId("format", "uid", "id", "x")), 401, "invalid_token");
        }
    }

    /** The draft's answer for an unknown user (a setting), and the per-caller rate limit. */
    @Nested
    class Settings {
        static final AtomicInteger CALLERS = new AtomicInteger();
        static TestServer tuned;

        @BeforeAll
        static void startTuned() {
            tuned = TestServer.start(
                    Map.of("global_token_revocation_unknown_user", "404", "revocation_rate_limit", "3"));
        }

        /** A caller of its own, so no test spends another's rate limit. */
        static TestServer.RegisteredClient newCaller() {
            return registerAdmin(tuned, "gtr-tuned-" + CALLERS.incrementAndGet());
        }

        @AfterAll
        static void stopTuned() {
            tuned.close();
        }

        static Http.Reply revokeAt(TestServer.RegisteredClient caller, Object subId) {
            return revoke(tuned, json(Map.of("sub_id", subId)), "Authorization", caller.basic());
        }

        @Test
        void anUnknownUserIs404WhenTheSettingSaysSo() {
            var reply = revokeAt(newCaller(), subId("format", "email", "email", "nobody@example.com"));
            assertError(reply, 404, "unknown_user");
        }

        @Test
        void aKnownUserIsStill204() {
            User user = LoggedIn.newUser(tuned);
            assert204(revokeAt(newCaller(), uid(user)));
        }

        @Test
        void pastTheRateLimitACallerGets429WithRetryAfterAndOthersDoNot() {
            var limited = newCaller();
            var other = newCaller();
            var nobody = subId("format", "email", "email", "nobody@example.com");
            for (int i = 0; i < 3; i++) {
                assertThat(revokeAt(limited, nobody).status()).isEqualTo(404);
            }

            var refused = revokeAt(limited, nobody);
            assertError(refused, 429, "too_many_requests");
            assertThat(refused.header("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
            assertThat(revokeAt(other, nobody).status()).isEqualTo(404);

            tuned.clock.advance(Duration.ofMinutes(1));
            assertThat(revokeAt(limited, nobody).status()).isEqualTo(404);
        }
    }
}
