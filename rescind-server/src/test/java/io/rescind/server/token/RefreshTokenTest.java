package io.rescind.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Refresh (RFC 6749 §6) with rotation on every use and reuse detection (OAuth 2.0 Security BCP §4.14.2; DESIGN §1.3
 * row "refresh-token reuse"), over real HTTP.
 */
class RefreshTokenTest {
    private static final String USER = "refresh-user";
    private static final String PASSWORD = "pw-refresh";
    private static final String SCOPE = "openid profile offline_access";
    private static final int GRACE_SECONDS = 30;

    /** Strict reuse detection (the default). */
    static TestServer server;
    /** {@code refresh_token_reuse_grace} of 30 seconds. */
    static TestServer lenient;

    static TestServer.RegisteredClient client;
    static TestServer.RegisteredClient otherClient;
    static TestServer.RegisteredClient lenientClient;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        lenient = TestServer.start(Map.of("refresh_token_reuse_grace", Integer.toString(GRACE_SECONDS)));
        client = server.confidentialClient("refresher");
        otherClient = server.confidentialClient("other-refresher");
        lenientClient = lenient.confidentialClient("refresher");
        server.user(USER, PASSWORD);
        lenient.user(USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
        lenient.close();
    }

    private static JsonNode login(TestServer at, TestServer.RegisteredClient as) {
        return Flows.codeFlow(at, as, USER, PASSWORD, SCOPE);
    }

    private static JsonNode login() {
        return login(server, client);
    }

    private static JsonNode refreshed(TestServer at, TestServer.RegisteredClient as, String refreshToken) {
        var reply = Flows.refresh(at, as, refreshToken);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static void assertInvalidGrant(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("invalid_grant");
    }

    private static String claim(String jwt, String name) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet().getStringClaim(name);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    /** Presents the same refresh token twice at once, from two threads released together. */
    private static List<Http.Reply> race(TestServer at, TestServer.RegisteredClient as, String refreshToken)
            throws Exception {
        var barrier = new CyclicBarrier(2);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<Future<Http.Reply>> replies = List.of(
                    threads.submit(() -> {
                        barrier.await();
                        return Flows.refresh(at, as, refreshToken);
                    }),
                    threads.submit(() -> {
                        barrier.await();
                        return Flows.refresh(at, as, refreshToken);
                    }));
            return List.of(replies.get(0).get(), replies.get(1).get());
        }
    }

    private static Http.Reply winner(List<Http.Reply> replies) {
        assertThat(replies)
                .extracting(Http.Reply::status)
                .as("one wins, one loses")
                .containsExactlyInAnyOrder(200, 400);
        Http.Reply loser =
                replies.stream().filter(r -> r.status() == 400).findFirst().orElseThrow();
        assertThat(loser.error()).isEqualTo("invalid_grant");
        return replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
    }

    @Nested
    class Rotation {
        @Test
        void everyRefreshAnswersANewRefreshToken() {
            String first = login().path("refresh_token").asText();
            String second =
                    refreshed(server, client, first).path("refresh_token").asText();
            String third =
                    refreshed(server, client, second).path("refresh_token").asText();
            assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
        }

        @Test
        void theRotatedRefreshTokenIsNoLongerActive() {
            String first = login().path("refresh_token").asText();
            refreshed(server, client, first);
            assertThat(Flows.active(server, client, first)).isFalse();
        }

        @Test
        void theNewAccessTokenBelongsToTheSameGrant() {
            var tokens = login();
            String refreshedAccess = refreshed(
                            server, client, tokens.path("refresh_token").asText())
                    .path("access_token")
                    .asText();
            assertThat(Flows.active(server, client, refreshedAccess)).isTrue();
            assertThat(claim(refreshedAccess, "grant_id"))
                    .isEqualTo(claim(tokens.path("access_token").asText(), "grant_id"));
        }

        @Test
        void aRefreshAnswersAnIdTokenWithoutNonce() throws ParseException {
            var tokens = refreshed(server, client, login().path("refresh_token").asText());
            var idToken = SignedJWT.parse(tokens.path("id_token").asText()).getJWTClaimsSet();
            assertThat(idToken.getClaim("nonce")).isNull();
            assertThat(idToken.getAudience()).containsExactly(client.id().value());
        }
    }

