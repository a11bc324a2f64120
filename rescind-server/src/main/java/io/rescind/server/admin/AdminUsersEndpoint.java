package io.rescind.server.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.admin.UserAdministration;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.user.Email;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.core.user.UserStore;
import io.rescind.server.http.Responses;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/users}: list (or find by {@code uid} or {@code email}), show, disable and delete users. Disabling and
 * deleting revoke everything of the user first (DESIGN §1.3).
 */
public final class AdminUsersEndpoint {
    private final UserStore users;
    private final UserAdministration administration;

    public AdminUsersEndpoint(UserStore users, UserAdministration administration) {
        this.users = users;
        this.administration = administration;
    }

    /** {@code GET /admin/users[?uid=|email=]}. */
    public void list(ServerRequest req, ServerResponse res) {
        FormParameters query = AdminRequests.query(req, Set.of("uid", "email"));
        if (query.has("uid") && query.has("email")) {
            throw OAuthError.INVALID_REQUEST.exception("give uid or email, not both");
        }
        List<User> found;
        if (query.has("uid")) {
            found = users.findByUid(AdminRequests.uid(query.require("uid"))).stream()
                    .toList();
        } else if (query.has("email")) {
            found = email(query.require("email")).flatMap(users::findByEmail).stream()
                    .toList();
        } else {
            found = users.list();
        }
        Responses.json(
                res, 200, Map.of("users", found.stream().map(AdminViews::user).toList()));
    }

    /** {@code GET /admin/users/{uid}}. */
    public void show(ServerRequest req, ServerResponse res) {
        Responses.json(res, 200, AdminViews.user(find(req)));
    }

    /** {@code POST /admin/users/{uid}/disable}: revokes everything of the user, then disables it. */
    public void disable(ServerRequest req, ServerResponse res) {
        User user = find(req);
        administration.disable(user, AdminRequests.operator(req));
        Responses.json(res, 200, AdminViews.user(user.withStatus(UserStatus.DISABLED)));
    }

    /** {@code DELETE /admin/users/{uid}}: revokes everything of the user, then deletes it. */
    public void delete(ServerRequest req, ServerResponse res) {
        administration.remove(find(req), AdminRequests.operator(req));
        Responses.noStore(res);
        res.status(Status.NO_CONTENT_204).send();
    }

    private User find(ServerRequest req) {
        return users.findByUid(AdminRequests.uid(AdminRequests.path(req, "uid")))
                .orElseThrow(() -> OAuthError.UNKNOWN_USER.exception("no such user"));
    }

    private static Optional<Email> email(String value) {
        try {
            return Optional.of(new Email(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a value no user can have names nobody
        }
    }
}
