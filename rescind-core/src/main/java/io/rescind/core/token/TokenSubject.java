package io.rescind.core.token;

import io.rescind.core.client.ClientId;
import io.rescind.core.user.Subject;

/**
 * Who a token is about: a user (its immutable {@code sub}) or, for client_credentials, the client itself as
 * {@code client:<client_id>}, which no user's base64url {@code sub} can equal.
 */
public sealed interface TokenSubject {
    String CLIENT_PREFIX = "client:";

    String claim();

    record OfUser(Subject sub) implements TokenSubject {
        public String claim() {
            return sub.value();
        }
    }

    record OfClient(ClientId clientId) implements TokenSubject {
        public String claim() {
            return CLIENT_PREFIX + clientId.value();
        }
    }

    static TokenSubject parse(String claim) {
        return claim.startsWith(CLIENT_PREFIX)
                ? new OfClient(new ClientId(claim.substring(CLIENT_PREFIX.length())))
                : new OfUser(new Subject(claim));
    }
}
