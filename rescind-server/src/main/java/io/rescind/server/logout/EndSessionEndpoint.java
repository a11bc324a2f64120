package io.rescind.server.logout;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.feature.Feature;
import io.rescind.core.feature.Features;
import io.rescind.core.logout.EndSessionRequest;
import io.rescind.core.logout.Logout;
import io.rescind.core.logout.LogoutConfirmations;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.session.LoginSession;
import io.rescind.core.session.Sessions;
import io.rescind.server.http.ClientAddress;
import io.rescind.server.http.Cookies;
import io.rescind.server.http.Html;
import io.rescind.server.http.RequestBodies;
import java.util.Optional;

/**
 * {@code GET|POST /end_session} (OpenID Connect RP-Initiated Logout 1.0): validate the request, then end the
 * browser's session at once when the ID token hint names it, or ask the user first; a POST of the confirmation form
 * (its handle and CSRF token) ends it. Only the session of the browser's own cookie is ever ended here.
 */
public final class EndSessionEndpoint implements Handler {
    static final String HANDLE = "logout_request";
    static final String CSRF = "csrf";

    private final Logout logout;
    private final LogoutConfirmations confirmations;
    private final Sessions sessions;
    private final Features features;
    private final Cookies cookies;
    private final RequestBodies bodies;

    public EndSessionEndpoint(
            Logout logout,
            LogoutConfirmations confirmations,
            Sessions sessions,
            Features features,
            Cookies cookies,
            RequestBodies bodies) {
        this.logout = logout;
        this.confirmations = confirmations;
        this.sessions = sessions;
        this.features = features;
        this.cookies = cookies;
        this.bodies = bodies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        features.require(Feature.END_SESSION);
        Method method = req.prologue().method();
        FormParameters params;
        boolean confirmation;
        EndSessionRequest request;
        try {
            params = bodies.queryOrForm(req);
            confirmation = method == Method.POST && params.has(HANDLE);
            // A confirmation carries the pending request: it is validated again, never trusted as it comes.
            request = logout.parse(confirmation ? confirmations.parameters(params.require(HANDLE)) : params);
        } catch (OAuthException e) {
            // 400 for a bad request, 413 for a body over the limit: never a redirect to an unchecked URI.
            Html.error(res, e.status(), "Sign-out refused", e.description());
            return;
        }
        if (confirmation) {
            confirmed(req, res, request, params);
            return;
        }
        Optional<String> cookie = cookies.read(req, Cookies.SESSION);
        switch (logout.decide(request, cookie.flatMap(sessions::current))) {
            case Logout.Decision.EndNow now -> end(req, res, now.session(), request);
            case Logout.Decision.Confirm confirm -> {
                String handle = confirmations.handle(request);
                LogoutPage.confirm(res, handle, confirmations.csrfToken(handle, cookie.get()), request);
            }
            case Logout.Decision.NothingToEnd nothing -> LogoutPage.finish(res, request, method);
        }
    }

    /** The user confirmed: end the browser's session if the form was this browser's, for this session. */
    private void confirmed(ServerRequest req, ServerResponse res, EndSessionRequest request, FormParameters form) {
        Optional<String> cookie = cookies.read(req, Cookies.SESSION);
        Optional<LoginSession> session = cookie.flatMap(sessions::current);
        if (session.isEmpty()) {
            LogoutPage.finish(res, request, Method.POST);
            return;
        }
        String handle = form.require(HANDLE);
        if (!confirmations.checkCsrf(handle, cookie.get(), form.get(CSRF).orElse(""))) {
            Html.error(res, 403, "Sign-out refused", "The form was not sent from this browser's sign-out page.");
            return;
        }
        end(req, res, session.get(), request);
    }

    private void end(ServerRequest req, ServerResponse res, LoginSession session, EndSessionRequest request) {
        logout.end(session, Optional.of(ClientAddress.of(req)));
        cookies.clear(res, Cookies.SESSION);
        LogoutPage.finish(res, request, req.prologue().method());
    }
}
