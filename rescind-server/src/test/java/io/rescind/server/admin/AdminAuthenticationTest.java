package io.rescind.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.admin.AdminCredential;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Comparator;
import java.util.Optional;
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

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            return false;
        }
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

        /**
         * Probed from outside: the admin port accepts a connection on loopback and refuses one on an address of this
         * machine that is not loopback, where a listener on all addresses would be reached. On a machine with no
         * such address, the address the server was told to bind (not the URL the test server built) must be
         * loopback.
         */
        @Test
        void theAdminApiListensOnLoopback() throws IOException {
            int adminPort = server.adminBase.getPort();
            assertThat(adminPort).isNotEqualTo(server.base.getPort());
            assertThat(connects(InetAddress.getByName("127.0.0.1"), adminPort))
                    .as("the admin port accepts on loopback")
                    .isTrue();

            Optional<InetAddress> outside = nonLoopbackAddress();
            if (outside.isEmpty()) {
                assertThat(InetAddress.getByName(server.settings.admin().host()).isLoopbackAddress())
                        .as(
                                "no non-loopback address to probe; the admin bind address %s is loopback",
                                server.settings.admin().host())
                        .isTrue();
                return;
            }
            InetAddress address = outside.get();
            try (var everywhere = new ServerSocket(0)) {
                assertThat(connects(address, everywhere.getLocalPort()))
                        .as("a listener on all addresses is reached on %s", address)
                        .isTrue();
            }
            assertThat(connects(address, adminPort))
                    .as("the admin port refuses a connection on %s", address)
                    .isFalse();
        }

        /** True if a connection is accepted, false if it is refused; anything else (a timeout) fails the test. */
        private static boolean connects(InetAddress address, int port) throws IOException {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 2_000);
                return true;
            } catch (ConnectException refused) {
                return false;
            }
        }

        /** An address of an interface that is up, neither loopback nor link-local; IPv4 first. */
        private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
            return NetworkInterface.networkInterfaces()
                    .filter(AdminAuthenticationTest::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                    .min(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1));
        }
    }
}
