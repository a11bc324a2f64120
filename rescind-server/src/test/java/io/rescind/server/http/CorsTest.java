package io.rescind.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rescind.core.client.ClientStatus;
import io.rescind.core.client.RedirectUris;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * CORS (Fetch standard §3.2) at {@code /token} and {@code /userinfo}: only origins of registered redirect URIs, never
 * a wildcard, on preflights and on actual responses, errors included.
 */
class CorsTest {
    static final String APP_ORIGIN = "https://app.example.com";
    static final String LOOPBACK_ORIGIN = "http://127.0.0.1:9999";
    static final String DEFAULT_PORT_ORIGIN = "https://spa.example.com";
    static final String DISABLED_ORIGIN = "https://disabled.example.com";

    static TestServer server;
    static TestServer.RegisteredClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        // The disabled client first: once the origin of a client saved after it is allowed, the server has loaded it.
        server.register(
                Fixtures.publicClient("cors-disabled")
                        .redirectUris(List.of(RedirectUris.parseRegistered(DISABLED_ORIGIN + "/cb")))
                        .status(ClientStatus.DISABLED),
                Optional.empty());
        client = server.confidentialClient("cors-app");
        server.register(Fixtures.publicClient("cors-spa"), Optional.empty());
        server.register(
                Fixtures.publicClient("cors-default-port")
                        .redirectUris(List.of(RedirectUris.parseRegistered("https://spa.example.com:443/cb"))),
                Optional.empty());
        // The store announces every client it saves; the running server reloads its origins from that notice.
        // DEFAULT_PORT_ORIGIN is the origin of the client saved last.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(List.of(DEFAULT_PORT_ORIGIN, APP_ORIGIN, LOOPBACK_ORIGIN))
                        .allSatisfy(origin -> assertThat(allowOrigin(preflight("/token", origin)))
                                .contains(origin)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Http.Reply preflight(String path, String origin) {
        return server.http.send(
                "OPTIONS",
                path,
                "Origin",
                origin,
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "authorization, content-type");
    }

    static Optional<String> allowOrigin(Http.Reply reply) {
        return reply.header("Access-Control-Allow-Origin");
    }

    @Nested
    class Preflight {
        @Test
        void preflightToTokenFromTheOriginOfARegisteredRedirectUriIsAllowed() {
            assertThat(allowOrigin(preflight("/token", APP_ORIGIN))).contains(APP_ORIGIN);
        }

        @Test
        void preflightToTokenAllowsPost() {
            assertThat(preflight("/token", APP_ORIGIN).header("Access-Control-Allow-Methods"))
                    .hasValueSatisfying(methods -> assertThat(methods).contains("POST"));
        }

        @Test
        void preflightToTokenAllowsTheAuthorizationAndContentTypeHeaders() {
            assertThat(preflight("/token", APP_ORIGIN).header("Access-Control-Allow-Headers"))
                    .hasValueSatisfying(headers -> assertThat(headers.toLowerCase())
                            .contains("authorization")
                            .contains("content-type"));
        }

        @Test
        void preflightToUserinfoFromARegisteredOriginAllowsGetAndPost() {
            var reply = preflight("/userinfo", APP_ORIGIN);
            assertThat(allowOrigin(reply)).contains(APP_ORIGIN);
            assertThat(reply.header("Access-Control-Allow-Methods"))
                    .hasValueSatisfying(
                            methods -> assertThat(methods).contains("GET").contains("POST"));
            assertThat(reply.header("Access-Control-Allow-Headers"))
                    .hasValueSatisfying(
                            headers -> assertThat(headers.toLowerCase()).contains("authorization"));
        }

        @Test
        void preflightFromAnUnregisteredOriginGetsNoAllowOrigin() {
            var reply = preflight("/token", "https://evil.example.net");
            assertThat(allowOrigin(reply)).isEmpty();
            assertThat(reply.header("Access-Control-Allow-Methods")).isEmpty();
        }

        @Test
        void originDifferingOnlyInSchemeIsNotAllowed() {
            assertThat(allowOrigin(preflight("/token", "http://app.example.com")))
                    .isEmpty();
        }

        @Test
        void originDifferingOnlyInPortIsNotAllowed() {
            assertThat(allowOrigin(preflight("/token", "https://app.example.com:8443")))
                    .isEmpty();
        }

        @Test
        void originThatMerelyStartsLikeARegisteredOneIsNotAllowed() {
            assertThat(allowOrigin(preflight("/token", "https://app.example.com.evil.net")))
                    .isEmpty();
        }

        @Test
        void originOfALoopbackRedirectUriIsAllowed() {
            assertThat(allowOrigin(preflight("/token", LOOPBACK_ORIGIN))).contains(LOOPBACK_ORIGIN);
        }

        /** A browser serialises an origin without its scheme's default port (RFC 6454 §6.2). */
        @Test
        void originOfARedirectUriWrittenWithItsDefaultPortIsAllowed() {
            assertThat(allowOrigin(preflight("/token", DEFAULT_PORT_ORIGIN))).contains(DEFAULT_PORT_ORIGIN);
        }

        @Test
        void originOfADisabledClientIsNotAllowed() {
            assertThat(allowOrigin(preflight("/token", DISABLED_ORIGIN))).isEmpty();
        }

        @Test
        void preflightNeverAllowsCredentials() {
            assertThat(preflight("/token", APP_ORIGIN).header("Access-Control-Allow-Credentials"))
                    .isEmpty();
        }

        @Test
        void preflightWithoutAnOriginGetsNoCorsHeaders() {
            var reply = server.http.send("OPTIONS", "/token");
            assertThat(allowOrigin(reply)).isEmpty();
        }
    }

    @Nested
    class ActualResponses {
        @Test
        void tokenResponseCarriesAllowOriginForAnAllowedOrigin() {
            var reply = server.http.postForm(
                    "/token",
                    Map.of("grant_type", "client_credentials", "scope", "api"),
                    "Authorization",
                    client.basic(),
                    "Origin",
                    APP_ORIGIN);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(allowOrigin(reply)).contains(APP_ORIGIN);
        }

        @Test
        void tokenInvalidGrantResponseCarriesAllowOrigin() {
            var reply = server.http.postForm(
                    "/token",
                    Map.of("grant_type", "refresh_token", "refresh_token", "rsc_rt_unknown"),
                    "Authorization",
                    client.basic(),
                    "Origin",
                    APP_ORIGIN);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(allowOrigin(reply)).contains(APP_ORIGIN);
        }

        @Test
        void tokenInvalidClientResponseCarriesAllowOriginAndExposesTheChallenge() {
            var reply = server.http.postForm(
                    "/token",
                    Map.of("grant_type", "client_credentials"),
                    "Authorization",
                    Http.basic("cors-app", "wrong secret"),
                    "Origin",
                    APP_ORIGIN);
            assertThat(reply.status()).isEqualTo(401);
            assertThat(allowOrigin(reply)).contains(APP_ORIGIN);
            assertThat(reply.header("Access-Control-Expose-Headers"))
                    .hasValueSatisfying(exposed -> assertThat(exposed).contains("WWW-Authenticate"));
        }

        @Test
        void tokenMalformedRequestResponseCarriesAllowOrigin() {
            var reply = server.http.post("/token", "application/json", "{}", "Origin", APP_ORIGIN);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(allowOrigin(reply)).contains(APP_ORIGIN);
        }

        @Test
        void tokenResponseToAnUnregisteredOriginHasNoAllowOrigin() {
            var reply = server.http.postForm(
                    "/token",
                    Map.of("grant_type", "client_credentials", "scope", "api"),
                    "Authorization",
                    client.basic(),
                    "Origin",
                    "https://evil.example.net");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(allowOrigin(reply)).isEmpty();
        }

        @Test
        void userinfoErrorResponseCarriesAllowOrigin() {
            var reply = server.http.get("/userinfo", "Origin", APP_ORIGIN);
            assertThat(reply.status()).isEqualTo(401);
            assertThat(allowOrigin(reply)).contains(APP_ORIGIN);
        }

        @Test
        void responsesVaryByOrigin() {
            var reply = server.http.postForm(
                    "/token", Map.of("grant_type", "client_credentials"), "Origin", "https://evil.example.net");
            assertThat(reply.headers("Vary"))
                    .anySatisfy(vary -> assertThat(vary).contains("Origin"));
        }
    }
}
