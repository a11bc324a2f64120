package io.rescind.server.discovery;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.key.SigningKeys;
import io.rescind.server.http.Json;
import java.time.Clock;

/**
 * {@code GET /jwks} (RFC 7517 §5): the public parts of every published key, including pre-published next keys. Short
 * caching, so verifiers see a rotation well within the pre-publication delay.
 */
public final class JwksEndpoint implements Handler {
    private final SigningKeys keys;
    private final Clock clock;

    public JwksEndpoint(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        // toJSONObject(true) keeps public members only: a private key can never be served here.
        var body = keys.ring().published(clock.instant()).toJSONObject(true);
        res.header(HeaderNames.CONTENT_TYPE, "application/jwk-set+json");
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
        res.send(Json.write(body));
    }
}
