package io.rescind.server.authorize;

import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.authorize.AuthorizationRequest;
import io.rescind.core.authorize.AuthorizationResponse;
import io.rescind.core.authorize.Authorizer;
import io.rescind.core.authorize.ClientRedirect;
import io.rescind.core.client.ClientAuthenticator;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.settings.ServerSettings;
import io.rescind.server.http.Html;
import io.rescind.server.http.Responses;
import java.util.Optional;

/**
 * Validates an authorization request in the two stages RFC 6749 §4.1.2.1 sets: until the client and redirect URI are
 * trusted, errors are shown to the user; after, they are redirected to the client with {@code state} and {@code iss}.
 * Used at {@code /authorize} and again when a login completes.
 */
public final class AuthorizationFlow {
    private final ClientAuthenticator clients;
    private final Authorizer authorizer;
    private final ServerSettings settings;

    public AuthorizationFlow(ClientAuthenticator clients, Authorizer authorizer, ServerSettings settings) {
        this.clients = clients;
        this.authorizer = authorizer;
        this.settings = settings;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    /** The valid request, or empty once the error response has been sent. */
    public Optional<AuthorizationRequest> parse(FormParameters params, ServerResponse res) {
        ClientRedirect target;
        try {
            target = ClientRedirect.resolve(params, clients::find);
        } catch (OAuthException e) {
            Html.error(res, 400, "Invalid authorization request", e.description());
            return Optional.empty();
        }
        try {
            return Optional.of(AuthorizationRequest.parse(params, target, settings));
        } catch (OAuthException e) {
            Responses.redirect(
                    res,
                    AuthorizationResponse.error(
                            target.redirectUri(),
                            e,
                            AuthorizationRequest.rawState(params),
                            settings.issuer().toString()));
            return Optional.empty();
        }
    }
}
