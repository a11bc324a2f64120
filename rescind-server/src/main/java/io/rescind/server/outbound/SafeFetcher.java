package io.rescind.server.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs small documents (a client's JWK Set) under the {@link OutboundPolicy}: no redirects, short timeouts, a size
 * cap. The name is resolved and checked just before the request; a DNS answer that changes between the check and
 * the connection is the residual risk (see docs/security.md).
 */
public final class SafeFetcher {
    private static final int MAX_BYTES = 256 * 1024;
    private final OutboundPolicy policy;
    private final HttpClient http;
    private final Duration timeout;

    public SafeFetcher(OutboundPolicy policy, Duration timeout) {
        this.policy = policy;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    public String get(URI uri) throws IOException {
        policy.check(uri);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .GET()
                .header("Accept", "application/json, application/jwk-set+json")
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + uri + " answered " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("GET " + uri + " answered more than " + MAX_BYTES + " bytes");
                }
                return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
