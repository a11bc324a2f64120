package io.rescind.server.outbound;

import com.nimbusds.jose.jwk.JWKSet;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientKeys;
import io.rescind.core.protocol.OAuthError;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's keys: its registered {@code jwks}, or its {@code jwks_uri} fetched safely and cached briefly. Private
 * members of a fetched set are dropped.
 */
public final class ClientKeysResolver implements ClientKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ClientKeysResolver.class);
    private static final Duration CACHE = Duration.ofMinutes(5);

    private record Cached(JWKSet keys, Instant until) {}

    private final SafeFetcher fetcher;
    private final Clock clock;
    private final Map<URI, Cached> cache = new ConcurrentHashMap<>();

    public ClientKeysResolver(SafeFetcher fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    @Override
    public JWKSet of(Client client) {
        if (client.jwks().isPresent()) {
            return client.jwks().get();
        }
        URI uri = client.jwksUri().orElseThrow(() -> OAuthError.INVALID_CLIENT.exception("client has no keys"));
        Instant now = clock.instant();
        Cached cached = cache.get(uri);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.keys();
        }
        try {
            JWKSet keys = JWKSet.parse(fetcher.get(uri)).toPublicJWKSet();
            cache.put(uri, new Cached(keys, now.plus(CACHE)));
            return keys;
        } catch (IOException | ParseException | OutboundPolicy.OutboundRefused e) {
            LOG.warn("Cannot fetch the jwks_uri of client {}: {}", client.id(), e.getMessage());
            throw OAuthError.INVALID_CLIENT.exception("client keys unavailable");
        }
    }
}
