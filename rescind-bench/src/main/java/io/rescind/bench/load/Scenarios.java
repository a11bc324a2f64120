package io.rescind.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/**
 * The bodies of the {@link Scenario}s: what each pre-issues, which wrk script it runs with which arguments, and what
 * it notes about its numbers.
 */
final class Scenarios {
    /** Pools are never smaller than this (each wrk thread needs a share). */
    private static final int MIN_POOL = 100;
    /** A pool used once per request holds this many times what the warm-up's rate needs for the measured run. */
    private static final double POOL_MARGIN = 2.0;
    /** RFC 7009 token type hints. */
    private static final String ACCESS_TOKEN = "access_token";

    private static final String REFRESH_TOKEN = "refresh_token";

    private Scenarios() {}

    static List<Measurement> issuance(Bench b) {
        var args = Map.of("auth", b.config().service().basic());
        return List.of(warmedUp(b, "issuance", "issuance.lua", args));
    }

    static List<Measurement> introspectionWarm(Bench b) {
        int count = b.settings().poolSize(10_000, 500);
        Path pool = b.pool(
                "introspection-warm",
                b.timed(
                        "pre-issue %,d client_credentials tokens".formatted(count),
                        () -> b.issuer().clientCredentials(count)));
        var args = Bench.with(introspection("repeat", b), pool);
        String before = metrics(b);
        Measurement m = warmedUp(b, "introspection-warm", "introspection.lua", args);
        String after = metrics(b);
        String rate = CacheMetrics.hitRate(before, after)
                .map(r -> "%.1f%% (/admin/metrics, warm-up included)".formatted(100 * r))
                .orElse("n/a: /admin/metrics has no cache hit and miss counters");
        return List.of(expectNone(m, "inactive", "answers active:false for live tokens")
                .withNote("cache hit rate " + rate));
    }

    static List<Measurement> introspectionCold(Bench b) {
        return List.of(onceEach(
                b,
                "introspection-cold",
                "introspection.lua",
                introspection("once", b),
                1_000,
                "client_credentials tokens",
                count -> b.issuer().clientCredentials(count)));
    }

    static List<Measurement> introspectionRevoked(Bench b) {
        int count = b.settings().poolSize(10_000, 500);
        List<String> tokens = b.timed(
                "pre-issue %,d client_credentials tokens".formatted(count),
                () -> b.issuer().clientCredentials(count));
        b.timed(
                "revoke them one by one (RFC 7009)",
                () -> b.issuer().revoke(b.config().service(), tokens, ACCESS_TOKEN));
        var args = Bench.with(introspection("repeat", b), b.pool("introspection-revoked", tokens));
        return List.of(expectNone(
                warmedUp(b, "introspection-revoked", "introspection.lua", args),
                "active",
                "answers active:true for revoked tokens"));
    }

    static List<Measurement> revocationRefresh(Bench b) {
        return List.of(revocation(b, "revocation-refresh", REFRESH_TOKEN, UserAgent.CodeGrant::refreshToken));
    }

    static List<Measurement> revocationAccess(Bench b) {
        return List.of(revocation(b, "revocation-access", ACCESS_TOKEN, UserAgent.CodeGrant::accessToken));
    }

    static List<Measurement> refresh(Bench b) {
        Wrk.Shape shape = defaultShape(b);
        int chains = Math.max(4, 2 * shape.connections());
        var args = Map.of("auth", b.config().web().basic());
        if (b.warmsUp()) {
            b.warmUp("refresh.lua", shape, Bench.with(args, chains(b, "refresh-warmup", chains)));
        }
        Measurement m = b.measure("refresh", "refresh.lua", shape, Bench.with(args, chains(b, "refresh", chains)));
        return List.of(expectNone(m, "lost", "chains lost (a refresh that did not answer a new refresh token)"));
    }

    static List<Measurement> userinfo(Bench b) {
        int count = b.settings().poolSize(1_000, 100);
        List<String> tokens = b
                .timed(
                        "pre-issue %,d code grants (access tokens with openid)".formatted(count),
                        () -> b.issuer().codeGrants(count))
                .stream()
                .map(UserAgent.CodeGrant::accessToken)
                .toList();
        return List.of(warmedUp(b, "userinfo", "userinfo.lua", Bench.with(Map.of(), b.pool("userinfo", tokens))));
    }

