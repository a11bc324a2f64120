package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import io.rescind.store.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two server processes on one PostgreSQL (issue 4): what one node revokes, the other honours, the refresh grant at
 * once (the database decides) and introspection once the revocation log reaches it. Runs against the machine's
 * PostgreSQL (always under CI).
 */
class ClusterIT {
    static final DemoCredentials WEB = new DemoCredentials(
            Map.of("client_id", "web", "client_secret", "secret-of-web", "redirect_uri", "https://app.example.com/cb"));
    static final String ADMIN = Http.basic("admin", "secret-of-admin");
    static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** The nodes of one cluster: one database, one root secret, one issuer, one config. */
    private ServerProcess node(String name, String jdbcUrl, String user) throws IOException {
        Path config = dir.resolve("rescind.yaml");
        if (!Files.exists(config)) {
            Files.writeString(config, TestConfigs.WEB_AND_ADMIN_CLIENTS + """
                    users:
                      - uid: alice
                        password: pw-of-alice
                    """);
        }
        return ServerProcess.serve(
                        dir.resolve(name),
                        Map.of("RESCIND_SECRET_KEY", SECRET_KEY),
                        "--db-url",
                        jdbcUrl,
                        "--db-user",
                        user,
                        "--issuer",
                        ServerProcess.STABLE_ISSUER,
                        "--config",
                        config.toString())
                .awaitHealthy();
    }

    static final String SECRET_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("io.rescind.server.testing.ServerProcess#externalTargets")
    void aRevocationAnsweredByOneNodeIsHonouredByTheOther(TestDatabases.Target target) throws IOException {
        var database = TestDatabases.freshDatabase(target);
        try (var a = node("a", database.jdbcUrl(), database.user());
                var b = node("b", database.jdbcUrl(), database.user())) {
            // RFC 7009 at A, introspection at B.
            String token = clientCredentials(a);
            assertThat(active(b, token)).isTrue();
            assertThat(a.http.postForm("/oauth/revoke", Map.of("token", token), "Authorization", CliSession.basic(WEB))
                            .status())
                    .isEqualTo(200);
            Duration rfc7009 = timeUntil(() -> !active(b, token));

            // A whole user revoked at B: A refuses the refresh at once and soon the access token too.
            var alice = CliSession.login(a, WEB, "alice", "pw-of-alice", "openid offline_access");
            assertThat(alice.accessTokenActive())
                    .as("alice's access token at A")
                    .isTrue();
            var revoked = b.http.post(
                    "/global-token-revocation",
                    "application/json",
                    "{\"sub_id\":{\"format\":\"uid\",\"id\":\"alice\"}}",
                    "Authorization",
                    ADMIN);
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
            assertThat(alice.refreshes()).isFalse();
            Duration global = timeUntil(() -> !alice.accessTokenActive());

            System.out.printf(
                    "cluster: A-to-B delay RFC 7009 %d ms, global revocation %d ms%n",
                    rfc7009.toMillis(), global.toMillis());
        } finally {
            TestDatabases.release(database);
        }
    }

    private static Duration timeUntil(BooleanSupplier condition) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).as("propagation to the other node").isLessThan(PROPAGATION_LIMIT);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String clientCredentials(ServerProcess node) {
        var reply = node.http.postForm(
                "/token",
                Map.of("grant_type", "client_credentials", "scope", "api"),
                "Authorization",
                CliSession.basic(WEB));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("access_token").asText();
    }

    private static boolean active(ServerProcess node, String token) {
        return CliSession.active(node, WEB, token);
    }
}
