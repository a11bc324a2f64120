package io.rescind.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The work folders, stores and servers of one driver run, and their clean-up: each site is a fresh work folder
 * ({@code $TMPDIR/rescind-bench-*}) and, with {@code --db-url}, a fresh database of the external PostgreSQL; releasing
 * it deletes the folder (unless {@code --keep}) and drops the database. {@link #closeAll} stops and releases whatever
 * is left (Ctrl-C).
 */
final class ServerSites implements Startup.Servers {
    /** Whether released work folders are deleted or kept ({@code --keep}). */
    enum WorkFolders {
        DELETE,
        KEEP
    }

    private final Optional<ExternalPostgres> external;
    private final WorkFolders folders;
    private final PrintStream out;
    private final List<ServerUnderTest> servers = new ArrayList<>();
    private final List<Startup.Site> sites = new ArrayList<>();
    private boolean closed;

    ServerSites(Optional<ExternalPostgres> external, WorkFolders folders, PrintStream out) {
        this.external = external;
        this.folders = folders;
        this.out = out;
    }

    @Override
    public synchronized Startup.Site freshSite() {
        refuseWhenClosed();
        Path dir;
        try {
            dir = Files.createTempDirectory("rescind-bench-");
        } catch (IOException e) {
            throw new LoadException("cannot create a work folder: " + e.getMessage(), e);
        }
        try {
            Store store = external.<Store>map(ExternalPostgres::freshDatabase).orElseGet(Store.Embedded::new);
            var site = new Startup.Site(dir, store);
            sites.add(site);
            return site;
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    @Override
    public ServerUnderTest launch(ServerCommand command, Startup.Site site) {
        return track(ServerUnderTest.launch(command, site.workDir(), site.store()));
    }

    /** Starts a server on the site and waits until it is healthy. */
    ServerUnderTest start(ServerCommand command, Startup.Site site) {
        return track(ServerUnderTest.start(command, site.workDir(), site.store()));
    }

    @Override
    public void stop(ServerUnderTest server, Duration shutdown) {
        server.close(shutdown);
        synchronized (this) {
            servers.remove(server);
        }
    }

    @Override
    public synchronized void release(Startup.Site site) {
        if (!sites.remove(site)) {
            return;
        }
        if (site.store() instanceof Store.External database) {
            try {
                external.orElseThrow().drop(database);
            } catch (LoadException e) {
                out.println("  " + e.getMessage());
            }
        }
        if (folders == WorkFolders.KEEP) {
            out.println("  kept " + site.workDir());
        } else {
            delete(site.workDir());
        }
    }

    /** Stops every server still running and releases every site; later starts are refused. */
    void closeAll() {
        List<ServerUnderTest> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(servers);
        }
        running.forEach(ServerUnderTest::close);
        List<Startup.Site> left;
        synchronized (this) {
            servers.clear();
            left = List.copyOf(sites);
        }
        left.forEach(this::release);
    }

    private synchronized ServerUnderTest track(ServerUnderTest server) {
        if (closed) { // stopped (Ctrl-C) while it started: closeAll found no server to stop
            server.close();
            throw new LoadException("stopped");
        }
        servers.add(server);
        return server;
    }

    private void refuseWhenClosed() {
        if (closed) {
            throw new LoadException("stopped");
        }
    }

    /** Deletes a folder and everything in it. */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
