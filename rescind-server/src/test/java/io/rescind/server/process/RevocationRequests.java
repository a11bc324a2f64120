package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.AdminApi;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import java.util.Map;

/**
 * The revocation interfaces (DESIGN §1) as the process tests call them on a server process: one request each, by the
 * caller the interface expects, and its success answer checked.
 */
final class RevocationRequests {
    private RevocationRequests() {}

    /** #1, global token revocation of the user {@code uid} (Janssen's form) by {@code admin}: 204. */
    static void global(ServerProcess at, String uid) {
        succeeded(
                at.http.post(
                        "/global-token-revocation",
                        "application/json",
                        "{\"sub_id\":{\"format\":\"uid\",\"id\":\"" + uid + "\"}}",
                        "Authorization",
                        TestConfigs.ADMIN),
                204);
    }

    /** #2, {@code /revoke_session} of the user {@code uid} by {@code admin}: 200. */
    static void sessions(ServerProcess at, String uid) {
        succeeded(
                at.http.postForm(
                        "/revoke_session",
                        Http.params("user_criterion_key", "uid", "user_criterion_value", uid),
                        "Authorization",
                        TestConfigs.ADMIN),
                200);
    }

    /** #3, RFC 7009 of {@code token} by the client it was issued to: 200. */
    static void rfc7009(ServerProcess at, DemoCredentials client, String token) {
        succeeded(
                at.http.postForm("/oauth/revoke", Map.of("token", token), "Authorization", CliSession.basic(client)),
                200);
    }

    /** #4, the access-token revocation API, by whoever holds the token: 200 {@code {"revoked":true}}. */
    static void accessToken(ServerProcess at, String token) {
        var answer = at.http.post("/v1/auth/token/revoke", "application/json", "{\"token\":\"" + token + "\"}");
        succeeded(answer, 200);
        assertThat(answer.json().path("revoked").asBoolean()).as(answer.body()).isTrue();
    }

    /** OIDC RP-initiated logout of {@code login}'s session, in its browser (whose cookie the answer clears): 200. */
    static void endSession(CliSession login) {
        succeeded(login.browser().get("/end_session?" + Http.form(Map.of("id_token_hint", login.idToken()))), 200);
    }

    /** The admin API disables the user {@code uid}: 200. */
    static void disableUser(ServerProcess at, String uid) {
        succeeded(at.admin().post("/admin/users/" + uid + "/disable", "{}"), 200);
    }

    /** The admin API revokes the client {@code clientId} (everything issued to it): 200. */
    static void client(ServerProcess at, String clientId) {
        succeeded(at.admin().revoke(AdminApi.target("client", "client_id", clientId)), 200);
    }

    private static void succeeded(Http.Reply answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    }
}
