package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.ServerProcess;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.testing.FreshDatabases;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §2 invariant 1, durable: once a revocation has answered success, it survives a crash of the server and its
 * database. Each trial revokes through every interface, then SIGKILLs the server's process group right after the
 * last success answer, and with it the embedded PostgreSQL's; on the machine's PostgreSQL (the operator's durable
 * store, which stays up) the server alone. The next start on the same data folder and database must find every
 * revocation in force: the tokens dead, and the login sessions the cascade (DESIGN §1.3) ends no longer letting a
 * browser past the login. Which interface answers last before the kill rotates from trial to trial. A bystander
 * logged in each trial and revoked by nothing must be alive after the crash: a start that lost what the server wrote
 * would pass every check of the dead.
 */
class RevocationDurabilityIT {
    /** Crashes with the embedded PostgreSQL; with the external ones, the 50 that issue 3 asks of CI. */
    static final int TRIALS = Integer.getInteger("rescind.durability.trials", 44);
    /** Trials on the machine's PostgreSQL, which CI always has. */
    static final int EXTERNAL_TRIALS = Integer.getInteger("rescind.durability.external-trials", 6);
    /** Each run of the operator CLI starts a JVM, so it revokes in every tenth trial only, the last before the kill. */
    static final int CLI_EVERY = 10;

    static final String PASSWORD = "pw-of-durability";
    static final DemoCredentials WEB = TestConfigs.WEB;
    /** Revoked whole in every trial, so its revocation kills only its own logins, not those of the other interfaces. */
    static final DemoCredentials REVOCABLE = TestConfigs.client("revocable");
    /** The config's users: each trial logs in a fresh one of each role, {@code <role>-<n>}. */
    static final List<String> ROLES =
            List.of("global", "sessions", "rfc7009", "end-session", "disabled", "client-revoked", "cli", "bystander");
    /**
     * The role the admin API disables. The config declares its users {@code disabled: false}, so every start enables
     * them again: their tokens and sessions must be dead by the revocation alone, not by the user's status.
     */
    static final String DISABLED = "disabled";

    @TempDir
    Path dir;

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    /**
     * What must be dead after the crash: tokens issued to {@code client}, and login sessions (a browser's cookies, as
     * they were before the revocation) that must no longer get through /authorize without a login.
     */
    record Revoked(
            String interfaceName,
            DemoCredentials client,
            List<String> accessTokens,
            List<String> refreshTokens,
            List<Map<String, String>> sessions,
            Optional<String> enabledAgain) {
        /** The access and refresh token of {@code login}. */
        static Revoked tokens(String interfaceName, CliSession login) {
            return new Revoked(
                    interfaceName,
                    login.demo(),
                    List.of(login.accessToken()),
                    List.of(login.refreshToken()),
                    List.of(),
                    Optional.empty());
        }

        /** The tokens of {@code login} and its session, by the cookies its browser has now. */
        static Revoked tokensAndSession(String interfaceName, CliSession login) {
            return tokens(interfaceName, login)
                    .withSessions(List.of(Map.copyOf(login.browser().cookies())));
        }

        Revoked withSessions(List<Map<String, String>> sessions) {
            return new Revoked(interfaceName, client, accessTokens, refreshTokens, sessions, enabledAgain);
        }

        /** The user {@code uid} is enabled again at the next start: it must be able to log in there. */
        Revoked withUserEnabledAgain(String uid) {
            return new Revoked(interfaceName, client, accessTokens, refreshTokens, sessions, Optional.of(uid));
        }

        int tokenCount() {
            return accessTokens.size() + refreshTokens.size();
        }
    }

    /** One revocation interface: it sets up a victim, revokes it, and answers what must stay dead. */
    interface Interface extends Function<ServerProcess, Revoked> {}

    /**
     * Where a trial's server keeps its state, and what its crash kills: the embedded PostgreSQL dies with the server
     * (a machine crash), the machine's PostgreSQL stays up while the server process group alone is killed.
     *
     * @param database a fresh database of the machine's PostgreSQL; none for the embedded one in the data folder
     */
    record Store(TestDatabases.Target target, int trials, Optional<ConnectionSettings> database) {
        static Store of(TestDatabases.Target target, FreshDatabases databases) {
            return target == TestDatabases.Target.EMBEDDED
                    ? new Store(target, TRIALS, Optional.empty())
                    : new Store(target, EXTERNAL_TRIALS, Optional.of(databases.create(target)));
        }

