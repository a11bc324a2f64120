package io.rescind.server.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.core.client.GrantType;
import io.rescind.core.protocol.Scope;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DESIGN §2 invariant 2, no resurrection: after a revocation of X answers success, no token derived from X validates
 * anywhere, including tokens minted by refreshes and code exchanges that raced with it. Each trial starts a refresh
 * or a code exchange and a revocation at the same instant (a barrier, then a random delay of up to a few
 * milliseconds on one side, so every interleaving comes up), then checks every token the trial produced at
 * /introspect, /userinfo and the refresh grant. 500 trials in all; one variant runs on the real wall clock, so tokens
 * are minted within the same second as the revocation.
 */
class NoResurrectionTest {
    static final String PASSWORD = "pw-of-the-race";
    /** Rate limits out of the way: these trials are one caller sending hundreds of revocations on purpose. */
    static final Map<String, String> SETTINGS = Map.of("revocation_rate_limit", "1000000");

    /** How a trial revokes; each answers the HTTP status the revocation gave. */
    enum Revocation {
        GLOBAL_TOKEN_REVOCATION,
        SESSION_REVOCATION,
        RFC7009_OF_THE_GRANT
    }

    /** What races the revocation. */
    enum Race {
        REFRESH,
        CODE_EXCHANGE
    }

    /** One server, its clients, and the count of trials and live tokens per race. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Trials {
        TestServer server;
        TestServer.RegisteredClient web;
        TestServer.RegisteredClient admin;
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        final AtomicInteger users = new AtomicInteger();

        abstract TestServer start();

        @BeforeAll
        void startServer() {
            server = start();
            web = server.confidentialClient("race-web");
            admin = new TestServer.RegisteredClient(
                    new io.rescind.core.client.ClientId("race-admin"), "secret-of-race-admin");
            server.register(
                    Fixtures.webClient("race-admin")
                            .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                            .scope(Scope.of("global_token_revocation", "revoke_session")),
                    Optional.of(admin.secret()));
        }

        @AfterAll
        void stop() {
            pool.shutdownNow();
            server.close();
        }

        /** Runs {@code trials} races and answers how many tokens were still alive afterwards (must be 0). */
        int run(Race race, Revocation revocation, int trials) throws Exception {
            int live = 0;
            for (int i = 0; i < trials; i++) {
                String uid = "racer-" + users.incrementAndGet();
                server.user(uid, PASSWORD);
                live += switch (race) {
                    case REFRESH -> refreshRace(uid, revocation);
                    case CODE_EXCHANGE -> codeExchangeRace(uid, revocation);
                };
            }
            System.out.printf("no-resurrection: %s vs %s: trials=%d live tokens=%d%n", race, revocation, trials, live);
            return live;
        }

        private int refreshRace(String uid, Revocation revocation) throws Exception {
            JsonNode tokens = Flows.codeFlow(server, web, uid, PASSWORD, "openid offline_access");
            String accessToken = tokens.path("access_token").asText();
            String refreshToken = tokens.path("refresh_token").asText();
            var outcomes = together(
                    () -> Flows.refresh(server, web, refreshToken), () -> revoke(revocation, uid, accessToken));
            assertRevoked(outcomes.revocation());
            List<String> accessTokens = new ArrayList<>(List.of(accessToken));
            List<String> refreshTokens = new ArrayList<>(List.of(refreshToken));
            collect(outcomes.minting(), accessTokens, refreshTokens);
            return liveTokens(accessTokens, refreshTokens);
        }

        private int codeExchangeRace(String uid, Revocation revocation) throws Exception {
            var browser = new Browser(server.http);
            var request = Browser.codeRequest(web.id().value(), Fixtures.REDIRECT_URI, "openid");
            var back = browser.authorizeAndLogin(request.params(), uid, PASSWORD);
            String code = Browser.query(back.location()).get("code");
            var outcomes = together(
                    () -> Flows.exchange(server, web, code, request.verifier()), () -> revoke(revocation, uid, ""));
            assertRevoked(outcomes.revocation());
            List<String> accessTokens = new ArrayList<>();
            List<String> refreshTokens = new ArrayList<>();
            collect(outcomes.minting(), accessTokens, refreshTokens);
            // The browser's session must be gone too: a new authorization asks for a login again.
            var again = browser.authorize(Browser.codeRequest(web.id().value(), Fixtures.REDIRECT_URI, "openid")
                    .params());
            int live = again.location().getPath().equals("/login") ? 0 : 1;
            return live + liveTokens(accessTokens, refreshTokens);
        }

        private Http.Reply revoke(Revocation revocation, String uid, String accessToken) {
            return switch (revocation) {
                case GLOBAL_TOKEN_REVOCATION ->
                    server.http.post(
                            "/global-token-revocation",
                            "application/json",
                            "{\"sub_id\":{\"format\":\"uid\",\"id\":\"" + uid + "\"}}",
                            "Authorization",
                            admin.basic());
                case SESSION_REVOCATION ->
                    server.http.postForm(
                            "/revoke_session",
                            Http.params("user_criterion_key", "uid", "user_criterion_value", uid),
                            "Authorization",
                            admin.basic());
                case RFC7009_OF_THE_GRANT ->
                    server.http.postForm("/oauth/revoke", Map.of("token", accessToken), "Authorization", web.basic());
            };
        }

        private static void assertRevoked(Http.Reply revocation) {
            assertThat(revocation.status()).as(revocation.body()).isIn(200, 204);
        }

        private static void collect(Http.Reply minting, List<String> accessTokens, List<String> refreshTokens) {
            if (minting.status() == 200) {
                JsonNode body = minting.json();
                accessTokens.add(body.path("access_token").asText());
                if (body.hasNonNull("refresh_token")) {
                    refreshTokens.add(body.path("refresh_token").asText());
                }
            }
        }

