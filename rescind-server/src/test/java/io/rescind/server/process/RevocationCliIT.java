package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's revocation commands beside a running server: the cascade rows of DESIGN §1.3 for admin changes,
 * {@code revoke}, {@code flags} and {@code audit}. A running server honours each at once (it hears the store's change
 * notice, so the in-memory checks are awaited; the database checks are not).
 */
class RevocationCliIT {
    static final Duration NOTICE = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.serve(dataDir).awaitHealthy();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ServerProcess.Result rescind(String stdin, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return ServerProcess.run(stdin, all);
    }

    static ServerProcess.Result ok(String stdin, String... args) {
        var result = rescind(stdin, args);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    static CliSession newUserLoggedIn(String uid) {
        ok("pw-of-" + uid + "\n", "user", "add", "--uid", uid, "--email", uid + "@example.com", "--password-file", "-");
        return CliSession.login(server, dataDir, uid, "pw-of-" + uid, "openid");
    }

    static String clientCredentials(String id, String secret) {
        var reply = server.http.postForm(
                "/token", Map.of("grant_type", "client_credentials"), "Authorization", Http.basic(id, secret));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("access_token").asText();
    }

    static void addClient(String id, String secret) {
        ok(
                secret + "\n",
                "client",
                "add",
                "--client-id",
                id,
                "--grant-type",
                "client_credentials",
                "--scope",
                "api",
                "--client-secret-file",
                "-");
    }

    static boolean active(String token) {
        return CliSession.active(server, DemoCredentials.read(dataDir), token);
    }

    @Nested
    class AdminChanges {
        @Test
        void aUserDisabledFromTheCliIsDeadAtOnceOnTheRunningServer() {
            var dave = newUserLoggedIn("dave");

            ok("", "user", "disable", "dave");

            assertThat(dave.refreshes()).isFalse();
            assertThat(dave.sessionLetsThrough()).isFalse();
            await().atMost(NOTICE).until(() -> !dave.accessTokenActive());
        }

        @Test
        void aPasswordChangedFromTheCliRevokesTheUser() {
            var erin = newUserLoggedIn("erin");

            var changed = ok("a new password for erin\n", "user", "password", "erin", "--password-file", "-");

            assertThat(changed.stdout()).contains("revoked").doesNotContain("a new password");
            assertThat(erin.refreshes()).isFalse();
            await().atMost(NOTICE).until(() -> !erin.accessTokenActive());
            assertThat(CliSession.login(server, dataDir, "erin", "a new password for erin", "openid")
                            .accessToken())
                    .isNotEmpty();
        }

        @Test
        void aClientRemovedAndAddedAgainDoesNotGetItsTokensBack() {
            addClient("returning", "secret-of-returning");
            String token = clientCredentials("returning", "secret-of-returning");

            ok("", "client", "remove", "returning");
            addClient("returning", "secret-of-returning");

            await().atMost(NOTICE).until(() -> !active(token));
            assertThat(active(clientCredentials("returning", "secret-of-returning")))
                    .isTrue();
        }

        @Test
        void aRotatedSecretIsShownOnceAndOnlyItAuthenticates() {
            addClient("rotating", "secret-of-rotating");

            var rotated = ok("", "client", "rotate-secret", "rotating");

            String secret = rotated.stdout()
                    .lines()
                    .filter(l -> l.startsWith("client_secret="))
                    .findFirst()
                    .orElseThrow()
                    .substring("client_secret=".length());
            assertThat(secret).startsWith("rsc_cs_");
            assertThat(clientCredentials("rotating", secret)).isNotEmpty();
            var old = server.http.postForm(
                    "/token",
                    Map.of("grant_type", "client_credentials"),
                    "Authorization",
                    Http.basic("rotating", "secret-of-rotating"));
            assertThat(old.status()).isEqualTo(401);
        }

        @Test
        void aRotatedSecretKeepsTheClientsTokensByDefault() {
            addClient("keeping", "secret-of-keeping");
            String token = clientCredentials("keeping", "secret-of-keeping");

            ok("another secret of keeping\n", "client", "rotate-secret", "keeping", "--client-secret-file", "-");

            assertThat(ok("", "audit", "--target", "keeping").stdout()).doesNotContain("client_epoch");
            assertThat(active(token)).isTrue();
        }
    }

    @Nested
    class Revoke {
        @Test
        void aTokenReadFromStandardInputRevokesItsGrant() {
            var frank = newUserLoggedIn("frank");

            var revoked = ok(frank.refreshToken() + "\n", "revoke", "token");

            assertThat(revoked.stdout()).contains("Revoked grant");
            assertThat(frank.refreshes()).isFalse();
            await().atMost(NOTICE).until(() -> !frank.accessTokenActive());
        }

        @Test
        void aTokenNotIssuedHereIsOneLineOnStandardError() {
            var result = rescind("not-a-token-of-ours\n", "revoke", "token");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr().strip().lines()).hasSize(1);
            assertThat(result.stderr()).contains("not an access or refresh token issued here");
        }

        @Test
        void aUserNamedByEmailLosesEveryToken() {
            var grace = newUserLoggedIn("grace");

            ok("", "revoke", "user", "email=grace@example.com");

            assertThat(grace.refreshes()).isFalse();
            await().atMost(NOTICE).until(() -> !grace.accessTokenActive());
        }

        @Test
        void aUsersSessionsEnd() {
            var heidi = newUserLoggedIn("heidi");

            ok("", "revoke", "sessions", "uid=heidi");

            assertThat(heidi.sessionLetsThrough()).isFalse();
        }

        @Test
        void aClientLosesEveryToken() {
            addClient("revoked-client", "secret-of-revoked-client");
            String token = clientCredentials("revoked-client", "secret-of-revoked-client");

            ok("", "revoke", "client", "revoked-client");

            await().atMost(NOTICE).until(() -> !active(token));
        }

        @Test
        void anUnknownUserIsOneLineOnStandardError() {
            var result = rescind("", "revoke", "user", "uid=nobody");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("no such user").doesNotContain("\tat ");
        }

        @Test
        void anAttributeOutsideTheAllowListIsRefused() {
            var result = rescind("", "revoke", "user", "name=Alice");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("unknown user attribute");
        }
    }

