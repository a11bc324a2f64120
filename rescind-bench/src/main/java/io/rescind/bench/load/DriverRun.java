package io.rescind.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One invocation of the driver: its scenarios in turn, the server of each, and what must be cleaned up on any exit. */
final class DriverRun {
    private final RunSettings settings;
    private final BenchConfig config;
    private final ServerCommand command;
    private final Optional<Wrk> wrk;
    private final long ticksPerSecond;
    private final ServerSites sites;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final List<Measurement> results = new ArrayList<>();
    private Optional<ServerUnderTest> server = Optional.empty();
    private Optional<Startup.Site> site = Optional.empty();
    private boolean closed;

    DriverRun(
            RunSettings settings,
            BenchConfig config,
            ServerCommand command,
            Optional<Wrk> wrk,
            long ticksPerSecond,
            ServerSites sites,
            PrintStream stdout,
            PrintStream stderr) {
        this.settings = settings;
        this.config = config;
        this.command = command;
        this.wrk = wrk;
        this.ticksPerSecond = ticksPerSecond;
        this.sites = sites;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs the scenarios; answers whether every one ran (slow ones included: there are no thresholds). */
    boolean all(List<Scenario> scenarios) {
        boolean shared = settings.smoke()
                && scenarios.stream().filter(s -> !s.startsItsOwnServers()).count() > 1;
        List<String> failed = new ArrayList<>();
        for (Scenario s : scenarios) {
            if (isClosed()) {
                return false;
            }
            stdout.printf("%n# %s: %s%n", s.id(), s.summary());
            try {
                if (s.startsItsOwnServers()) {
                    startup();
                } else {
                    load(s, shared);
                }
            } catch (LoadException e) {
                if (isClosed()) {
                    stderr.println("bench: stopped; the server and its PostgreSQL are stopped too");
                    return false;
                }
                failed.add(s.id());
                stderr.println("bench: " + s.id() + " failed: " + e.getMessage());
                server.ifPresent(sut -> stderr.println("server log (last lines):\n" + sut.logTail()));
                stop();
            }
            if (!shared) {
                stop();
            }
        }
        stop();
        if (results.size() > 1) {
            stdout.print(Report.summary(results));
        }
        if (!failed.isEmpty()) {
            stderr.println("bench: failed: " + String.join(", ", failed));
        }
        return failed.isEmpty();
    }

    private void load(Scenario s, boolean shared) {
        if (server.isEmpty()) {
            start(shared);
        }
        var bench = new Bench(
                s.id(),
                settings,
                server.orElseThrow(),
                config,
                wrk.orElseThrow(),
                site.orElseThrow().workDir(),
                stdout,
                ticksPerSecond);
        for (Measurement m : s.run(bench)) {
            results.add(m);
            stdout.print(Report.block(m));
            settings.out().ifPresent(file -> Report.append(file, Report.jsonLine(m)));
        }
    }

    private void startup() {
        var plan = settings.smoke() ? Startup.Plan.SMOKE : Startup.Plan.MEASURE;
        plan = settings.starts().isPresent() ? plan.withStarts(settings.starts().getAsInt()) : plan;
        var startup = new Startup(sites, command, config.service().basic(), settings.pinning(), stdout);
        for (StartupTimes t : startup.run(plan)) {
            stdout.print(Report.block(t));
            settings.out().ifPresent(file -> Report.append(file, Report.jsonLine(t)));
        }
    }

    private void start(boolean shared) {
        Startup.Site fresh = sites.freshSite();
        site = Optional.of(fresh);
        stdout.printf(
                "  starting the server (fresh data folder %s, %s PostgreSQL%s)...%n",
                fresh.workDir(), fresh.store().kind(), shared ? ", shared by every scenario of the smoke" : "");
        long t0 = System.nanoTime();
        server = Optional.of(sites.start(command, fresh));
        stdout.printf("  server up on %s in %.1f s%n", server.get().base(), (System.nanoTime() - t0) / 1e9);
    }

    private synchronized void stop() {
        server.ifPresent(s -> sites.stop(s, ServerUnderTest.SHUTDOWN));
        server = Optional.empty();
        site.ifPresent(sites::release);
        site = Optional.empty();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Stops wrk, every server and its PostgreSQL, and releases every site (Ctrl-C, or the end). */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        wrk.ifPresent(Wrk::stop);
        sites.closeAll();
    }
}
