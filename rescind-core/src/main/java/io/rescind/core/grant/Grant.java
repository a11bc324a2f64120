package io.rescind.core.grant;

import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a user authorized a client to do: the family of every access and refresh token one code exchange produced.
 * Bound to the login session it came from, unless it is an {@code offline_access} grant (DESIGN §1.3).
 */
public record Grant(
        GrantId id,
        ClientId clientId,
        Subject sub,
        Optional<SessionId> sid,
        Scope scope,
        List<String> audience,
        Instant authTime,
        Epochs epochs) {

    public Grant {
        audience = List.copyOf(audience);
    }
}
