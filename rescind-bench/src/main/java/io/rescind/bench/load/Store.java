package io.rescind.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a server under test keeps its data: the embedded PostgreSQL it starts in its data folder (the default), or a
 * database of its own on an external PostgreSQL ({@code --db-url}).
 */
sealed interface Store {
    /** The options of {@code rescind serve} that point the server at it. */
    List<String> serveOptions();

    /** How the driver reaches the server's database, once the server has started. */
    Jdbc jdbc(Path dataDir);

    /** The embedded postmaster's pid file, whose processes the driver counts; none for an external PostgreSQL. */
    Optional<Path> postmasterPidFile(Path dataDir);

    /** What the reports call it. */
    String kind();

    /** Whether the driver counts the database's CPU and memory: only the embedded PostgreSQL's processes are known. */
    default boolean processesCounted() {
        return postmasterPidFile(Path.of("data")).isPresent();
    }

    /** The server's own PostgreSQL, in {@code <data-dir>/pg}. */
    record Embedded() implements Store {
        @Override
        public List<String> serveOptions() {
            return List.of();
        }

        @Override
        public Jdbc jdbc(Path dataDir) {
            return Jdbc.embedded(dataDir);
        }

        @Override
        public Optional<Path> postmasterPidFile(Path dataDir) {
            return Optional.of(dataDir.resolve("pg/postmaster.pid"));
        }

        @Override
        public String kind() {
            return "embedded";
        }
    }

    /**
     * A database of an external PostgreSQL, made for one server (scenarios seed data). Its processes are not the
     * server's children and serve whoever else uses that PostgreSQL, so the driver does not count them.
     *
     * @param passwordFile the file {@code --db-password-file} names, if any
     */
    record External(Jdbc database, Optional<Path> passwordFile) implements Store {
        @Override
        public List<String> serveOptions() {
            var options = new ArrayList<>(List.of("--db-url", database.url(), "--db-user", database.user()));
            passwordFile.ifPresent(file -> options.addAll(List.of("--db-password-file", file.toString())));
            return options;
        }

        @Override
        public Jdbc jdbc(Path dataDir) {
            return database;
        }

        @Override
        public Optional<Path> postmasterPidFile(Path dataDir) {
            return Optional.empty();
        }

        @Override
        public String kind() {
            return "external";
        }
    }
}