    @Nested
    class Flags {
        @Test
        void revokeTokenDisabledAnswers403AfterAuthenticationAndLeavesDiscoveryAtOnce() {
            var demo = DemoCredentials.read(dataDir);
            try {
                ok("", "flags", "disable", "REVOKE_TOKEN");

                await().atMost(NOTICE)
                        .until(() -> !server.http
                                .get("/.well-known/openid-configuration")
                                .json()
                                .has("revocation_endpoint"));
                var denied = server.http.postForm(
                        "/oauth/revoke", Map.of("token", "x"), "Authorization", CliSession.basic(demo));
                assertThat(denied.status()).isEqualTo(403);
                assertThat(denied.error()).isEqualTo("access_denied");
                var unauthenticated = server.http.postForm(
                        "/oauth/revoke", Map.of("token", "x"), "Authorization", Http.basic(demo.clientId(), "wrong"));
                assertThat(unauthenticated.status()).isEqualTo(401);
                assertThat(ok("", "flags", "list").stdout()).containsPattern("REVOKE_TOKEN\\s+disabled");
            } finally {
                ok("", "flags", "enable", "REVOKE_TOKEN");
            }
        }

        @Test
        void anUnknownFlagIsRefused() {
            var result = rescind("", "flags", "disable", "EVERYTHING");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("unknown flag");
        }
    }

    @Nested
    class Audit {
        @Test
        void aCliRevocationIsRecordedByTheOperatingSystemUser() throws Exception {
            newUserLoggedIn("ivan");
            ok("", "revoke", "user", "uid=ivan", "--reason", "ticket-7");

            var json = ok("", "audit", "--kind", "subject_epoch", "--limit", "1", "--json");

            var audit = new ObjectMapper().readTree(json.stdout());
            var entry = audit.path("entries").get(0);
            assertThat(audit.path("log_generation").asText()).matches("[0-9a-f]{32}");
            assertThat(entry.path("initiator").asText()).isEqualTo("cli:" + System.getProperty("user.name"));
            assertThat(entry.path("interface").asText()).isEqualTo("cli");
            assertThat(entry.path("reason").asText()).isEqualTo("ticket-7");
            assertThat(entry.path("caller_ip").isNull()).isTrue();
        }

        @Test
        void theTableShowsWhoRevokedWhatAndHow() {
            var judy = newUserLoggedIn("judy");
            server.http.postForm(
                    "/oauth/revoke",
                    Map.of("token", judy.refreshToken()),
                    "Authorization",
                    CliSession.basic(judy.demo()));

            var table = ok("", "audit", "--kind", "grant", "--limit", "1").stdout();

            assertThat(table)
                    .contains("INITIATOR")
                    .contains("client:" + judy.demo().clientId())
                    .contains("oauth-revoke")
                    .contains("127.0.0.1");
        }

        @Test
        void aMalformedFilterIsRefused() {
            var result = rescind("", "audit", "--since", "yesterday");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("ISO-8601");
        }
    }
}
