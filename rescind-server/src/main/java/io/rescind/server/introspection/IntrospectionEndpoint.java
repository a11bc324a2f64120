package io.rescind.server.introspection;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientAuthenticator;
import io.rescind.core.feature.Feature;
import io.rescind.core.feature.Features;
import io.rescind.core.introspection.Introspection;
import io.rescind.core.protocol.FormParameters;
import io.rescind.server.http.ClientCredentialsReader;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;

/** {@code POST /introspect} (RFC 7662): confidential clients only; the flag is checked after authentication. */
public final class IntrospectionEndpoint implements Handler {
    private final ClientAuthenticator clients;
    private final Introspection introspection;
    private final Features features;
    private final RequestBodies bodies;

    public IntrospectionEndpoint(
            ClientAuthenticator clients, Introspection introspection, Features features, RequestBodies bodies) {
        this.clients = clients;
        this.introspection = introspection;
        this.features = features;
        this.bodies = bodies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        FormParameters form = bodies.form(req);
        Client caller = clients.authenticate(ClientCredentialsReader.read(req, form));
        introspection.requireCaller(caller);
        features.require(Feature.INTROSPECTION);
        Responses.json(
                res,
                200,
                introspection.introspect(caller, form.require("token")).members());
    }
}