        void crash(ServerProcess server) {
            if (target == TestDatabases.Target.EMBEDDED) {
                server.crashWithItsDatabase();
            } else {
                server.killProcessGroup();
            }
        }

        String crashed() {
            return target == TestDatabases.Target.EMBEDDED
                    ? "the server and its embedded PostgreSQL killed"
                    : "the server killed, the machine's PostgreSQL up";
        }

        /** {@code arguments} of a command, then the store's ({@code --db-url}, {@code --db-user}). */
        String[] with(String... arguments) {
            var all = new ArrayList<>(List.of(arguments));
            database.ifPresent(d -> all.addAll(List.of("--db-url", d.jdbcUrl(), "--db-user", d.user())));
            return all.toArray(String[]::new);
        }
    }

    @OnEachDatabase
    void everyRevocationThatAnsweredSurvivesAKillOfTheServerAndItsDatabase(TestDatabases.Target target)
            throws IOException {
        survivesCrashes(Store.of(target, databases));
    }

    private void survivesCrashes(Store store) throws IOException {
        int trials = store.trials();
        Path data = dir.resolve("data");
        Path config = writeConfig(trials);
        List<Interface> interfaces = List.of(
                server -> globalRevocation(server, "global"),
                server -> sessionRevocation(server, "sessions"),
                server -> rfc7009(server, "rfc7009"),
                this::accessTokenApi,
                server -> endSession(server, "end-session"),
                server -> adminUserDisable(server, "disabled"),
                server -> adminClientRevocation(server, "client-revoked"));
        List<Interface> cli =
                List.of(server -> cliToken(store, data, server, "cli"), server -> cliUser(store, data, server, "cli"));
        List<Revoked> mustBeDead = new ArrayList<>();
        CliSession bystander = null;
        int tokens = 0;
        int sessions = 0;
        int alive = 0;
        for (int trial = 0; trial <= trials; trial++) {
            var server = ServerProcess.serve(
                            data,
                            TestConfigs.NO_RATE_LIMITS,
                            store.with("--config", config.toString(), "--issuer", ServerProcess.STABLE_ISSUER))
                    .awaitHealthy();
            for (Revoked revoked : mustBeDead) {
                int live = alive(server, revoked);
                tokens += revoked.tokenCount();
                sessions += revoked.sessions().size();
                alive += live;
                assertThat(live)
                        .as("%s: tokens or sessions alive after the crash", revoked.interfaceName())
                        .isZero();
            }
            mustBeDead.clear();
            if (bystander != null) {
                bystander.at(server).assertAlive();
            }
            assertThat(configFileRevocations(server))
                    .as("enabling the users again is no revocation")
                    .isEmpty();
            if (trial == trials) {
                server.terminate();
                break;
            }
            bystander = login(server, WEB, user("bystander"), "openid");
            for (int i = 0; i < interfaces.size(); i++) {
                // Rotate the order, so each interface is the last to answer before the kill in some trials.
                mustBeDead.add(interfaces.get((trial + i) % interfaces.size()).apply(server));
            }
            // Often enough that every CLI command runs on each store, however few its trials.
            int cliEvery = Math.min(CLI_EVERY, Math.max(1, trials / cli.size()));
            if (trial % cliEvery == 0) {
                mustBeDead.add(cli.get(trial / cliEvery % cli.size()).apply(server));
            }
            store.crash(server);
        }
        System.out.printf(
                "durability (%s, %s): trials=%d tokens checked after a crash=%d sessions checked=%d alive=%d%n",
                store.target(), store.crashed(), trials, tokens, sessions, alive);
        assertThat(alive).isZero();
    }

    private Path writeConfig(int trials) throws IOException {
        var users = new StringBuilder();
        for (int trial = 0; trial < trials; trial++) {
            for (String role : ROLES) {
                users.append("  - uid: ")
                        .append(role)
                        .append('-')
                        .append(trial)
                        .append("\n    password: ")
                        .append(PASSWORD)
                        .append('\n');
                if (role.equals(DISABLED)) {
                    users.append("    disabled: false\n");
                }
            }
        }
        Path config = dir.resolve("rescind.yaml");
        Files.writeString(
                config, TestConfigs.WEB_AND_ADMIN_CLIENTS + TestConfigs.REVOCABLE_CLIENT + "users:\n" + users);
        return config;
    }

    private Revoked globalRevocation(ServerProcess server, String role) {
        String uid = user(role);
        var login = login(server, WEB, uid, "openid offline_access");
        RevocationRequests.global(server, uid);
        return Revoked.tokensAndSession("global token revocation", login);
    }

