package io.rescind.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.Flows;
import io.rescind.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 6749 §4.4 at /token, over real HTTP. */
class ClientCredentialsTest {
    static TestServer server;
    static TestServer.RegisteredClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = server.confidentialClient("backend");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void issuesAnAccessTokenThatIntrospectsActive() {
        var reply = Flows.clientCredentials(server, client, "api");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        var body = reply.json();
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("scope").asText()).isEqualTo("api");
        assertThat(body.has("refresh_token")).isFalse();
        var introspection = Flows.introspect(
                        server, client, body.path("access_token").asText())
                .json();
        assertThat(introspection.path("active").asBoolean()).isTrue();
        assertThat(introspection.path("sub").asText()).isEqualTo("client:backend");
    }
}
