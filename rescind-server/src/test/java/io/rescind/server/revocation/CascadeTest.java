package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.rescind.server.testing.Database;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.net.URI;
import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cascade table of DESIGN §1.3, one test per row the revocation interfaces exercise: each revokes one thing in the
 * same world and asserts exactly which access tokens, refresh tokens (grants), codes and sessions died, which lived,
 * and what was logged and queued for back-channel logout.
 */
class CascadeTest {
    static TestServer server;
    static TestServer.RegisteredClient app;
    static TestServer.RegisteredClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        String secret = "secret-of-cascade-app";
        server.register(
                Fixtures.webClient("cascade-app")
                        .backchannelLogoutUri(Optional.of(URI.create("https://app.example.com/backchannel-logout"))),
                Optional.of(secret));
        app = new TestServer.RegisteredClient(new io.rescind.core.client.ClientId("cascade-app"), secret);
        admin = GlobalTokenRevocationTest.registerAdmin(server, "cascade-admin");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What a test can kill, by the name the assertions use. */
    enum Item {
        G1_ACCESS_TOKEN_1,
        G1_ACCESS_TOKEN_2,
        OFFLINE_ACCESS_TOKEN,
        G3_ACCESS_TOKEN,
        BYSTANDER_ACCESS_TOKEN,
        CLIENT_CREDENTIALS_TOKEN,
        G1_REFRESH_TOKEN,
        OFFLINE_REFRESH_TOKEN,
        G3_REFRESH_TOKEN,
        BYSTANDER_REFRESH_TOKEN,
        CODE_IN_SESSION_1,
        CODE_IN_SESSION_2,
        BYSTANDER_CODE,
        SESSION_1,
        SESSION_2,
        BYSTANDER_SESSION
    }

    /**
     * A user with two login sessions. Session 1: an online grant G1 refreshed once (two access tokens; the first refresh
     * token is rotated out), an offline_access grant, a pending code. Session 2: an online grant G3 (its code is kept
     * for a replay), a pending code. Beside them: another user's session, grant and code, and the client's own
     * client_credentials token.
     */
    static final class World {
        final LoggedIn session1;
        final LoggedIn session2;
        final LoggedIn bystander;
        final String g1AccessToken1;
        final String g1RotatedRefreshToken;
        final String g1AccessToken2;
        final String g1RefreshToken;
        final LoggedIn.Tokens offline;
        final LoggedIn.Code g3Code;
        final LoggedIn.Tokens g3;
        final LoggedIn.Code codeInSession1;
        final LoggedIn.Code codeInSession2;
        final LoggedIn.Tokens bystanderTokens;
        final LoggedIn.Code bystanderCode;
        final String clientCredentialsToken;

        World() {
            session1 = LoggedIn.newUser(server, app);
            session2 = LoggedIn.as(server, app, session1.user);
            bystander = LoggedIn.newUser(server, app);

            var g1 = session1.grant("openid");
            g1AccessToken1 = g1.accessToken();
            g1RotatedRefreshToken = g1.refreshToken();
            var refreshed = session1.refresh(g1.refreshToken());
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            g1AccessToken2 = refreshed.json().path("access_token").asText();
            g1RefreshToken = refreshed.json().path("refresh_token").asText();
            offline = session1.grant("openid offline_access");
            codeInSession1 = session1.pendingCode("openid");

            g3Code = session2.pendingCode("openid profile");
            var exchanged = session2.exchange(g3Code);
            assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
            g3 = new LoggedIn.Tokens(
                    exchanged.json().path("access_token").asText(),
                    exchanged.json().path("refresh_token").asText(),
                    exchanged.json().path("id_token").asText());
            codeInSession2 = session2.pendingCode("openid");

            bystanderTokens = bystander.grant("openid");
            bystanderCode = bystander.pendingCode("openid");
            clientCredentialsToken = Flows.clientCredentialsToken(server, app, "api");
        }

        String sub() {
            return session1.user.sub().value();
        }

