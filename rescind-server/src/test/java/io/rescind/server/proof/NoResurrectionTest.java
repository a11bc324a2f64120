package io.rescind.server.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.core.client.GrantType;
import io.rescind.core.protocol.Scope;
import io.rescind.core.user.User;
import io.rescind.server.testing.AdminApi;
import io.rescind.server.testing.BesideTheServer;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.testing.TestDatabases;
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
 * /introspect, /userinfo and the refresh grant, and whether the browser's session still skips the login. Every
 * interface that kills grants races: the global token and session revocations, RFC 7009, /end_session, and the admin
 * API's user disable and client revocation. 850 trials in all; one variant runs on the real wall clock, so tokens
 * are minted within the same second as the revocation, and every race runs a quarter of its trials again on the
 * machine's PostgreSQL (always under CI).
 *
 * <p>The access-token API (#4) is not among them: it kills one access token by its {@code jti}, and what a racing
 * refresh mints is not derived from it (the refresh token survives it by design, DESIGN §1).
 */
class NoResurrectionTest {
    static final String PASSWORD = "pw-of-the-race";
    /** Rate limits out of the way: these trials are one caller sending hundreds of revocations on purpose. */
    static final Map<String, String> SETTINGS = Map.of("revocation_rate_limit", "1000000");

    /** How a trial revokes, and what the revocation kills. */
    enum Revocation {
        GLOBAL_TOKEN_REVOCATION(Kills.EVERYTHING_OF_THE_USER),
        SESSION_REVOCATION(Kills.THE_SESSIONS),
        END_SESSION(Kills.THE_SESSIONS),
        RFC7009_OF_THE_GRANT(Kills.THE_GRANT),
        ADMIN_USER_DISABLED(Kills.EVERYTHING_OF_THE_USER),
        ADMIN_CLIENT_REVOCATION(Kills.EVERYTHING_OF_THE_CLIENT);

        final Kills kills;

        Revocation(Kills kills) {
            this.kills = kills;
        }
    }

    /** The reach of a revocation (DESIGN §1.3). */
    enum Kills {
        /** Every grant, code and session of the user. */
        EVERYTHING_OF_THE_USER,
        /** The sessions and the online grants bound to them; {@code offline_access} grants live on. */
        THE_SESSIONS,
        /** The grant of the presented token. */
        THE_GRANT,
        /** Every grant and code of the client; login sessions live on. */
        EVERYTHING_OF_THE_CLIENT;

        /** A refresh race runs on grants this revocation kills: session ends kill online grants only. */
        String refreshScope() {
            return this == THE_SESSIONS ? "openid" : "openid offline_access";
        }

        boolean endsTheSession() {
            return this == EVERYTHING_OF_THE_USER || this == THE_SESSIONS;
        }
    }

    /** What races the revocation. */
    enum Race {
        REFRESH,
        CODE_EXCHANGE
    }

    /** The user of one trial, logged in to {@code client} in {@code browser}, and the tokens of that login. */
    record Victim(User user, TestServer.RegisteredClient client, Flows.LoggedIn login) {
        String uid() {
            return user.uid().value();
        }

        String accessToken() {
            return login.accessToken();
        }

        String idToken() {
            return login.tokens().path("id_token").asText();
        }
    }

    /** One server, its clients, and the count of trials and live tokens per race. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Trials {
        TestServer server;
        TestServer.RegisteredClient web;
        TestServer.RegisteredClient admin;
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        final AtomicInteger trialNumbers = new AtomicInteger();

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
            if (server != null) {
                server.close();
            }
        }

        /** Runs {@code trials} races and answers how many tokens were still alive afterwards (must be 0). */
        int run(Race race, Revocation revocation, int trials) throws Exception {
            int live = 0;
            for (int i = 0; i < trials; i++) {
                int n = trialNumbers.incrementAndGet();
                User user = server.user("racer-" + n, PASSWORD);
                // A client revocation kills every user's tokens of the client: each trial gets its own.
                var client = revocation == Revocation.ADMIN_CLIENT_REVOCATION
                        ? server.confidentialClient("race-client-" + n)
                        : web;
                live += switch (race) {
                    case REFRESH -> refreshRace(user, client, revocation);
                    case CODE_EXCHANGE -> codeExchangeRace(user, client, revocation);
                };
            }
            System.out.printf(
                    "no-resurrection (%s): %s vs %s: trials=%d live tokens=%d%n",
                    getClass().getSimpleName(), race, revocation, trials, live);
            return live;
        }

        private int refreshRace(User user, TestServer.RegisteredClient client, Revocation revocation) throws Exception {
            var victim = new Victim(
                    user,
                    client,
                    Flows.login(server, client, user.uid().value(), PASSWORD, revocation.kills.refreshScope()));
            String refreshToken = victim.login().refreshToken();
            Map<String, String> cookies = aliveBeforeTheRace(victim);
            var outcomes =
                    together(() -> Flows.refresh(server, client, refreshToken), () -> revoke(revocation, victim));
            assertRevoked(outcomes.revocation());
            List<String> accessTokens = new ArrayList<>(List.of(victim.accessToken()));
            List<String> refreshTokens = new ArrayList<>(List.of(refreshToken));
            collect(outcomes.minting(), accessTokens, refreshTokens);
            return afterTheRace(victim, revocation, cookies, accessTokens, refreshTokens);
        }

        /**
         * The user logs in (a session, an ID token for {@code /end_session}), then authorizes again in the same
         * browser without a login; the exchange of that second code races the revocation.
         */
        private int codeExchangeRace(User user, TestServer.RegisteredClient client, Revocation revocation)
                throws Exception {
            var victim = new Victim(
                    user, client, Flows.login(server, client, user.uid().value(), PASSWORD, "openid"));
            var browser = victim.login().browser();
            var request = Browser.codeRequest(client.id().value(), Fixtures.REDIRECT_URI, "openid");
            var back = browser.authorize(request.params());
            String code = Browser.query(back.location()).get("code");
            assertThat(code).as("a code without a login in " + back.location()).isNotNull();
            Map<String, String> cookies = aliveBeforeTheRace(victim);
            var outcomes = together(
                    () -> Flows.exchange(server, client, code, request.verifier()), () -> revoke(revocation, victim));
            assertRevoked(outcomes.revocation());
            List<String> accessTokens = new ArrayList<>(List.of(victim.accessToken()));
            List<String> refreshTokens = new ArrayList<>(List.of(victim.login().refreshToken()));
            collect(outcomes.minting(), accessTokens, refreshTokens);
            return afterTheRace(victim, revocation, cookies, accessTokens, refreshTokens);
        }

        /**
         * The control before a race: the victim's access token is active (else "dead" afterwards proves nothing). Answers
         * a copy of the browser's cookies: the session as it was, which {@code /end_session}'s answer clears in the
         * browser itself.
         */
        private Map<String, String> aliveBeforeTheRace(Victim victim) {
            assertThat(Flows.active(server, web, victim.accessToken()))
                    .as("the victim's access token before the race")
                    .isTrue();
            return Map.copyOf(victim.login().browser().cookies());
        }

        /**
         * What is alive after the race: the session (if the revocation ends it) and every token. A user the admin API
         * disabled is enabled again first, so that what is dead is dead by the revocation, not by the user's status.
         */
        private int afterTheRace(
                Victim victim,
                Revocation revocation,
                Map<String, String> cookies,
                List<String> accessTokens,
                List<String> refreshTokens) {
            if (revocation == Revocation.ADMIN_USER_DISABLED) {
                new BesideTheServer(server).users().enable(victim.user());
                // It logs in again: the status no longer stands between the user and what the checks below ask.
                Flows.login(server, victim.client(), victim.uid(), PASSWORD, "openid");
            }
            int live = 0;
            if (revocation.kills.endsTheSession()) {
                // The session must be gone too: a browser with its cookie is asked to log in again.
                var browser = new Browser(server.http);
                browser.cookies().putAll(cookies);
                live += Flows.sessionLetsThrough(browser, victim.client()) ? 1 : 0;
            }
            return live + liveTokens(victim.client(), accessTokens, refreshTokens);
        }

        private Http.Reply revoke(Revocation revocation, Victim victim) {
            String uid = victim.uid();
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
                case END_SESSION ->
                    victim.login()
                            .browser()
                            .get("/end_session?" + Http.form(Http.params("id_token_hint", victim.idToken())));
                case RFC7009_OF_THE_GRANT ->
                    server.http.postForm(
                            "/oauth/revoke",
                            Map.of("token", victim.accessToken()),
                            "Authorization",
                            victim.client().basic());
                case ADMIN_USER_DISABLED -> server.admin.post("/admin/users/" + uid + "/disable", "{}");
                case ADMIN_CLIENT_REVOCATION ->
                    server.admin.revoke(AdminApi.target(
                            "client", "client_id", victim.client().id().value()));
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
         * Every way a token could still work: introspection, userinfo, and refreshing. Each answer is one of the two a
         * live or a dead token gets (introspection 200, userinfo 200 or 401, a refresh 200 or 400 {@code
         * invalid_grant}): any other error is a failure, not a dead token. Refresh tokens are refreshed newest first:
         * presenting a rotated one revokes its grant, which would hide a live newer one.
         */
        int liveTokens(TestServer.RegisteredClient client, List<String> accessTokens, List<String> refreshTokens) {
            int live = 0;
            for (String token : accessTokens) {
                live += Flows.active(server, web, token) ? 1 : 0;
                Http.Reply userinfo = server.http.get("/userinfo", "Authorization", "Bearer " + token);
                assertThat(userinfo.status()).as(userinfo.body()).isIn(200, 401);
                live += userinfo.status() == 200 ? 1 : 0;
            }
            for (String token : refreshTokens) {
                live += Flows.active(server, client, token) ? 1 : 0;
            }
            for (String token : refreshTokens.reversed()) {
                Http.Reply refresh = Flows.refresh(server, client, token);
                if (refresh.status() == 200) {
                    live++;
                } else {
                    assertThat(refresh.status()).as(refresh.body()).isEqualTo(400);
                    assertThat(refresh.error()).as(refresh.body()).isEqualTo("invalid_grant");
                }
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

    /** Every race, each with its number of trials on the test clock's embedded PostgreSQL scaled by {@link #trials}. */
    abstract static class EveryRace extends Trials {
        /** How many trials a race with {@code n} on the test clock's embedded PostgreSQL runs here. */
        abstract int trials(int n);

        @Test
        void globalTokenRevocationRacingRefreshes() throws Exception {
            assertThat(run(Race.REFRESH, Revocation.GLOBAL_TOKEN_REVOCATION, trials(100)))
                    .isZero();
        }

        @Test
        void globalTokenRevocationRacingCodeExchanges() throws Exception {
            assertThat(run(Race.CODE_EXCHANGE, Revocation.GLOBAL_TOKEN_REVOCATION, trials(100)))
                    .isZero();
        }

        @Test
        void sessionRevocationRacingRefreshesOfOnlineGrants() throws Exception {
            assertThat(run(Race.REFRESH, Revocation.SESSION_REVOCATION, trials(75)))
                    .isZero();
        }

        @Test
        void sessionRevocationRacingCodeExchanges() throws Exception {
            assertThat(run(Race.CODE_EXCHANGE, Revocation.SESSION_REVOCATION, trials(75)))
                    .isZero();
        }

        @Test
        void endSessionRacingRefreshesOfOnlineGrants() throws Exception {
            assertThat(run(Race.REFRESH, Revocation.END_SESSION, trials(75))).isZero();
        }

        @Test
        void endSessionRacingCodeExchanges() throws Exception {
            assertThat(run(Race.CODE_EXCHANGE, Revocation.END_SESSION, trials(75)))
                    .isZero();
        }

        @Test
        void rfc7009RevocationOfTheGrantRacingRefreshes() throws Exception {
            assertThat(run(Race.REFRESH, Revocation.RFC7009_OF_THE_GRANT, trials(100)))
                    .isZero();
        }

        @Test
        void adminUserDisableRacingRefreshes() throws Exception {
            assertThat(run(Race.REFRESH, Revocation.ADMIN_USER_DISABLED, trials(50)))
                    .isZero();
        }

        @Test
        void adminUserDisableRacingCodeExchanges() throws Exception {
            assertThat(run(Race.CODE_EXCHANGE, Revocation.ADMIN_USER_DISABLED, trials(50)))
                    .isZero();
        }

        @Test
        void adminClientRevocationRacingRefreshes() throws Exception {
            assertThat(run(Race.REFRESH, Revocation.ADMIN_CLIENT_REVOCATION, trials(50)))
                    .isZero();
        }

        @Test
        void adminClientRevocationRacingCodeExchanges() throws Exception {
            assertThat(run(Race.CODE_EXCHANGE, Revocation.ADMIN_CLIENT_REVOCATION, trials(50)))
                    .isZero();
        }
    }

    @Nested
    class OnTheTestClock extends EveryRace {
        @Override
        TestServer start() {
            return TestServer.start(SETTINGS);
        }

        @Override
        int trials(int n) {
            return n;
        }
    }

    /** The races on the machine's PostgreSQL, whose transactions and locks are a server's of its own. */
    @Nested
    class OnTheMachinesPostgresql extends EveryRace {
        private ConnectionSettings database;

        @Override
        TestServer start() {
            TestDatabases.assumeExternal();
            database = TestDatabases.freshDatabase(TestDatabases.Target.EXTERNAL);
            return TestServer.start(database, SETTINGS);
        }

        @Override
        int trials(int n) {
            return n / 4;
        }

        @Override
        @AfterAll
        void stop() {
            super.stop();
            if (database != null) {
                TestDatabases.release(database);
            }
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
