package io.rescind.server.discovery;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.discovery.ProviderMetadata;
import io.rescind.core.feature.Features;
import io.rescind.core.settings.Endpoints;
import io.rescind.server.http.Json;
import io.rescind.server.http.Responses;

/**
 * {@code /.well-known/openid-configuration} and {@code /.well-known/oauth-authorization-server}: the same metadata,
 * advertising an endpoint only while its feature is on.
 */
public final class DiscoveryEndpoint implements Handler {
    private final Endpoints endpoints;
    private final Features features;

    public DiscoveryEndpoint(Endpoints endpoints, Features features) {
        this.endpoints = endpoints;
        this.features = features;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        var metadata = ProviderMetadata.of(endpoints, features);
        res.header(HeaderNames.CONTENT_TYPE, Responses.JSON);
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=60");
        res.send(Json.write(metadata));
    }
}
