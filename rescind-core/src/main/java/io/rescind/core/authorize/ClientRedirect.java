package io.rescind.core.authorize;

import io.rescind.core.client.Client;
import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * The client and redirect URI of an authorization request, resolved before anything else (RFC 6749 §4.1.2.1): until
 * both are known to be registered, errors are shown to the user and never redirected.
 *
 * @param requestedRedirectUri the {@code redirect_uri} parameter, which the token request must then repeat
 */
public record ClientRedirect(Client client, URI redirectUri, Optional<URI> requestedRedirectUri) {

    public static ClientRedirect resolve(FormParameters params, Function<ClientId, Optional<Client>> clients) {
        String rawClientId = params.get("client_id")
                .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception("missing parameter 'client_id'"));
        ClientId clientId;
        try {
            clientId = new ClientId(rawClientId);
        } catch (OAuthException e) {
            throw OAuthError.INVALID_REQUEST.exception("malformed client_id");
        }
        Client client = clients.apply(clientId)
                .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception("unknown or disabled client"));
        Optional<String> requested = params.get("redirect_uri");
        if (requested.isPresent()) {
            // Exact string comparison with a registered URI: no normalisation, no prefix or pattern matching.
            URI match = client.redirectUris().stream()
                    .filter(uri -> uri.toString().equals(requested.get()))
                    .findFirst()
                    .orElseThrow(() ->
                            OAuthError.INVALID_REQUEST.exception("redirect_uri is not registered for this client"));
            return new ClientRedirect(client, match, Optional.of(match));
        }
        if (client.redirectUris().size() != 1) {
            throw OAuthError.INVALID_REQUEST.exception("missing parameter 'redirect_uri'");
        }
        return new ClientRedirect(client, client.redirectUris().getFirst(), Optional.empty());
    }
}
