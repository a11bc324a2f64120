package io.rescind.core.grant;

import io.rescind.core.client.GrantType;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Scope;
import java.util.Optional;

/** A token request (RFC 6749 §4.1.3, §4.4.2, §6), parsed from the form; client authentication is separate. */
public sealed interface TokenRequest {
    record AuthorizationCodeGrant(String code, Optional<String> redirectUri, Optional<String> codeVerifier)
            implements TokenRequest {
        @Override
        public String toString() {
            return "AuthorizationCodeGrant[...]";
        }
    }

    record RefreshTokenGrant(String refreshToken, Optional<Scope> scope) implements TokenRequest {
        @Override
        public String toString() {
            return "RefreshTokenGrant[...]";
        }
    }

    record ClientCredentialsGrant(Optional<Scope> scope, Optional<String> resource) implements TokenRequest {}

    static TokenRequest parse(FormParameters form) {
        String grantType = form.require("grant_type");
        GrantType type = GrantType.fromValue(grantType)
                .orElseThrow(() -> OAuthError.UNSUPPORTED_GRANT_TYPE.exception("unsupported grant_type"));
        return switch (type) {
            case AUTHORIZATION_CODE ->
                new AuthorizationCodeGrant(form.require("code"), form.get("redirect_uri"), form.get("code_verifier"));
            case REFRESH_TOKEN ->
                new RefreshTokenGrant(
                        form.require("refresh_token"), form.get("scope").map(Scope::parse));
            case CLIENT_CREDENTIALS ->
                new ClientCredentialsGrant(form.get("scope").map(Scope::parse), form.get("resource"));
        };
    }
}
