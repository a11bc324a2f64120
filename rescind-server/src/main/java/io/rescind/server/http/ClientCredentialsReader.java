package io.rescind.server.http;

import io.helidon.webserver.http.ServerRequest;
import io.rescind.core.client.ClientCredentials;
import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.Utf8;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads which client a request claims to be and how it proves it (RFC 6749 §2.3, RFC 7523 §2.2). Exactly one method:
 * a request that uses two (Basic and a body secret, say) is refused, as RFC 6749 §2.3 requires.
 */
public final class ClientCredentialsReader {
    public static final String JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private ClientCredentialsReader() {}

    public static ClientCredentials read(ServerRequest req, FormParameters form) {
        Optional<String> authorization = RequestBodies.authorization(req);
        boolean secret = form.has("client_secret");
        boolean assertion = form.has("client_assertion") || form.has("client_assertion_type");
        // Counted before any of them is parsed, so an incomplete second method cannot hide the first.
        if (Stream.of(authorization.isPresent(), secret, assertion)
                        .filter(used -> used)
                        .count()
                > 1) {
            throw OAuthError.INVALID_REQUEST.exception("more than one client authentication method was used");
        }
        Optional<ClientId> clientId = form.get("client_id").map(ClientCredentialsReader::clientId);
        if (authorization.isPresent()) {
            var basic = basic(authorization.get());
            if (clientId.isPresent() && !clientId.get().equals(basic.id())) {
                throw OAuthError.INVALID_REQUEST.exception("client_id does not match the authenticated client");
            }
            return basic;
        }
        if (secret) {
            return new ClientCredentials.SecretPost(
                    clientId.orElseThrow(() -> OAuthError.INVALID_CLIENT.exception("client_secret without client_id")),
                    form.require("client_secret"));
        }
        if (assertion) {
            if (!form.get("client_assertion_type").orElse("").equals(JWT_BEARER_ASSERTION)) {
                throw OAuthError.INVALID_CLIENT.exception("client_assertion_type must be " + JWT_BEARER_ASSERTION);
            }
            return new ClientCredentials.PrivateKeyJwt(clientId, form.require("client_assertion"));
        }
        return new ClientCredentials.PublicClient(
                clientId.orElseThrow(() -> OAuthError.INVALID_CLIENT.exception("client authentication is required")));
    }

    /** {@code Basic base64(urlencode(id) ":" urlencode(secret))}, RFC 6749 §2.3.1. */
    private static ClientCredentials.SecretBasic basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthError.INVALID_CLIENT.exception("unsupported Authorization scheme");
        }
        byte[] credentials;
        try {
            credentials = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            throw OAuthError.INVALID_CLIENT.exception("malformed Basic credentials");
        }
        String decoded = Utf8.strict(credentials)
                .orElseThrow(() -> OAuthError.INVALID_CLIENT.exception("malformed Basic credentials"));
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            throw OAuthError.INVALID_CLIENT.exception("malformed Basic credentials");
        }
        try {
            return new ClientCredentials.SecretBasic(
                    clientId(FormParameters.decode(decoded.substring(0, colon))),
                    FormParameters.decode(decoded.substring(colon + 1)));
        } catch (OAuthException e) {
            throw OAuthError.INVALID_CLIENT.exception("malformed Basic credentials");
        }
    }

    private static ClientId clientId(String value) {
        try {
            return new ClientId(value);
        } catch (OAuthException e) {
            throw OAuthError.INVALID_CLIENT.exception("malformed client_id");
        }
    }
}
