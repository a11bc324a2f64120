package io.rescind.server.revocation;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.client.Client;
import io.rescind.core.directory.UserCriterion;
import io.rescind.core.feature.Feature;
import io.rescind.core.feature.Features;
import io.rescind.core.protocol.AdminScopes;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.RateLimiter;
import io.rescind.core.revocation.RevocationCallers;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.UserRevocation;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;

/**
 * {@code POST /revoke_session} (Janssen; DESIGN §1 row 2): form {@code user_criterion_key}, {@code
 * user_criterion_value}. Ends every session of the user and revokes the online grants bound to them (a departure from
 * Janssen, which leaves tokens alive). 200 with an empty body, also for an unknown user.
 */
public final class SessionRevocationEndpoint implements Handler {
    private final RevocationCallers callers;
    private final UserRevocation revocation;
    private final Features features;
    private final RateLimiter perCaller;
    private final RequestBodies bodies;
    private final String endpoint;

    public SessionRevocationEndpoint(
            RevocationCallers callers,
            UserRevocation revocation,
            Features features,
            RateLimiter perCaller,
            RequestBodies bodies,
            String endpoint) {
        this.callers = callers;
        this.revocation = revocation;
        this.features = features;
        this.perCaller = perCaller;
        this.bodies = bodies;
        this.endpoint = endpoint;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        FormParameters form = bodies.form(req);
        Client caller =
                callers.authenticate(CallerCredentialsReader.read(req, form), AdminScopes.REVOKE_SESSION, endpoint);
        features.require(Feature.REVOKE_SESSION);
        perCaller.acquire(caller.id().value());
        var criterion = UserCriterion.of(form.require("user_criterion_key"), form.require("user_criterion_value"));
        revocation.revokeSessions(criterion, Audits.byClient(caller, RevocationInterface.SESSION_REVOCATION, req));
        Responses.noStore(res);
        res.status(Status.OK_200).send();
    }
}