        /**
         * Every way a token could still work: introspection, userinfo, and refreshing. Refresh tokens are refreshed
         * newest first: presenting a rotated one revokes its grant, which would hide a live newer one.
         */
        int liveTokens(List<String> accessTokens, List<String> refreshTokens) {
            int live = 0;
            for (String token : accessTokens) {
                live += Flows.introspect(server, web, token)
                                .json()
                                .path("active")
                                .asBoolean()
                        ? 1
                        : 0;
                live += server.http
                                        .get("/userinfo", "Authorization", "Bearer " + token)
                                        .status()
                                == 200
                        ? 1
                        : 0;
            }
            for (String token : refreshTokens) {
                live += Flows.introspect(server, web, token)
                                .json()
                                .path("active")
                                .asBoolean()
                        ? 1
                        : 0;
            }
            for (String token : refreshTokens.reversed()) {
                live += Flows.refresh(server, web, token).status() == 200 ? 1 : 0;
            }
            return live;
        }

        /** The minting request and the revocation, released together; one side waits a few random milliseconds. */
        Outcomes together(
                java.util.function.Supplier<Http.Reply> minting, java.util.function.Supplier<Http.Reply> revocation)
                throws Exception {
            var barrier = new CyclicBarrier(2);
            int delayMillis = ThreadLocalRandom.current().nextInt(0, 4);
            boolean revocationWaits = ThreadLocalRandom.current().nextBoolean();
            Function<java.util.function.Supplier<Http.Reply>, java.util.function.Supplier<Http.Reply>> released =
                    call -> () -> {
                        try {
                            barrier.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return call.get();
                    };
            var mint = CompletableFuture.supplyAsync(
                    released.apply(revocationWaits ? minting : delayed(minting, delayMillis)), pool);
            var revoke = CompletableFuture.supplyAsync(
                    released.apply(revocationWaits ? delayed(revocation, delayMillis) : revocation), pool);
            return new Outcomes(mint.get(), revoke.get());
        }

        private static java.util.function.Supplier<Http.Reply> delayed(
                java.util.function.Supplier<Http.Reply> call, int millis) {
            return () -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return call.get();
            };
        }

        record Outcomes(Http.Reply minting, Http.Reply revocation) {}
    }

    @Nested
    class OnTheTestClock extends Trials {
        @Override
        TestServer start() {
            return TestServer.start(SETTINGS);
        }

        @Test
        void globalTokenRevocationRacingRefreshes() throws Exception {
            assertThat(run(Race.REFRESH, Revocation.GLOBAL_TOKEN_REVOCATION, 100))
                    .isZero();
        }

        @Test
        void globalTokenRevocationRacingCodeExchanges() throws Exception {
            assertThat(run(Race.CODE_EXCHANGE, Revocation.GLOBAL_TOKEN_REVOCATION, 100))
                    .isZero();
        }

        @Test
        void sessionRevocationRacingRefreshesOfOnlineGrants() throws Exception {
            assertThat(runOnline(Race.REFRESH, 75)).isZero();
        }

        @Test
        void sessionRevocationRacingCodeExchanges() throws Exception {
            assertThat(run(Race.CODE_EXCHANGE, Revocation.SESSION_REVOCATION, 75))
                    .isZero();
        }

        @Test
        void rfc7009RevocationOfTheGrantRacingRefreshes() throws Exception {
            assertThat(run(Race.REFRESH, Revocation.RFC7009_OF_THE_GRANT, 100)).isZero();
        }

        /** Session revocation kills online grants only: the refresh race runs on grants without offline_access. */
        private int runOnline(Race race, int trials) throws Exception {
            int live = 0;
            for (int i = 0; i < trials; i++) {
                String uid = "online-" + users.incrementAndGet();
                server.user(uid, PASSWORD);
                JsonNode tokens = Flows.codeFlow(server, web, uid, PASSWORD, "openid");
                String accessToken = tokens.path("access_token").asText();
                String refreshToken = tokens.path("refresh_token").asText();
                var outcomes = together(
                        () -> Flows.refresh(server, web, refreshToken),
                        () -> server.http.postForm(
                                "/revoke_session",
                                Http.params("user_criterion_key", "uid", "user_criterion_value", uid),
                                "Authorization",
                                admin.basic()));
                assertThat(outcomes.revocation().status()).isEqualTo(200);
                List<String> accessTokens = new ArrayList<>(List.of(accessToken));
                List<String> refreshTokens = new ArrayList<>(List.of(refreshToken));
                if (outcomes.minting().status() == 200) {
                    accessTokens.add(
                            outcomes.minting().json().path("access_token").asText());
                    refreshTokens.add(
                            outcomes.minting().json().path("refresh_token").asText());
                }
                live += liveTokens(accessTokens, refreshTokens);
            }
            System.out.printf(
                    "no-resurrection: %s vs SESSION_REVOCATION (online grants): trials=%d live tokens=%d%n",
                    race, trials, live);
            return live;
        }
    }

    @Nested
    class OnTheWallClock extends Trials {
        @Override
        TestServer start() {
            return TestServer.startOnWallClock(SETTINGS);
        }

        @Test
        void tokensMintedInTheSameRealSecondAsAGlobalRevocationAreDead() throws Exception {
            int live = run(Race.REFRESH, Revocation.GLOBAL_TOKEN_REVOCATION, 25)
                    + run(Race.CODE_EXCHANGE, Revocation.GLOBAL_TOKEN_REVOCATION, 25);
            assertThat(live).isZero();
        }
    }
}