    /**
     * The memory soak of issue 5: the mix of {@code soak.lua} on a fresh server, no warm-up, for 10 minutes by
     * default, with access tokens of {@value BenchConfig#SOAK_ACCESS_TOKEN_TTL} s, so revocation entries and
     * remembered tokens expire during the run and are pruned (every 5 minutes, the server's maintenance period).
     * Reports the JVM's RSS and PostgreSQL's PSS: first sample, highest, last, and slope over the last third.
     */
    static List<Measurement> soak(Bench b) {
        Wrk.Shape shape = b.settings()
                .shape(
                        RunSettings.THREADS,
                        RunSettings.CONNECTIONS,
                        b.settings().soak());
        var args = Map.of(
                "service",
                b.config().soak().basic(),
                "rs",
                b.config().resourceServer().basic());
        Measurement m = b.measure("soak", "soak.lua", shape, args);
        Duration tail = shape.duration().dividedBy(3);
        return List.of(m.withNote("no warm-up: the run starts on the freshly started server")
                .withNote(trend("JVM RSS", m.memory(), tail, ServerProcesses.Memory::jvmRssKib))
                .withNote(trend("PostgreSQL PSS", m.memory(), tail, ServerProcesses.Memory::databasePssKib)));
    }

    /** "JVM RSS: start 180 MiB, max 260 MiB, end 250 MiB; over the last 200 s +0.3 MiB a minute". */
    static String trend(String what, MemorySeries series, Duration tail, ToLongFunction<ServerProcesses.Memory> kib) {
        return "%s: start %d MiB, max %d MiB, end %d MiB; slope over the last %d s %+.2f MiB a minute (%d samples)"
                .formatted(
                        what,
                        series.first(kib) / 1024,
                        series.max(kib) / 1024,
                        series.last(kib) / 1024,
                        tail.toSeconds(),
                        series.tail(tail).slopeMibPerMinute(kib),
                        series.samples().size());
    }

    /**
     * Latency of revoking a whole user by how many grants the user holds. One request at a time by default (a
     * latency, not a throughput: an operator or an IdP sends these one by one); with more connections, as many users
     * per size, taken in turn.
     */
    static List<Measurement> globalRevocation(Bench b) {
        Wrk.Shape shape = globalRevocationShape(b.settings());
        var seeder = new GrantSeeder(b.server().jdbc());
        List<Integer> sizes = b.settings().grantsPerUser();
        for (int size : sizes) {
            b.timed(
                    "log %d user(s) in and give each %,d grant(s)".formatted(shape.connections(), size),
                    () -> uids(size, shape.connections()).forEach(uid -> {
                        new UserAgent(
                                        b.server().base(),
                                        b.config().web(),
                                        b.config().user(uid))
                                .grant();
                        seeder.seed(uid, size);
                    }));
        }
        var args = Map.of("auth", b.config().admin().basic());
        if (b.warmsUp()) {
            b.warmUp(
                    "global_revocation.lua",
                    shape,
                    Bench.with(args, b.pool("global-warmup", uids(sizes.getFirst(), shape.connections()))));
        }
        List<Measurement> out = new ArrayList<>();
        for (int size : sizes) {
            Path pool = b.pool("global-" + size, uids(size, shape.connections()));
            out.add(b.measure(
                            "global-revocation grants=" + size, "global_revocation.lua", shape, Bench.with(args, pool))
                    .withNote(("%d user(s) with %,d grant(s) each (seeded in SQL from a real login's grant), revoked"
                                    + " in turn again and again: the first revocation of a user also ends its session")
                            .formatted(shape.connections(), size)));
        }
        return withFsyncComparison(
                out, FsyncProbe.measure(b.server().dataDir(), b.settings().smoke() ? 50 : 1_000));
    }

    /**
     * Notes the disk's fsync latency (the floor of a durable revocation, probed in the data folder after the runs) and
     * the two comparisons of issue 5 on the largest size: its p99 against the smallest size's, and against fsync's.
     */
    static List<Measurement> withFsyncComparison(List<Measurement> bySize, FsyncProbe.Latency fsync) {
        List<Measurement> out = new ArrayList<>(bySize);
        Measurement smallest = out.getFirst();
        Measurement largest = out.getLast();
        double smallestP99 = smallest.wrk().latency().p99() / 1000.0;
        double largestP99 = largest.wrk().latency().p99() / 1000.0;
        out.set(
                out.size() - 1,
                largest.withNote("disk fsync, probed in the data folder: " + fsync.describe())
                        .withNote("p99 %.2f ms against %.2f ms at %s: x%.2f; against fsync p99 + 2 ms = %.2f ms"
                                .formatted(
                                        largestP99,
                                        smallestP99,
                                        smallest.label(),
                                        largestP99 / smallestP99,
                                        fsync.p99Micros() / 1000.0 + 2)));
        return out;
    }

