package io.rescind.core.revocation;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTParser;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientAuthenticator;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.AccessTokenValidator;
import io.rescind.core.token.TokenSubject;
import io.rescind.core.token.TokenTypes;
import java.text.ParseException;

/**
 * Authenticates the caller of an endpoint that acts on other users (DESIGN §1.2), and checks it holds the endpoint's
 * admin scope: a confidential client registered with the scope, a Bearer access token of this server carrying it
 * (issued to a client through client_credentials, for this server), or a JWT the client signed for this endpoint.
 * Credentials are checked first (401), the scope after (403).
 */
public final class RevocationCallers {
    private final ClientAuthenticator clients;
    private final AccessTokenValidator accessTokens;
    private final String issuer;

    public RevocationCallers(ClientAuthenticator clients, AccessTokenValidator accessTokens, String issuer) {
        this.clients = clients;
        this.accessTokens = accessTokens;
        this.issuer = issuer;
    }

    /** The calling client; throws 401 ({@code invalid_client}, {@code invalid_token}) or 403 ({@code insufficient_scope}). */
    public Client authenticate(CallerCredentials credentials, String scope, String endpoint) {
        return switch (credentials) {
            case CallerCredentials.OfClient client ->
                withScope(confidential(clients.authenticate(client.credentials())), scope);
            case CallerCredentials.Bearer bearer ->
                isAccessToken(bearer.token())
                        ? byAccessToken(bearer.token(), scope)
                        : withScope(bySignedRequest(bearer.token(), endpoint), scope);
        };
    }

    private Client byAccessToken(String token, String scope) {
        AccessTokenClaims claims = accessTokens
                .validate(token)
                .orElseThrow(
                        () -> OAuthError.INVALID_TOKEN.exception("the access token is invalid, expired or revoked"))
                .claims();
        if (!claims.scope().contains(scope)) {
            throw OAuthError.INSUFFICIENT_SCOPE.exception("the access token lacks the " + scope + " scope");
        }
        if (!(claims.subject() instanceof TokenSubject.OfClient)
                || !claims.audience().contains(issuer)) {
            throw OAuthError.INSUFFICIENT_SCOPE.exception("the access token is not an admin token of this server");
        }
        return clients.find(claims.clientId())
                .orElseThrow(() -> OAuthError.INVALID_TOKEN.exception("the client of this access token is gone"));
    }

    private Client bySignedRequest(String jwt, String endpoint) {
        try {
            return clients.authenticateSignedRequest(jwt, endpoint);
        } catch (OAuthException e) {
            throw OAuthError.INVALID_TOKEN.exception("the Bearer JWT is not a valid request of a registered client");
        }
    }

    private static Client confidential(Client client) {
        if (!client.isConfidential()) {
            throw OAuthError.INVALID_CLIENT.exception("a public client cannot call this endpoint");
        }
        return client;
    }

    private static Client withScope(Client client, String scope) {
        if (!client.scope().contains(scope)) {
            throw OAuthError.INSUFFICIENT_SCOPE.exception("the client is not registered with the " + scope + " scope");
        }
        return client;
    }

    private static boolean isAccessToken(String token) {
        try {
            JOSEObjectType type = JWTParser.parse(token).getHeader().getType();
            return TokenTypes.ACCESS_TOKEN.equals(type);
        } catch (ParseException e) {
            return true; // not a JWT at all: fails as an access token, with the access token's answer
        }
    }
}
