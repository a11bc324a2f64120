package io.rescind.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.admin.OperatorRevocation;
import io.rescind.core.admin.OperatorTarget;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Printable;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;
import java.util.Set;

/**
 * {@code POST /admin/revocations} with {@code {"target": {"type": ...}, "reason": "..."}}: the operator's revocation
 * of a token, a user, a user's sessions, a client or a signing key. Answers 200
 * {@code {"revoked": {"type", "id"}, "seq": <log sequence number>}}; {@code seq} is absent when the target was
 * revoked already.
 */
public final class AdminRevocationsEndpoint implements Handler {
    private static final Set<String> MEMBERS = Set.of("target", "reason");
    private static final String DEFAULT_REASON = "operator";

    private final OperatorRevocation revocation;
    private final RequestBodies bodies;

    public AdminRevocationsEndpoint(OperatorRevocation revocation, RequestBodies bodies) {
        this.revocation = revocation;
        this.bodies = bodies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        ObjectNode body = bodies.json(req);
        body.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                throw OAuthError.INVALID_REQUEST.exception("unexpected member '" + Printable.of(name) + "'");
            }
        });
        OperatorTarget target = OperatorTarget.parse(body.get("target"));
        var revoked = revocation.revoke(target, AdminRequests.operator(req).audit(reason(body.get("reason"))));
        Responses.json(res, 200, AdminViews.revoked(revoked));
    }

    private static String reason(JsonNode reason) {
        if (reason == null) {
            return DEFAULT_REASON;
        }
        if (!reason.isTextual()
                || reason.asText().isEmpty()
                || reason.asText().length() > 100
                || reason.asText().chars().anyMatch(Character::isISOControl)) {
            throw OAuthError.INVALID_REQUEST.exception("reason must be a string of 1 to 100 characters");
        }
        return reason.asText();
    }
}
