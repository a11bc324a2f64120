package io.rescind.server.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs small documents (a client's JWK Set) under the {@link OutboundPolicy}: no redirects, a size cap, and one
 * deadline for the whole exchange, body included (a server that drips its answer is cut off). The name is resolved
 * and checked just before the request; a DNS answer that changes between that check and the connection is the
 * residual risk (docs/security.md).
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
        CompletableFuture<String> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> read(uri, response));
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException("GET " + uri + " took longer than " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException("GET " + uri + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String read(URI uri, HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + " answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("GET " + uri + " answered more than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
