package io.rescind.server.revocation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.client.Client;
import io.rescind.core.directory.SubjectIdentifier;
import io.rescind.core.feature.Feature;
import io.rescind.core.feature.Features;
import io.rescind.core.protocol.AdminScopes;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.RateLimiter;
import io.rescind.core.revocation.RevocationCallers;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.UserRevocation;
import io.rescind.core.settings.RevocationSettings;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;
import java.util.LinkedHashMap;

/**
 * {@code POST /global-token-revocation} (Janssen; draft-parecki-oauth-global-token-revocation; DESIGN §1 row 1):
 * authenticate the caller and its scope, check the flag, name the user by {@code sub_id}, revoke everything of the
 * user. 204; an unknown user also 204, or 404 when the setting asks for the draft's behaviour.
 */
public final class GlobalTokenRevocationEndpoint implements Handler {
    private final RevocationCallers callers;
    private final UserRevocation revocation;
    private final Features features;
    private final RateLimiter perCaller;
    private final RequestBodies bodies;
    private final RevocationSettings settings;
    private final String endpoint;
    private final String issuer;

    public GlobalTokenRevocationEndpoint(
            RevocationCallers callers,
            UserRevocation revocation,
            Features features,
            RateLimiter perCaller,
            RequestBodies bodies,
            RevocationSettings settings,
            String endpoint,
            String issuer) {
        this.callers = callers;
        this.revocation = revocation;
        this.features = features;
        this.perCaller = perCaller;
        this.bodies = bodies;
        this.settings = settings;
        this.endpoint = endpoint;
        this.issuer = issuer;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        ObjectNode body = bodies.json(req);
        Client caller = callers.authenticate(
                CallerCredentialsReader.read(req, credentialsIn(body)), AdminScopes.GLOBAL_TOKEN_REVOCATION, endpoint);
        features.require(Feature.GLOBAL_TOKEN_REVOCATION);
        perCaller.acquire(caller.id().value());
        SubjectIdentifier subject = SubjectIdentifier.parse(body.get("sub_id"), issuer);
        boolean found = revocation
                .revokeEverything(subject, Audits.byClient(caller, RevocationInterface.GLOBAL_TOKEN_REVOCATION, req))
                .isPresent();
        if (!found && settings.unknownUser() == RevocationSettings.UnknownUser.NOT_FOUND) {
            throw OAuthError.UNKNOWN_USER.exception("no such user");
        }
        Responses.noStore(res);
        res.status(Status.NO_CONTENT_204).send();
    }

    /** Client credentials sent in the JSON body ({@code client_secret_post}, {@code private_key_jwt}). */
    private static FormParameters credentialsIn(ObjectNode body) {
        var values = new LinkedHashMap<String, String>();
        for (String name : new String[] {"client_id", "client_secret", "client_assertion_type", "client_assertion"}) {
            if (body.has(name)) {
                if (!body.get(name).isTextual()) {
                    throw OAuthError.INVALID_REQUEST.exception(name + " must be a string");
                }
                values.put(name, body.get(name).asText());
            }
        }
        return new FormParameters(values);
    }
}
