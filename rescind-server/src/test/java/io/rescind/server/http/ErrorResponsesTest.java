package io.rescind.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Error responses of the HTTP edge: always a JSON protocol error, never a stack trace or a framework page, also for
 * requests no endpoint accepts; only {@code /authorize} and {@code /login} answer HTML pages, to the user.
 */
class ErrorResponsesTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void assertJsonError(Http.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(reply.json().path("error").asText()).isNotBlank();
        assertNoInternals(reply.body());
    }

    static void assertNoInternals(String body) {
        assertThat(body.toLowerCase(Locale.ROOT))
                .doesNotContain("exception")
                .doesNotContain("helidon")
                .doesNotContain("at io.")
                .doesNotContain("<html");
    }

    /** A raw HTTP/1.1 exchange, for requests java.net.http will not send; reads one response. */
    static Http.Reply raw(String head, byte[] body) {
        try (Socket socket = new Socket(server.base.getHost(), server.base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Http.Reply readResponse(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("response so far: " + head).isNotNegative();
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        var headers = new LinkedHashMap<String, List<String>>();
        Arrays.stream(lines)
                .skip(1)
                .forEach(line -> headers.computeIfAbsent(
                                line.substring(0, line.indexOf(':')).strip(), k -> new ArrayList<>())
                        .add(line.substring(line.indexOf(':') + 1).strip()));
        int length = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Content-Length"))
                .map(e -> Integer.parseInt(e.getValue().getFirst()))
                .findFirst()
                .orElse(0);
        return new Http.Reply(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    @Nested
    class NotFound {
        @ParameterizedTest
        @CsvSource({"GET,/nope", "POST,/nope", "DELETE,/admin", "GET,/token/", "GET,/.well-known/nope"})
        void unknownPathAnswers404Json(String method, String path) {
            assertJsonError(server.http.send(method, path), 404);
        }
    }

    @Test
    void headOfAReadOnlyResourceAnswersLikeGetWithoutABody() {
        var head = server.http.send("HEAD", "/health");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(server.http.send("HEAD", "/jwks").status()).isEqualTo(200);
    }

    @Nested
    class MethodNotAllowed {
        static Stream<Arguments> wrongMethods() {
            return Stream.of(
                    Arguments.of("GET", "/token", "POST, OPTIONS"),
                    Arguments.of("PUT", "/token", "POST, OPTIONS"),
                    Arguments.of("GET", "/introspect", "POST"),
                    Arguments.of("PUT", "/authorize", "GET, POST"),
                    Arguments.of("DELETE", "/login", "GET, POST"),
                    Arguments.of("DELETE", "/userinfo", "GET, POST, OPTIONS"),
                    Arguments.of("POST", "/jwks", "GET, HEAD"),
                    Arguments.of("POST", "/health", "GET, HEAD"),
                    Arguments.of("POST", "/.well-known/openid-configuration", "GET, HEAD"),
                    Arguments.of("PUT", "/.well-known/oauth-authorization-server", "GET, HEAD"));
        }

        @ParameterizedTest
        @MethodSource("wrongMethods")
        void wrongMethodAnswers405Json(String method, String path, String allowed) {
            assertJsonError(server.http.send(method, path), 405);
        }

        /** RFC 9110 §15.5.6: a 405 response must say which methods the resource supports. */
        @ParameterizedTest
        @MethodSource("wrongMethods")
        void wrongMethodAnswerNamesTheAllowedMethods(String method, String path, String allowed) {
            var reply = server.http.send(method, path);
            assertThat(reply.header("Allow")).as(method + " " + path).isPresent();
            assertThat(Arrays.stream(reply.header("Allow").get().split(","))
                            .map(String::strip)
                            .sorted()
                            .toList())
                    .containsExactlyElementsOf(Arrays.stream(allowed.split(","))
                            .map(String::strip)
                            .sorted()
                            .toList());
        }
    }

    @Nested
    class MalformedRequests {
        @Test
        void malformedHeaderAnswers400Json() {
            var reply = raw(
                    "GET /health HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\nConnection: close\r\n\r\n",
                    new byte[0]);
            assertJsonError(reply, 400);
        }

        @Test
        void bodyLargerThanTheLimitAnswers413Json() {
            int size = 128 * 1024;
            var reply = raw(
                    "POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: " + size + "\r\nConnection: close\r\n\r\n",
                    new byte[0]);
            assertJsonError(reply, 413);
        }

        @Test
        void tokenRequestWithAnotherContentTypeAnswers400Json() {
            assertJsonError(
                    server.http.post("/token", "application/json", "{\"grant_type\":\"client_credentials\"}"), 400);
        }

        @Test
        void tokenRequestThatIsNotUtf8Answers400Json() {
            var reply = raw(
                    "POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: 3\r\nConnection: close\r\n\r\n",
                    new byte[] {'a', '=', (byte) 0xff});
            assertJsonError(reply, 400);
        }

        @Test
        void tokenRequestWithBrokenPercentEncodingAnswers400Json() {
            assertJsonError(server.http.post("/token", RequestBodies.FORM, "grant_type=%zz"), 400);
        }
    }

    @Nested
    class ContentTypes {
        /**
         * Requests without client authentication or a token: the client is authenticated before the grant is read
         * (RFC 6749 §5.2 {@code invalid_client}); UserInfo wants a Bearer token (RFC 6750 §3.1, where no error code
         * is prescribed for a request without one).
         */
        static Stream<Arguments> endpointErrors() {
            return Stream.of(
                    Arguments.of("POST", "/token", Map.of(), 401, "invalid_client"),
                    Arguments.of("POST", "/token", Map.of("grant_type", "password"), 401, "invalid_client"),
                    Arguments.of("POST", "/introspect", Map.of("token", "x"), 401, "invalid_client"),
                    Arguments.of("GET", "/userinfo", Map.of(), 401, null),
                    Arguments.of("POST", "/userinfo", Map.of(), 401, null));
        }

        @ParameterizedTest
        @MethodSource("endpointErrors")
        void endpointErrorsAreJson(String method, String path, Map<String, String> form, int status, String error) {
            var reply = method.equals("GET") ? server.http.get(path) : server.http.postForm(path, form);
            assertJsonError(reply, status);
            if (error != null) {
                assertThat(reply.error()).isEqualTo(error);
            }
        }

        @Test
        void jsonErrorsAreNeverCached() {
            var reply = server.http.postForm("/token", Map.of("grant_type", "password"));
            assertThat(reply.header("Cache-Control")).contains("no-store");
        }

        @Test
        void authorizeErrorsAreHtmlPagesForTheUser() {
            var reply = server.http.get("/authorize?client_id=nobody");
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.header("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(reply.body()).doesNotContain("Exception");
        }

        @Test
        void loginErrorsAreHtmlPagesForTheUser() {
            var reply = server.http.get("/login?tx=rsc_lt_unknown");
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.header("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(reply.body()).doesNotContain("Exception");
        }
    }
}
