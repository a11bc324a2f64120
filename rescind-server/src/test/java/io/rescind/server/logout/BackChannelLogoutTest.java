package io.rescind.server.logout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.rescind.core.logout.OutboxEntry;
import io.rescind.core.protocol.Scope;
import io.rescind.core.user.User;
import io.rescind.server.testing.BackChannelReceiver;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenID Connect Back-Channel Logout 1.0 from the durable outbox, to a receiver on 127.0.0.1 (allow-listed, so plain
 * http is allowed), over real HTTP. The outbox is polled only when a test says so ({@link
 * TestServer#deliverBackChannelLogouts()}) or when a revocation wakes it; retries come due by moving the clock.
 */
class BackChannelLogoutTest {
    static final String PASSWORD = "a long enough password";
    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    static final int MAX_ATTEMPTS = 3;
    static final AtomicInteger IDS = new AtomicInteger();

    static BackChannelReceiver receiver;
    static TestServer server;

    @BeforeAll
    static void start() {
        receiver = BackChannelReceiver.start();
        server = TestServer.start(
                Map.of("outbound_allowlist", "127.0.0.1", "backchannel_max_attempts", String.valueOf(MAX_ATTEMPTS)));
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    /** A client of its own, whose back-channel logout URI is a path of its own at the receiver. */
    record Listener(TestServer.RegisteredClient client, String path) {
        String id() {
            return client.id().value();
        }
    }

    static Listener listener(TestServer on) {
        return listener(on, UnaryOperator.identity());
    }

    static Listener listener(TestServer on, UnaryOperator<io.rescind.core.client.ClientBuilder> customize) {
        String id = "bcl-client-" + IDS.incrementAndGet();
        var client =
                on.confidentialClient(id, b -> customize.apply(b.backchannelLogoutUri(Optional.of(receiver.uri(id)))));
        return new Listener(client, id);
    }

    /** A browser where a new user logged in to the client, with the tokens of that login. */
    record LoggedIn(User user, Browser browser, JsonNode tokens) {
        String idToken() {
            return tokens.path("id_token").asText();
        }

        String sid() throws Exception {
            return JWTParser.parse(idToken()).getJWTClaimsSet().getStringClaim("sid");
        }

        /** The same user in this browser, now also at {@code to}. */
        LoggedIn alsoAt(TestServer on, Listener to) {
            return new LoggedIn(user, browser, Flows.codeFlow(on, browser, to.client(), "unused", "unused", "openid"));
        }
    }

    static LoggedIn logIn(TestServer on, Listener to) {
        return logIn(on, to, on.user("bcl-user" + IDS.incrementAndGet(), PASSWORD));
    }

    static LoggedIn logIn(TestServer on, Listener to, User user) {
        var browser = new Browser(on.http);
        return new LoggedIn(
                user,
                browser,
                Flows.codeFlow(on, browser, to.client(), user.uid().value(), PASSWORD, "openid"));
    }

    /** RP-initiated logout of the browser's session, which queues the notices. */
    static void endSession(TestServer on, LoggedIn login) {
        Http.Reply reply = login.browser().get("/end_session?" + Http.form(Map.of("id_token_hint", login.idToken())));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    /** Runs a delivery round and answers everything the listener received so far. */
    static List<BackChannelReceiver.Received> deliverTo(TestServer on, Listener listener) {
        on.deliverBackChannelLogouts();
        return receiver.at(listener.path());
    }

    static List<OutboxEntry> outbox(TestServer on, Listener listener, OutboxEntry.State state) {
        return on.store.backChannelOutbox().list(state, 1000).stream()
                .filter(e -> e.clientId().equals(listener.client().id()))
                .toList();
    }

    /** Verifies a logout token as an RP would: signature against /jwks, typ, iss, aud, exp. */
    static JWTClaimsSet verify(String logoutToken, Listener listener) throws Exception {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")));
        JWKSet published = JWKSet.parse(server.http.get("/jwks").body());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), new ImmutableJWKSet<>(published)));
        var claims =
                new DefaultJWTClaimsVerifier<SecurityContext>(
                        listener.id(),
                        new JWTClaimsSet.Builder().issuer(server.issuer()).build(),
                        Set.of("iat", "exp", "jti", "sub", "sid", "events")) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(server.clock.instant());
                    }
                };
        processor.setJWTClaimsSetVerifier(claims);
        return processor.process(logoutToken, null);
    }

    @Nested
    class LogoutToken {
        @Test
        void theReceiverGetsOneLogoutTokenThatVerifiesAgainstThePublishedKeys() throws Exception {
            var listener = listener(server);
            var login = logIn(server, listener);
            endSession(server, login);

            var received = deliverTo(server, listener);

            assertThat(received).hasSize(1);
            JWTClaimsSet claims = verify(received.getFirst().logoutToken(), listener);
            assertThat(claims.getSubject()).isEqualTo(login.user().sub().value());
            assertThat(claims.getStringClaim("sid")).isEqualTo(login.sid());
            assertThat(claims.getAudience()).containsExactly(listener.id());
            assertThat(claims.getJWTID()).isNotBlank();
            assertThat(claims.getExpirationTime().toInstant())
                    .isEqualTo(claims.getIssueTime().toInstant().plus(Duration.ofMinutes(2)));
            assertThat(claims.getJSONObjectClaim("events")).containsOnlyKeys(EVENT);
            assertThat(claims.getJSONObjectClaim("events").get(EVENT)).isEqualTo(Map.of());
            assertThat(claims.getClaims()).doesNotContainKey("nonce");
        }

        @Test
        void theTokenIsAFormPostOfTheLogoutTokenParameter() {
            var listener = listener(server);
            endSession(server, logIn(server, listener));

            var received = deliverTo(server, listener).getFirst();

            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.contentType()).startsWith("application/x-www-form-urlencoded");
            assertThat(received.body()).startsWith("logout_token=").doesNotContain("&");
        }

        @Test
        void theTokenIsSignedWithTheClientsIdTokenAlgorithm() throws Exception {
            var listener = listener(server, b -> b.idTokenSignedResponseAlg(JWSAlgorithm.ES256));
            endSession(server, logIn(server, listener));

            var token = SignedJWT.parse(deliverTo(server, listener).getFirst().logoutToken());

            assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            assertThat(verify(token.serialize(), listener).getSubject()).isNotBlank();
        }
    }

    @Nested
    class AtLeastOnceDelivery {
        @Test
        void aRevocationWakesTheDeliveryWithoutWaitingForAPoll() {
            var listener = listener(server);

            endSession(server, logIn(server, listener));

            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(
                            () -> assertThat(receiver.at(listener.path())).hasSize(1));
        }

        @Test
        void aFailedAttemptIsRetriedAfterItsBackoffWithTheSameJtiSignedAfresh() throws Exception {
            var listener = listener(server);
            receiver.answer(listener.path(), 500, 200);
            endSession(server, logIn(server, listener));
            assertThat(deliverTo(server, listener)).hasSize(1);

            server.clock.advance(Duration.ofSeconds(5));
            var received = deliverTo(server, listener);

            assertThat(received).hasSize(2);
            String first = received.get(0).logoutToken();
            String second = received.get(1).logoutToken();
            assertThat(second).isNotEqualTo(first);
            assertThat(JWTParser.parse(second).getJWTClaimsSet().getJWTID())
                    .isEqualTo(JWTParser.parse(first).getJWTClaimsSet().getJWTID());
            assertThat(verify(second, listener).getIssueTime())
                    .isAfter(JWTParser.parse(first).getJWTClaimsSet().getIssueTime());
            assertThat(outbox(server, listener, OutboxEntry.State.DELIVERED)).hasSize(1);
        }

        @Test
        void noRetryIsSentBeforeItsBackoff() {
            var listener = listener(server);
            receiver.answer(listener.path(), 500);
            endSession(server, logIn(server, listener));
            assertThat(deliverTo(server, listener)).hasSize(1);

            server.clock.advance(Duration.ofSeconds(4));

            assertThat(deliverTo(server, listener)).hasSize(1);
        }

        @Test
        void afterTheLastAttemptTheNoticeFailsWithItsErrorAndNothingMoreIsSent() {
            var listener = listener(server);
            receiver.answer(listener.path(), 500);
            endSession(server, logIn(server, listener));
            deliverTo(server, listener);
            server.clock.advance(Duration.ofSeconds(5));
            deliverTo(server, listener);
            server.clock.advance(Duration.ofSeconds(30));
            assertThat(deliverTo(server, listener)).hasSize(MAX_ATTEMPTS);

            server.clock.advance(Duration.ofDays(1));

            assertThat(deliverTo(server, listener)).hasSize(MAX_ATTEMPTS);
            assertThat(outbox(server, listener, OutboxEntry.State.FAILED))
                    .singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.attempts()).isEqualTo(MAX_ATTEMPTS);
                        assertThat(entry.lastError())
                                .hasValueSatisfying(e -> assertThat(e).contains("HTTP 500"));
                    });
        }

        @ParameterizedTest
        @ValueSource(ints = {404, 405, 410, 501})
        void anAnswerThatSaysTheEndpointIsGoneFailsTheNoticeAtOnce(int status) {
            var listener = listener(server);
            receiver.answer(listener.path(), status);
            endSession(server, logIn(server, listener));
            assertThat(deliverTo(server, listener)).hasSize(1);

            server.clock.advance(Duration.ofDays(1));

            assertThat(deliverTo(server, listener)).hasSize(1);
            assertThat(outbox(server, listener, OutboxEntry.State.FAILED))
                    .singleElement()
                    .satisfies(entry -> assertThat(entry.lastError())
                            .hasValueSatisfying(e -> assertThat(e).contains("HTTP " + status)));
        }

        /** §2.8: 400 is a logout that failed at the RP, which may pass; it is retried. */
        @Test
        void aBadRequestAnswerIsRetried() {
            var listener = listener(server);
            receiver.answer(listener.path(), 400, 200);
            endSession(server, logIn(server, listener));
            deliverTo(server, listener);

            server.clock.advance(Duration.ofSeconds(5));

            assertThat(deliverTo(server, listener)).hasSize(2);
            assertThat(outbox(server, listener, OutboxEntry.State.DELIVERED)).hasSize(1);
        }

        @Test
        void aNoticeToAClientThatNoLongerRegistersAUriFailsWithoutBeingSent() {
            var listener = listener(server);
            receiver.answer(listener.path(), 500);
            endSession(server, logIn(server, listener));
            deliverTo(server, listener);
            server.register(
                    Fixtures.webClient(listener.id()),
                    Optional.of(listener.client().secret()));

            server.clock.advance(Duration.ofSeconds(5));

            assertThat(deliverTo(server, listener)).hasSize(1);
            assertThat(outbox(server, listener, OutboxEntry.State.FAILED))
                    .singleElement()
                    .satisfies(entry -> assertThat(entry.lastError())
                            .hasValueSatisfying(e -> assertThat(e).contains("backchannel_logout_uri")));
        }
    }

    /** What the operator sees of the outbox through the admin API. */
    @Nested
    class OperatorView {
        List<JsonNode> noticesOf(Listener listener, String query) {
            Http.Reply reply = server.admin.get("/admin/backchannel-logouts" + query);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            List<JsonNode> notices = new java.util.ArrayList<>();
            reply.json().path("notices").forEach(n -> {
                if (n.path("client_id").asText().equals(listener.id())) {
                    notices.add(n);
                }
            });
            return notices;
        }

        @Test
        void aFailedNoticeIsListedWithItsLastErrorAndNoToken() throws Exception {
            var listener = listener(server);
            receiver.answer(listener.path(), 410);
            var login = logIn(server, listener);
            endSession(server, login);
            deliverTo(server, listener);

            var failed = noticesOf(listener, "");

            assertThat(failed).singleElement().satisfies(n -> {
                assertThat(n.path("state").asText()).isEqualTo("failed");
                assertThat(n.path("attempts").asInt()).isEqualTo(1);
                assertThat(n.path("last_error").asText()).contains("HTTP 410");
                assertThat(n.path("sub").asText()).isEqualTo(login.user().sub().value());
                assertThat(n.has("logout_token")).isFalse();
            });
            assertThat(failed.getFirst().path("sid").asText()).isEqualTo(login.sid());
            assertThat(noticesOf(listener, "?state=delivered")).isEmpty();
        }

        @Test
        void aNoticeWaitingForItsRetryIsListedAsPending() {
            var listener = listener(server);
            receiver.answer(listener.path(), 500);
            endSession(server, logIn(server, listener));
            deliverTo(server, listener);

            assertThat(noticesOf(listener, "?state=pending&limit=1000"))
                    .singleElement()
                    .satisfies(n -> assertThat(n.path("last_error").asText()).contains("HTTP 500"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {"?state=lost", "?limit=0", "?limit=1001", "?limit=x", "?state=failed&state=pending", "?st=1"
                })
        void aBadQueryIsInvalidRequest(String query) {
            Http.Reply reply = server.admin.get("/admin/backchannel-logouts" + query);
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.json().path("error").asText()).isEqualTo("invalid_request");
        }
    }

    @Nested
    class WhoIsNotified {
        @Test
        void onlyTheClientsThatTookPartInTheEndedSessionAreNotified() {
            var inSession = listener(server);
            var elsewhere = listener(server);
            var login = logIn(server, inSession);
            logIn(server, elsewhere, login.user());

            endSession(server, login);

            assertThat(deliverTo(server, inSession)).hasSize(1);
            assertThat(receiver.at(elsewhere.path())).isEmpty();
        }

        @Test
        void everyClientOfTheEndedSessionIsNotifiedWithItsSid() throws Exception {
            var first = listener(server);
            var second = listener(server);
            var login = logIn(server, first).alsoAt(server, second);

            endSession(server, login);

            assertThat(deliverTo(server, first)).hasSize(1);
            var received = receiver.at(second.path());
            assertThat(received).hasSize(1);
            assertThat(verify(received.getFirst().logoutToken(), second).getStringClaim("sid"))
                    .isEqualTo(login.sid());
        }

        @Test
        void anotherUserLoggingInInTheBrowserEndsTheEarlierUsersSession() throws Exception {
            var listener = listener(server);
            var first = logIn(server, listener);
            var other = server.user("bcl-user" + IDS.incrementAndGet(), PASSWORD);

            Http.Reply back = first.browser()
                    .authorizeAndLogin(
                            Browser.codeRequest(listener.id(), Fixtures.REDIRECT_URI, "openid")
                                    .with("prompt", "login")
                                    .params(),
                            other.uid().value(),
                            PASSWORD);
            assertThat(back.status()).as(back.body()).isIn(302, 303);

            var received = deliverTo(server, listener);
            assertThat(received).hasSize(1);
            JWTClaimsSet claims = verify(received.getFirst().logoutToken(), listener);
            assertThat(claims.getSubject()).isEqualTo(first.user().sub().value());
            assertThat(claims.getStringClaim("sid")).isEqualTo(first.sid());
        }

        @Test
        void theSameUserLoggingInAgainKeepsTheSessionAndSendsNothing() {
            var listener = listener(server);
            var login = logIn(server, listener);

            Http.Reply back = login.browser()
                    .authorizeAndLogin(
                            Browser.codeRequest(listener.id(), Fixtures.REDIRECT_URI, "openid")
                                    .with("prompt", "login")
                                    .params(),
                            login.user().uid().value(),
                            PASSWORD);
            assertThat(back.status()).as(back.body()).isIn(302, 303);

            assertThat(deliverTo(server, listener)).isEmpty();
        }

        @Test
        void aGlobalRevocationOfAUserWithoutASessionSendsASubjectOnlyNotice() throws Exception {
            var listener = listener(server);
            var admin = server.confidentialClient(
                    "bcl-admin-" + IDS.incrementAndGet(), b -> b.scope(Scope.of("global_token_revocation")));
            var login = logIn(server, listener);
            endSession(server, login);
            assertThat(deliverTo(server, listener)).hasSize(1);

            Http.Reply revoked = server.http.post(
                    "/global-token-revocation",
                    "application/json",
                    "{\"sub_id\":{\"format\":\"opaque\",\"id\":\""
                            + login.user().sub().value() + "\"}}",
                    "Authorization",
                    admin.basic());
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);

            var received = deliverTo(server, listener);
            assertThat(received).hasSize(2);
            JWTClaimsSet claims = JWTParser.parse(received.get(1).logoutToken()).getJWTClaimsSet();
            assertThat(claims.getSubject()).isEqualTo(login.user().sub().value());
            assertThat(claims.getClaims()).doesNotContainKey("sid");
            assertThat(claims.getJSONObjectClaim("events")).containsOnlyKeys(EVENT);
        }
    }

    @Nested
    class SsrfSafeDelivery {
        @Test
        void aUriThePolicyRefusesFailsTheNoticeWithoutAnyConnection() {
            try (var strict = TestServer.start()) {
                var listener = listener(strict);
                endSession(strict, logIn(strict, listener));

                assertThat(deliverTo(strict, listener)).isEmpty();
                assertThat(outbox(strict, listener, OutboxEntry.State.FAILED))
                        .singleElement()
                        .satisfies(entry -> assertThat(entry.lastError())
                                .hasValueSatisfying(e -> assertThat(e).contains("outbound policy")));
            }
        }
    }
}
