package io.rescind.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a killed Rescind leaves in its PostgreSQL data folder: a {@code postmaster.pid} whose process is gone
 * (or whose number now belongs to another program), or a postmaster that outlived its server. Called only by the
 * holder of the owner lock, so no other Rescind process is using the folder.
 */
final class StalePostmaster {
    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private StalePostmaster() {}

    static void clear(EmbeddedLayout layout) {
        Path pidFile = layout.pgData().resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> alive = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (alive.isPresent() && isPostgresOf(alive.get(), layout)) {
            LOG.warn("Stopping an orphaned embedded PostgreSQL (pid {}) left by an earlier run", pid.get());
            stop(alive.get());
        } else if (alive.isPresent() || pid.get() <= 0) {
            // The number now belongs to another program (or the file is unreadable): PostgreSQL would take it for a
            // running server and refuse to start.
            remove(pidFile, pid.get());
        }
        // A file naming a dead process is left to PostgreSQL: it also checks that no backend of the killed server is
        // still attached to the old shared memory before it starts.
    }

    private static void remove(Path pidFile, long pid) {
        try {
            if (Files.deleteIfExists(pidFile)) {
                LOG.info("Removed a stale postmaster.pid (pid {})", pid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale " + pidFile, e);
        }
    }

    /** The pid on the first line of a {@code postmaster.pid}; -1 if it cannot be read, empty if there is none. */
    static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.getFirst().strip()));
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.of(-1L);
        }
    }

    /** Whether the process is a {@code postgres} from this data folder's binaries. */
    private static boolean isPostgresOf(ProcessHandle process, EmbeddedLayout layout) {
        Optional<String> command = process.info().command();
        Optional<String> commandLine = process.info().commandLine();
        String binaries = realPath(layout.binaries());
        return command.map(c -> c.startsWith(binaries) && c.endsWith("postgres"))
                        .orElse(false)
                || commandLine
                        .map(c -> c.contains(binaries) && c.contains("postgres"))
                        .orElse(false);
    }

    /** /proc reports the resolved executable path, so compare against the resolved folder. */
    private static String realPath(Path path) {
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize().toString();
        }
    }

    private static void stop(ProcessHandle postmaster) {
        // SIGTERM is PostgreSQL's "smart" shutdown; the dead server's connections are gone, so it ends promptly.
        postmaster.destroy();
        try {
            postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Orphaned PostgreSQL (pid {}) ignored SIGTERM; killing it", postmaster.pid());
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot stop orphaned PostgreSQL " + postmaster.pid(), e);
        }
    }
}
