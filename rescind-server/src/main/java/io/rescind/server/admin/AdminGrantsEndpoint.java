package io.rescind.server.admin;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.admin.OperatorTarget;
import io.rescind.core.client.ClientStore;
import io.rescind.core.grant.GrantOwner;
import io.rescind.core.grant.GrantStore;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.user.UserStore;
import io.rescind.server.http.Responses;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** {@code GET /admin/grants?sub=...|client_id=...}: the live grants of a user or a client, without token material. */
public final class AdminGrantsEndpoint implements Handler {
    static final int LIMIT = 500;

    private final GrantStore grants;
    private final UserStore users;
    private final ClientStore clients;
    private final Clock clock;

    public AdminGrantsEndpoint(GrantStore grants, UserStore users, ClientStore clients, Clock clock) {
        this.grants = grants;
        this.users = users;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        FormParameters query = AdminRequests.query(req, Set.of("sub", "client_id"));
        if (query.has("sub") == query.has("client_id")) {
            throw OAuthError.INVALID_REQUEST.exception("give sub or client_id");
        }
        GrantOwner owner;
        if (query.has("sub")) {
            var sub = AdminRequests.sub(query.require("sub"));
            users.find(sub).orElseThrow(() -> OAuthError.UNKNOWN_USER.exception("no such user"));
            owner = new GrantOwner.OfUser(sub);
        } else {
            var id = OperatorTarget.clientId(query.require("client_id"));
            clients.find(id).orElseThrow(() -> AdminRequests.notFound("no such client"));
            owner = new GrantOwner.OfClient(id);
        }
        var live = grants.live(owner, clock.instant(), LIMIT);
        Responses.json(
                res, 200, Map.of("grants", live.stream().map(AdminViews::grant).toList()));
    }
}
