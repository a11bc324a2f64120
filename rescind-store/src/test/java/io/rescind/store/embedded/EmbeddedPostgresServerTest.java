package io.rescind.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.secret.SecretFiles;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.StoreException;
import io.rescind.store.embedded.EmbeddedPostgresServer.Opener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL Rescind starts itself (DESIGN §5): secured, durable, owned by one process at a time, and able to
 * start again after a crash. Each test here starts its own PostgreSQL, so there are few of them.
 */
class EmbeddedPostgresServerTest {
    private static Connection connect(ConnectionSettings settings) throws SQLException {
        return connect(settings.jdbcUrl(), settings.password());
    }

    private static Connection connect(String url, Optional<String> password) throws SQLException {
        var props = new Properties();
        props.setProperty("user", "postgres");
        password.ifPresent(p -> props.setProperty("password", p));
        return DriverManager.getConnection(url, props);
    }

    private static String show(ConnectionSettings settings, String setting) throws SQLException {
        try (var c = connect(settings);
                var rows = c.createStatement().executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The postmasters running from this data folder's binaries: postgres processes whose parent is not one. */
    private static List<ProcessHandle> postmastersOf(Path dataDir) {
        String binaries = dataDir.resolve("embedded/bin").toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> isPostgresUnder(p, binaries))
                .filter(p -> p.parent()
                        .filter(parent -> isPostgresUnder(parent, binaries))
                        .isEmpty())
                .toList();
    }

    private static boolean isPostgresUnder(ProcessHandle process, String binaries) {
        return process.info().command().filter(c -> c.startsWith(binaries)).isPresent();
    }

    private static void awaitExit(ProcessHandle process) throws Exception {
        process.onExit().get(60, TimeUnit.SECONDS);
    }

    /** Tests that only look at a running server share one. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RunningServer {
        private Path dataDir;
        private EmbeddedPostgresServer server;

        @BeforeAll
        void start(@TempDir Path folder) {
            dataDir = folder;
            server = EmbeddedPostgresServer.open(dataDir, Opener.SERVER, Duration.ZERO);
        }

        @AfterAll
        void stop() {
            server.close();
        }

        @Test
        void fsyncIsOn() throws SQLException {
            assertThat(show(server.connection(), "fsync")).isEqualTo("on");
        }

        @Test
        void synchronousCommitIsOn() throws SQLException {
            assertThat(show(server.connection(), "synchronous_commit")).isEqualTo("on");
        }

        @Test
        void fullPageWritesAreOn() throws SQLException {
            assertThat(show(server.connection(), "full_page_writes")).isEqualTo("on");
        }

        @Test
        void itsPasswordLogsIn() throws SQLException {
            try (var c = connect(server.connection())) {
                assertThat(c.isValid(5)).isTrue();
            }
        }

        @Test
        void aLoginWithoutPasswordIsRefused() {
            assertThatThrownBy(() -> connect(server.connection().jdbcUrl(), Optional.empty()))
                    .isInstanceOf(SQLException.class);
        }

        @Test
        void aLoginWithAWrongPasswordIsRefused() {
            assertThatThrownBy(() -> connect(server.connection().jdbcUrl(), Optional.of("wrong")))
                    .isInstanceOf(SQLException.class);
        }

        @Test
        void theEmbeddedFolderIsPrivateToItsOwner() throws IOException {
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("embedded")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }

        @Test
        void thePasswordFileIsReadableByItsOwnerOnly() throws IOException {
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("embedded/password")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }

        @Test
        void anAdminCommandAttachesToTheRunningServerInsteadOfStartingAnother() {
            try (var admin = EmbeddedPostgresServer.open(dataDir, Opener.ADMIN_COMMAND, Duration.ZERO)) {
                assertThat(admin.connection()).isEqualTo(server.connection());
                assertThat(admin.postmasterPid()).isEmpty();
                assertThat(postmastersOf(dataDir))
                        .extracting(ProcessHandle::pid)
                        .containsExactly(server.postmasterPid().orElseThrow());
            }
        }

        @Test
        void closingAnAttachedAdminCommandLeavesTheServerRunning() throws SQLException {
            EmbeddedPostgresServer.open(dataDir, Opener.ADMIN_COMMAND, Duration.ZERO)
                    .close();

            try (var c = connect(server.connection())) {
                assertThat(c.isValid(5)).isTrue();
            }
        }

        @Test
        void aSecondServerOnTheSameFolderIsRefusedAsInUse() {
            assertThatThrownBy(() -> EmbeddedPostgresServer.open(dataDir, Opener.SERVER, Duration.ZERO))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("in use");
        }
    }

    /** DESIGN §2 invariant 1: what was committed survives a restart, a crash, and what a crash leaves behind. */
    @Nested
    class Restarts {
        @TempDir
        Path dataDir;

        private final List<ProcessHandle> toKill = new ArrayList<>();

        @AfterEach
        void killLeftovers() {
            toKill.forEach(ProcessHandle::destroyForcibly);
        }

        private static void commit(ConnectionSettings settings, String value) throws SQLException {
            try (var c = connect(settings);
                    var s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS revoked (value text)");
                s.execute("INSERT INTO revoked VALUES ('" + value + "')");
            }
        }

        private static List<String> committed(ConnectionSettings settings) throws SQLException {
            try (var c = connect(settings);
                    var rows = c.createStatement().executeQuery("SELECT value FROM revoked")) {
                var values = new ArrayList<String>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        }

        /** Starts {@link EmbeddedOwner} on the data folder in a child JVM; answers it and its postmaster. */
        private ProcessHandle[] startOwnerJvm() throws IOException {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process owner = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            EmbeddedOwner.class.getName(),
                            dataDir.toString())
                    .redirectErrorStream(true)
                    .start();
            toKill.add(owner.toHandle());
            var out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
            var seen = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("READY ")) {
                    ProcessHandle postmaster =
                            ProcessHandle.of(Long.parseLong(line.substring(6))).orElseThrow();
                    toKill.add(postmaster);
                    return new ProcessHandle[] {owner.toHandle(), postmaster};
                }
                seen.append(line).append('\n');
            }
            throw new IllegalStateException("the owner JVM ended before its PostgreSQL was ready:\n" + seen);
        }