    @Nested
    class Reuse {
        @Test
        void presentingARotatedRefreshTokenIsInvalidGrant() {
            String first = login().path("refresh_token").asText();
            refreshed(server, client, first);
            assertInvalidGrant(Flows.refresh(server, client, first));
        }

        @Test
        void revokesTheLatestAccessToken() {
            String first = login().path("refresh_token").asText();
            String latestAccess =
                    refreshed(server, client, first).path("access_token").asText();
            assertThat(Flows.active(server, client, latestAccess)).isTrue();

            Flows.refresh(server, client, first);

            assertThat(Flows.active(server, client, latestAccess)).isFalse();
        }

        @Test
        void revokesTheAccessTokenOfTheCodeExchange() {
            var tokens = login();
            refreshed(server, client, tokens.path("refresh_token").asText());

            Flows.refresh(server, client, tokens.path("refresh_token").asText());

            assertThat(Flows.active(server, client, tokens.path("access_token").asText()))
                    .isFalse();
        }

        @Test
        void revokesTheLatestRefreshToken() {
            String first = login().path("refresh_token").asText();
            String latest =
                    refreshed(server, client, first).path("refresh_token").asText();

            Flows.refresh(server, client, first);

            assertInvalidGrant(Flows.refresh(server, client, latest));
            assertThat(Flows.active(server, client, latest)).isFalse();
        }

        @Test
        void theLatestAccessTokenIsRefusedAtUserinfo() {
            String first = login().path("refresh_token").asText();
            String latestAccess =
                    refreshed(server, client, first).path("access_token").asText();

            Flows.refresh(server, client, first);

            var reply = server.http.get("/userinfo", "Authorization", "Bearer " + latestAccess);
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate"))
                    .hasValueSatisfying(challenge ->
                            assertThat(challenge).startsWith("Bearer ").contains("error=\"invalid_token\""));
        }

        @Test
        void leavesOtherGrantsOfTheSameUserAlive() {
            var other = login();
            String first = login().path("refresh_token").asText();
            refreshed(server, client, first);

            Flows.refresh(server, client, first);

            assertThat(Flows.active(server, client, other.path("access_token").asText()))
                    .isTrue();
            refreshed(server, client, other.path("refresh_token").asText());
        }
    }

    @Nested
    class ConcurrentRefreshes {
        @RepeatedTest(3)
        void oneWinsAndUnderStrictReuseDetectionTheGrantIsRevoked() throws Exception {
            String refreshToken = login().path("refresh_token").asText();

            Http.Reply winner = winner(race(server, client, refreshToken));

            assertInvalidGrant(Flows.refresh(
                    server, client, winner.json().path("refresh_token").asText()));
            assertThat(Flows.active(
                            server, client, winner.json().path("access_token").asText()))
                    .isFalse();
        }

        @RepeatedTest(3)
        void oneWinsAndWithinTheReuseGraceTheGrantSurvives() throws Exception {
            String refreshToken =
                    login(lenient, lenientClient).path("refresh_token").asText();

            Http.Reply winner = winner(race(lenient, lenientClient, refreshToken));

            assertThat(Flows.active(
                            lenient,
                            lenientClient,
                            winner.json().path("access_token").asText()))
                    .isTrue();
            refreshed(
                    lenient, lenientClient, winner.json().path("refresh_token").asText());
        }
    }

    @Nested
    class ReuseGrace {
        @Test
        void withinTheGraceTheRotatedTokenIsRefusedAndTheGrantSurvives() {
            String first = login(lenient, lenientClient).path("refresh_token").asText();
            var second = refreshed(lenient, lenientClient, first);

            assertInvalidGrant(Flows.refresh(lenient, lenientClient, first));

            assertThat(Flows.active(
                            lenient, lenientClient, second.path("access_token").asText()))
                    .isTrue();
            refreshed(lenient, lenientClient, second.path("refresh_token").asText());
        }

        @Test
        void afterTheGraceTheRotatedTokenRevokesTheGrant() {
            String first = login(lenient, lenientClient).path("refresh_token").asText();
            String second = refreshed(lenient, lenientClient, first)
                    .path("refresh_token")
                    .asText();
            lenient.clock.advance(Duration.ofSeconds(GRACE_SECONDS + 1));

            assertInvalidGrant(Flows.refresh(lenient, lenientClient, first));

            assertInvalidGrant(Flows.refresh(lenient, lenientClient, second));
        }

