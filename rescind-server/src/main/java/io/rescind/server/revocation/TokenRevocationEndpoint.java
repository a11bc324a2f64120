package io.rescind.server.revocation;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientAuthenticator;
import io.rescind.core.feature.Feature;
import io.rescind.core.feature.Features;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.TokenRevocation;
import io.rescind.server.http.ClientCredentialsReader;
import io.rescind.server.http.Cors;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;

/**
 * {@code POST /oauth/revoke} (RFC 7009, TokenAuthority semantics; DESIGN §1 row 3): authenticate the client (a public
 * client sends {@code client_id} only), check the flag, revoke the token's grant, answer 200 with an empty body.
 */
public final class TokenRevocationEndpoint implements Handler {
    private final ClientAuthenticator clients;
    private final TokenRevocation revocation;
    private final Features features;
    private final Cors cors;
    private final RequestBodies bodies;

    public TokenRevocationEndpoint(
            ClientAuthenticator clients,
            TokenRevocation revocation,
            Features features,
            Cors cors,
            RequestBodies bodies) {
        this.clients = clients;
        this.revocation = revocation;
        this.features = features;
        this.cors = cors;
        this.bodies = bodies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        cors.apply(req, res);
        FormParameters form = bodies.form(req);
        Client client = clients.authenticate(ClientCredentialsReader.read(req, form));
        features.require(Feature.REVOKE_TOKEN);
        revocation.revoke(
                client,
                form.require("token"),
                form.get("token_type_hint"),
                Audits.byClient(client, RevocationInterface.RFC7009, req));
        Responses.noStore(res);
        res.status(Status.OK_200).send();
    }
}
