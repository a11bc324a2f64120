package io.rescind.server.authorize;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.authorize.AuthorizationRequest;
import io.rescind.core.authorize.Authorizer;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.session.LoginSession;
import io.rescind.core.session.LoginTransactions;
import io.rescind.core.session.Sessions;
import io.rescind.server.http.Cookies;
import io.rescind.server.http.Html;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET|POST /authorize} (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2): validate, then redirect with a code
 * when the browser's session suffices, or start a login transaction.
 */
public final class AuthorizeEndpoint implements Handler {
    private final AuthorizationFlow flow;
    private final Sessions sessions;
    private final LoginTransactions transactions;
    private final Cookies cookies;
    private final String loginUrl;
    private final RequestBodies bodies;

    public AuthorizeEndpoint(
            AuthorizationFlow flow,
            Sessions sessions,
            LoginTransactions transactions,
            Cookies cookies,
            String loginUrl,
            RequestBodies bodies) {
        this.flow = flow;
        this.sessions = sessions;
        this.transactions = transactions;
        this.cookies = cookies;
        this.loginUrl = loginUrl;
        this.bodies = bodies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        FormParameters params;
        try {
            params = bodies.queryOrForm(req);
        } catch (OAuthException e) {
            Html.error(res, 400, "Invalid request", e.description());
            return;
        }
        Optional<AuthorizationRequest> request = flow.parse(params, res);
        if (request.isEmpty()) {
            return;
        }
        Optional<LoginSession> session = cookies.read(req, Cookies.SESSION).flatMap(sessions::current);
        switch (flow.authorizer().decide(request.get(), session)) {
            case Authorizer.Decision.IssueCode issue ->
                Responses.redirect(res, flow.authorizer().issueCode(request.get(), issue.session()));
            case Authorizer.Decision.LoginRequired required ->
                Responses.redirect(res, flow.authorizer().loginRequired(request.get()));
            case Authorizer.Decision.AskLogin ask -> {
                var started = transactions.start(request.get().original(), cookies.read(req, Cookies.BROWSER));
                cookies.set(res, Cookies.BROWSER, started.browserCookie());
                Responses.redirect(
                        res,
                        URI.create(loginUrl + "?tx=" + URLEncoder.encode(started.handle(), StandardCharsets.UTF_8)));
            }
        }
    }
}
