package io.rescind.server.token;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientAuthenticator;
import io.rescind.core.grant.TokenRequest;
import io.rescind.core.grant.TokenResponse;
import io.rescind.core.grant.TokenService;
import io.rescind.core.protocol.FormParameters;
import io.rescind.server.http.ClientCredentialsReader;
import io.rescind.server.http.Cors;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /token} (RFC 6749 §3.2): read the form, authenticate the client, run the grant, answer the tokens. */
public final class TokenEndpoint implements Handler {
    private final ClientAuthenticator clients;
    private final TokenService tokens;
    private final Cors cors;
    private final RequestBodies bodies;

    public TokenEndpoint(ClientAuthenticator clients, TokenService tokens, Cors cors, RequestBodies bodies) {
        this.clients = clients;
        this.tokens = tokens;
        this.cors = cors;
        this.bodies = bodies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        cors.apply(req, res);
        FormParameters form = bodies.form(req);
        Client client = clients.authenticate(ClientCredentialsReader.read(req, form));
        TokenResponse response = tokens.handle(client, TokenRequest.parse(form));
        Responses.json(res, 200, render(response));
    }

    static Map<String, Object> render(TokenResponse response) {
        var body = new LinkedHashMap<String, Object>();
        body.put("access_token", response.accessToken());
        body.put("token_type", TokenResponse.TOKEN_TYPE);
        body.put("expires_in", response.expiresIn().toSeconds());
        body.put("scope", response.scope().encode());
        response.refreshToken().ifPresent(rt -> body.put("refresh_token", rt));
        response.idToken().ifPresent(id -> body.put("id_token", id));
        return body;
    }
}
