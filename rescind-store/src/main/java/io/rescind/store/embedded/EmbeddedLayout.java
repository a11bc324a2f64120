package io.rescind.store.embedded;

import java.nio.file.Path;

/**
 * Where the embedded PostgreSQL keeps its files in a data directory. {@code embedded/} is 0700: zonky makes its own
 * working folder ({@code embedded/bin}) world-writable, so the parent's mode is what protects the binaries.
 */
record EmbeddedLayout(Path dataDirectory) {
    Path root() {
        return dataDirectory.resolve("embedded");
    }

    Path binaries() {
        return root().resolve("bin");
    }

    Path pgData() {
        return dataDirectory.resolve("pg");
    }

    Path ownerLock() {
        return root().resolve("owner.lock");
    }

    Path instanceFile() {
        return root().resolve("instance.properties");
    }

    Path passwordFile() {
        return root().resolve("password");
    }

    Path logFile() {
        return root().resolve("postgres.log");
    }
}
