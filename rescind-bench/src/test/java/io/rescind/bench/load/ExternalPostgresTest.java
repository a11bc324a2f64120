package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --db-url}: each server gets a fresh database of the external PostgreSQL, dropped after (machine's PostgreSQL). */
class ExternalPostgresTest {
    Jdbc server;
    ExternalPostgres postgres;

    @BeforeEach
    void machinesPostgres() {
        server = TestPostgres.required();
        postgres = new ExternalPostgres(server, Optional.empty());
    }

    /** The databases the driver has made and not dropped, on {@code server}. */
    static List<String> benchDatabases(Jdbc server) throws SQLException {
        var names = new ArrayList<String>();
        try (var c = server.connect();
                var st = c.prepareStatement("SELECT datname FROM pg_database WHERE starts_with(datname, ?)")) {
            st.setString(1, ExternalPostgres.PREFIX);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    @Test
    void aFreshDatabaseIsEmptyAndTheServerIsPointedAtIt() throws SQLException {
        Store.External store = postgres.freshDatabase();
        try (var c = store.database().connect();
                var st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT current_database(), count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(store.database().database()).startsWith(ExternalPostgres.PREFIX);
            assertThat(rs.getInt(2)).isZero();
        } finally {
            postgres.drop(store);
        }
        assertThat(store.serveOptions())
                .containsExactly("--db-url", store.database().url(), "--db-user", server.user());
    }

    @Test
    void twoServersNeverShareADatabase() {
        Store.External one = postgres.freshDatabase();
        Store.External two = postgres.freshDatabase();
        try {
            assertThat(one.database().database()).isNotEqualTo(two.database().database());
        } finally {
            postgres.drop(one);
            postgres.drop(two);
        }
    }

    @Test
    void aDroppedDatabaseIsGoneEvenWithAConnectionLeftOpen() throws SQLException {
        Store.External store = postgres.freshDatabase();
        try (var left = store.database().connect()) {
            postgres.drop(store);

            assertThat(benchDatabases(server)).doesNotContain(store.database().database());
        }
    }

    @Test
    void onlyTheDriversOwnDatabasesAreDropped() {
        var notOurs = new Store.External(server.withDatabase("postgres"), Optional.empty());

        assertThatThrownBy(() -> postgres.drop(notOurs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a database of the driver");
    }

    @Test
    void itsProcessesAreNotCounted() {
        Store.External store = new Store.External(server.withDatabase("rescind_bench_1_x"), Optional.empty());

        assertThat(store.processesCounted()).isFalse();
        assertThat(new Store.Embedded().processesCounted()).isTrue();
    }
}
