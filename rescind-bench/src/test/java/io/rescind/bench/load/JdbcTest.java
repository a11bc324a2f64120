package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's JDBC targets: the URL of another database on the same server, and the embedded PostgreSQL's. */
class JdbcTest {
    static Jdbc jdbc(String url) {
        return new Jdbc(url, "postgres", Optional.empty());
    }

    @Test
    void anotherDatabaseKeepsHostPortAndQuery() {
        assertThat(jdbc("jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=disable")
                        .withDatabase("rescind_bench_1_a")
                        .url())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/rescind_bench_1_a?sslmode=disable");
    }

    @Test
    void aUrlWithoutDatabaseGetsOne() {
        assertThat(jdbc("jdbc:postgresql://db.example:5433").withDatabase("x").url())
                .isEqualTo("jdbc:postgresql://db.example:5433/x");
    }

    @Test
    void theDatabaseOfAUrl() {
        assertThat(jdbc("jdbc:postgresql://127.0.0.1:5432/rescind?sslmode=require")
                        .database())
                .isEqualTo("rescind");
    }

    @Test
    void onlyPostgresqlUrls() {
        assertThatThrownBy(() -> jdbc("jdbc:mysql://127.0.0.1/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PostgreSQL JDBC URL");
    }

    @Test
    void messagesNeverShowTheQuery() {
        assertThat(jdbc("jdbc:postgresql://h/db?password=secret").shown()).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void theEmbeddedPostgresqlIsReachedAsTheServerReachesIt(@TempDir Path data) throws Exception {
        Path embedded = Files.createDirectories(data.resolve("embedded"));
        Files.writeString(embedded.resolve("instance.properties"), "port=41234\n");
        Files.writeString(embedded.resolve("password"), "pw\n");

        assertThat(Jdbc.embedded(data))
                .isEqualTo(new Jdbc("jdbc:postgresql://127.0.0.1:41234/rescind", "postgres", Optional.of("pw")));
    }
}