    /** The users the global revocation needs, declared in the config file before the server starts. */
    static List<String> globalRevocationUids(RunSettings settings) {
        int users = globalRevocationShape(settings).connections();
        return settings.grantsPerUser().stream()
                .flatMap(size -> uids(size, users).stream())
                .toList();
    }

    private static Wrk.Shape globalRevocationShape(RunSettings settings) {
        return settings.shape(1, 1, settings.duration());
    }

    private static List<String> uids(int size, int users) {
        List<String> uids = new ArrayList<>();
        for (int k = 0; k < users; k++) {
            uids.add("gr-" + size + "-" + k);
        }
        return uids;
    }

    private static Wrk.Shape defaultShape(Bench b) {
        return b.settings()
                .shape(
                        RunSettings.THREADS,
                        RunSettings.CONNECTIONS,
                        b.settings().duration());
    }

    private static Map<String, String> introspection(String mode, Bench b) {
        return Map.of("auth", b.config().resourceServer().basic(), "mode", mode);
    }

    /** Warm-up and measured run with the same arguments (a static request or a pool used again and again). */
    private static Measurement warmedUp(Bench b, String label, String script, Map<String, String> args) {
        Wrk.Shape shape = defaultShape(b);
        if (b.warmsUp()) {
            b.warmUp(script, shape, args);
        }
        return b.measure(label, script, shape, args);
    }

    private static Measurement revocation(
            Bench b, String label, String hint, Function<UserAgent.CodeGrant, String> token) {
        var args = Map.of("auth", b.config().web().basic(), "hint", hint, "mode", "once");
        return onceEach(
                b,
                label,
                "revocation.lua",
                args,
                300,
                hint.replace('_', ' ') + "s of code grants",
                count -> b.issuer().codeGrants(count).stream().map(token).toList());
    }

    /**
     * A scenario that sends each pooled token once: the warm-up (with a pool for {@code guessRate} requests a
     * second) gives the rate, and the measured run's pool holds {@link #POOL_MARGIN} times what that rate needs.
     */
    private static Measurement onceEach(
            Bench b,
            String label,
            String script,
            Map<String, String> args,
            int guessRate,
            String what,
            IntFunction<List<String>> issue) {
        RunSettings s = b.settings();
        Wrk.Shape shape = defaultShape(b);
        double rate = guessRate;
        if (b.warmsUp()) {
            int warmCount = Math.max(MIN_POOL, (int) (guessRate * s.warmup().toSeconds()));
            Path warmPool = b.pool(
                    label + "-warmup",
                    b.timed(
                            "pre-issue %,d %s for the warm-up".formatted(warmCount, what),
                            () -> issue.apply(warmCount)));
            rate = b.warmUp(script, shape, Bench.with(args, warmPool)).requestsPerSecond();
        }
        double warmRate = rate;
        int count = s.pool().orElse(Math.max(MIN_POOL, (int)
                Math.ceil(warmRate * s.duration().toSeconds() * POOL_MARGIN)));
        Path pool = b.pool(label, b.timed("pre-issue %,d %s".formatted(count, what), () -> issue.apply(count)));
        return b.measure(label, script, shape, Bench.with(args, pool))
                .withNote("pool of %,d sized for %.1f x the warm-up's %,.0f req/s"
                        .formatted(count, POOL_MARGIN, warmRate));
    }

    private static Path chains(Bench b, String name, int count) {
        return b.pool(
                name,
                b.timed(
                        "pre-issue %d refresh-token chains (code grants)".formatted(count),
                        () -> b.issuer().codeGrants(count).stream()
                                .map(UserAgent.CodeGrant::refreshToken)
                                .toList()));
    }

    /** Notes a counter that should have stayed at zero. */
    private static Measurement expectNone(Measurement m, String counter, String what) {
        long n = m.wrk().counter(counter);
        return n == 0 ? m : m.withNote("%,d %s: expected none".formatted(n, what));
    }

    /** The admin API's metrics page, or nothing if it cannot be read (the hit rate is then n/a). */
    private static String metrics(Bench b) {
        try {
            return b.server().metrics();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
