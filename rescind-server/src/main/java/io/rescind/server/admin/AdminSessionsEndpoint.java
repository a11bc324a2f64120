package io.rescind.server.admin;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.session.SessionStore;
import io.rescind.core.user.Subject;
import io.rescind.core.user.UserStore;
import io.rescind.server.http.Responses;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** {@code GET /admin/sessions?sub=...}: the live login sessions of a user, newest first. */
public final class AdminSessionsEndpoint implements Handler {
    static final int LIMIT = 500;

    private final SessionStore sessions;
    private final UserStore users;
    private final Duration idleTimeout;
    private final Clock clock;

    public AdminSessionsEndpoint(SessionStore sessions, UserStore users, Duration idleTimeout, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Subject sub = AdminRequests.sub(AdminRequests.query(req, Set.of("sub")).require("sub"));
        if (users.find(sub).isEmpty()) {
            throw OAuthError.UNKNOWN_USER.exception("no such user");
        }
        var live = sessions.live(sub, clock.instant(), idleTimeout, LIMIT);
        Responses.json(
                res,
                200,
                Map.of("sessions", live.stream().map(AdminViews::session).toList()));
    }
}
