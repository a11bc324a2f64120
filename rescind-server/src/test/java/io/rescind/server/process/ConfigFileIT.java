package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML config file: applied at every start, authoritative for what it declares, silent on the rest. */
class ConfigFileIT {
    @TempDir
    Path dir;

    Path write(String yaml) throws IOException {
        Path file = dir.resolve("rescind.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void declaredEntriesAndFieldsArePutBackAtEveryStartAndUndeclaredOnesAreLeftAlone() throws IOException {
        Files.writeString(dir.resolve("api-secret"), "secret-of-api\n");
        Path config = write("""
                settings:
                  audiences: [https://api.example.com]
                clients:
                  - client_id: api
                    client_secret_file: api-secret
                    grant_types: [client_credentials]
                    scope: read write
                    disabled: false
                  - client_id: batch
                    client_secret: secret-of-batch
                    grant_types: [client_credentials]
                    scope: read
                users:
                  - uid: alice
                    password: pw-of-alice
                    email: Alice@Example.com
                    roles: [admin]
                """);
        Path data = dir.resolve("data");
        try (var server =
                ServerProcess.serve(data, "--config", config.toString()).awaitHealthy()) {
            assertThat(server.stdout()).doesNotContain("First start");
            var token = token(server, "api", "secret-of-api", Map.of("resource", "https://api.example.com"));
            assertThat(token.status()).as(token.body()).isEqualTo(200);
            assertThat(token(server, "batch", "secret-of-batch", Map.of()).status())
                    .isEqualTo(200);
        }
        assertThat(ServerProcess.run("", "client", "disable", "api", "--data-dir", data.toString())
                        .exitCode())
                .isZero();
        assertThat(ServerProcess.run("", "client", "disable", "batch", "--data-dir", data.toString())
                        .exitCode())
                .isZero();
        try (var server =
                ServerProcess.serve(data, "--config", config.toString()).awaitHealthy()) {
            assertThat(token(server, "api", "secret-of-api", Map.of()).status())
                    .as("declared disabled: false")
                    .isEqualTo(200);
            assertThat(token(server, "batch", "secret-of-batch", Map.of()).status())
                    .as("disabled not declared")
                    .isEqualTo(401);
            assertThat(ServerProcess.run("", "user", "show", "alice", "--data-dir", data.toString())
                            .stdout())
                    .contains("alice@example.com")
                    .contains("[admin]");
        }
    }

    @Test
    void aDisabledUserCannotLogIn() throws IOException {
        Path config = write("""
                clients:
                  - client_id: web
                    client_secret: secret-of-web
                    redirect_uris: [https://app.example.com/cb]
                users:
                  - uid: alice
                    password: pw-of-alice
                  - uid: bob
                    password: pw-of-bob
                    disabled: true
                """);
        try (var server = ServerProcess.serve(dir.resolve("data"), "--config", config.toString())
                .awaitHealthy()) {
            // Declared the same way but enabled, alice logs in: bob's 401 is his status, not the config or the form.
            assertThat(CliSession.login(server, WEB, "alice", "pw-of-alice", "openid")
                            .accessToken())
                    .isNotEmpty();
            var browser = new Browser(server.http);
            var request = Browser.codeRequest("web", "https://app.example.com/cb", "openid");
            var answer = browser.authorizeAndLogin(request.params(), "bob", "pw-of-bob");
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.body()).contains("Invalid username or password");
        }
    }

    @Test
    void disabledTrueOnARestartRevokesTheUserOnceAndNotAtEveryStart() throws IOException {
        // carol last: "disabled: true" is appended to her entry.
        String enabled = """
                clients:
                  - client_id: web
                    client_secret: secret-of-web
                    redirect_uris: [https://app.example.com/cb]
                users:
                  - uid: dave
                    password: pw-of-dave
                  - uid: carol
                    password: pw-of-carol
                """;
        Path data = dir.resolve("data");
        CliSession carol;
        CliSession dave;
        try (var server = ServerProcess.serve(
                        data, "--config", write(enabled).toString(), "--issuer", ServerProcess.STABLE_ISSUER)
                .awaitHealthy()) {
            carol = CliSession.login(server, WEB, "carol", "pw-of-carol", "openid");
            dave = CliSession.login(server, WEB, "dave", "pw-of-dave", "openid");
        }
        Path disabled = write(enabled + "    disabled: true\n");
        try (var server = ServerProcess.serve(
                        data, "--config", disabled.toString(), "--issuer", ServerProcess.STABLE_ISSUER)
                .awaitHealthy()) {
            var restarted = carol.at(server);

            assertThat(restarted.refreshes()).isFalse();
            assertThat(restarted.accessTokenActive()).isFalse();
            // dave, declared as before, keeps his login: the restart revoked carol, not everything.
            dave.at(server).assertAlive();
        }
        try (var server =
                ServerProcess.serve(data, "--config", disabled.toString()).awaitHealthy()) {
            var audit = ServerProcess.run("", "audit", "--kind", "subject_epoch", "--data-dir", data.toString());

            assertThat(audit.stdout().lines().filter(l -> l.contains("config-file")))
                    .hasSize(1);
        }
    }

    @Test
    void anInvalidConfigFileStopsTheStartWithAMessageThatSaysWhere() throws IOException {
        Path config = write("""
                clients:
                  - client_id: web
                    client_secret: x
                    colour: blue
                """);
        try (var server = ServerProcess.serve(dir.resolve("data"), "--config", config.toString())) {
            assertThat(server.waitForExit()).isEqualTo(1);
            assertThat(server.stderr())
                    .contains("client 'web'")
                    .contains("colour")
                    .doesNotContain("\tat ");
        }
    }

    /** The config's client {@code web}, as a login through it needs it. */
    static final DemoCredentials WEB = new DemoCredentials(
            Map.of("client_id", "web", "client_secret", "secret-of-web", "redirect_uri", "https://app.example.com/cb"));

    static Http.Reply token(ServerProcess server, String id, String secret, Map<String, String> extra) {
        var params = new java.util.LinkedHashMap<String, String>(Map.of("grant_type", "client_credentials"));
        params.putAll(extra);
        return server.http.postForm("/token", params, "Authorization", Http.basic(id, secret));
    }
}
