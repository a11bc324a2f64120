package io.rescind.server.admin;

import io.helidon.webserver.http.Handler;
import io.rescind.core.admin.AdminCredential;
import io.rescind.core.protocol.OAuthError;
import io.rescind.server.http.BearerToken;

/**
 * Guards every admin handler: the request must carry the admin credential as a Bearer token, else 401 with
 * {@code WWW-Authenticate: Bearer}, before anything else is read or answered (an unknown path included).
 */
public final class AdminAuthentication {
    private final AdminCredential credential;

    public AdminAuthentication(AdminCredential credential) {
        this.credential = credential;
    }

    public Handler guard(Handler handler) {
        return (req, res) -> {
            if (!credential.matches(BearerToken.read(req))) {
                throw OAuthError.INVALID_TOKEN.exception("the admin credential is wrong");
            }
            handler.handle(req, res);
        };
    }
}
