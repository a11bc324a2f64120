package io.rescind.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.store.ConnectionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {
    @TempDir
    Path dataDir;

    @Test
    void runsDurablyAndOnlyWithItsPassword() throws Exception {
        try (var server = EmbeddedPostgresServer.open(dataDir, EmbeddedPostgresServer.Opener.SERVER, Duration.ZERO)) {
            ConnectionSettings settings = server.connection();
            try (var c = connect(settings.jdbcUrl(), settings.password().orElseThrow());
                    var s = c.createStatement()) {
                for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                    var rows = s.executeQuery("SHOW " + setting);
                    rows.next();
                    assertThat(rows.getString(1)).as(setting).isEqualTo("on");
                }
            }
            assertThatThrownBy(() -> connect(settings.jdbcUrl(), "wrong")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(settings.jdbcUrl(), "")).isInstanceOf(SQLException.class);
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("embedded")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("embedded/password")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static java.sql.Connection connect(String url, String password) throws SQLException {
        var props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", password);
        return DriverManager.getConnection(url, props);
    }
}
