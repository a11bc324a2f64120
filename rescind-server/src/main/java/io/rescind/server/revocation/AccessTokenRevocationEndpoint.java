package io.rescind.server.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.feature.Feature;
import io.rescind.core.feature.Features;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.RateLimiter;
import io.rescind.core.revocation.AccessTokenRevocation;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.server.http.ClientAddress;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/auth/token/revoke} (DESIGN §1 row 4): {@code {"token": "<access token>"}} as
 * {@code application/json}, strictly (the content type is the CSRF guard: a cross-site form cannot send it), no
 * client credentials (holding the token is the right to kill it). Its errors are this API's own
 * {@code {"error": "<message>"}}, not OAuth's.
 */
public final class AccessTokenRevocationEndpoint implements Handler {
    private final AccessTokenRevocation revocation;
    private final Features features;
    private final RateLimiter perAddress;
    private final RequestBodies bodies;

    public AccessTokenRevocationEndpoint(
            AccessTokenRevocation revocation, Features features, RateLimiter perAddress, RequestBodies bodies) {
        this.revocation = revocation;
        this.features = features;
        this.perAddress = perAddress;
        this.bodies = bodies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String address = ClientAddress.of(req);
        try {
            perAddress.acquire(address);
            features.require(Feature.REVOKE_ACCESS_TOKEN);
            JsonNode token = bodies.json(req).get("token");
            if (token == null || !token.isTextual() || token.asText().isEmpty()) {
                Responses.message(res, 400, "missing token");
                return;
            }
            var audit = new RevocationAudit(
                    "token-holder", RevocationInterface.ACCESS_TOKEN_API, Optional.of(address), "access_token_api");
            switch (revocation.revoke(token.asText(), audit)) {
                case REVOKED -> Responses.json(res, 200, Map.of("revoked", true));
                case UNEXPECTED_TOKEN_USE -> Responses.message(res, 401, "unexpected token use");
                case INVALID_TOKEN -> Responses.message(res, 401, "invalid token");
            }
        } catch (OAuthException e) {
            Responses.message(res, e);
        }
    }
}
