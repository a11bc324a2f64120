package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rescind revoke key} for a compromised signing key, beside a running server: the key is no longer published,
 * its tokens die, and issuance goes on with another key of its algorithm or stops (503) until one is rotated in.
 */
class KeyRevocationIT {
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

    static ServerProcess.Result ok(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        var result = ServerProcess.run("", all);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    static Http.Reply tokenRequest() {
        var demo = DemoCredentials.read(dataDir);
        return server.http.postForm(
                "/token",
                Map.of("grant_type", "client_credentials"),
                "Authorization",
                Http.basic(demo.clientId(), demo.clientSecret()));
    }

    static String token() {
        var reply = tokenRequest();
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("access_token").asText();
    }

    static boolean published(String kid) {
        return server.http
                .get("/jwks")
                .json()
                .path("keys")
                .findValuesAsText("kid")
                .contains(kid);
    }

    static void rotateNow() {
        int before = server.http.get("/jwks").json().path("keys").size();
        ok("keys", "rotate", "--activate-in", "0");
        await().atMost(NOTICE)
                .until(() -> server.http.get("/jwks").json().path("keys").size() > before);
    }

    @Test
    void withoutAnotherKeyIssuanceStopsUntilAKeyIsRotatedIn() {
        String old = token();

        ok("revoke", "key", kid(old));

        await().atMost(NOTICE).until(() -> !published(kid(old)));
        assertThat(CliSession.active(server, DemoCredentials.read(dataDir), old))
                .isFalse();
        var refused = tokenRequest();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isPresent();
        rotateNow();
        await().atMost(NOTICE).until(() -> tokenRequest().status() == 200);
    }

    @Test
    void withAKeyRotatedInFirstIssuanceGoesOn() {
        String old = token();
        rotateNow();

        ok("revoke", "key", kid(old));

        await().atMost(NOTICE).until(() -> !published(kid(old)));
        String fresh = token();
        assertThat(kid(fresh)).isNotEqualTo(kid(old));
        assertThat(CliSession.active(server, DemoCredentials.read(dataDir), fresh))
                .isTrue();
        assertThat(ok("keys", "list").stdout()).containsPattern(kid(old) + "\\s+ES256\\s+revoked");
    }

    static String kid(String jwt) {
        try {
            JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
            return header.path("kid").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
