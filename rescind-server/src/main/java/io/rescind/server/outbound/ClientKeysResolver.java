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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's keys: its registered {@code jwks}, or its {@code jwks_uri} fetched safely and cached briefly. A failed
 * fetch is remembered for a while too, so unsigned assertions naming the client cannot make Rescind fetch on every
 * request. Private members of a fetched set are dropped.
 */
public final class ClientKeysResolver implements ClientKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ClientKeysResolver.class);
    private static final Duration CACHE = Duration.ofMinutes(5);
    private static final Duration FAILURE_CACHE = Duration.ofSeconds(30);

    /** A fetch result: the keys, or none after a failure, until {@code until}. */
    private record Cached(Optional<JWKSet> keys, Instant until) {}

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
        Cached cached = cache.get(uri); // a hit takes no lock
        if (!fresh(cached, now)) {
            cached = cache.compute(uri, (key, old) -> fresh(old, now) ? old : fetch(client, key, now));
        }
        return cached.keys().orElseThrow(() -> OAuthError.INVALID_CLIENT.exception("client keys unavailable"));
    }

    private static boolean fresh(Cached cached, Instant now) {
        return cached != null && now.isBefore(cached.until());
    }

    /**
     * Runs under the map's lock for this URI (only on a miss), so one fetch per URI is under way at a time; the
     * fetch is bounded by the fetcher's deadline.
     */
    private Cached fetch(Client client, URI uri, Instant now) {
        try {
            return new Cached(Optional.of(JWKSet.parse(fetcher.get(uri)).toPublicJWKSet()), now.plus(CACHE));
        } catch (IOException | ParseException | OutboundPolicy.OutboundRefused e) {
            LOG.warn("Cannot fetch the jwks_uri of client {}: {}", client.id(), e.getMessage());
            return new Cached(Optional.empty(), now.plus(FAILURE_CACHE));
        }
    }
}
