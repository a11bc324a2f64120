package io.rescind.server.admin;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.revocation.AuditLog;
import io.rescind.core.revocation.AuditQuery;
import io.rescind.server.http.Responses;
import java.util.Set;

/**
 * {@code GET /admin/audit?since=&limit=&kind=&target=}: who revoked what, when and how, newest first. {@code since}
 * is ISO-8601 with an offset (percent-encode a {@code +}).
 */
public final class AdminAuditEndpoint implements Handler {
    private final AuditLog audit;

    public AdminAuditEndpoint(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        var query = AdminRequests.query(req, Set.of("since", "limit", "kind", "target"));
        var entries = audit.entries(
                AuditQuery.parse(query.get("since"), query.get("limit"), query.get("kind"), query.get("target")));
        Responses.json(res, 200, AdminViews.audit(audit.generation(), entries));
    }
}
