package io.rescind.server.admin;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.logout.BackChannelOutbox;
import io.rescind.core.logout.OutboxEntry;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Printable;
import io.rescind.server.http.Responses;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /admin/backchannel-logouts?state=failed|pending|delivered&limit=}: the back-channel logout outbox as an
 * operator needs it, oldest first; by default the notices that failed, each with its last error.
 */
public final class AdminBackChannelLogoutsEndpoint implements Handler {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final BackChannelOutbox outbox;

    public AdminBackChannelLogoutsEndpoint(BackChannelOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        var query = AdminRequests.query(req, Set.of("state", "limit"));
        OutboxEntry.State state =
                query.get("state").map(AdminBackChannelLogoutsEndpoint::state).orElse(OutboxEntry.State.FAILED);
        int limit =
                query.get("limit").map(AdminBackChannelLogoutsEndpoint::limit).orElse(DEFAULT_LIMIT);
        var entries = outbox.list(state, limit);
        Responses.json(
                res,
                200,
                Map.of("notices", entries.stream().map(AdminViews::outboxEntry).toList()));
    }

    private static OutboxEntry.State state(String value) {
        return Arrays.stream(OutboxEntry.State.values())
                .filter(s -> s.value().equals(value))
                .findFirst()
                .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception(
                        "unknown state '" + Printable.of(value) + "' (pending, delivered, failed)"));
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw OAuthError.INVALID_REQUEST.exception("limit must be a number between 1 and " + MAX_LIMIT);
    }
}
