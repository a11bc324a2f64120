package io.rescind.server.login;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.authorize.AuthorizationRequest;
import io.rescind.core.logout.Logout;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.session.LoginOutcome;
import io.rescind.core.session.LoginTransaction;
import io.rescind.core.session.LoginTransactions;
import io.rescind.core.session.PasswordLogin;
import io.rescind.core.session.Sessions;
import io.rescind.core.user.Subject;
import io.rescind.server.authorize.AuthorizationFlow;
import io.rescind.server.http.ClientAddress;
import io.rescind.server.http.Cookies;
import io.rescind.server.http.Html;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;
import java.util.Optional;

/**
 * {@code GET /login} shows the form of a pending login transaction; {@code POST /login} checks the CSRF token against
 * the pre-login cookie, the password, then starts a fresh session and finishes the authorization request kept
 * server-side (the browser never tells where to go next).
 */
public final class LoginEndpoint implements Handler {
    private static final String EXPIRED =
            "This sign-in request has expired or is not valid. " + "Go back to the application and sign in again.";

    private final LoginTransactions transactions;
    private final PasswordLogin passwords;
    private final Sessions sessions;
    private final Logout logout;
    private final AuthorizationFlow flow;
    private final Cookies cookies;
    private final RequestBodies bodies;

    public LoginEndpoint(
            LoginTransactions transactions,
            PasswordLogin passwords,
            Sessions sessions,
            Logout logout,
            AuthorizationFlow flow,
            Cookies cookies,
            RequestBodies bodies) {
        this.transactions = transactions;
        this.passwords = passwords;
        this.sessions = sessions;
        this.logout = logout;
        this.flow = flow;
        this.cookies = cookies;
        this.bodies = bodies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        FormParameters params;
        try {
            params = req.prologue().method() == Method.POST
                    ? bodies.form(req)
                    : FormParameters.parse(req.query().rawValue());
        } catch (OAuthException e) {
            Html.error(res, 400, "Invalid request", e.description());
            return;
        }
        Optional<String> handle = params.get("tx");
        Optional<String> browser = cookies.read(req, Cookies.BROWSER);
        Optional<LoginTransaction> tx = handle.flatMap(h -> browser.flatMap(b -> transactions.find(h, b)));
        if (tx.isEmpty()) {
            Html.error(res, 400, "Sign-in expired", EXPIRED);
            return;
        }
        String csrf = transactions.csrfToken(handle.get(), browser.get());
        if (req.prologue().method() != Method.POST) {
            LoginPage.show(
                    res,
                    200,
                    handle.get(),
                    csrf,
                    tx.get().authorizationRequest().get("login_hint"),
                    Optional.empty());
            return;
        }
        if (!transactions.checkCsrf(
                handle.get(), browser.get(), params.get("csrf").orElse(""))) {
            Html.error(res, 403, "Sign-in refused", "The form was not sent from this browser's sign-in page.");
            return;
        }
        String username = params.get("username").orElse("");
        switch (passwords.attempt(username, params.get("password").orElse(""), ClientAddress.of(req))) {
            case LoginOutcome.Throttled t ->
                LoginPage.show(
                        res,
                        429,
                        handle.get(),
                        csrf,
                        Optional.of(username),
                        Optional.of("Too many failed attempts. Wait a few minutes and try again."));
            case LoginOutcome.Failure f ->
                LoginPage.show(
                        res,
                        401,
                        handle.get(),
                        csrf,
                        Optional.of(username),
                        Optional.of("Invalid username or password."));
            case LoginOutcome.Success success -> finish(req, res, handle.get(), browser.get(), success);
        }
    }

    private void finish(
            ServerRequest req, ServerResponse res, String handle, String browser, LoginOutcome.Success login) {
        Optional<LoginTransaction> tx = transactions.complete(handle, browser);
        if (tx.isEmpty()) {
            Html.error(res, 400, "Sign-in expired", EXPIRED);
            return;
        }
        Subject sub = login.user().sub();
        var started = sessions.afterLogin(
                cookies.read(req, Cookies.SESSION).flatMap(sessions::current),
                sub,
                earlier -> logout.endForAnotherLogin(earlier, sub, Optional.of(ClientAddress.of(req))));
        cookies.set(res, Cookies.SESSION, started.cookie());
        Optional<AuthorizationRequest> request = flow.parse(tx.get().authorizationRequest(), res);
        request.ifPresent(r -> Responses.seeOther(res, flow.authorizer().issueCode(r, started.session())));
    }
}
