package io.rescind.server.login;

import io.helidon.webserver.http.ServerResponse;
import io.rescind.server.http.Html;
import java.util.Optional;

/** The login form: username, password, and the hidden transaction handle and CSRF token. */
final class LoginPage {
    private LoginPage() {}

    static void show(
            ServerResponse res,
            int status,
            String handle,
            String csrf,
            Optional<String> username,
            Optional<String> error) {
        String body = "<h1>Sign in</h1>"
                + error.map(e -> "<p class=\"error\" role=\"alert\">" + Html.escape(e) + "</p>")
                        .orElse("")
                + "<form method=\"post\" action=\"/login\">"
                + "<input type=\"hidden\" name=\"tx\" value=\"" + Html.escape(handle) + "\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.escape(csrf) + "\">"
                + "<label for=\"username\">Username</label>"
                + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\""
                + Html.escape(username.orElse("")) + "\">"
                + "<label for=\"password\">Password</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
                + "<button type=\"submit\">Sign in</button></form>";
        Html.send(res, status, Html.page("Sign in", body));
    }
}
