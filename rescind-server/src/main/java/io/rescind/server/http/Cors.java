package io.rescind.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.client.Client;
import io.rescind.core.client.RedirectUris;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS for browser clients at the token, revocation and userinfo endpoints: only origins of registered redirect URIs,
 * never a wildcard, no credentials (cookies play no part there). Given the clients again whenever they change.
 */
public final class Cors {
    private volatile Set<String> origins = Set.of();

    /** Allows the origins of {@code clients}' redirect URIs, and no others. */
    public void allow(Collection<Client> clients) {
        origins = clients.stream()
                .filter(Client::isActive)
                .flatMap(c -> c.redirectUris().stream())
                .filter(uri -> uri.getScheme().startsWith("http"))
                .map(RedirectUris::origin)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Adds the CORS response headers when the request's origin is allowed. */
    public void apply(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.VARY, "Origin");
        allowedOrigin(req).ifPresent(origin -> {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "WWW-Authenticate");
        });
    }

    /** Answers a preflight request. */
    public void preflight(ServerRequest req, ServerResponse res, String methods) {
        apply(req, res);
        if (allowedOrigin(req).isPresent()) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private Optional<String> allowedOrigin(ServerRequest req) {
        return req.headers().first(HeaderNames.ORIGIN).filter(origins::contains);
    }
}
