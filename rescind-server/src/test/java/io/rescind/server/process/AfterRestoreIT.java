package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rescind.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rescind after-restore} as the operator runs it after a restore (docs/cluster.md), beside a running server: it
 * refuses to act unconfirmed, and with {@code --yes} every earlier token and login session is dead at the running
 * server while new ones work.
 */
class AfterRestoreIT {
    static final String GENERATION = "rescind_revocation_log_generation_info";
    static final Duration NOTICE = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    ServerProcess server;
    DemoCredentials demo;

    @BeforeEach
    void start() {
        server = ServerProcess.serve(dataDir).awaitHealthy();
        demo = DemoCredentials.read(dataDir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ServerProcess.Result afterRestore(String... options) {
        String[] all = new String[options.length + 3];
        all[0] = "after-restore";
        System.arraycopy(options, 0, all, 1, options.length);
        all[options.length + 1] = "--data-dir";
        all[options.length + 2] = dataDir.toString();
        return ServerProcess.run("", all);
    }

    CliSession login() {
        return CliSession.login(server, demo, demo.username(), demo.password(), "openid offline_access");
    }

    /** The labelled sample of the log generation, which names the generation in its label. */
    String generation() {
        return server.admin().metrics().keySet().stream()
                .filter(name -> name.startsWith(GENERATION))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void withoutYesItRefusesOnOneLineAndKillsNothing() {
        var login = login();
        String generation = generation();

        var refused = afterRestore();

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("--yes").doesNotContain("\tat ");
        assertThat(refused.stderr().strip().lines()).hasSize(1);
        assertThat(generation()).isEqualTo(generation);
        login.assertAlive();
    }

    @Test
    void withYesEveryEarlierTokenAndSessionIsDeadAtTheRunningServerAndNewOnesWork() {
        var login = login();
        String serviceToken = CliSession.clientCredentialsToken(server, demo);
        // Validated once before the fence: the node remembers them verified, and must kill them all the same.
        assertThat(login.accessTokenActive()).isTrue();
        assertThat(CliSession.active(server, demo, serviceToken)).isTrue();
        String generation = generation();

        var fenced = afterRestore("--yes");

        assertThat(fenced.exitCode()).as(fenced.stderr()).isZero();
        assertThat(fenced.stdout()).contains("New revocation log generation").contains("sessions ended");
        // The database checks hold at once; the running node's in-memory state follows the new generation.
        assertThat(login.refreshes())
                .as("the refresh token issued before the fence")
                .isFalse();
        assertThat(login.sessionLetsThrough())
                .as("the login session from before the fence")
                .isFalse();
        await().atMost(NOTICE).until(() -> !generation().equals(generation));
        assertThat(login.accessTokenActive())
                .as("an access token issued before the fence")
                .isFalse();
        assertThat(CliSession.active(server, demo, serviceToken))
                .as("a client_credentials token issued before the fence")
                .isFalse();

        var again = login();
        again.assertAlive();
        assertThat(CliSession.active(server, demo, CliSession.clientCredentialsToken(server, demo)))
                .isTrue();
        var audit = server.admin().get("/admin/audit?limit=100");
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        assertThat(audit.body()).contains("\"interface\":\"cli\"");
    }
}
