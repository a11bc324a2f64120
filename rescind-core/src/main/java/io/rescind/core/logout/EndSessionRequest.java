package io.rescind.core.logout;

import io.rescind.core.authorize.AuthorizationResponse;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.session.LoginSession;
import io.rescind.core.token.JwtVerifier;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A validated RP-initiated logout request (OpenID Connect RP-Initiated Logout 1.0 §2). The client is the one named
 * by {@code client_id} or by the hint's audience, and both must agree; {@code post_logout_redirect_uri} is kept only
 * when it is, character for character, one the client registered, so a redirect never goes anywhere else.
 * {@code logout_hint} and {@code ui_locales} are read and never acted on: only the browser's own session can be
 * ended here.
 *
 * @param parameters the protocol parameters as received (nothing else), to validate again after a confirmation
 */
public record EndSessionRequest(
        Optional<IdTokenHint> hint,
        Optional<Client> client,
        Optional<URI> postLogoutRedirectUri,
        Optional<String> state,
        FormParameters parameters) {

    public static final Set<String> PARAMETERS =
            Set.of("id_token_hint", "logout_hint", "client_id", "post_logout_redirect_uri", "state", "ui_locales");

    /** Throws {@code invalid_request} when the request cannot be honoured as sent; nothing is redirected then. */
    public static EndSessionRequest parse(
            FormParameters params, JwtVerifier idTokens, Function<ClientId, Optional<Client>> clients) {
        Optional<IdTokenHint> hint = params.get("id_token_hint").map(token -> IdTokenHint.verify(token, idTokens));
        Optional<ClientId> named = params.get("client_id").map(EndSessionRequest::clientId);
        if (named.isPresent() && hint.isPresent() && !hint.get().audience().contains(named.get())) {
            throw OAuthError.INVALID_REQUEST.exception("client_id is not an audience of id_token_hint");
        }
        Optional<Client> client = named.isPresent()
                ? Optional.of(clients.apply(named.get())
                        .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception("unknown or disabled client")))
                : hint.flatMap(IdTokenHint::client).flatMap(clients);
        Optional<URI> redirect = params.get("post_logout_redirect_uri").map(uri -> registered(uri, client));
        return new EndSessionRequest(hint, client, redirect, params.get("state"), params.only(PARAMETERS));
    }

    /** Whether the hint names this very session of this user: then the request needs no confirmation. */
    public boolean hintMatches(LoginSession session) {
        return hint.filter(h -> h.sub().equals(session.sub()))
                .flatMap(IdTokenHint::sid)
                .filter(session.sid()::equals)
                .isPresent();
    }

    /** Where the browser goes after the logout: the registered URI with {@code state}, or nowhere. */
    public Optional<URI> redirect() {
        return postLogoutRedirectUri.map(uri -> state.map(s -> AuthorizationResponse.withQuery(uri, Map.of("state", s)))
                .orElse(uri));
    }

    private static URI registered(String requested, Optional<Client> client) {
        Client known = client.orElseThrow(() -> OAuthError.INVALID_REQUEST.exception(
                "post_logout_redirect_uri needs client_id or an id_token_hint of a known client"));
        // Exact string comparison with a registered URI: no normalisation, no prefix or pattern matching.
        return known.postLogoutRedirectUris().stream()
                .filter(uri -> uri.toString().equals(requested))
                .findFirst()
                .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception(
                        "post_logout_redirect_uri is not registered for this client"));
    }

    private static ClientId clientId(String value) {
        try {
            return new ClientId(value);
        } catch (OAuthException e) {
            throw OAuthError.INVALID_REQUEST.exception("malformed client_id");
        }
    }
}
