package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §2 invariant 1, durable: once a revocation has answered success, it survives a crash of the server and its
 * database. Each trial revokes through every interface, then SIGKILLs the server's process group and its embedded
 * PostgreSQL's right after the last success answer; the next start on the same data folder must find every
 * revocation in force. Which interface answers last before the kill rotates from trial to trial.
 */
class RevocationDurabilityIT {
    static final int TRIALS = Integer.getInteger("rescind.durability.trials", 50);
    static final Map<String, String> NO_RATE_LIMITS =
            Map.of("RESCIND_REVOCATION_RATE_LIMIT", "1000000", "RESCIND_ACCESS_TOKEN_REVOCATION_RATE_LIMIT", "1000000");
    static final String PASSWORD = "pw-of-durability";

    @TempDir
    Path dir;

    /** Tokens that must be dead after the crash, and how to show it. */
    record Revoked(String interfaceName, List<String> accessTokens, List<String> refreshTokens) {}

    /** One revocation interface: it sets up a victim, revokes it, and answers what must stay dead. */
    interface Interface extends Function<ServerProcess, Revoked> {}

    @Test
    void everyRevocationThatAnsweredSurvivesAKillOfTheServerAndItsDatabase() throws IOException {
        Path data = dir.resolve("data");
        Path config = writeConfig();
        List<Interface> interfaces = List.of(
                server -> globalRevocation(server, "global"),
                server -> sessionRevocation(server, "sessions"),
                server -> rfc7009(server, "rfc7009"),
                this::accessTokenApi);
        List<Revoked> mustBeDead = new ArrayList<>();
        int checked = 0;
        int alive = 0;
        for (int trial = 0; trial <= TRIALS; trial++) {
            var server = ServerProcess.serve(
                            data,
                            NO_RATE_LIMITS,
                            "--config",
                            config.toString(),
                            "--issuer",
                            ServerProcess.STABLE_ISSUER)
                    .awaitHealthy();
            for (Revoked revoked : mustBeDead) {
                int live = liveTokens(server, revoked);
                checked +=
                        revoked.accessTokens().size() + revoked.refreshTokens().size();
                alive += live;
                assertThat(live)
                        .as("%s: tokens alive after the crash", revoked.interfaceName())
                        .isZero();
            }
            mustBeDead.clear();
            if (trial == TRIALS) {
                server.terminate();
                break;
            }
            for (int i = 0; i < interfaces.size(); i++) {
                // Rotate the order, so each interface is the last to answer before the kill in some trials.
                mustBeDead.add(interfaces.get((trial + i) % interfaces.size()).apply(server));
            }
            server.crashWithItsDatabase(data);
        }
        System.out.printf("durability: trials=%d tokens checked after a crash=%d alive=%d%n", TRIALS, checked, alive);
        assertThat(alive).isZero();
    }

    private Path writeConfig() throws IOException {
        var users = new StringBuilder();
        for (int trial = 0; trial < TRIALS; trial++) {
            for (String role : List.of("global", "sessions", "rfc7009")) {
                users.append("  - uid: ")
                        .append(role)
                        .append('-')
                        .append(trial)
                        .append("\n    password: ")
                        .append(PASSWORD)
                        .append('\n');
            }
        }
        Path config = dir.resolve("rescind.yaml");
        Files.writeString(config, """
                clients:
                  - client_id: web
                    client_secret: secret-of-web
                    grant_types: [authorization_code, refresh_token, client_credentials]
                    scope: openid offline_access api
                    redirect_uris: [https://app.example.com/cb]
                  - client_id: admin
                    client_secret: secret-of-admin
                    grant_types: [client_credentials]
                    scope: global_token_revocation revoke_session
                users:
                """ + users);
        return config;
    }

    private Revoked globalRevocation(ServerProcess server, String role) {
        String uid = user(role);
        JsonNode tokens = login(server, uid, "openid offline_access");
        var answer = server.http.post(
                "/global-token-revocation",
                "application/json",
                "{\"sub_id\":{\"format\":\"uid\",\"id\":\"" + uid + "\"}}",
                "Authorization",
                Http.basic("admin", "secret-of-admin"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        return new Revoked(
                "global token revocation",
                List.of(tokens.path("access_token").asText()),
                List.of(tokens.path("refresh_token").asText()));
    }

    private Revoked sessionRevocation(ServerProcess server, String role) {
        String uid = user(role);
        JsonNode tokens = login(server, uid, "openid");
        var answer = server.http.postForm(
                "/revoke_session",
                Http.params("user_criterion_key", "uid", "user_criterion_value", uid),
                "Authorization",
                Http.basic("admin", "secret-of-admin"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return new Revoked(
                "session revocation",
                List.of(tokens.path("access_token").asText()),
                List.of(tokens.path("refresh_token").asText()));
    }

    private Revoked rfc7009(ServerProcess server, String role) {
        String uid = user(role);
        JsonNode tokens = login(server, uid, "openid offline_access");
        var answer = server.http.postForm(
                "/oauth/revoke",
                Map.of("token", tokens.path("refresh_token").asText()),
                "Authorization",
                Http.basic("web", "secret-of-web"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return new Revoked(
                "RFC 7009",
                List.of(tokens.path("access_token").asText()),
                List.of(tokens.path("refresh_token").asText()));
    }

    private Revoked accessTokenApi(ServerProcess server) {
        String token = server.http
                .postForm(
                        "/token",
                        Map.of("grant_type", "client_credentials", "scope", "api"),
                        "Authorization",
                        Http.basic("web", "secret-of-web"))
                .json()
                .path("access_token")
                .asText();
        var answer = server.http.post("/v1/auth/token/revoke", "application/json", "{\"token\":\"" + token + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return new Revoked("access-token API", List.of(token), List.of());
    }

    /** How many users of each role the trials have used: the next one is {@code <role>-<count>} of the config. */
    private final Map<String, Integer> used = new java.util.HashMap<>();

    private String user(String role) {
        return role + "-" + (used.merge(role, 1, Integer::sum) - 1);
    }

    private static JsonNode login(ServerProcess server, String uid, String scope) {
        var browser = new Browser(server.http);
        var request = Browser.codeRequest("web", "https://app.example.com/cb", scope);
        var back = browser.authorizeAndLogin(request.params(), uid, PASSWORD);
        String code = Browser.query(back.location()).get("code");
        var tokens = server.http.postForm(
                "/token",
                Http.params(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        "https://app.example.com/cb",
                        "code_verifier",
                        request.verifier()),
                "Authorization",
                Http.basic("web", "secret-of-web"));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.json();
    }

    private static int liveTokens(ServerProcess server, Revoked revoked) {
        String web = Http.basic("web", "secret-of-web");
        int live = 0;
        for (String token : revoked.accessTokens()) {
            live += server.http
                            .postForm("/introspect", Map.of("token", token), "Authorization", web)
                            .json()
                            .path("active")
                            .asBoolean()
                    ? 1
                    : 0;
        }
        for (String token : revoked.refreshTokens()) {
            live += server.http
                                    .postForm(
                                            "/token",
                                            Map.of("grant_type", "refresh_token", "refresh_token", token),
                                            "Authorization",
                                            web)
                                    .status()
                            == 200
                    ? 1
                    : 0;
        }
        return live;
    }
}
