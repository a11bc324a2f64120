package io.rescind.server.admin;

import static io.rescind.server.testing.AdminApi.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input to each admin endpoint is a 4xx JSON error, never a 500. */
class AdminBadInputTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.user("existing", "pw");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void assertError(Http.Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(reply.error()).isEqualTo(error);
    }

    @Nested
    class Revocations {
        @ParameterizedTest
        @ValueSource(strings = {"{", "[]", "null", "\"text\"", "{\"target\": {\"type\": \"user\"", ""})
        void malformedJsonIs400(String body) {
            assertError(server.admin.post("/admin/revocations", body), 400, "invalid_request");
        }

        @Test
        void anotherContentTypeIs400() {
            var reply = server.admin
                    .http()
                    .post(
                            "/admin/revocations",
                            "application/x-www-form-urlencoded",
                            "target=user",
                            "Authorization",
                            "Bearer " + server.adminCredential);

            assertError(reply, 400, "invalid_request");
        }

        @Test
        void anUnknownTargetTypeIs400() {
            assertError(server.admin.revoke("{\"type\": \"everything\"}"), 400, "invalid_request");
        }

        @Test
        void aMissingTargetIs400() {
            assertError(server.admin.post("/admin/revocations", "{}"), 400, "invalid_request");
        }

        @Test
        void anUnknownUserAttributeIs400() {
            assertError(server.admin.revoke(target("user", "password", "x")), 400, "invalid_request");
        }

        @Test
        void twoUserAttributesAre400() {
            assertError(
                    server.admin.revoke("{\"type\": \"user\", \"uid\": \"existing\", \"sub\": \"x\"}"),
                    400,
                    "invalid_request");
        }

        @Test
        void anUnknownUserIs404() {
            assertError(server.admin.revoke(target("sessions", "email", "nobody@example.com")), 404, "unknown_user");
        }

        @Test
        void aMalformedClientIdIs400() {
            assertError(server.admin.revoke(target("client", "client_id", "with space")), 400, "invalid_request");
        }

        @Test
        void aMalformedKidIs400() {
            assertError(server.admin.revoke(target("key", "kid", "../../etc")), 400, "invalid_request");
        }

        @Test
        void aNonStringMemberIs400() {
            assertError(server.admin.revoke("{\"type\": \"token\", \"token\": 42}"), 400, "invalid_request");
        }

        @Test
        void anUnknownMemberIs400() {
            assertError(
                    server.admin.post(
                            "/admin/revocations", "{\"target\": " + target("user", "uid", "existing") + ", \"x\": 1}"),
                    400,
                    "invalid_request");
        }

        @Test
        void anOverlongReasonIs400() {
            assertError(
                    server.admin.post(
                            "/admin/revocations",
                            "{\"target\": " + target("user", "uid", "existing") + ", \"reason\": \"" + "r".repeat(101)
                                    + "\"}"),
                    400,
                    "invalid_request");
        }

        @Test
        void anOversizedBodyIs413() {
            var reply = server.admin.post(
                    "/admin/revocations", "{\"target\": " + target("token", "token", "t".repeat(40_000)) + "}");

            assertThat(reply.status()).isEqualTo(413);
        }
    }

    @Nested
    class Users {
        @Test
        void anUnknownUserIs404() {
            assertError(server.admin.get("/admin/users/nobody"), 404, "unknown_user");
        }

        @Test
        void disablingAnUnknownUserIs404() {
            assertError(server.admin.post("/admin/users/nobody/disable", "{}"), 404, "unknown_user");
        }

        @Test
        void deletingAnUnknownUserIs404() {
            assertError(server.admin.delete("/admin/users/nobody"), 404, "unknown_user");
        }

        @Test
        void aMalformedUidIs400() {
            assertError(server.admin.get("/admin/users/%20padded%20"), 400, "invalid_request");
        }

        @Test
        void uidAndEmailTogetherAre400() {
            assertError(server.admin.get("/admin/users?uid=existing&email=e@example.com"), 400, "invalid_request");
        }

        @Test
        void anUnknownQueryParameterIs400() {
            assertError(server.admin.get("/admin/users?emial=e@example.com"), 400, "invalid_request");
        }

        @Test
        void aRepeatedQueryParameterIs400() {
            assertError(server.admin.get("/admin/users?uid=a&uid=b"), 400, "invalid_request");
        }

        @Test
        void aMalformedEmailFindsNobody() {
            var reply = server.admin.get("/admin/users?email=not-an-email");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("users")).isEmpty();
        }
    }

    @Nested
    class Clients {
        @Test
        void anUnknownClientIs404() {
            assertError(server.admin.post("/admin/clients/nobody/disable", "{}"), 404, "invalid_request");
        }

        @Test
        void deletingAnUnknownClientIs404() {
            assertError(server.admin.delete("/admin/clients/nobody"), 404, "invalid_request");
        }
    }

    @Nested
    class SessionsAndGrants {
        @Test
        void sessionsWithoutSubAre400() {
            assertError(server.admin.get("/admin/sessions"), 400, "invalid_request");
        }

        @Test
        void sessionsOfAMalformedSubAre400() {
            assertError(server.admin.get("/admin/sessions?sub=not%20a%20sub"), 400, "invalid_request");
        }

        @Test
        void sessionsOfAnUnknownUserAre404() {
            assertError(server.admin.get("/admin/sessions?sub=unknownSub"), 404, "unknown_user");
        }

        @Test
        void grantsWithNeitherSubNorClientAre400() {
            assertError(server.admin.get("/admin/grants"), 400, "invalid_request");
        }

        @Test
        void grantsWithBothSubAndClientAre400() {
            assertError(server.admin.get("/admin/grants?sub=a&client_id=b"), 400, "invalid_request");
        }

        @Test
        void grantsOfAnUnknownClientAre404() {
            assertError(server.admin.get("/admin/grants?client_id=nobody"), 404, "invalid_request");
        }
    }

    @Nested
    class Flags {
        @Test
        void anUnknownFlagIs404() {
            assertError(server.admin.put("/admin/flags/NO_SUCH_FLAG", "{\"enabled\": false}"), 404, "invalid_request");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {"{}", "{\"enabled\": \"false\"}", "{\"enabled\": 0}", "{\"enabled\": false, \"x\": 1}", "{"})
        void aBodyOtherThanEnabledTrueOrFalseIs400(String body) {
            assertError(server.admin.put("/admin/flags/INTROSPECTION", body), 400, "invalid_request");
        }
    }

    @Nested
    class Audit {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "?since=yesterday",
                    "?since=2025-01-01",
                    "?limit=0",
                    "?limit=1001",
                    "?limit=many",
                    "?kind=everything",
                    "?who=me"
                })
        void aMalformedFilterIs400(String query) {
            assertError(server.admin.get("/admin/audit" + query), 400, "invalid_request");
        }
    }
}
