package io.rescind.core.revocation;

import io.rescind.core.client.ClientCredentials;

/** How a caller of the global token and session revocation endpoints proves who it is (DESIGN §1.2). */
public sealed interface CallerCredentials {
    /** Client authentication: {@code client_secret_basic}, {@code client_secret_post} or {@code private_key_jwt}. */
    record OfClient(ClientCredentials credentials) implements CallerCredentials {}

    /** A Bearer token: an access token of this server with the scope, or a JWT the client signed (draft §3.5). */
    record Bearer(String token) implements CallerCredentials {
        @Override
        public String toString() {
            return "Bearer[...]";
        }
    }
}