        @Test
        void aTokenTwoRotationsOldRevokesTheGrantEvenWithinTheGrace() {
            String first = login(lenient, lenientClient).path("refresh_token").asText();
            String second = refreshed(lenient, lenientClient, first)
                    .path("refresh_token")
                    .asText();
            String third = refreshed(lenient, lenientClient, second)
                    .path("refresh_token")
                    .asText();

            assertInvalidGrant(Flows.refresh(lenient, lenientClient, first));

            assertInvalidGrant(Flows.refresh(lenient, lenientClient, third));
        }
    }

    @Nested
    class ClientBinding {
        @Test
        void aRefreshTokenOfAnotherClientIsInvalidGrant() {
            String refreshToken = login().path("refresh_token").asText();
            assertInvalidGrant(Flows.refresh(server, otherClient, refreshToken));
        }

        @Test
        void anotherClientPresentingItNeitherConsumesNorRevokesIt() {
            String refreshToken = login().path("refresh_token").asText();
            Flows.refresh(server, otherClient, refreshToken);
            refreshed(server, client, refreshToken);
        }
    }

    @Nested
    class Scope {
        @Test
        void aNarrowerScopeIsGranted() {
            String refreshToken = login().path("refresh_token").asText();
            var reply = server.http.postForm(
                    "/token",
                    Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "scope", "openid"),
                    "Authorization",
                    client.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("scope").asText()).isEqualTo("openid");
            assertThat(claim(reply.json().path("access_token").asText(), "scope"))
                    .isEqualTo("openid");
        }

        @Test
        void withoutScopeTheNextRefreshGetsTheOriginalScopeBack() {
            String refreshToken = login().path("refresh_token").asText();
            var narrowed = server.http.postForm(
                    "/token",
                    Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "scope", "openid"),
                    "Authorization",
                    client.basic());
            var next = refreshed(
                    server, client, narrowed.json().path("refresh_token").asText());
            assertThat(next.path("scope").asText()).isEqualTo(SCOPE);
        }

        @Test
        void aWiderScopeIsInvalidScope() {
            String refreshToken = login().path("refresh_token").asText();
            var reply = server.http.postForm(
                    "/token",
                    Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "scope", "openid api"),
                    "Authorization",
                    client.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_scope");
        }

        @Test
        void aRefusedWiderScopeDoesNotConsumeTheRefreshToken() {
            String refreshToken = login().path("refresh_token").asText();
            server.http.postForm(
                    "/token",
                    Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "scope", "openid api"),
                    "Authorization",
                    client.basic());
            refreshed(server, client, refreshToken);
        }
    }

    @Nested
    class Expiry {
        private static final Duration TTL = Duration.ofMinutes(10);

        @Test
        void aRefreshTokenRefreshesUntilItsTtl() {
            var shortLived = server.confidentialClient("short-lived-ok", b -> b.refreshTokenTtl(TTL));
            String refreshToken =
                    login(server, shortLived).path("refresh_token").asText();
            server.clock.advance(TTL.minusSeconds(1));
            refreshed(server, shortLived, refreshToken);
        }

        @Test
        void aRefreshTokenPastItsTtlIsInvalidGrant() {
            var shortLived = server.confidentialClient("short-lived-expired", b -> b.refreshTokenTtl(TTL));
            String refreshToken =
                    login(server, shortLived).path("refresh_token").asText();
            server.clock.advance(TTL.plusSeconds(1));
            assertInvalidGrant(Flows.refresh(server, shortLived, refreshToken));
        }
    }

    @Nested
    class NotARefreshToken {
        @Test
        void garbageIsInvalidGrant() {
            assertInvalidGrant(Flows.refresh(server, client, "garbage"));
        }

        @Test
        void aJwtIsInvalidGrant() {
            assertInvalidGrant(
                    Flows.refresh(server, client, login().path("id_token").asText()));
        }

        @Test
        void anAccessTokenIsInvalidGrant() {
            assertInvalidGrant(
                    Flows.refresh(server, client, login().path("access_token").asText()));
        }

        @Test
        void aRefreshTokenWithOneCharacterChangedIsInvalidGrant() {
            String genuine = login().path("refresh_token").asText();
            char last = genuine.charAt(genuine.length() - 1);
            String forged = genuine.substring(0, genuine.length() - 1) + (last == 'A' ? 'B' : 'A');
            assertInvalidGrant(Flows.refresh(server, client, forged));
            refreshed(server, client, genuine);
        }
    }
}
