package io.rescind.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The driver's HTTP client for set-up (pre-issuing tokens, logins, metrics): HTTP/1.1, no redirects followed. */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final URI base;

    Http(URI base) {
        this(base, client().build());
    }

    private Http(URI base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** A client with its own cookie jar, as one browser has. */
    static Http withCookies(URI base) {
        return new Http(
                base,
                client().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                        .build());
    }

    private static HttpClient.Builder client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10));
    }

    URI base() {
        return base;
    }

    /** A response: its status, headers and body. */
    record Reply(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new LoadException("not JSON (" + status + "): " + body, e);
            }
        }

        List<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .toList();
        }

        /** This reply's status must be {@code expected}. */
        Reply expect(int expected, String what) {
            if (status != expected) {
                throw new LoadException(what + ": HTTP " + status + " " + body);
            }
            return this;
        }
    }

    Reply get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET());
    }

    Reply postForm(String path, Map<String, String> form, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String basic(String user, String secret) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((encode(user) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String pathAndQuery, String... headers) {
        var builder = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new LoadException(built.method() + " " + built.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted", e);
        }
    }
}
