package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API of the packaged server: its credential at rest, never in a log, and where it comes from. */
class AdminApiIT {
    @Nested
    class GeneratedAtTheFirstStart {
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

        @Test
        void theCredentialFileIsReadableByItsOwnerOnly() throws IOException {
            var mode = Files.getPosixFilePermissions(dataDir.resolve("admin-credential"));

            assertThat(PosixFilePermissions.toString(mode)).isEqualTo("rw-------");
        }

        @Test
        void theCredentialIsInNoLogButItsFileIsNamed() throws IOException {
            String credential =
                    Files.readString(dataDir.resolve("admin-credential")).strip();

            assertThat(credential).startsWith("rsc_admin_");
            assertThat(server.stdout() + server.stderr()).doesNotContain(credential.substring(10));
            assertThat(server.stdout())
                    .contains(dataDir.resolve("admin-credential").toString());
        }

        @Test
        void theAdminApiAnswersToTheCredentialInTheFile() {
            assertThat(server.admin().get("/admin/flags").status()).isEqualTo(200);
        }

        @Test
        void theAdminApiRefusesARequestWithoutIt() {
            var reply = server.admin().http().get("/admin/flags");

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }

        @Test
        void aUserDisabledThroughTheAdminApiIsDeadAtOnce() {
            ServerProcess.run(
                    "pw-of-kim\n",
                    "user",
                    "add",
                    "--uid",
                    "kim",
                    "--password-file",
                    "-",
                    "--data-dir",
                    dataDir.toString());
            var kim = CliSession.login(server, dataDir, "kim", "pw-of-kim", "openid");

            assertThat(server.admin().post("/admin/users/kim/disable", "{}").status())
                    .isEqualTo(200);

            assertThat(kim.accessTokenActive()).isFalse();
            assertThat(kim.refreshes()).isFalse();
            assertThat(kim.sessionLetsThrough()).isFalse();
        }
    }

    @Test
    void aCredentialFileNamedByTheEnvironmentIsUsedInstead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chosen-credential");
        String chosen = "an-operator-chosen-credential-of-enough-length";
        Files.writeString(file, chosen + "\n");
        Path data = dir.resolve("data");
        try (var server = ServerProcess.serve(data, Map.of("RESCIND_ADMIN_CREDENTIAL_FILE", file.toString()))
                .awaitHealthy()) {
            var admin = server.admin(chosen);

            assertThat(admin.get("/admin/flags").status()).isEqualTo(200);
            assertThat(data.resolve("admin-credential")).doesNotExist();
        }
    }

    @Test
    void aMissingCredentialFileStopsTheStartWithAMessage(@TempDir Path dir) {
        try (var server = ServerProcess.serve(
                dir.resolve("data"),
                Map.of("RESCIND_ADMIN_CREDENTIAL_FILE", dir.resolve("nope").toString()))) {
            assertThat(server.waitForExit()).isEqualTo(1);
            assertThat(server.stderr()).contains("admin_credential_file").doesNotContain("\tat ");
        }
    }
}
