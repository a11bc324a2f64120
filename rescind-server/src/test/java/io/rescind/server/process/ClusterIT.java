package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTParser;
import io.rescind.core.revocation.StalenessBound;
import io.rescind.server.logout.BackChannelWorker;
import io.rescind.server.testing.BackChannelReceiver;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two server processes on one PostgreSQL (issue 4; DESIGN §2 invariant 3; docs/cluster.md): what one node revokes,
 * through each revocation interface, the other honours, the refresh grant and the login session at once (the
 * database decides) and introspection once the revocation log reaches it. Beside every revocation a login or a token
 * that nothing revoked must stay alive at the other node: a node that answered everything dead would pass the rest.
 * Also: a node started again catches up before it answers, two delivering nodes send a back-channel logout notice
 * once, and the A-to-B delay is measured with and without load. Runs against the machine's PostgreSQL (always under
 * CI); the two nodes are started once for all the tests of a run, each test with users of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
    static final String PASSWORD = "pw-of-the-cluster";
    static final DemoCredentials WEB = TestConfigs.WEB;
    /** Revoked whole by the client revocation test: only its victim logs in through it. */
    static final DemoCredentials REVOCABLE = TestConfigs.client("revocable");
    /** Its back-channel logout URI is the receiver's path {@code listening}. */
    static final DemoCredentials LISTENING = TestConfigs.client("listening");
    /** The users of the config: each test revokes users of its own; {@code bystander} is revoked by none. */
    static final List<String> USERS = List.of(
            "bystander",
            "rfc7009",
            "global",
            "sessions",
            "api",
            "end-session",
            "disabled",
            "client-revoked",
            "while-down",
            "while-down-session",
            "bcl-1",
            "bcl-2",
            "bcl-3",
            "bcl-bystander");
    /** How long a node may fail closed (503) before it answers: generous, the measured delays are printed. */
    static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(5);
    /** How often the other node is asked while a revocation propagates. */
    static final Duration POLL = Duration.ofMillis(2);
    /** Slower than a poll of every node's delivery worker, so the other node polls while an attempt is under way. */
    static final Duration SLOW_RECEIVER = BackChannelWorker.DEFAULT_POLL_INTERVAL.plusSeconds(2);
    /** Revocations measured per run of the delay test, with and without load. */
    static final int MEASURED = 200;

    static final String SECRET_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    /**
     * What every node runs with: one root secret, no revocation rate limits (the delay test revokes hundreds of
     * tokens), plain http to the receiver on 127.0.0.1, and a delivery deadline the slow receiver stays within.
     */
    static final Map<String, String> ENVIRONMENT = environment();

    /** Static: the clusters start while the tests' arguments are made, before an instance field would be set. */
    @TempDir
    static Path dir;

    private final Map<TestDatabases.Target, Cluster> clusters = new EnumMap<>(TestDatabases.Target.class);
    private BackChannelReceiver receiver;

    /** A test on the cluster of each target: none without the machine's PostgreSQL, which CI always has. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("clusters")
    @interface OnEachCluster {}

    /** The cluster of each target, started for the first test that asks for it. */
    Stream<Cluster> clusters() {
        return ServerProcess.externalTargets().stream().map(t -> clusters.computeIfAbsent(t, Cluster::new));
    }

    @AfterAll
    void stop() {
        clusters.values().forEach(Cluster::close);
        if (receiver != null) {
            receiver.close();
        }
    }

    /** Which node revokes; the other is where the revocation is checked. */
    enum Direction {
        A_TO_B,
        B_TO_A
    }

    /** What a revocation does to the login session of the grant it kills (DESIGN §1.3). */
    enum Session {
        ENDED,
        KEPT
    }

    /**
     * A revocation interface that kills a grant: {@code uid} logs in through {@code client} with {@code scope} at the
     * revoking node, and {@code revoke} revokes that login there.
     */
    record Crossing(
            String name,
            Direction direction,
            DemoCredentials client,
            String uid,
            String scope,
            BiConsumer<ServerProcess, CliSession> revoke,
            Session session) {
        @Override
        public String toString() {
            return name + (direction == Direction.A_TO_B ? " at A, checked at B" : " at B, checked at A");
        }
    }

    static final List<Crossing> CROSSINGS = List.of(
            new Crossing(
                    "RFC 7009 of the refresh token",
                    Direction.A_TO_B,
                    WEB,
                    "rfc7009",
                    "openid offline_access",
                    (node, victim) -> RevocationRequests.rfc7009(node, WEB, victim.refreshToken()),
                    Session.KEPT),
            new Crossing(
                    "global token revocation",
                    Direction.B_TO_A,
                    WEB,
                    "global",
                    "openid offline_access",
                    (node, victim) -> RevocationRequests.global(node, "global"),
                    Session.ENDED),
            new Crossing(
                    "session revocation",
                    Direction.A_TO_B,
                    WEB,
                    "sessions",
                    "openid",
                    (node, victim) -> RevocationRequests.sessions(node, "sessions"),
                    Session.ENDED),
            new Crossing(
                    "RP-initiated logout",
                    Direction.A_TO_B,
                    WEB,
                    "end-session",
                    "openid",
                    (node, victim) -> RevocationRequests.endSession(victim),
                    Session.ENDED),
            new Crossing(
                    "admin API user disable",
                    Direction.A_TO_B,
                    WEB,
                    "disabled",
                    "openid offline_access",
                    (node, victim) -> RevocationRequests.disableUser(node, "disabled"),
                    Session.ENDED),
            new Crossing(
                    "admin API client revocation",
                    Direction.A_TO_B,
                    REVOCABLE,
                    "client-revoked",
                    "openid offline_access",
                    (node, victim) -> RevocationRequests.client(node, REVOCABLE.clientId()),
                    Session.KEPT));

    /** Each crossing on the cluster of each target. */
    Stream<Arguments> crossings() {
        return clusters().flatMap(cluster -> CROSSINGS.stream().map(crossing -> Arguments.of(cluster, crossing)));
    }

    /**
     * A grant revoked at one node, seen at the other: a refresh there is refused at the first try, right after the
     * answer (the database decides), the access token goes inactive there within the bound, the login session is
     * ended or kept as the cascade says, and a bystander's login (an online grant, which a session end would kill)
     * is alive there. Prints how long after the answer the access token was inactive there, the refresh included.
     */
    @ParameterizedTest(name = "{1} ({0})", allowZeroInvocations = true)
    @MethodSource("crossings")
    void aRevocationAnsweredByOneNodeIsHonouredByTheOther(Cluster cluster, Crossing crossing) {
        var from = crossing.direction() == Direction.A_TO_B ? cluster.a : cluster.b;
        var to = from == cluster.a ? cluster.b : cluster.a;
        var victim = cluster.login(from, crossing.client(), crossing.uid(), crossing.scope());
        var bystander = cluster.login(from, WEB, "bystander", "openid");
        // A copy of the session's cookie as it was: RP-initiated logout clears it in the victim's browser.
        var victimThere = victim.at(to);
        assertThat(active(to, victim.accessToken()))
                .as("the victim's token at the other node, before")
                .isTrue();

        crossing.revoke().accept(from, victim);
        long answered = System.nanoTime();

        assertThat(victimThere.refreshes())
                .as("a refresh at the other node right after the revocation")
                .isFalse();
        Duration delay = inactiveSince(to, victim.accessToken(), answered);
        assertThat(victimThere.sessionLetsThrough())
                .as("the victim's session at the other node")
                .isEqualTo(crossing.session() == Session.KEPT);
        bystander.at(to).assertAlive();
        System.out.printf("cluster: delay %s: %d ms%n", crossing, delay.toMillis());
    }

    /** The access-token API kills that one token, not the grant: its refresh token still works at B (DESIGN §1). */
    @OnEachCluster
    void anAccessTokenRevokedByTheApiAtAIsInactiveAtB(Cluster cluster) {
        var victim = cluster.login(cluster.a, WEB, "api", "openid offline_access");
        String bystander = CliSession.clientCredentialsToken(cluster.a, WEB);
        assertThat(active(cluster.b, victim.accessToken()))
                .as("the victim's token at B, before")
                .isTrue();

        RevocationRequests.accessToken(cluster.a, victim.accessToken());
        long answered = System.nanoTime();

        Duration delay = inactiveSince(cluster.b, victim.accessToken(), answered);
        assertThat(active(cluster.b, bystander))
                .as("a token nothing revoked, at B")
                .isTrue();
        assertThat(victim.at(cluster.b).refreshes())
                .as("the refresh token of the revoked access token, at B")
                .isTrue();
        System.out.printf("cluster: delay access-token API at A, checked at B: %d ms%n", delay.toMillis());
    }

    /**
     * B is stopped while A revokes, then started again on the same database: its first answers already know every
     * revocation (it reads the whole state before it reports healthy), with no wait for a notice or a periodic read.
     */
    @OnEachCluster
    void aNodeStartedAgainAnswersWhatWasRevokedWhileItWasDownAtOnce(Cluster cluster) {
        var a = cluster.a;
        String byRfc7009 = CliSession.clientCredentialsToken(a, WEB);
        String byApi = CliSession.clientCredentialsToken(a, WEB);
        String control = CliSession.clientCredentialsToken(a, WEB);
        var revokedUser = cluster.login(a, WEB, "while-down", "openid offline_access");
        var endedSession = cluster.login(a, WEB, "while-down-session", "openid");
        var bystander = cluster.login(a, WEB, "bystander", "openid offline_access");
        // Copies of the browsers as they were: the logout's answer clears the cookie in the victim's own.
        var revokedUserBefore = revokedUser.at(a);
        var endedSessionBefore = endedSession.at(a);
        List<String> revoked = List.of(byRfc7009, byApi, revokedUser.accessToken(), endedSession.accessToken());
        assertThat(revoked)
                .allSatisfy(token -> assertThat(active(cluster.b, token))
                        .as("active at B before it stops")
                        .isTrue());

        cluster.b.terminate();
        ServerProcess b;
        try {
            RevocationRequests.rfc7009(a, WEB, byRfc7009);
            RevocationRequests.accessToken(a, byApi);
            RevocationRequests.global(a, "while-down");
            RevocationRequests.endSession(endedSession);
        } finally {
            b = cluster.startB(); // the other tests of the class use B too
        }

        assertThat(revoked)
                .allSatisfy(token -> assertThat(active(b, token))
                        .as("inactive at the first introspection at B")
                        .isFalse());
        for (var login : List.of(revokedUserBefore.at(b), endedSessionBefore.at(b))) {
            assertThat(login.refreshes()).as("a refresh at B").isFalse();
            assertThat(login.sessionLetsThrough()).as("the session at B").isFalse();
        }
        assertThat(active(b, control)).as("a token nothing revoked, at B").isTrue();
        bystander.at(b).assertAlive();
    }

    /**
     * OIDC Back-Channel Logout across nodes: sessions ended at A while both nodes run their delivery workers. A claim
     * moves a notice out of every node's reach until its attempt is over (docs/revocation.md), so a delivery that
     * succeeds is sent exactly once. The receiver answers only after a poll of every node has passed: a claim that
     * left an attempt under way claimable would be sent again by the other node.
     */
    @OnEachCluster
    void aSessionEndedAtAIsAnnouncedOnceWhileBothNodesDeliver(Cluster cluster) {
        var ended = Stream.of("bcl-1", "bcl-2", "bcl-3")
                .map(uid -> cluster.login(cluster.a, LISTENING, uid, "openid"))
                .toList();
        var bystander = cluster.login(cluster.a, LISTENING, "bcl-bystander", "openid");
        List<String> sids = ended.stream().map(login -> sid(login.idToken())).toList();

        ended.forEach(RevocationRequests::endSession);

        Awaitility.await("the notices delivered")
                .atMost(SLOW_RECEIVER.plus(PROPAGATION_LIMIT).multipliedBy(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> deliveredNotices(cluster.a).keySet().containsAll(sids));
        assertThat(receiver.at(LISTENING.clientId()).stream()
                        .map(received -> sid(received.logoutToken()))
                        .toList())
                .as("the sid of every logout token received")
                .containsExactlyInAnyOrderElementsOf(sids);
        assertThat(deliveredNotices(cluster.a))
                .as("attempts of each delivered notice")
                .containsAllEntriesOf(sids.stream().collect(Collectors.toMap(sid -> sid, sid -> 1)));
        bystander.at(cluster.b).assertAlive();
    }

    /**
     * The A-to-B delay of RFC 7009 revocations, one after another, without and with a background load on both nodes:
     * from A's answer until B's introspection says inactive (polled every {@link #POLL}). Printed for the docs. What
     * is asserted is the bound itself: no request sent to B more than L after A answered gets {@code active:true}, so
     * a long delay under load is the requests' queueing, never a stale state.
     */
    @OnEachCluster
    void theDelayFromAToBWithAndWithoutLoad(Cluster cluster) {
        String control = CliSession.clientCredentialsToken(cluster.a, WEB);

        var quiet = delays(cluster);
        Delays loaded;
        Load load = Load.on(cluster.a, cluster.b);
        try (load) {
            loaded = delays(cluster);
        }

        System.out.println("cluster: A-to-B delay without load: " + quiet.summary());
        System.out.println("cluster: A-to-B delay under load: " + loaded.summary() + " (" + load.summary() + ")");
        assertThat(load.requests()).as("requests of the load").isGreaterThan(MEASURED);
        assertThat(load.failures()).as("failed requests of the load").isZero();
        assertThat(active(cluster.b, control))
                .as("a token nothing revoked, at B")
                .isTrue();
    }

    /** {@link #MEASURED} tokens issued at A and active at B, each revoked at A and then polled at B. */
    private static Delays delays(Cluster cluster) {
        List<String> tokens = IntStream.range(0, MEASURED)
                .mapToObj(i -> CliSession.clientCredentialsToken(cluster.a, WEB))
                .toList();
        assertThat(tokens)
                .allSatisfy(token -> assertThat(active(cluster.b, token))
                        .as("active at B before the revocation")
                        .isTrue());
        List<Duration> delays = new ArrayList<>();
        for (String token : tokens) {
            RevocationRequests.rfc7009(cluster.a, WEB, token);
            delays.add(inactiveSince(cluster.b, token, System.nanoTime()));
        }
        return new Delays(delays);
    }

    /** Delays of one run, in the order measured. */
    record Delays(List<Duration> each) {
        String summary() {
            return String.format(
                    "n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms",
                    each.size(), millis(percentile(50)), millis(percentile(99)), millis(percentile(100)));
        }

        /** The nearest-rank percentile. */
        Duration percentile(int p) {
            List<Duration> sorted = each.stream().sorted().toList();
            return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }

        private static double millis(Duration d) {
            return d.toNanos() / 1e6;
        }
    }

    /**
     * Background load on two nodes, on loopback only: threads that each take a client_credentials token at one node
     * and introspect it at the other, until closed, bounded in requests and time in any case.
     */
    static final class Load implements AutoCloseable {
        static final int THREADS = 4;
        static final int MAX_REQUESTS = 200_000;
        static final Duration MAX_TIME = Duration.ofSeconds(90);

        private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        /** 503 answers: a node failing closed (its state could not be brought within L) is designed behaviour. */
        private final AtomicInteger unavailable = new AtomicInteger();

        private final long started = System.nanoTime();
        private long ended;

        static Load on(ServerProcess one, ServerProcess other) {
            var load = new Load();
            for (int i = 0; i < THREADS; i++) {
                var issuer = i % 2 == 0 ? one : other;
                var introspector = issuer == one ? other : one;
                load.threads.execute(() -> load.run(issuer.http, introspector.http));
            }
            return load;
        }

        private void run(Http issuer, Http introspector) {
            long deadline = started + MAX_TIME.toNanos();
            while (!stopped.get() && System.nanoTime() < deadline && requests.get() < MAX_REQUESTS) {
                try {
                    var token = issuer.postForm(
                            "/token",
                            Map.of("grant_type", "client_credentials", "scope", "api"),
                            "Authorization",
                            CliSession.basic(WEB));
                    if (counted(token)) {
                        counted(introspector.postForm(
                                "/introspect",
                                Map.of(
                                        "token",
                                        token.json().path("access_token").asText()),
                                "Authorization",
                                CliSession.basic(WEB)));
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
        }

        private boolean counted(Http.Reply reply) {
            requests.incrementAndGet();
            if (reply.status() == 503) {
                unavailable.incrementAndGet();
            } else if (reply.status() != 200) {
                failures.incrementAndGet();
            }
            return reply.status() == 200;
        }

        int requests() {
            return requests.get();
        }

        int failures() {
            return failures.get();
        }

        String summary() {
            return String.format(
                    "load: %d threads, %d requests in %.1f s, %d answered 503",
                    THREADS, requests(), (ended - started) / 1e9, unavailable.get());
        }

        @Override
        public void close() {
            stopped.set(true);
            threads.shutdown();
            try {
                assertThat(threads.awaitTermination(60, TimeUnit.SECONDS))
                        .as("the load stopped")
                        .isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ended = System.nanoTime();
        }
    }

    /**
     * How long after {@code answered} (a {@link System#nanoTime()} taken once the revocation answered) {@code node}
     * introspects {@code token} inactive, polling every {@link #POLL}. A 503 (the node failing closed while its state
     * is older than L) is not an answer yet: polling goes on. An {@code active:true} to a request sent more than L
     * after {@code answered} breaks DESIGN §2 invariant 3 and fails the test, whatever the measured delay.
     */
    private static Duration inactiveSince(ServerProcess node, String token, long answered) {
        while (true) {
            long sent = System.nanoTime();
            var answer = introspect(node, token);
            if (answer == Introspected.INACTIVE) {
                return Duration.ofNanos(System.nanoTime() - answered);
            }
            Duration late = Duration.ofNanos(sent - answered);
            if (answer == Introspected.ACTIVE) {
                // The revocation committed before A answered; a request sent L after that reached B after the commit
                // was L old, however long the request then took: active:true is a stale answer, not slow testing.
                assertThat(late)
                        .as("B answered active:true to a request sent this long after the revocation answered at A")
                        .isLessThanOrEqualTo(StalenessBound.DEFAULT);
            }
            assertThat(late).as("propagation to the other node").isLessThan(PROPAGATION_LIMIT);
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** What an introspection answered: a node that cannot bring its state within L answers 503 (fail closed). */
    enum Introspected {
        ACTIVE,
        INACTIVE,
        UNAVAILABLE
    }

    private static Introspected introspect(ServerProcess node, String token) {
        var reply = node.http.postForm("/introspect", Map.of("token", token), "Authorization", CliSession.basic(WEB));
        if (reply.status() == 503) {
            return Introspected.UNAVAILABLE;
        }
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("active").asBoolean() ? Introspected.ACTIVE : Introspected.INACTIVE;
    }

    /** Introspection by {@code web}, whichever client the token was issued to. */
    private static boolean active(ServerProcess node, String token) {
        return CliSession.active(node, WEB, token);
    }

    /** The {@code sid} claim of an ID token or a logout token. */
    private static String sid(String jwt) {
        try {
            return JWTParser.parse(jwt).getJWTClaimsSet().getStringClaim("sid");
        } catch (ParseException e) {
            throw new AssertionError("not a JWT with a sid: " + jwt, e);
        }
    }

    /** The notices to {@code listening} the outbox lists as delivered, by their sid, with their attempts. */
    private static Map<String, Integer> deliveredNotices(ServerProcess node) {
        var reply = node.admin().get("/admin/backchannel-logouts?state=delivered&limit=1000");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        var delivered = new HashMap<String, Integer>();
        StreamSupport.stream(reply.json().path("notices").spliterator(), false)
                .filter(n -> n.path("client_id").asText().equals(LISTENING.clientId()))
                .forEach((JsonNode n) ->
                        delivered.put(n.path("sid").asText(), n.path("attempts").asInt()));
        return delivered;
    }

    private static Map<String, String> environment() {
        var environment = new HashMap<>(TestConfigs.NO_RATE_LIMITS);
        environment.put("RESCIND_SECRET_KEY", SECRET_KEY);
        environment.put("RESCIND_OUTBOUND_ALLOWLIST", "127.0.0.1");
        environment.put(
                "RESCIND_BACKCHANNEL_TIMEOUT",
                Long.toString(SLOW_RECEIVER.plusSeconds(5).toSeconds()));
        return Map.copyOf(environment);
    }

    /** The receiver of the {@code listening} client's back-channel logouts, started with the first cluster. */
    private BackChannelReceiver receiver() {
        if (receiver == null) {
            receiver = BackChannelReceiver.start();
            receiver.answerAfter(LISTENING.clientId(), SLOW_RECEIVER);
        }
        return receiver;
    }

    /**
     * Two nodes of one cluster on a fresh database of {@code target}: one root secret, one issuer, one config. Not
     * {@link AutoCloseable}: a parameterized test closes such arguments after each test.
     */
    final class Cluster {
        final TestDatabases.Target target;
        final ConnectionSettings database;
        final Path config;
        ServerProcess a;
        ServerProcess b;

        Cluster(TestDatabases.Target target) {
            this.target = target;
            this.database = TestDatabases.freshDatabase(target);
            this.config = writeConfig(dir.resolve(target + "-rescind.yaml"));
            try {
                this.a = node("a");
                this.b = node("b");
            } catch (RuntimeException | AssertionError e) {
                close();
                throw e;
            }
        }

        /** Starts B (again, after it was stopped) on its data folder and the cluster's database. */
        ServerProcess startB() {
            b = node("b");
            return b;
        }

        private ServerProcess node(String name) {
            return ServerProcess.serve(
                            dir.resolve(target + "-" + name),
                            ENVIRONMENT,
                            "--db-url",
                            database.jdbcUrl(),
                            "--db-user",
                            database.user(),
                            "--issuer",
                            ServerProcess.STABLE_ISSUER,
                            "--config",
                            config.toString())
                    .awaitHealthy();
        }

        /** {@code uid} logs in at {@code node} through {@code client}. */
        CliSession login(ServerProcess node, DemoCredentials client, String uid, String scope) {
            return CliSession.login(node, client, uid, PASSWORD, scope);
        }

        private Path writeConfig(Path file) {
            var users = USERS.stream()
                    .map(uid -> "  - uid: " + uid + "\n    password: " + PASSWORD + "\n")
                    .collect(Collectors.joining());
            try {
                Files.writeString(
                        file,
                        TestConfigs.WEB_AND_ADMIN_CLIENTS
                                + TestConfigs.REVOCABLE_CLIENT
                                + """
                          - client_id: listening
                            client_secret: secret-of-listening
                            grant_types: [authorization_code, refresh_token]
                            scope: openid offline_access
                            redirect_uris: [https://app.example.com/cb]
                            backchannel_logout_uri: %s
                        users:
                        """.formatted(receiver().uri(LISTENING.clientId()))
                                + users);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }

        /** Stops the nodes (server processes outlive the test JVM otherwise), then lets their database go. */
        void close() {
            try {
                if (a != null) {
                    a.close();
                }
            } finally {
                try {
                    if (b != null) {
                        b.close();
                    }
                } finally {
                    TestDatabases.release(database);
                }
            }
        }

        @Override
        public String toString() {
            return target.name();
        }
    }
}
