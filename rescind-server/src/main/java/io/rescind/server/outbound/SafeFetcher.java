package io.rescind.server.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.function.Function;

/**
 * Outbound HTTP under the {@link OutboundPolicy}: GETs small documents (a client's JWK Set) and POSTs forms (logout
 * tokens). No redirects, a size cap, and one deadline for the whole exchange, body included (a server that drips its
 * answer is cut off). The name is resolved and checked just before the request; a DNS answer that changes between
 * that check and the connection is the residual risk (docs/security.md).
 */
public final class SafeFetcher {
    private static final int MAX_BYTES = 256 * 1024;
    private final OutboundPolicy policy;
    private final Duration timeout;
    /** Made at the first call: a client loads the JDK's TLS trust store, a start's worth of work few servers need. */
    private HttpClient http;

    public SafeFetcher(OutboundPolicy policy, Duration timeout) {
        this.policy = policy;
        this.timeout = timeout;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(timeout)
                    .build();
        }
        return http;
    }

    public String get(URI uri) throws IOException {
        policy.check(uri);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .GET()
                .header("Accept", "application/json, application/jwk-set+json")
                .build();
        return exchange("GET", uri, request, response -> read(uri, response));
    }

    /**
     * POSTs an {@code application/x-www-form-urlencoded} body and answers the status. The answer's body is never read
     * (a size cap of zero): the status is all a back-channel logout receiver says (Back-Channel Logout 1.0 §2.8).
     */
    public int postForm(URI uri, String form) throws IOException {
        policy.check(uri);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        return exchange("POST", uri, request, response -> {
            try (InputStream unread = response.body()) {
                return response.statusCode();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private <T> T exchange(String method, URI uri, HttpRequest request, Function<HttpResponse<InputStream>, T> reader)
            throws IOException {
        CompletableFuture<HttpResponse<InputStream>> sent =
                http().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<T> exchange = sent.thenApply(reader);
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Cancelling the request aborts it before the answer; closing the body stops a reader blocked on a drip.
            if (sent.isDone() && !sent.isCompletedExceptionally()) {
                closeQuietly(sent.join().body());
            } else {
                sent.cancel(true);
            }
            throw new IOException(method + " " + uri + " took longer than " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(method + " " + uri + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sent.cancel(true);
            throw new IOException("interrupted", e);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // The exchange is abandoned either way.
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
            throw new UncheckedIOException(e);
        }
    }
}