        /** What the owner JVM's PostgreSQL accepts, read from the files it leaves, as an admin command would. */
        private ConnectionSettings ownerConnection() {
            var instance = Instance.read(dataDir.resolve("embedded/instance.properties"))
                    .orElseThrow();
            return new ConnectionSettings(
                    "jdbc:postgresql://127.0.0.1:" + instance.port() + "/rescind",
                    "postgres",
                    Optional.of(SecretFiles.read(dataDir.resolve("embedded/password"))));
        }

        @Test
        void aRestartOnTheSameFolderKeepsCommittedData() throws SQLException {
            try (var server = EmbeddedPostgresServer.open(dataDir, Opener.SERVER, Duration.ZERO)) {
                commit(server.connection(), "grant-1");
            }

            try (var server = EmbeddedPostgresServer.open(dataDir, Opener.SERVER, Duration.ZERO)) {
                assertThat(committed(server.connection())).containsExactly("grant-1");
            }
        }

        @Test
        void afterASigkillOfOwnerAndPostgresTheNextOpenStartsWithCommittedData() throws Exception {
            ProcessHandle[] crashed = startOwnerJvm();
            ProcessHandle postmaster = crashed[1];
            commit(ownerConnection(), "grant-1");
            List<ProcessHandle> group = Stream.concat(Stream.of(crashed[0], postmaster), postmaster.descendants())
                    .toList();

            group.forEach(ProcessHandle::destroyForcibly);
            for (var process : group) {
                awaitExit(process);
            }
            assertThat(dataDir.resolve("pg/postmaster.pid")).exists();

            try (var server = EmbeddedPostgresServer.open(dataDir, Opener.SERVER, Duration.ZERO)) {
                assertThat(committed(server.connection())).containsExactly("grant-1");
            }
        }

        @Test
        void aStalePidFileNamingAnUnrelatedLiveProcessIsClearedAndTheProcessLeftAlone() throws Exception {
            List<String> pidFile;
            try (var server = EmbeddedPostgresServer.open(dataDir, Opener.SERVER, Duration.ZERO)) {
                pidFile = Files.readAllLines(dataDir.resolve("pg/postmaster.pid"));
            }
            Process unrelated = new ProcessBuilder("sleep", "600").start();
            toKill.add(unrelated.toHandle());
            var stale = new ArrayList<>(pidFile);
            stale.set(0, Long.toString(unrelated.pid()));
            Files.write(dataDir.resolve("pg/postmaster.pid"), stale);

            try (var server = EmbeddedPostgresServer.open(dataDir, Opener.SERVER, Duration.ZERO)) {
                assertThat(server.postmasterPid()).isPresent().get().isNotEqualTo(unrelated.pid());
                assertThat(unrelated.isAlive()).isTrue();
            }
        }

        @Test
        void anOrphanedPostmasterWhoseOwnerDiedIsStoppedAndReplaced() throws Exception {
            ProcessHandle[] owner = startOwnerJvm();
            ProcessHandle orphan = owner[1];
            commit(ownerConnection(), "grant-1");
            owner[0].destroyForcibly();
            awaitExit(owner[0]);
            assertThat(orphan.isAlive()).isTrue();

            try (var server = EmbeddedPostgresServer.open(dataDir, Opener.SERVER, Duration.ZERO)) {
                assertThat(orphan.isAlive()).isFalse();
                assertThat(postmastersOf(dataDir))
                        .extracting(ProcessHandle::pid)
                        .containsExactly(server.postmasterPid().orElseThrow());
                assertThat(committed(server.connection())).containsExactly("grant-1");
            }
        }
    }
}
