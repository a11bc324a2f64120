package io.rescind.server.revocation;

import io.helidon.webserver.http.ServerRequest;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.revocation.CallerCredentials;
import io.rescind.server.http.BearerToken;
import io.rescind.server.http.ClientCredentialsReader;
import java.util.Optional;

/**
 * Reads how a caller of the global token or session revocation endpoint authenticates (DESIGN §1.2): a Bearer token
 * in the Authorization header, or client authentication (Basic, or credentials among the request's parameters).
 */
final class CallerCredentialsReader {
    private CallerCredentialsReader() {}

    static CallerCredentials read(ServerRequest req, FormParameters parameters) {
        Optional<String> bearer = BearerToken.find(req);
        if (bearer.isPresent()) {
            // One method per request (RFC 6749 §2.3), as for Basic: a secret or an assertion beside the Bearer token
            // would otherwise be ignored, and the request could name a caller other than the one it is taken for.
            if (parameters.has("client_secret")
                    || parameters.has("client_assertion")
                    || parameters.has("client_assertion_type")) {
                throw OAuthError.INVALID_REQUEST.exception("more than one client authentication method was used");
            }
            return new CallerCredentials.Bearer(bearer.get());
        }
        return new CallerCredentials.OfClient(ClientCredentialsReader.read(req, parameters));
    }
}
