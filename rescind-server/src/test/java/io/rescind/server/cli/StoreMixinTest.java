package io.rescind.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.bootstrap.OpenedStore;
import io.rescind.store.SslMode;
import io.rescind.store.Tls;
import io.rescind.store.embedded.EmbeddedPostgresServer;
import io.rescind.store.testing.FreshDatabases;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The store options every command takes (also {@code RESCIND_DB_*}): checked before anything opens, then obeyed. */
class StoreMixinTest {
    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @TempDir
    Path folder;

    /** A bad option fails the command with one line naming it: exit code 1, no stack trace, nothing opened. */
    @Nested
    class Refused {
        private record Outcome(int exitCode, String stderr) {}

        private Outcome run(String... options) {
            List<String> args = new ArrayList<>(
                    List.of("flags", "list", "--data-dir", dataDir().toString()));
            args.addAll(List.of(options));
            var stderr = new StringWriter();
            int exitCode =
                    Commands.commandLine().setErr(new PrintWriter(stderr, true)).execute(args.toArray(String[]::new));
            return new Outcome(exitCode, stderr.toString());
        }

        private Path dataDir() {
            return folder.resolve("data");
        }

        private void assertRefused(Outcome outcome, String message) {
            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.stderr()).isEqualTo("rescind: " + message + System.lineSeparator());
            assertThat(dataDir()).doesNotExist();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "1001"})
        void aPoolSizeOutsideOneToAThousand(String size) {
            assertRefused(
                    run("--db-url", "jdbc:postgresql://db.internal/rescind", "--db-pool-size", size),
                    "--db-pool-size must be between 1 and 1000, not " + size);
        }

        @Test
        void anUnknownSslMode() {
            assertRefused(
                    run("--db-url", "jdbc:postgresql://db.internal/rescind", "--db-ssl-mode", "verify"),
                    "--db-ssl-mode: unknown SSL mode 'verify'"
                            + " (one of disable, allow, prefer, require, verify-ca, verify-full)");
        }

        @Test
        void anSslModeWithoutDbUrl() {
            assertRefused(run("--db-ssl-mode", "require"), "--db-ssl-mode needs --db-url");
        }

        @Test
        void aRootCertificateWithoutAnSslMode() {
            assertRefused(
                    run(
                            "--db-url",
                            "jdbc:postgresql://db.internal/rescind",
                            "--db-ssl-root-cert",
                            "/etc/rescind/ca.pem"),
                    "--db-ssl-root-cert needs --db-ssl-mode verify-ca or verify-full");
        }

        @Test
        void aRootCertificateWithAModeThatVerifiesNothing() {
            assertRefused(
                    run(
                            "--db-url",
                            "jdbc:postgresql://db.internal/rescind",
                            "--db-ssl-mode",
                            "require",
                            "--db-ssl-root-cert",
                            "/etc/rescind/ca.pem"),
                    "--db-ssl-root-cert: a root certificate is only used by verify-ca and verify-full, not by require");
        }
    }

    @Test
    void thePoolSizeAndTlsReachTheServersStoreAndAnAdminCommandOpensTwoConnectionsAtMost() throws IOException {
        var database = databases.create();
        Path passwordFile = Files.writeString(
                folder.resolve("db-password"), database.password().orElseThrow());
        var mixin = new StoreMixin();
        new CommandLine(mixin)
                .parseArgs(
                        "--data-dir", folder.resolve("data").toString(),
                        "--db-url", database.jdbcUrl(),
                        "--db-user", database.user(),
                        "--db-password-file", passwordFile.toString(),
                        "--db-pool-size", "3",
                        "--db-ssl-mode", "disable");

        try (var opened = OpenedStore.open(mixin.options(), EmbeddedPostgresServer.Opener.SERVER, Clock.systemUTC())) {
            assertThat(opened.store().poolUse().max()).isEqualTo(3);
            assertThat(opened.store().connectionSettings().tls()).contains(Tls.of(SslMode.DISABLE));
        }
        try (var opened =
                OpenedStore.open(mixin.options(), EmbeddedPostgresServer.Opener.ADMIN_COMMAND, Clock.systemUTC())) {
            assertThat(opened.store().poolUse().max())
                    .as("an admin command's pool")
                    .isEqualTo(2);
        }
    }
}
