package io.rescind.server.logout;

import io.helidon.http.Method;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.client.Client;
import io.rescind.core.logout.EndSessionRequest;
import io.rescind.server.http.Html;
import io.rescind.server.http.Responses;
import java.net.URI;
import java.util.Optional;

/** The pages of a logout: the confirmation form, and where the browser goes once its session is over. */
final class LogoutPage {
    private LogoutPage() {}

    static void confirm(ServerResponse res, String handle, String csrf, EndSessionRequest request) {
        String asking = request.client()
                .map(Client::id)
                .map(id ->
                        "<p>The application <strong>" + Html.escape(id.value()) + "</strong> asks you to sign out.</p>")
                .orElse("");
        String body = "<h1>Sign out</h1>" + asking
                + "<p>Do you want to sign out?</p>"
                + "<form method=\"post\" action=\"/end_session\">"
                + "<input type=\"hidden\" name=\"" + EndSessionEndpoint.HANDLE + "\" value=\"" + Html.escape(handle)
                + "\">"
                + "<input type=\"hidden\" name=\"" + EndSessionEndpoint.CSRF + "\" value=\"" + Html.escape(csrf) + "\">"
                + "<button type=\"submit\">Sign out</button></form>";
        Html.send(res, 200, Html.page("Sign out", body));
    }

    /** Redirects to the validated post-logout URI (303 after a POST), or shows that the user is signed out. */
    static void finish(ServerResponse res, EndSessionRequest request, Method method) {
        Optional<URI> redirect = request.redirect();
        if (redirect.isEmpty()) {
            Html.send(res, 200, Html.page("Signed out", "<h1>Signed out</h1><p>You are signed out.</p>"));
        } else if (method == Method.POST) {
            Responses.seeOther(res, redirect.get());
        } else {
            Responses.redirect(res, redirect.get());
        }
    }
}