    private Revoked sessionRevocation(ServerProcess server, String role) {
        String uid = user(role);
        var login = login(server, WEB, uid, "openid");
        RevocationRequests.sessions(server, uid);
        return Revoked.tokensAndSession("session revocation", login);
    }

    private Revoked rfc7009(ServerProcess server, String role) {
        var login = login(server, WEB, user(role), "openid offline_access");
        RevocationRequests.rfc7009(server, WEB, login.refreshToken());
        return Revoked.tokens("RFC 7009", login);
    }

    private Revoked accessTokenApi(ServerProcess server) {
        String token = CliSession.clientCredentialsToken(server, WEB);
        RevocationRequests.accessToken(server, token);
        return new Revoked("access-token API", WEB, List.of(token), List.of(), List.of(), Optional.empty());
    }

    /** OIDC RP-initiated logout of an online grant's session; the answer clears the cookie the browser had. */
    private Revoked endSession(ServerProcess server, String role) {
        var login = login(server, WEB, user(role), "openid");
        Revoked mustBeDead = Revoked.tokensAndSession("RP-initiated logout", login);
        RevocationRequests.endSession(login);
        return mustBeDead;
    }

    /**
     * The config file declares the user {@code disabled: false}, so the next start enables it again; its tokens and
     * session must die by the subject epoch the disable advanced, not by the status.
     */
    private Revoked adminUserDisable(ServerProcess server, String role) {
        String uid = user(role);
        var login = login(server, WEB, uid, "openid offline_access");
        RevocationRequests.disableUser(server, uid);
        return Revoked.tokensAndSession("admin API user disable", login).withUserEnabledAgain(uid);
    }

    private Revoked adminClientRevocation(ServerProcess server, String role) {
        var login = login(server, REVOCABLE, user(role), "openid offline_access");
        RevocationRequests.client(server, REVOCABLE.clientId());
        return Revoked.tokens("admin API client revocation", login);
    }

    /** The operator CLI beside the running server, on its data folder and store. */
    private Revoked cliToken(Store store, Path data, ServerProcess server, String role) {
        var login = login(server, WEB, user(role), "openid offline_access");
        succeeded(ServerProcess.run(
                login.refreshToken() + "\n", store.with("revoke", "token", "--data-dir", data.toString())));
        return Revoked.tokens("CLI revoke token", login);
    }

    private Revoked cliUser(Store store, Path data, ServerProcess server, String role) {
        String uid = user(role);
        var login = login(server, WEB, uid, "openid offline_access");
        succeeded(ServerProcess.run("", store.with("revoke", "user", "uid=" + uid, "--data-dir", data.toString())));
        return Revoked.tokensAndSession("CLI revoke user", login);
    }

    private static void succeeded(ServerProcess.Result cli) {
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
    }

    /** How many users of each role the trials have used: the next one is {@code <role>-<count>} of the config. */
    private final Map<String, Integer> used = new HashMap<>();

    private String user(String role) {
        return role + "-" + (used.merge(role, 1, Integer::sum) - 1);
    }

    private static CliSession login(ServerProcess server, DemoCredentials client, String uid, String scope) {
        return CliSession.login(server, client, uid, PASSWORD, scope);
    }

    /**
     * How many of the tokens and sessions of {@code revoked} are alive at {@code server}. A user enabled again must
     * log in there afterwards: then its status did not decide what was dead.
     */
    private static int alive(ServerProcess server, Revoked revoked) {
        int alive = 0;
        for (String token : revoked.accessTokens()) {
            alive += CliSession.active(server, WEB, token) ? 1 : 0;
        }
        for (String token : revoked.refreshTokens()) {
            alive += CliSession.refreshes(server, revoked.client(), token) ? 1 : 0;
        }
        for (Map<String, String> cookies : revoked.sessions()) {
            var browser = new Browser(server.http);
            browser.cookies().putAll(cookies);
            alive += CliSession.sessionLetsThrough(browser, WEB) ? 1 : 0;
        }
        revoked.enabledAgain().ifPresent(uid -> login(server, WEB, uid, "openid"));
        return alive;
    }

    /** The revocations of the log that the config file made (there must be none: it only enables users again). */
    private static List<JsonNode> configFileRevocations(ServerProcess server) {
        var audit = server.admin().get("/admin/audit?limit=1000");
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        var entries = new ArrayList<JsonNode>();
        audit.json().path("entries").forEach(entries::add);
        return entries.stream()
                .filter(e -> e.path("initiator").asText().equals("config-file"))
                .toList();
    }
}
