package io.rescind.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code startup} scenario (issue 5: "start to first served token ... from the {@code java} command"): the time from
 * the {@code java} command to the first 200 of {@code POST /token} ({@code client_credentials}), polled every few
 * milliseconds, for first starts on a fresh data folder (the embedded PostgreSQL's initdb included) and for restarts
 * on the existing one; without an AOT cache, then with one (JDK 25, JEP 483 and 514) made by a training start of its
 * own, as {@code ./rescind} makes one: a first {@code serve} with {@code -XX:AOTCacheOutput}, stopped after its first
 * token.
 */
final class Startup {
    /** Often enough that polling adds little to a start of seconds, rarely enough not to load the server. */
    static final Duration POLL = Duration.ofMillis(5);

    /** A JVM that writes an AOT cache as it exits assembles it in a child JVM first: seconds, more on a busy machine. */
    private static final Duration TRAINING_EXIT = Duration.ofSeconds(300);

    /** What the driver provides: fresh work folders and stores, and servers it can stop on Ctrl-C. */
    interface Servers {
        Site freshSite();

        ServerUnderTest launch(ServerCommand command, Site site);

        void stop(ServerUnderTest server, Duration shutdown);

        void release(Site site);
    }

    /** A work folder and the store of one server's data. */
    record Site(Path workDir, Store store) {}

    /**
     * How many starts of each kind, and whether to time them with an AOT cache too.
     *
     * @param firstStarts starts on a fresh data folder
     * @param restarts starts on the data folder of the last first start
     */
    record Plan(int firstStarts, int restarts, Cache cache) {
        /** Without an AOT cache only, or without and with one. */
        enum Cache {
            WITHOUT,
            WITHOUT_AND_WITH
        }

        static final Plan MEASURE = new Plan(3, 5, Cache.WITHOUT_AND_WITH);

        /** One start of each kind, no cache (its training would cost one more start and an assembly). */
        static final Plan SMOKE = new Plan(1, 1, Cache.WITHOUT);

        Plan {
            if (firstStarts < 1 || restarts < 1) {
                throw new IllegalArgumentException("at least one start of each kind");
            }
        }

        /** This plan with {@code n} starts of each kind. */
        Plan withStarts(int n) {
            return new Plan(n, n, cache);
        }
    }

    private final Servers servers;
    private final ServerCommand command;
    private final String basicAuthorization;
    private final RunSettings.Pinning pinning;
    private final PrintStream out;

    Startup(
            Servers servers,
            ServerCommand command,
            String basicAuthorization,
            RunSettings.Pinning pinning,
            PrintStream out) {
        this.servers = servers;
        this.command = command;
        this.basicAuthorization = basicAuthorization;
        this.pinning = pinning;
        this.out = out;
    }

    List<StartupTimes> run(Plan plan) {
        List<StartupTimes> results = new ArrayList<>(times(plan, command, StartupTimes.Cache.NONE, List.of()));
        if (plan.cache() == Plan.Cache.WITHOUT_AND_WITH) {
            Path folder = cacheFolder();
            try {
                Path cache = folder.resolve("rescind.aot");
                Duration training = train(cache);
                String note = "AOT cache made by a training start (fresh data folder, first token, SIGTERM): %s to its"
                                .formatted(Report.seconds(training))
                        + " first token; the JVM writes the cache as it exits";
                if (Files.isRegularFile(cache)) {
                    results.addAll(times(
                            plan,
                            command.withJvmOptions(List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off")),
                            StartupTimes.Cache.AOT,
                            List.of(note)));
                } else {
                    out.println("  the training start wrote no AOT cache: no times with one");
                }
            } finally {
                ServerSites.delete(folder);
            }
        }
        return results;
    }

    /** The first starts, each on a fresh site, then the restarts on the last of them. */
    private List<StartupTimes> times(Plan plan, ServerCommand cmd, StartupTimes.Cache cache, List<String> notes) {
        List<Duration> first = new ArrayList<>();
        List<Duration> restarts = new ArrayList<>();
        Optional<Site> last = Optional.empty();
        try {
            for (int i = 1; i <= plan.firstStarts(); i++) {
                Site site = servers.freshSite();
                last.ifPresent(servers::release);
                last = Optional.of(site);
                first.add(
                        timed(cmd, site, "%s, first start %d/%d".formatted(cache.description, i, plan.firstStarts())));
            }
            for (int i = 1; i <= plan.restarts(); i++) {
                restarts.add(timed(
                        cmd, last.orElseThrow(), "%s, restart %d/%d".formatted(cache.description, i, plan.restarts())));
            }
        } finally {
            last.ifPresent(servers::release);
        }
        String store = storeKind(last);
        return List.of(
                new StartupTimes(StartupTimes.Start.FIRST, cache, store, pinning, first, notes),
                new StartupTimes(StartupTimes.Start.RESTART, cache, store, pinning, restarts, notes));
    }

    private Duration timed(ServerCommand cmd, Site site, String what) {
        ServerUnderTest server = servers.launch(cmd, site);
        try {
            Duration d = server.untilFirstToken(basicAuthorization, POLL);
            out.printf("  %s: %s%n", what, Report.seconds(d));
            return d;
        } finally {
            servers.stop(server, ServerUnderTest.SHUTDOWN);
        }
    }

    private Duration train(Path cache) {
        Site site = servers.freshSite();
        try {
            out.println("  training an AOT cache (a first start, its first token, SIGTERM; the JVM writes it at exit)");
            ServerUnderTest server = servers.launch(
                    command.withJvmOptions(List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot*=off")), site);
            try {
                return server.untilFirstToken(basicAuthorization, POLL);
            } finally {
                servers.stop(server, TRAINING_EXIT);
            }
        } finally {
            servers.release(site);
        }
    }

    private static String storeKind(Optional<Site> site) {
        return site.map(s -> s.store().kind()).orElse("embedded");
    }

    private static Path cacheFolder() {
        try {
            return Files.createTempDirectory("rescind-bench-aot-");
        } catch (IOException e) {
            throw new LoadException("cannot create a folder for the AOT cache: " + e.getMessage(), e);
        }
    }
}