        /** Which items still work, asked in an order where asking cannot change the answer for the next one. */
        Map<Item, Boolean> alive() {
            var alive = new LinkedHashMap<Item, Boolean>();
            alive.put(Item.G1_ACCESS_TOKEN_1, session1.isActive(g1AccessToken1));
            alive.put(Item.G1_ACCESS_TOKEN_2, session1.isActive(g1AccessToken2));
            alive.put(Item.OFFLINE_ACCESS_TOKEN, session1.isActive(offline.accessToken()));
            alive.put(Item.G3_ACCESS_TOKEN, session1.isActive(g3.accessToken()));
            alive.put(Item.BYSTANDER_ACCESS_TOKEN, session1.isActive(bystanderTokens.accessToken()));
            alive.put(Item.CLIENT_CREDENTIALS_TOKEN, session1.isActive(clientCredentialsToken));
            alive.put(Item.G1_REFRESH_TOKEN, session1.refreshes(g1RefreshToken));
            alive.put(Item.OFFLINE_REFRESH_TOKEN, session1.refreshes(offline.refreshToken()));
            alive.put(Item.G3_REFRESH_TOKEN, session1.refreshes(g3.refreshToken()));
            alive.put(Item.BYSTANDER_REFRESH_TOKEN, bystander.refreshes(bystanderTokens.refreshToken()));
            alive.put(Item.CODE_IN_SESSION_1, exchanges(session1, codeInSession1));
            alive.put(Item.CODE_IN_SESSION_2, exchanges(session2, codeInSession2));
            alive.put(Item.BYSTANDER_CODE, exchanges(bystander, bystanderCode));
            alive.put(Item.SESSION_1, !session1.asksForLogin());
            alive.put(Item.SESSION_2, !session2.asksForLogin());
            alive.put(Item.BYSTANDER_SESSION, !bystander.asksForLogin());
            return alive;
        }

        private static boolean exchanges(LoggedIn user, LoggedIn.Code code) {
            Http.Reply reply = user.exchange(code);
            if (reply.status() == 200) {
                return true;
            }
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_grant");
            return false;
        }

        /** Asserts that exactly {@code dead} died and everything else lives. */
        void assertExactlyDead(Item... dead) {
            Set<Item> died = Set.of(dead);
            Map<Item, Boolean> expected = Arrays.stream(Item.values())
                    .collect(Collectors.toMap(i -> i, i -> !died.contains(i), (a, b) -> a, LinkedHashMap::new));
            assertThat(alive()).isEqualTo(expected);
        }

        /** The revocation log entries of this world's user, its grants, tokens and sessions: kind to count. */
        Map<String, Long> logged() {
            List<String> targets = List.of(
                    sub(),
                    claim(g1AccessToken1, "grant_id"),
                    claim(offline.accessToken(), "grant_id"),
                    claim(g3.accessToken(), "grant_id"),
                    claim(g1AccessToken1, "jti"),
                    claim(g1AccessToken1, "sid"),
                    claim(g3.accessToken(), "sid"));
            return Database.rows(
                            server,
                            "SELECT kind, count(*) AS n FROM revocation_log WHERE target = ANY (?) GROUP BY kind",
                            (Object) targets.toArray(String[]::new))
                    .stream()
                    .collect(Collectors.toMap(row -> (String) row.get("kind"), row -> (Long) row.get("n")));
        }

        /** The back-channel logout notices queued for this world's user: the sid of each, or "" for a sub-only one. */
        List<String> noticesQueued() {
            return Database.rows(
                            server,
                            "SELECT coalesce(sid, '') AS sid FROM backchannel_outbox WHERE sub = ? ORDER BY sid",
                            sub())
                    .stream()
                    .map(row -> (String) row.get("sid"))
                    .toList();
        }

        static String claim(String jwt, String name) {
            try {
                return String.valueOf(SignedJWT.parse(jwt).getJWTClaimsSet().getClaim(name));
            } catch (ParseException e) {
                throw new AssertionError(e);
            }
        }
    }

    static void assertStatus(Http.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    }

    @Test
    void oneAccessTokenViaTheAccessTokenApi() {
        var world = new World();

        assertStatus(
                server.http.post(
                        "/v1/auth/token/revoke",
                        "application/json",
                        GlobalTokenRevocationTest.json(Map.of("token", world.g1AccessToken1))),
                200);

        world.assertExactlyDead(Item.G1_ACCESS_TOKEN_1);
        assertThat(world.logged()).isEqualTo(Map.of("access_token", 1L));
        assertThat(world.noticesQueued()).isEmpty();
    }

    @Test
    void oneTokenViaRfc7009() {
        var world = new World();

        assertStatus(
                server.http.postForm(
                        "/oauth/revoke", Map.of("token", world.g1AccessToken2), "Authorization", app.basic()),
                200);

        world.assertExactlyDead(Item.G1_ACCESS_TOKEN_1, Item.G1_ACCESS_TOKEN_2, Item.G1_REFRESH_TOKEN);
        assertThat(world.logged()).isEqualTo(Map.of("grant", 1L));
        assertThat(world.noticesQueued()).isEmpty();
    }

