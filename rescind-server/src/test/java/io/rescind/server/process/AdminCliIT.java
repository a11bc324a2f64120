package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin CLI: it works with or without a running server, and a running one honours a change when it hears of it
 * (the store's change notice; a revocation within the staleness bound).
 */
class AdminCliIT {
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

    static Http.Reply clientCredentials(String id, String secret) {
        return server.http.postForm(
                "/token", Map.of("grant_type", "client_credentials"), "Authorization", Http.basic(id, secret));
    }

    @Nested
    class BesideARunningServer {
        @Test
        void anAddedClientGetsTokensAtOnceWithTheSecretReadFromStandardInput() {
            var added = rescind(
                    "a chosen secret of the operator\n",
                    "client",
                    "add",
                    "--client-id",
                    "cli-stdin",
                    "--grant-type",
                    "client_credentials",
                    "--scope",
                    "api",
                    "--client-secret-file",
                    "-");
            assertThat(added.exitCode()).as(added.stderr()).isZero();
            assertThat(added.stdout()).doesNotContain("a chosen secret");
            assertThat(clientCredentials("cli-stdin", "a chosen secret of the operator")
                            .status())
                    .isEqualTo(200);
        }

        @Test
        void aGeneratedSecretIsShownOnceAndWorks() {
            var added = rescind(
                    "",
                    "client",
                    "add",
                    "--client-id",
                    "cli-generated",
                    "--grant-type",
                    "client_credentials",
                    "--scope",
                    "api");
            assertThat(added.exitCode()).as(added.stderr()).isZero();
            String secret = added.stdout()
                    .lines()
                    .filter(l -> l.startsWith("client_secret="))
                    .findFirst()
                    .orElseThrow()
                    .substring("client_secret=".length());
            assertThat(secret).startsWith("rsc_cs_");
            assertThat(clientCredentials("cli-generated", secret).status()).isEqualTo(200);
        }

        /**
         * The server holds its clients in memory: disabling (a revocation of the client) is honoured within the
         * staleness bound, enabling when the change notice arrives.
         */
        @Test
        void disablingAClientStopsItsTokenRequestsAndEnablingRestoresThem() {
            rescind(
                    "s3cret-of-toggled\n",
                    "client",
                    "add",
                    "--client-id",
                    "toggled",
                    "--grant-type",
                    "client_credentials",
                    "--scope",
                    "api",
                    "--client-secret-file",
                    "-");
            assertThat(clientCredentials("toggled", "s3cret-of-toggled").status())
                    .isEqualTo(200);
            assertThat(rescind("", "client", "disable", "toggled").exitCode()).isZero();
            Awaitility.await()
                    .atMost(RevocationCliIT.NOTICE)
                    .until(() ->
                            clientCredentials("toggled", "s3cret-of-toggled").status() == 401);
            assertThat(rescind("", "client", "enable", "toggled").exitCode()).isZero();
            Awaitility.await()
                    .atMost(RevocationCliIT.NOTICE)
                    .until(() ->
                            clientCredentials("toggled", "s3cret-of-toggled").status() == 200);
        }

        @Test
        void anAddedUserCanLogInAtOnce() {
            var added = rescind(
                    "pw-of-carol\n",
                    "user",
                    "add",
                    "--uid",
                    "carol",
                    "--email",
                    "carol@example.com",
                    "--password-file",
                    "-");
            assertThat(added.exitCode()).as(added.stderr()).isZero();
            assertThat(rescind("", "user", "show", "carol").stdout())
                    .contains("carol@example.com")
                    .contains("sub: ");
            var demo = DemoCredentials.read(dataDir);
            var browser = new Browser(server.http);
            var request = Browser.codeRequest(demo.clientId(), demo.redirectUri(), "openid");
            var back = browser.authorizeAndLogin(request.params(), "carol", "pw-of-carol");
            assertThat(Browser.query(back.location())).containsKey("code");
        }

        @Test
        void aRotatedKeyIsPublishedAtOnceAndSignsOnceActive() {
            Set<String> before = kids(server.http.get("/jwks").json());
            var rotated = rescind("", "keys", "rotate", "--activate-in", "0");
            assertThat(rotated.exitCode()).as(rotated.stderr()).isZero();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> kids(server.http.get("/jwks").json()).size() == before.size() + 2);
            Set<String> added = new HashSet<>(kids(server.http.get("/jwks").json()));
            added.removeAll(before);
            var demo = DemoCredentials.read(dataDir);
            String token = clientCredentials(demo.clientId(), demo.clientSecret())
                    .json()
                    .path("access_token")
                    .asText();
            String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
            assertThat(added).anySatisfy(kid -> assertThat(header).contains(kid));
            assertThat(rescind("", "keys", "list").stdout()).contains("active").contains("retiring");
        }

        @Test
        void listsShowWhatIsRegistered() {
            assertThat(rescind("", "client", "list").stdout()).contains("demo-client");
            assertThat(rescind("", "user", "list").stdout()).contains("demo");
        }
    }

    @Nested
    class BadInput {
        @Test
        void aSecretCannotBeGivenOnTheCommandLine() {
            var result = rescind("", "client", "add", "--client-id", "x", "--client-secret", "visible");
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("--client-secret");
        }

        @Test
        void anInvalidRegistrationIsOneLineOnStandardErrorAndChangesNothing() {
            var result = rescind(
                    "",
                    "client",
                    "add",
                    "--client-id",
                    "bad",
                    "--token-endpoint-auth-method",
                    "none",
                    "--grant-type",
                    "client_credentials");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("client_credentials").doesNotContain("\tat ");
            assertThat(rescind("", "client", "list").stdout()).doesNotContain("bad ");
        }

        @Test
        void anUnknownClientIsReported() {
            var result = rescind("", "client", "show", "nobody");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("no client 'nobody'");
        }
    }

    @Test
    void withoutAServerTheCommandStartsTheStoreItselfAndLeavesNoProcessBehind(@TempDir Path otherDataDir) {
        var first = ServerProcess.run("", "user", "list", "--data-dir", otherDataDir.toString());
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        var added = ServerProcess.run(
                "pw\n",
                "user",
                "add",
                "--uid",
                "offline-user",
                "--password-file",
                "-",
                "--data-dir",
                otherDataDir.toString());
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        assertThat(ServerProcess.run("", "user", "list", "--data-dir", otherDataDir.toString())
                        .stdout())
                .contains("offline-user");
        assertThat(ServerProcess.processesUsing(otherDataDir)).isEmpty();
    }

    static Set<String> kids(JsonNode jwks) {
        var kids = new HashSet<String>();
        jwks.path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }
}
