package io.rescind.server.admin;

import static io.rescind.server.testing.AdminApi.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.core.secret.Entropy;
import io.rescind.core.user.User;
import io.rescind.server.testing.BesideTheServer;
import io.rescind.server.testing.Database;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The audit ({@code GET /admin/audit}): who revoked what, when and how, from the revocation log. */
class AdminAuditTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static User user() {
        String uid =
                "user-" + Entropy.identifier().substring(0, 8).replace('_', 'x').replace('-', 'y');
        return server.user(uid, "pw-of-" + uid);
    }

    static List<JsonNode> audit(String query) {
        var reply = server.admin.get("/admin/audit" + query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        var entries = new ArrayList<JsonNode>();
        reply.json().path("entries").forEach(entries::add);
        return entries;
    }

    static JsonNode only(String query) {
        var entries = audit(query);
        assertThat(entries).as(query).hasSize(1);
        return entries.getFirst();
    }

    @Nested
    class WhoAndHow {
        @Test
        void theAdminApiIsRecordedAsAdminWithTheCallersAddressAndTheReason() {
            User user = user();
            server.admin.post(
                    "/admin/revocations",
                    "{\"target\":" + target("user", "uid", user.uid().value()) + ",\"reason\":\"ticket-42\"}");

            JsonNode entry = only("?kind=subject_epoch&target=" + user.sub());

            assertThat(entry.path("initiator").asText()).isEqualTo("admin");
            assertThat(entry.path("interface").asText()).isEqualTo("admin-api");
            assertThat(entry.path("caller_ip").asText()).isEqualTo("127.0.0.1");
            assertThat(entry.path("reason").asText()).isEqualTo("ticket-42");
        }

        @Test
        void theAuditNamesTheLogGeneration() {
            var reply = server.admin.get("/admin/audit?limit=1");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);

            var generations = Database.rows(server, "SELECT id FROM log_generation");
            assertThat(generations).hasSize(1);
            assertThat(reply.json().path("log_generation").asText())
                    .isEqualTo(generations.getFirst().get("id"))
                    .matches("[0-9a-f]{32}");
        }

        @Test
        void aPublicInterfaceIsRecordedAsTheCallingClient() {
            var web = server.confidentialClient("web-" + Entropy.identifier().substring(0, 6));
            User user = user();
            var session = Flows.login(server, web, user.uid().value(), "pw-of-" + user.uid(), "openid");
            server.http.postForm(
                    "/oauth/revoke", Map.of("token", session.refreshToken()), "Authorization", web.basic());

            JsonNode entry = audit("?kind=grant&limit=1").getFirst();

            assertThat(entry.path("initiator").asText()).isEqualTo("client:" + web.id());
            assertThat(entry.path("interface").asText()).isEqualTo("oauth-revoke");
            assertThat(entry.path("caller_ip").asText()).isEqualTo("127.0.0.1");
        }

        @Test
        void theCliIsRecordedByItsOperatingSystemUserWithoutAnAddress() {
            User user = user();
            new BesideTheServer(server).users().disable(user, BesideTheServer.OPERATOR);

            JsonNode entry = only("?kind=subject_epoch&target=" + user.sub());

            assertThat(entry.path("initiator").asText()).isEqualTo("cli:tester");
            assertThat(entry.path("interface").asText()).isEqualTo("cli");
            assertThat(entry.path("caller_ip").isNull()).isTrue();
            assertThat(entry.path("reason").asText()).isEqualTo("user_disabled");
        }

        @Test
        void aUserDisabledThroughTheAdminApiSaysSo() {
            User user = user();
            server.admin.post("/admin/users/" + user.uid() + "/disable", "{}");

            JsonNode entry = only("?kind=subject_epoch&target=" + user.sub());

            assertThat(entry.path("reason").asText()).isEqualTo("user_disabled");
            assertThat(entry.path("interface").asText()).isEqualTo("admin-api");
        }
    }

    @Nested
    class Filters {
        @Test
        void entriesComeNewestFirst() {
            User first = user();
            User second = user();
            server.admin.revoke(target("user", "uid", first.uid().value()));
            server.admin.revoke(target("user", "uid", second.uid().value()));

            var entries = audit("?kind=subject_epoch&limit=2");

            assertThat(entries)
                    .extracting(e -> e.path("target").asText())
                    .containsExactly(second.sub().value(), first.sub().value());
            assertThat(entries.get(0).path("seq").asLong())
                    .isGreaterThan(entries.get(1).path("seq").asLong());
        }

        @Test
        void theLimitKeepsTheNewest() {
            User user = user();
            server.admin.revoke(target("user", "uid", user().uid().value()));
            server.admin.revoke(target("user", "uid", user.uid().value()));

            assertThat(audit("?limit=1"))
                    .extracting(e -> e.path("target").asText())
                    .containsExactly(user.sub().value());
        }

        @Test
        void theKindFilterKeepsOnlyThatKind() {
            User user = user();
            var client = server.confidentialClient(
                    "audited-" + Entropy.identifier().substring(0, 6).replace('_', 'x'));
            var clientRevoked = server.admin.revoke(
                    target("client", "client_id", client.id().value()));
            assertThat(clientRevoked.status()).as(clientRevoked.body()).isEqualTo(200);
            var userRevoked =
                    server.admin.revoke(target("user", "uid", user.uid().value()));
            assertThat(userRevoked.status()).as(userRevoked.body()).isEqualTo(200);

            var clientEpochs = audit("?kind=client_epoch&limit=1000");
            assertThat(clientEpochs).extracting(e -> e.path("kind").asText()).containsOnly("client_epoch");
            assertThat(clientEpochs)
                    .extracting(e -> e.path("target").asText())
                    .contains(client.id().value());

            var subjectEpochs = audit("?kind=subject_epoch&limit=1000");
            assertThat(subjectEpochs).extracting(e -> e.path("kind").asText()).containsOnly("subject_epoch");
            assertThat(subjectEpochs)
                    .extracting(e -> e.path("target").asText())
                    .contains(user.sub().value())
                    .doesNotContain(client.id().value());
        }

        @Test
        void theTargetFilterKeepsOnlyThatTarget() {
            User user = user();
            server.admin.revoke(target("user", "uid", user().uid().value()));
            server.admin.revoke(target("user", "uid", user.uid().value()));
            server.admin.revoke(target("user", "uid", user().uid().value()));

            assertThat(audit("?target=" + user.sub()))
                    .extracting(e -> e.path("target").asText())
                    .containsOnly(user.sub().value());
        }

        @Test
        void sinceKeepsWhatCameAtOrAfter() {
            User before = user();
            User after = user();
            server.admin.revoke(target("user", "uid", before.uid().value()));
            server.clock.advance(Duration.ofMinutes(10));
            var since = server.clock.instant().minus(Duration.ofMinutes(1));
            server.admin.revoke(target("user", "uid", after.uid().value()));

            var entries =
                    audit("?kind=subject_epoch&since=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));

            assertThat(entries)
                    .extracting(e -> e.path("target").asText())
                    .containsExactly(after.sub().value());
        }
    }
}
