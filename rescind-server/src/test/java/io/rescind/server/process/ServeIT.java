package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import io.rescind.store.testing.FreshDatabases;
import io.rescind.store.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code rescind serve} as a real process: first start, SIGTERM, crashes, and a store that cannot start. */
class ServeIT {
    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @TempDir
    Path dataDir;

    static Http.Reply clientCredentials(ServerProcess server, DemoCredentials demo) {
        return server.http.postForm(
                "/token",
                Map.of("grant_type", "client_credentials"),
                "Authorization",
                Http.basic(demo.clientId(), demo.clientSecret()));
    }

    @Nested
    class FirstStart {
        @Test
        void createsDemoCredentialsInA0600FileAndPrintsWhereAndACurlLineWithoutTheSecrets() throws IOException {
            try (var server = ServerProcess.serve(dataDir).awaitHealthy()) {
                Path file = dataDir.resolve("demo-credentials.env");
                assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
                var demo = DemoCredentials.read(dataDir);
                assertThat(server.stdout())
                        .contains(file.toString())
                        .contains("curl")
                        .contains("/token");
                String everything = server.stdout() + server.stderr();
                assertThat(everything).doesNotContain(demo.clientSecret()).doesNotContain(demo.password());
                var token = clientCredentials(server, demo);
                assertThat(token.status()).as(token.body()).isEqualTo(200);
            }
        }

        @Test
        void aSecondStartKeepsTheDemoEntriesAndDoesNotRewriteTheFile() throws IOException {
            try (var server = ServerProcess.serve(dataDir).awaitHealthy()) {
                server.terminate();
            }
            String before = Files.readString(dataDir.resolve("demo-credentials.env"));
            try (var server = ServerProcess.serve(dataDir).awaitHealthy()) {
                assertThat(Files.readString(dataDir.resolve("demo-credentials.env")))
                        .isEqualTo(before);
                assertThat(server.stdout()).doesNotContain("First start");
                assertThat(clientCredentials(server, DemoCredentials.read(dataDir))
                                .status())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void sigtermStopsTheServerAndItsPostgresqlAndLeavesNoProcessBehind() {
        var server = ServerProcess.serve(dataDir).awaitHealthy();
        assertThat(ServerProcess.processesUsing(dataDir)).isNotEmpty();
        server.terminate();
        assertThat(server.isAlive()).isFalse();
        assertThat(ServerProcess.processesUsing(dataDir)).isEmpty();
        assertThat(dataDir.resolve("pg/postmaster.pid")).doesNotExist();
    }

    @Nested
    class AfterSigkill {
        @Test
        void ofServerAndDatabaseTheNextStartWorksAndARevocationThatAnsweredIsStillThere() throws IOException {
            Revoked revoked;
            CliSession bystander;
            try (var server = ServerProcess.serve(dataDir, "--issuer", ServerProcess.STABLE_ISSUER)
                    .awaitHealthy()) {
                var demo = DemoCredentials.read(dataDir);
                // Not revoked: alive after the restart, or the restart lost what the server had written.
                bystander = CliSession.login(server, demo, demo.username(), demo.password(), "openid offline_access");
                revoked = revokeByRefreshReuse(server, demo);
                server.crashWithItsDatabase();
            }
            assertThat(dataDir.resolve("pg/postmaster.pid")).exists();
            try (var server = ServerProcess.serve(dataDir, "--issuer", ServerProcess.STABLE_ISSUER)
                    .awaitHealthy()) {
                var demo = DemoCredentials.read(dataDir);
                assertThat(introspect(server, demo, revoked.accessToken()).body())
                        .isEqualTo("{\"active\":false}");
                var refresh = server.http.postForm(
                        "/token",
                        Map.of("grant_type", "refresh_token", "refresh_token", revoked.latestRefreshToken()),
                        "Authorization",
                        Http.basic(demo.clientId(), demo.clientSecret()));
                assertThat(refresh.status()).isEqualTo(400);
                assertThat(refresh.error()).isEqualTo("invalid_grant");
                assertThat(clientCredentials(server, demo).status()).isEqualTo(200);
                bystander.at(server).assertAlive();
            }
        }

        @Test
        void ofTheServerAloneTheOrphanedPostgresqlIsStoppedAndReplaced() throws IOException {
            long orphan;
            try (var server = ServerProcess.serve(dataDir).awaitHealthy()) {
                orphan = Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid"))
                        .getFirst()
                        .strip());
                server.killProcessGroup();
            }
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);
            try (var server = ServerProcess.serve(dataDir).awaitHealthy()) {
                assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                        .isFalse();
                assertThat(clientCredentials(server, DemoCredentials.read(dataDir))
                                .status())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void whenTheEmbeddedPostgresqlCannotStartTheMessageSaysWhyAndHowToUseDbUrl() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("pg"), "not a folder");
        try (var server = ServerProcess.serve(dataDir)) {
            assertThat(server.waitForExit()).isEqualTo(1);
            assertThat(server.stderr())
                    .contains("embedded PostgreSQL")
                    .contains("--db-url")
                    .doesNotContain("\tat ");
        }
    }

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("io.rescind.server.testing.ServerProcess#externalTargets")
    void runsOnAnExternalPostgresqlGivenByDbUrl(TestDatabases.Target target) {
        var database = databases.create(target);
        try (var server = ServerProcess.serve(dataDir, "--db-url", database.jdbcUrl(), "--db-user", database.user())
                .awaitHealthy()) {
            assertThat(dataDir.resolve("pg")).doesNotExist();
            assertThat(clientCredentials(server, DemoCredentials.read(dataDir)).status())
                    .isEqualTo(200);
        }
    }

    /** Tokens of a grant revoked by presenting a rotated refresh token again. */
    record Revoked(String accessToken, String latestRefreshToken) {}

    static Revoked revokeByRefreshReuse(ServerProcess server, DemoCredentials demo) {
        var browser = new Browser(server.http);
        var request = Browser.codeRequest(demo.clientId(), demo.redirectUri(), "openid offline_access");
        var back = browser.authorizeAndLogin(request.params(), demo.username(), demo.password());
        String code = Browser.query(back.location()).get("code");
        String basic = Http.basic(demo.clientId(), demo.clientSecret());
        var tokens = server.http
                .postForm(
                        "/token",
                        Http.params(
                                "grant_type",
                                "authorization_code",
                                "code",
                                code,
                                "redirect_uri",
                                demo.redirectUri(),
                                "code_verifier",
                                request.verifier()),
                        "Authorization",
                        basic)
                .json();
        String first = tokens.path("refresh_token").asText();
        var rotated = server.http
                .postForm(
                        "/token", Map.of("grant_type", "refresh_token", "refresh_token", first), "Authorization", basic)
                .json();
        var reuse = server.http.postForm(
                "/token", Map.of("grant_type", "refresh_token", "refresh_token", first), "Authorization", basic);
        assertThat(reuse.status()).as("reuse answered").isEqualTo(400);
        String accessToken = rotated.path("access_token").asText();
        assertThat(introspect(server, demo, accessToken).body()).isEqualTo("{\"active\":false}");
        return new Revoked(accessToken, rotated.path("refresh_token").asText());
    }

    static Http.Reply introspect(ServerProcess server, DemoCredentials demo, String token) {
        return server.http.postForm(
                "/introspect",
                Map.of("token", token),
                "Authorization",
                Http.basic(demo.clientId(), demo.clientSecret()));
    }
}
