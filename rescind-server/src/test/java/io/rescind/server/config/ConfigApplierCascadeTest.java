package io.rescind.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rescind.core.client.ClientId;
import io.rescind.core.revocation.AuditQuery;
import io.rescind.core.revocation.RevocationKind;
import io.rescind.core.secret.Entropy;
import io.rescind.core.user.Uid;
import io.rescind.server.testing.BesideTheServer;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.TestServer;
import io.rescind.server.testing.TestServer.RegisteredClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config file's changes carry their cascade (DESIGN §1.3) with the interface {@code config-file}: applied beside
 * a running server, as another node's start applies it, and applied again without changing anything.
 */
class ConfigApplierCascadeTest {
    static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String unique(String prefix) {
        return prefix + "-"
                + Entropy.identifier()
                        .substring(0, 8)
                        .toLowerCase()
                        .replace('_', 'x')
                        .replace('-', 'y');
    }

    void apply(String yaml) throws IOException {
        Path file = dir.resolve("rescind-" + Entropy.identifier() + ".yaml");
        Files.writeString(file, yaml);
        var beside = new BesideTheServer(server);
        new ConfigApplier(
                        server.store.clients(), server.store.users(), server.hashing, beside.clients(), beside.users())
                .apply(ConfigFile.read(file));
    }

    static boolean active(String token) {
        var rs = new ClientId("resource-server");
        if (server.store.clients().find(rs).isEmpty()) {
            server.confidentialClient(rs.value());
        }
        return Flows.active(server, new RegisteredClient(rs, "secret-of-resource-server"), token);
    }

    static long entriesAbout(String target) {
        return server.store
                .audit()
                .entries(new AuditQuery(Optional.empty(), 1000, Optional.empty(), Optional.of(target)))
                .size();
    }

    @Nested
    class Users {
        @Test
        void disabledTrueOnAnEnabledUserRevokesIt() throws IOException {
            var web = server.confidentialClient(unique("web"));
            String uid = unique("user");
            var user = server.user(uid, "pw");
            var session = Flows.login(server, web, uid, "pw", "openid");

            apply("users:\n  - uid: " + uid + "\n    disabled: true\n");

            await().atMost(Duration.ofSeconds(20)).until(() -> !active(session.accessToken()));
            var entry = server.store
                    .audit()
                    .entries(new AuditQuery(
                            Optional.empty(),
                            1,
                            Optional.of(RevocationKind.SUBJECT_EPOCH),
                            Optional.of(user.sub().value())))
                    .getFirst();
            assertThat(entry.initiator()).isEqualTo("config-file");
            assertThat(entry.via()).isEqualTo("config-file");
            assertThat(entry.reason()).isEqualTo("user_disabled");
        }

        /**
         * The users' passwords are checked on several threads, every one before the first user is saved: a mistake
         * anywhere in the file leaves every user as it was, and the first mistake in the file's order is reported.
         */
        @Test
        void aUserTheFileCannotMakeLeavesEveryUserAsItWas() throws IOException {
            String kept = unique("user");
            var before = server.user(kept, "pw");
            String added = unique("user");

            assertThatThrownBy(() -> apply("users:\n"
                            + "  - uid: " + kept + "\n    password: new-pw\n"
                            + "  - uid: " + added + "\n    password: pw\n"
                            + "  - uid: " + unique("user") + "\n    colour: blue\n"
                            + "  - uid: " + unique("user") + "\n"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("unknown field 'colour'");

            assertThat(server.store
                            .users()
                            .findByUid(new Uid(kept))
                            .orElseThrow()
                            .passwordHash())
                    .isEqualTo(before.passwordHash());
            assertThat(server.store.users().findByUid(new Uid(added))).isEmpty();
        }

        @Test
        void applyingTheSameDisabledUserAgainRevokesNothingMore() throws IOException {
            String uid = unique("user");
            var user = server.user(uid, "pw");
            apply("users:\n  - uid: " + uid + "\n    disabled: true\n");
            long after = entriesAbout(user.sub().value());

            apply("users:\n  - uid: " + uid + "\n    disabled: true\n");

            assertThat(after).isEqualTo(1);
            assertThat(entriesAbout(user.sub().value())).isEqualTo(after);
        }

        @Test
        void aNewUserDeclaredDisabledRevokesNothing() throws IOException {
            String uid = unique("user");

            apply("users:\n  - uid: " + uid + "\n    password: pw\n    disabled: true\n");

            var user = server.store
                    .users()
                    .findByUid(new io.rescind.core.user.Uid(uid))
                    .orElseThrow();
            assertThat(user.isActive()).isFalse();
            assertThat(entriesAbout(user.sub().value())).isZero();
        }

        @Test
        void aNewPasswordRevokesTheUser() throws IOException {
            var web = server.confidentialClient(unique("web"));
            String uid = unique("user");
            server.user(uid, "pw");
            var session = Flows.login(server, web, uid, "pw", "openid");

            apply("users:\n  - uid: " + uid + "\n    password: another-pw\n");

            assertThat(Flows.refresh(server, web, session.refreshToken()).status())
                    .isEqualTo(400);
        }

        @Test
        void theSamePasswordAgainRevokesNothing() throws IOException {
            var web = server.confidentialClient(unique("web"));
            String uid = unique("user");
            server.user(uid, "pw");
            var session = Flows.login(server, web, uid, "pw", "openid");

            apply("users:\n  - uid: " + uid + "\n    password: pw\n");

            assertThat(Flows.refresh(server, web, session.refreshToken()).status())
                    .isEqualTo(200);
        }
    }

    @Nested
    class Clients {
        @Test
        void disabledTrueOnAnEnabledClientRevokesIt() throws IOException {
            var batch = server.confidentialClient(unique("batch"));
            String token = Flows.clientCredentials(server, batch, "api")
                    .json()
                    .path("access_token")
                    .asText();

            apply("clients:\n  - client_id: " + batch.id() + "\n    disabled: true\n");

            await().atMost(Duration.ofSeconds(20)).until(() -> !active(token));
            assertThat(entriesAbout(batch.id().value())).isEqualTo(1);
        }

        @Test
        void applyingTheSameDisabledClientAgainRevokesNothingMore() throws IOException {
            var batch = server.confidentialClient(unique("batch"));
            apply("clients:\n  - client_id: " + batch.id() + "\n    disabled: true\n");

            apply("clients:\n  - client_id: " + batch.id() + "\n    disabled: true\n");

            assertThat(entriesAbout(batch.id().value())).isEqualTo(1);
        }

        @Test
        void aNewSecretKeepsTheTokensByDefault() throws IOException {
            var web = server.confidentialClient(unique("web"));
            String uid = unique("user");
            server.user(uid, "pw");
            var session = Flows.login(server, web, uid, "pw", "openid");

            apply("clients:\n  - client_id: " + web.id() + "\n    client_secret: a-new-secret\n");

            assertThat(entriesAbout(web.id().value())).isZero();
            // The server holds its clients in memory: it takes the new secret when the change notice arrives. A
            // refused authentication leaves the refresh token alone.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Flows.refresh(
                                            server,
                                            new RegisteredClient(web.id(), "a-new-secret"),
                                            session.refreshToken())
                                    .status()
                            == 200);
        }
    }
}