    @Test
    void refreshTokenReuse() {
        var world = new World();

        var reply = world.session1.refresh(world.g1RotatedRefreshToken);
        assertStatus(reply, 400);
        assertThat(reply.error()).isEqualTo("invalid_grant");

        world.assertExactlyDead(Item.G1_ACCESS_TOKEN_1, Item.G1_ACCESS_TOKEN_2, Item.G1_REFRESH_TOKEN);
        assertThat(world.logged()).isEqualTo(Map.of("grant", 1L));
        assertThat(world.noticesQueued()).isEmpty();
    }

    @Test
    void authorizationCodeReplay() {
        var world = new World();

        var reply = world.session2.exchange(world.g3Code);
        assertStatus(reply, 400);
        assertThat(reply.error()).isEqualTo("invalid_grant");

        world.assertExactlyDead(Item.G3_ACCESS_TOKEN, Item.G3_REFRESH_TOKEN);
        assertThat(world.logged()).isEqualTo(Map.of("grant", 1L));
        assertThat(world.noticesQueued()).isEmpty();
    }

    @Test
    void aUsersSessions() {
        var world = new World();

        assertStatus(
                server.http.postForm(
                        "/revoke_session",
                        Map.of("user_criterion_key", "sub", "user_criterion_value", world.sub()),
                        "Authorization",
                        admin.basic()),
                200);

        world.assertExactlyDead(
                Item.G1_ACCESS_TOKEN_1,
                Item.G1_ACCESS_TOKEN_2,
                Item.G3_ACCESS_TOKEN,
                Item.G1_REFRESH_TOKEN,
                Item.G3_REFRESH_TOKEN,
                Item.CODE_IN_SESSION_1,
                Item.CODE_IN_SESSION_2,
                Item.SESSION_1,
                Item.SESSION_2);
        assertThat(world.logged()).isEqualTo(Map.of("session", 2L, "grant", 2L));
        assertThat(world.noticesQueued())
                .containsExactlyInAnyOrder(
                        World.claim(world.g1AccessToken1, "sid"), World.claim(world.g3.accessToken(), "sid"));
    }

    @Test
    void aWholeUser() {
        var world = new World();

        assertStatus(
                server.http.post(
                        "/global-token-revocation",
                        "application/json",
                        GlobalTokenRevocationTest.json(Map.of("sub_id", Map.of("format", "opaque", "id", world.sub()))),
                        "Authorization",
                        admin.basic()),
                204);

        world.assertExactlyDead(
                Item.G1_ACCESS_TOKEN_1,
                Item.G1_ACCESS_TOKEN_2,
                Item.OFFLINE_ACCESS_TOKEN,
                Item.G3_ACCESS_TOKEN,
                Item.G1_REFRESH_TOKEN,
                Item.OFFLINE_REFRESH_TOKEN,
                Item.G3_REFRESH_TOKEN,
                Item.CODE_IN_SESSION_1,
                Item.CODE_IN_SESSION_2,
                Item.SESSION_1,
                Item.SESSION_2);
        // One row for the epoch whatever the number of tokens (DESIGN §2): the grants and codes are dead by the epoch
        // and are not marked one by one; only the (few) sessions are ended one by one.
        assertThat(world.logged())
                .containsEntry("subject_epoch", 1L)
                .containsEntry("session", 2L)
                .doesNotContainKey("grant");
        assertThat(world.noticesQueued())
                .containsExactlyInAnyOrder(
                        World.claim(world.g1AccessToken1, "sid"), World.claim(world.g3.accessToken(), "sid"));
    }

    /** A back-channel logout with {@code sub} only goes to a client of the user that took part in no ended session. */
    @Test
    void aWholeUserWhoseSessionsHadEndedNotifiesBySubOnly() {
        var world = new World();
        assertStatus(
                server.http.postForm(
                        "/revoke_session",
                        Map.of("user_criterion_key", "sub", "user_criterion_value", world.sub()),
                        "Authorization",
                        admin.basic()),
                200);
        List<String> afterSessions = world.noticesQueued();

        assertStatus(
                server.http.post(
                        "/global-token-revocation",
                        "application/json",
                        GlobalTokenRevocationTest.json(Map.of("sub_id", Map.of("format", "opaque", "id", world.sub()))),
                        "Authorization",
                        admin.basic()),
                204);

        var added = new java.util.ArrayList<>(world.noticesQueued());
        afterSessions.forEach(added::remove);
        assertThat(added).containsExactly("");
        assertThat(world.session1.isActive(world.offline.accessToken())).isFalse();
    }
}
