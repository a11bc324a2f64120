package io.rescind.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.admin.AdminCredential;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The admin API answers only to its credential, on its own listener (RFC 6750 §3 for the challenge). */
class AdminAuthenticationTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Nested
    class WithoutTheCredential {
        @Test
        void noCredentialIs401WithABearerChallenge() {
            var reply = server.admin.http().get("/admin/users");

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }

        @Test
        void aWrongCredentialIs401WithABearerChallenge() {
            var reply =
                    server.admin.http().get("/admin/users", "Authorization", "Bearer " + AdminCredential.generate());

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.error()).isEqualTo("invalid_token");
            assertThat(reply.header("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }

        @Test
        void theCredentialInAnotherSchemeIs401() {
            var reply = server.admin
                    .http()
                    .get("/admin/users", "Authorization", Http.basic("admin", server.adminCredential));

            assertThat(reply.status()).isEqualTo(401);
        }

        @Test
        void aCredentialThatOnlyStartsLikeTheRightOneIs401() {
            var reply = server.admin
                    .http()
                    .get("/admin/users", "Authorization", "Bearer " + server.adminCredential.substring(0, 20));

            assertThat(reply.status()).isEqualTo(401);
        }

        @Test
        void anUnknownPathIs401Before404() {
            assertThat(server.admin.http().get("/admin/nothing-here").status()).isEqualTo(401);
        }

        @Test
        void aChangingRequestIs401AndChangesNothing() {
            server.user("untouchable", "pw");

            var reply = server.admin.http().send("DELETE", "/admin/users/untouchable");

            assertThat(reply.status()).isEqualTo(401);
            assertThat(server.admin.get("/admin/users/untouchable").status()).isEqualTo(200);
        }
    }

    @Nested
    class WithTheCredential {
        @Test
        void aRequestIsServed() {
            assertThat(server.admin.get("/admin/users").status()).isEqualTo(200);
        }

        @Test
        void anUnknownPathIs404() {
            var reply = server.admin.get("/admin/nothing-here");

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aWrongMethodIs405WithAllow() {
            var reply = server.admin.delete("/admin/flags");

            assertThat(reply.status()).isEqualTo(405);
            assertThat(reply.header("Allow")).contains("GET");
        }
    }

    @Nested
    class Listener {
        @Test
        void theAdminApiIsNotServedOnThePublicPort() {
            var reply = server.http.get("/admin/users", "Authorization", "Bearer " + server.adminCredential);

            assertThat(reply.status()).isEqualTo(404);
        }

        @Test
        void theAdminApiListensOnLoopback() {
            assertThat(server.adminBase.getHost()).isEqualTo("127.0.0.1");
            assertThat(server.adminBase.getPort()).isNotEqualTo(server.base.getPort());
        }
    }
}
