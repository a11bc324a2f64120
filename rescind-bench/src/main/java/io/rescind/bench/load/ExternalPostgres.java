package io.rescind.bench.load;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The external PostgreSQL of {@code --db-url}: each server the driver starts on it gets a database of its own, created
 * empty before the start and dropped after the stop, since scenarios seed data and count rows.
 */
final class ExternalPostgres {
    /** Databases the driver creates are named {@code rescind_bench_<epoch second>_<random>}. */
    static final String PREFIX = "rescind_bench_";

    private final Jdbc server;
    private final Optional<Path> passwordFile;

    /**
     * @param server the URL and user given; its database is the one the driver connects to for creating and dropping
     *     (typically {@code postgres})
     */
    ExternalPostgres(Jdbc server, Optional<Path> passwordFile) {
        this.server = server;
        this.passwordFile = passwordFile;
    }

    /** Creates a new, empty database and answers it as the store of one server. */
    Store.External freshDatabase() {
        String name = PREFIX + Instant.now().getEpochSecond() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (var c = server.connect();
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new LoadException(
                    "cannot create a database on " + server.shown() + " as " + server.user() + ": " + e.getMessage(),
                    e);
        }
        return new Store.External(server.withDatabase(name), passwordFile);
    }

    /** Drops a database {@link #freshDatabase} made, with whatever connections the stopped server left. */
    void drop(Store.External store) {
        String name = store.database().database();
        if (!name.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a database of the driver: " + name);
        }
        try (var c = server.connect();
                var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new LoadException("cannot drop the database " + name + ": " + e.getMessage(), e);
        }
    }
}
