package io.rescind.store.embedded;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Owns a data folder's PostgreSQL from its own JVM, as a running Rescind server does, so a test can kill the owner
 * without killing itself. Prints {@code READY <postmaster pid>}, then waits for its standard input to close.
 */
public final class EmbeddedOwner {
    private EmbeddedOwner() {}

    public static void main(String[] args) throws Exception {
        try (var server =
                EmbeddedPostgresServer.open(Path.of(args[0]), EmbeddedPostgresServer.Opener.SERVER, Duration.ZERO)) {
            System.out.println("READY " + server.postmasterPid().orElseThrow());
            System.out.flush();
            while (System.in.read() >= 0) {
                // waiting to be killed
            }
        }
    }
}
