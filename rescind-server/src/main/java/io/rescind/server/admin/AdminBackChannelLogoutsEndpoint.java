package io.rescind.server.admin;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.logout.BackChannelOutbox;
import io.rescind.core.logout.OutboxEntry;
import io.rescind.core.protocol.ListLimit;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Printable;
import io.rescind.server.http.Responses;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /admin/backchannel-logouts?state=failed|pending|delivered&limit=}: the back-channel logout outbox as an
 * operator needs it, oldest first; by default the notices that failed, each with its last error.
 */
public final class AdminBackChannelLogoutsEndpoint implements Handler {
    private final BackChannelOutbox outbox;

    public AdminBackChannelLogoutsEndpoint(BackChannelOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        var query = AdminRequests.query(req, Set.of("state", "limit"));
        OutboxEntry.State state = query.get("state")
                .map(value -> OutboxEntry.State.fromValue(value)
                        .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception(
                                "unknown state '" + Printable.of(value) + "' (pending, delivered, failed)")))
                .orElse(OutboxEntry.State.FAILED);
        var entries = outbox.list(state, ListLimit.parse(query.get("limit")));
        Responses.json(
                res,
                200,
                Map.of("notices", entries.stream().map(AdminViews::outboxEntry).toList()));
    }
}
